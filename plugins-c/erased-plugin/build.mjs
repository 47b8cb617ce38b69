// Builds the C erased-types test plugin (this folder's sources plus the native runtime's, hidden, so the
// plugin's vtables and identity are its own), like plugins-c/build.mjs builds the std one:
// `buildErasedPluginC(outDir, { asan })` from a test setup, or `node plugins-c/erased-plugin/build.mjs <outDir> [--asan]`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileSharedLibrary, findCCompiler, libSuffix, noCompilerMessage, runtimeSources } from '../../scripts/build-native.mjs'
import { PLUGIN_FLAGS } from '../build.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const ASAN_FLAGS = ['-fsanitize=address', '-fno-omit-frame-pointer']

/** Returns { plain: path } and, with `asan`, { asan: path } of liberased_plugin_c. */
export function buildErasedPluginC(outDir, { asan = false } = {}) {
  const cc = findCCompiler()
  if (!cc) throw new Error(noCompilerMessage())
  const sources = [...fs.readdirSync(here).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(here, f)), ...runtimeSources()]
  const built = {}
  for (const [key, dir, flags] of [['plain', outDir, PLUGIN_FLAGS], ...(asan ? [['asan', path.join(outDir, 'asan'), [...PLUGIN_FLAGS, ...ASAN_FLAGS]]] : [])]) {
    const out = path.join(dir, `liberased_plugin_c${libSuffix}`)
    const warnings = compileSharedLibrary(cc, sources, out, flags)
    if (warnings) console.warn(`${cc} warnings for erased_plugin_c:\n${warnings}`)
    built[key] = out
  }
  return built
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--'))
  if (!outDir) {
    console.error('usage: node plugins-c/erased-plugin/build.mjs <outDir> [--asan]')
    process.exit(2)
  }
  try {
    console.log(JSON.stringify(buildErasedPluginC(path.resolve(outDir), { asan: args.includes('--asan') }), null, 2))
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
}
