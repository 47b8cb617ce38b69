// Module hooks (node:module register) that let the CLI import a user's TypeScript interface file
// on a Node without type stripping, when the user's project has `typescript` but not tsx: each
// .ts/.mts file is transpiled alone (types erased, nothing checked), as tsc would emit it.
// Registered by interface-file.ts with the path of the user's typescript package as `data`.
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

interface TypeScript {
  transpileModule(input: string, options: { compilerOptions: Record<string, unknown>; fileName: string }): { outputText: string }
  ModuleKind: { ESNext: number }
  ScriptTarget: { ES2022: number }
}

let ts: TypeScript

export function initialize(data: { typescript: string }): void {
  ts = createRequire(import.meta.url)(data.typescript) as TypeScript
}

interface LoadContext {
  format?: string | null
}
type NextLoad = (url: string, context: LoadContext) => Promise<{ format?: string | null; source?: unknown; shortCircuit?: boolean }>

export async function load(url: string, context: LoadContext, nextLoad: NextLoad) {
  if (!/\.m?ts(?:[?#]|$)/.test(url) || !url.startsWith('file:')) return nextLoad(url, context)
  const file = fileURLToPath(url.replace(/[?#].*$/, ''))
  const source = await readFile(file, 'utf8')
  const { outputText } = ts.transpileModule(source, {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false, rewriteRelativeImportExtensions: false },
  })
  return { format: 'module', source: outputText, shortCircuit: true }
}
