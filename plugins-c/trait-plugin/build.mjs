// Builds the C trait test plugin (this folder's sources plus the native runtime's, hidden, so its vtables
// and identity are its own): `buildTraitPluginC(outDir, { asan })` from a test setup, or
// `node plugins-c/trait-plugin/build.mjs <outDir> [--asan]`.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCPluginWithRuntime, runAsScript } from '../build.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

/** Returns { plain: path } and, with `asan`, { asan: path } of libtrait_plugin_c. */
export const buildTraitPluginC = (outDir, options) => buildCPluginWithRuntime(here, 'trait_plugin_c', outDir, options)

runAsScript(import.meta.url, buildTraitPluginC)
