// Builds the C async test plugin (this folder's sources plus the native runtime's, hidden, so its
// strings and vtables are its own): `buildAsyncPluginC(outDir, { asan })` from a test setup, or
// `node plugins-c/async-plugin/build.mjs <outDir> [--asan]`.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compileSharedLibrary, findCCompiler, libSuffix, noCompilerMessage, runtimeSources } from '../../scripts/build-native.mjs'
import { PLUGIN_FLAGS } from '../build.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const ASAN_FLAGS = ['-fsanitize=address', '-fno-omit-frame-pointer']

/** Builds `lib<name>` from the .c files of `dir` plus the runtime; returns { plain, asan? }. */
export function buildCPluginWithRuntime(dir, name, outDir, { asan = false } = {}) {
  const cc = findCCompiler()
  if (!cc) throw new Error(noCompilerMessage())
  const sources = [...fs.readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map((f) => path.join(dir, f)), ...runtimeSources()]
  const built = {}
  for (const [key, out, flags] of [['plain', outDir, PLUGIN_FLAGS], ...(asan ? [['asan', path.join(outDir, 'asan'), [...PLUGIN_FLAGS, ...ASAN_FLAGS]]] : [])]) {
    const file = path.join(out, `lib${name}${libSuffix}`)
    const warnings = compileSharedLibrary(cc, sources, file, flags)
    if (warnings) console.warn(`${cc} warnings for ${name}:\n${warnings}`)
    built[key] = file
  }
  return built
}

export const buildAsyncPluginC = (outDir, options) => buildCPluginWithRuntime(here, 'async_plugin_c', outDir, options)

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--'))
  if (!outDir) {
    console.error('usage: node plugins-c/async-plugin/build.mjs <outDir> [--asan]')
    process.exit(2)
  }
  try {
    console.log(JSON.stringify(buildAsyncPluginC(path.resolve(outDir), { asan: args.includes('--asan') }), null, 2))
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
}
