// Where test fixtures live and where their compiled libraries go, shared by the
// global setup (which builds them) and the tests (which load them).
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

/** Compiled fixtures go here (gitignored: `build/`). */
export const buildDir = path.join(repoRoot, 'build', 'test')

/** The platform's shared-library suffix. */
export const libSuffix = process.platform === 'win32' ? '.dll' : process.platform === 'darwin' ? '.dylib' : '.so'

/** The C fixtures the global setup builds: library name -> source, relative to the repository root. */
export const cFixtures: Readonly<Record<string, string>> = {
  roundtrip: 'test/roundtrip/roundtrip.c',
}

/** Path of the compiled library of fixture `name` (built by test/setup/global.ts). */
export function libPath(name: string): string {
  return path.join(buildDir, `lib${name}${libSuffix}`)
}
