// Builds the native runtime (src/native/*.c) into build/native/libabi_stable_rt.so (.dylib on
// macOS). The package's `install` script (`node scripts/build-native.mjs`) does so only when the
// tarball carries no prebuilt runtime that loads on this platform (prebuilds/<platform>/, made by
// `npm pack`); `--build` (what `npx abi-stable build-runtime` runs) always builds. Also imported by
// the C plugin and test builds.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const nativeDir = path.join(repoRoot, 'src', 'native')
export const includeDir = path.join(repoRoot, 'plugins-c', 'include')
export const libSuffix = process.platform === 'darwin' ? '.dylib' : '.so'
export const runtimeLibPath = path.join(repoRoot, 'build', 'native', `libabi_stable_rt${libSuffix}`)

/** `linux-x64-glibc`, `darwin-arm64`, ...: named as src/types/runtime-path.ts names it. */
export function platformTag() {
  const base = `${process.platform}-${process.arch}`
  if (process.platform !== 'linux') return base
  return `${base}-${process.report?.getReport().header?.glibcVersionRuntime ? 'glibc' : 'musl'}`
}
export const prebuiltRuntimePath = path.join(repoRoot, 'prebuilds', platformTag(), `libabi_stable_rt${libSuffix}`)

/** The runtime library's Node-API entry point (see runtimeLibrarySources): in src/native, not in the runtime proper. */
export const NODE_ENTRY_SOURCE = 'call_napi.c'

/** The runtime's C sources (not its tests, not its Node-API entry point), absolute paths. */
export function runtimeSources() {
  return fs
    .readdirSync(nativeDir)
    .filter((f) => f.endsWith('.c') && f !== NODE_ENTRY_SOURCE)
    .sort()
    .map((f) => path.join(nativeDir, f))
}

/**
 * The runtime library's sources: the runtime, and on Linux its Node-API entry point
 * (src/native/call_napi.c, the host's call engine entry; it declares Node's functions weak,
 * which Mach-O would need other flags for: elsewhere the host calls through koffi). The entry is
 * not part of the runtime C plugins compile in (runtimeSources) nor of the C kit.
 */
export function runtimeLibrarySources() {
  const node = process.platform === 'linux' ? [path.join(nativeDir, NODE_ENTRY_SOURCE)] : []
  return [...runtimeSources(), ...node]
}

/** `$CC`, else `cc`, `gcc`, `clang`: the first that runs; undefined when none does. */
export function findCCompiler() {
  for (const cc of [process.env.CC, 'cc', 'gcc', 'clang'].filter(Boolean)) {
    if (spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0) return cc
  }
  return undefined
}

/** One line telling the user what to install. */
export function noCompilerMessage() {
  const how =
    process.platform === 'darwin'
      ? 'install the Xcode command line tools (xcode-select --install)'
      : 'install gcc (Debian: apt-get install build-essential)'
  return `abi-stable: no C compiler found; ${how}, or set CC`
}

/**
 * Compiles `sources` into a shared library at `out` (via a temporary file, so a concurrent
 * reader never loads a half-written library). Throws with the compiler's output on failure.
 */
export function compileSharedLibrary(cc, sources, out, flags = []) {
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const tmp = `${out}.${process.pid}.tmp`
  const args = [...flags, '-I', includeDir, '-I', nativeDir, '-o', tmp, ...sources]
  const r = spawnSync(cc, args, { encoding: 'utf8' })
  const diagnostics = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim()
  if (r.status !== 0) {
    fs.rmSync(tmp, { force: true })
    throw new Error(`${cc} failed to build ${path.relative(repoRoot, out)}:\n${diagnostics || r.error?.message}`)
  }
  fs.renameSync(tmp, out)
  return diagnostics
}

export const RUNTIME_FLAGS = ['-std=c11', '-O2', '-fPIC', '-shared', '-pthread', '-Wall', '-Wextra', '-fvisibility=hidden']

/** Whether the library at `file` can be opened in this process (its libc and architecture fit). */
async function loads(file) {
  try {
    const { default: koffi } = await import('koffi')
    koffi.load(file)
    return true
  } catch (e) {
    console.warn(`abi-stable: the prebuilt runtime ${path.relative(repoRoot, file)} does not load here (${e.message}); building one`)
    return false
  }
}

/**
 * The install script: nothing to do when a prebuilt runtime for this platform loads; else builds
 * one. Without a C compiler the install still succeeds (laying out types needs no runtime) and
 * says what to do; the first use of the runtime then throws RuntimeNotBuiltError saying the same.
 */
async function install() {
  if (fs.existsSync(prebuiltRuntimePath) && (await loads(prebuiltRuntimePath))) {
    console.log(`abi-stable: using the prebuilt native runtime for ${platformTag()}`)
    return 0
  }
  return build({ requireCompiler: false })
}

/** `npm pack`'s step: the runtime for this platform into prebuilds/<platform>/ (removed again after packing). */
function prebuild() {
  const cc = findCCompiler()
  if (!cc) {
    console.error(noCompilerMessage())
    return 1
  }
  compileSharedLibrary(cc, runtimeLibrarySources(), prebuiltRuntimePath, [...RUNTIME_FLAGS, '-s'])
  console.log(`abi-stable: prebuilt ${path.relative(repoRoot, prebuiltRuntimePath)}`)
  return 0
}

function build({ requireCompiler }) {
  if (process.platform === 'win32') {
    console.warn('abi-stable: the native runtime does not support Windows yet; not built')
    return requireCompiler ? 1 : 0
  }
  const cc = findCCompiler()
  if (!cc) {
    console.warn(`${noCompilerMessage()}, then run: npx abi-stable build-runtime (${platformTag()} has no prebuilt runtime)`)
    return requireCompiler ? 1 : 0
  }
  try {
    const warnings = compileSharedLibrary(cc, runtimeLibrarySources(), runtimeLibPath, RUNTIME_FLAGS)
    if (warnings) console.warn(warnings)
    console.log(`abi-stable: built ${path.relative(repoRoot, runtimeLibPath)}`)
    return 0
  } catch (e) {
    console.error(e.message)
    return 1
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv[2]
  process.exitCode = flag === '--build' ? build({ requireCompiler: true }) : flag === '--prebuild' ? prebuild() : await install()
}
