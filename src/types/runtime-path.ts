// Where the native runtime library is. Three places, in this order:
//   1. ABI_STABLE_RUNTIME, when set (a sanitizer build, a bundle);
//   2. build/native/, built from src/native by the package's install script (or
//      `npx abi-stable build-runtime`) with this machine's C compiler;
//   3. prebuilds/<platform>/, built when the package was packed: on the platforms the
//      tarball carries one for, installing needs no compiler and no install script.
// scripts/build-native.mjs names the platform the same way (test/types/runtime-path.test.ts).
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const RUNTIME_FILE = `libabi_stable_rt.${process.platform === 'darwin' ? 'dylib' : process.platform === 'win32' ? 'dll' : 'so'}`

/** `linux-x64-glibc`, `linux-arm64-musl`, `darwin-arm64`, `win32-x64`: what a prebuilt runtime is built for. */
export function platformTag(): string {
  const base = `${process.platform}-${process.arch}`
  if (process.platform !== 'linux') return base
  const header = (process.report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header
  return `${base}-${header?.glibcVersionRuntime ? 'glibc' : 'musl'}`
}

const packageFile = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url))

/** The runtime built on this machine (install script, `abi-stable build-runtime`). */
export const builtRuntimePath = packageFile(`build/native/${RUNTIME_FILE}`)
/** The runtime the package was packed with, for this platform. */
export const prebuiltRuntimePath = packageFile(`prebuilds/${platformTag()}/${RUNTIME_FILE}`)

/** Where the runtime is looked for, in order, with what each place is. */
export function runtimeCandidates(): { path: string; what: string }[] {
  const env = process.env.ABI_STABLE_RUNTIME
  if (env) return [{ path: env, what: 'ABI_STABLE_RUNTIME' }]
  return [
    { path: builtRuntimePath, what: 'built at install' },
    { path: prebuiltRuntimePath, what: `prebuilt for ${platformTag()}` },
  ]
}

/** The first candidate that exists; else where the install script would have built it. */
export function findRuntime(): string {
  const candidates = runtimeCandidates()
  return candidates.find((c) => existsSync(c.path))?.path ?? candidates[0].path
}
