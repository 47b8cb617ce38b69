// Compiles a C fixture into a shared library with the system C compiler, once:
// a library newer than its sources is reused. A missing compiler is an error
// (never a skipped test), reported in one line.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { buildDir, libPath, repoRoot } from './paths.ts'

export const C_FLAGS = ['-shared', '-fPIC', '-O1', '-Wall', '-Wextra'] as const

let compiler: string | undefined

/** The C compiler to use: `$CC`, else `cc`, else `gcc`; throws a one-line error when none runs. */
export function findCCompiler(): string {
  if (compiler) return compiler
  const candidates = [process.env.CC, 'cc', 'gcc'].filter((c): c is string => !!c)
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { stdio: 'ignore' })
    if (r.status === 0) return (compiler = c)
  }
  throw new Error(`no C compiler found (tried ${candidates.join(', ')}): install gcc (apt-get install gcc) or set CC`)
}

function mtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return -1
  }
}

export interface BuildOptions {
  /** Extra files the library depends on (headers): a newer one triggers a rebuild. */
  deps?: readonly string[]
  /** Extra compiler arguments (after the standard flags). */
  flags?: readonly string[]
}

/**
 * Builds `source` (relative to the repository root, or absolute) into
 * `build/test/lib<outName>.so` and returns the library's path.
 */
export function buildCLibrary(source: string, outName: string, options: BuildOptions = {}): string {
  const src = path.resolve(repoRoot, source)
  const out = libPath(outName)
  const inputs = [src, ...(options.deps ?? []).map((d) => path.resolve(repoRoot, d))]
  const built = mtime(out)
  if (built >= 0 && inputs.every((f) => mtime(f) >= 0 && mtime(f) < built)) return out
  const cc = findCCompiler()
  fs.mkdirSync(buildDir, { recursive: true })
  // Build to a temporary name and rename, so a parallel run never loads a half-written library.
  const tmp = `${out}.${process.pid}.tmp`
  const r = spawnSync(cc, [...C_FLAGS, ...(options.flags ?? []), '-o', tmp, src], { encoding: 'utf8' })
  const diagnostics = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim()
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true })
    throw new Error(`${cc} failed to build ${source}${r.error ? `: ${r.error.message}` : ''}${diagnostics ? `:\n${diagnostics}` : ''}`)
  }
  // Warnings do not fail the build, but they are shown: a fixture should compile cleanly.
  if (diagnostics) console.warn(`${cc} warnings for ${source}:\n${diagnostics}`)
  fs.renameSync(tmp, out)
  return out
}
