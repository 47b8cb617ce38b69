// Builds and runs the native runtime's C tests (src/native/test/*.c linked with the runtime
// sources). `--valgrind` runs them under valgrind's leak checker; `--asan` builds with
// AddressSanitizer and UBSan; `--rust` also runs src/native/test/rust/abi_check.rs (rustc-made
// calls into host maps) against the built runtime library. `npm run test:native` runs the plain build.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { RUNTIME_FLAGS, compileSharedLibrary, findCCompiler, includeDir, nativeDir, noCompilerMessage, repoRoot, runtimeLibPath, runtimeLibrarySources, runtimeSources } from './build-native.mjs'

const args = new Set(process.argv.slice(2))
const asan = args.has('--asan')
const valgrind = args.has('--valgrind')
const rust = args.has('--rust')

const cc = findCCompiler()
if (!cc) {
  console.error(noCompilerMessage())
  process.exit(1)
}

const testDir = path.join(nativeDir, 'test')
const tests = fs.readdirSync(testDir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(testDir, f))
const outDir = path.join(repoRoot, 'build', 'native', 'test')
const exe = path.join(outDir, asan ? 'runtime_test_asan' : 'runtime_test')
fs.mkdirSync(outDir, { recursive: true })

const flags = ['-std=c11', '-g', '-O1', '-pthread', '-Wall', '-Wextra', '-Werror', '-fvisibility=hidden']
if (asan) flags.push('-fsanitize=address,undefined', '-fno-omit-frame-pointer', '-fno-sanitize-recover=undefined')
const build = spawnSync(cc, [...flags, '-I', includeDir, '-I', nativeDir, '-o', exe, ...runtimeSources(), ...tests], {
  encoding: 'utf8',
})
if (build.status !== 0) {
  console.error(`${cc} failed to build the runtime tests:\n${build.stdout}${build.stderr}`)
  process.exit(1)
}

const command = valgrind
  ? ['valgrind', ['--leak-check=full', '--show-leak-kinds=definite,indirect,possible', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=1', exe]]
  : [exe, []]
const run = spawnSync(command[0], command[1], { stdio: 'inherit' })
if (run.error) {
  console.error(`could not run ${command[0]}: ${run.error.message}`)
  process.exit(1)
}
if (run.status !== 0 || !rust) process.exit(run.status ?? 1)

// The same by-value calls as compiled by rustc, against the shared library the host loads.
compileSharedLibrary(cc, runtimeLibrarySources(), runtimeLibPath, RUNTIME_FLAGS)
const libDir = path.dirname(runtimeLibPath)
const rustExe = path.join(outDir, 'abi_check')
const rustc = spawnSync('rustc', ['-O', '--edition', '2021', path.join(testDir, 'rust', 'abi_check.rs'), '-L', libDir,
  '-l', 'abi_stable_rt', '-C', `link-arg=-Wl,-rpath,${libDir}`, '-o', rustExe], { encoding: 'utf8' })
if (rustc.status !== 0) {
  console.error(`rustc failed to build abi_check.rs:\n${rustc.error?.message ?? ''}${rustc.stdout ?? ''}${rustc.stderr ?? ''}`)
  process.exit(1)
}
const check = valgrind ? ['valgrind', ['--leak-check=full', '--error-exitcode=1', rustExe]] : [rustExe, []]
process.exit(spawnSync(check[0], check[1], { stdio: 'inherit' }).status ?? 1)
