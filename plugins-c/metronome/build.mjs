// Builds the C metronome connector (this folder's sources plus the native runtime's, hidden, so its vtables
// and identity are its own): `buildMetronomeC(outDir, { asan })` from a test setup, or
// `node plugins-c/metronome/build.mjs <outDir> [--asan]`.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCPluginWithRuntime, runAsScript } from '../build.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Returns { plain: path } and, with `asan`, { asan: path } of libmetronome_c. */
export const buildMetronomeC = (outDir, options) => buildCPluginWithRuntime(here, 'metronome_c', outDir, options)

runAsScript(import.meta.url, buildMetronomeC)
