// Builds the C metronome connector (this folder's source plus the native runtime's, hidden):
// `buildMetronomeC(outDir, { asan })`, or `node plugins-c/metronome/build.mjs <outDir> [--asan]`.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCPluginWithRuntime } from '../async-plugin/build.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

export const buildMetronomeC = (outDir, options) => buildCPluginWithRuntime(here, 'metronome_c', outDir, options)

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2)
  const outDir = args.find((a) => !a.startsWith('--'))
  if (!outDir) {
    console.error('usage: node plugins-c/metronome/build.mjs <outDir> [--asan]')
    process.exit(2)
  }
  console.log(JSON.stringify(buildMetronomeC(path.resolve(outDir), { asan: args.includes('--asan') }), null, 2))
}
