// Builds the host runtime, the C test plugin and driver.c, then runs the driver:
// `node plugins-c/std-test-plugin/test/run.mjs [--valgrind]`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCPlugins } from '../../build.mjs'
import { RUNTIME_FLAGS, compileSharedLibrary, findCCompiler, includeDir, nativeDir, noCompilerMessage, repoRoot, runtimeLibPath, runtimeLibrarySources, runtimeSources } from '../../../scripts/build-native.mjs'

const valgrind = process.argv.includes('--valgrind')
const cc = findCCompiler()
if (!cc) {
  console.error(noCompilerMessage())
  process.exit(1)
}
const outDir = path.join(repoRoot, 'build', 'c-plugins')
compileSharedLibrary(cc, runtimeLibrarySources(), runtimeLibPath, [...RUNTIME_FLAGS, '-g'])
const { std_test_plugin_c: plugin } = await buildCPlugins(outDir)
const driver = path.join(outDir, 'test', 'driver')
fs.mkdirSync(path.dirname(driver), { recursive: true })
const here = path.dirname(fileURLToPath(import.meta.url))
const libDir = path.dirname(runtimeLibPath)
const build = spawnSync(cc, ['-std=c11', '-g', '-O1', '-Wall', '-Wextra', '-Werror', '-pthread', '-I', includeDir, '-I', nativeDir,
  '-o', driver, path.join(here, 'driver.c'), '-L', libDir, '-labi_stable_rt', `-Wl,-rpath,${libDir}`, '-ldl'], { encoding: 'utf8' })
if (build.status !== 0) {
  console.error(`${build.stdout}${build.stderr}`)
  process.exit(1)
}
const [cmd, args] = valgrind
  ? ['valgrind', ['--leak-check=full', '--show-leak-kinds=definite,indirect,possible', '--errors-for-leak-kinds=definite,indirect,possible', '--error-exitcode=1', driver, plugin]]
  : [driver, [plugin]]
const run = spawnSync(cmd, args, { stdio: 'inherit' })
process.exit(run.status ?? 1)
