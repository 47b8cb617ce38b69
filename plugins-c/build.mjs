// Builds the C plugins into shared libraries: `buildCPlugins(outDir)` from a test setup, or
// `node plugins-c/build.mjs <outDir> [--asan]`. Each plugin compiles the native runtime's sources
// in (hidden, so its vtables and identity are its own) and exports only its tp_* functions.
import path from 'node:path'
import fs from 'node:fs'
import { fileURLToPath } from 'node:url'
import { compileSharedLibrary, findCCompiler, libSuffix, noCompilerMessage, runtimeSources } from '../scripts/build-native.mjs'

const pluginsDir = path.dirname(fileURLToPath(import.meta.url))

/** name -> directory of its C sources (every *.c directly inside it). */
const plugins = { std_test_plugin_c: path.join(pluginsDir, 'std-test-plugin') }

export const PLUGIN_FLAGS = ['-std=c11', '-O1', '-g', '-fPIC', '-shared', '-pthread', '-Wall', '-Wextra', '-fvisibility=hidden', '-DABS_RT_API=']
const ASAN_FLAGS = ['-fsanitize=address', '-fno-omit-frame-pointer']

function sourcesOf(dir) {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f))
}

/**
 * Compiles every C plugin to `<outDir>/lib<name>.so` (.dylib on macOS); with `asan` (or
 * ABS_C_PLUGINS_ASAN=1) also to `<outDir>/asan/lib<name>.so` with -fsanitize=address.
 * Returns { name: path } (and { asan: { name: path } }). Throws when no compiler runs.
 */
export async function buildCPlugins(outDir, { asan = process.env.ABS_C_PLUGINS_ASAN === '1' } = {}) {
  const cc = findCCompiler()
  if (!cc) throw new Error(noCompilerMessage())
  const built = {}
  const variants = [[outDir, PLUGIN_FLAGS, built]]
  if (asan) variants.push([path.join(outDir, 'asan'), [...PLUGIN_FLAGS, ...ASAN_FLAGS], (built.asan = {})])
  for (const [dir, flags, into] of variants) {
    for (const [name, srcDir] of Object.entries(plugins)) {
      const out = path.join(dir, `lib${name}${libSuffix}`)
      const warnings = compileSharedLibrary(cc, [...sourcesOf(srcDir), ...runtimeSources()], out, flags)
      if (warnings) console.warn(`${cc} warnings for ${name}:\n${warnings}`)
      into[name] = out
    }
  }
  return built
}

/** Builds `lib<name>` from the .c files of `dir` plus the runtime's; returns { plain, asan? }. */
export function buildCPluginWithRuntime(dir, name, outDir, { asan = false } = {}) {
  const cc = findCCompiler()
  if (!cc) throw new Error(noCompilerMessage())
  const sources = [...sourcesOf(dir), ...runtimeSources()]
  const built = {}
  for (const [key, out, flags] of [['plain', outDir, PLUGIN_FLAGS], ...(asan ? [['asan', path.join(outDir, 'asan'), [...PLUGIN_FLAGS, ...ASAN_FLAGS]]] : [])]) {
    const file = path.join(out, `lib${name}${libSuffix}`)
    const warnings = compileSharedLibrary(cc, sources, file, flags)
    if (warnings) console.warn(`${cc} warnings for ${name}:\n${warnings}`)
    built[key] = file
  }
  return built
}

/**
 * The command line of a plugin folder's build.mjs (`node <script> <outDir> [--asan]`): runs
 * `build(outDir, { asan })` when `moduleUrl` is the script node was started with.
 */
export function runAsScript(moduleUrl, build) {
  if (!process.argv[1] || path.resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--'))
  if (!outDir) {
    console.error(`usage: node ${path.relative(process.cwd(), fileURLToPath(moduleUrl))} <outDir> [--asan]`)
    process.exit(2)
  }
  try {
    console.log(JSON.stringify(build(path.resolve(outDir), { asan: args.includes('--asan') }), null, 2))
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--'))
  if (!outDir) {
    console.error('usage: node plugins-c/build.mjs <outDir> [--asan]')
    process.exit(2)
  }
  buildCPlugins(path.resolve(outDir), { asan: args.includes('--asan') || undefined }).then(
    (built) => console.log(JSON.stringify(built, null, 2)),
    (e) => {
      console.error(e.message)
      process.exit(1)
    },
  )
}
