// The package's runtime code needs no devDependency: every module reachable from the library's
// entry (src/index.ts) and the CLI's (src/cli/main.ts) is walked through its imports (static,
// `export ... from`, dynamic `import('x')` and `require('x')` with a literal name; type-only ones
// are erased and do not count), and none names a devDependency. An install without
// devDependencies (`npm install --omit=dev`, a user's) would otherwise crash on the first use.
import fs from 'node:fs'
import { isBuiltin } from 'node:module'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'

const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> }
/** The devDependencies, and the dev tools named even if package.json lists them elsewhere. */
const forbidden = new Set([...Object.keys(pkg.devDependencies ?? {}), 'fast-check', 'vitest', 'tsx', 'esbuild', 'typescript'])

/** What a module loads at run time: the specifiers of its value imports. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
  const found: string[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) found.push(node.moduleSpecifier.text)
    else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) found.push(node.arguments[0].text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return found
}

/** The package a bare specifier names: `fast-check`, `@scope/name` (subpaths dropped). */
const packageOf = (specifier: string): string => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/** Every module reachable from `entries` and, per package imported, which modules import it. */
function walk(entries: readonly string[]): { files: Set<string>; packages: Map<string, string[]> } {
  const files = new Set<string>()
  const packages = new Map<string, string[]>()
  const queue = entries.map((e) => path.join(repoRoot, e))
  while (queue.length > 0) {
    const file = queue.pop()!
    if (files.has(file)) continue
    files.add(file)
    for (const specifier of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier)
        if (!fs.existsSync(target)) throw new Error(`${path.relative(repoRoot, file)} imports ${specifier}, which does not exist`)
        if (/\.[cm]?[jt]s$/.test(target)) queue.push(target)
      } else if (!isBuiltin(specifier)) {
        const name = packageOf(specifier)
        packages.set(name, [...(packages.get(name) ?? []), path.relative(repoRoot, file)])
      }
    }
  }
  return { files, packages }
}

const devImports = (packages: Map<string, string[]>): string[] =>
  [...packages].filter(([name]) => forbidden.has(name)).map(([name, by]) => `${name} (imported by ${by.join(', ')})`)

describe('no devDependency is reachable from runtime code', () => {
  it.each(['src/index.ts', 'src/cli/main.ts'])('from %s', (entry) => {
    const { files, packages } = walk([entry])
    expect(devImports(packages)).toEqual([])
    // What it may use: koffi, and nothing else outside Node.
    expect([...packages.keys()].filter((name) => name !== 'koffi')).toEqual([])
    expect(files.size).toBeGreaterThan(20)
  })

  it('the CLI reaches the conformance suite, but not its random cases or its peers', () => {
    const { files } = walk(['src/cli/main.ts'])
    const reached = (rel: string) => files.has(path.join(repoRoot, rel))
    expect(reached('src/conformance/run.ts')).toBe(true)
    expect(reached('src/conformance/arbitrary.ts')).toBe(false)
    expect(reached('src/conformance/peers.ts')).toBe(false)
  })

  it('the walk does find devDependencies where they are used: the repository suite runner', () => {
    // src/conformance/cli.ts (`npm run conformance`) is meant to use them; the check would see them.
    expect(devImports(walk(['src/conformance/cli.ts']).packages).sort()).toEqual([
      '@2060.io/ref-napi (imported by src/conformance/peers.ts)',
      'fast-check (imported by src/conformance/arbitrary.ts)',
      'ref-struct-di (imported by src/conformance/peers.ts)',
    ])
  })
})
