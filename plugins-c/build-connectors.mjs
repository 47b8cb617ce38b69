// Builds the C example connector and its loading-error variants into shared libraries:
// `buildCConnectors(outDir)` from the test setup or the demo, or
// `node plugins-c/build-connectors.mjs <outDir>`. Each library is built with the C plugin kit
// (plugins-c/include: the headers, and abi_stable_runtime.c compiled in, hidden), as
// docs/guides/c-plugin.md builds one, so its strings and maps carry its own vtables.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { findCCompiler, libSuffix, noCompilerMessage } from '../scripts/build-native.mjs'
import { generateInterface } from '../scripts/generate-interface.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const connector = path.join(here, 'example-connector', 'connector.c')
const kit = path.join(here, 'include')
const kitFiles = ['abi_stable.h', 'abi_stable_runtime.h', 'abi_stable_runtime.c'].map((f) => path.join(kit, f))
const kitRuntime = path.join(kit, 'abi_stable_runtime.c')
// Generated from the host's declaration before every build (committed, so the source reads whole).
const interfaceTs = path.join(here, '..', 'examples', 'connector', 'interface.ts')
const interfaceHeader = path.join(here, 'example-connector', 'connector_interface.h')

const FLAGS = ['-std=c11', '-O1', '-g', '-fPIC', '-shared', '-pthread', '-Wall', '-Wextra', '-fvisibility=hidden']
const str = (name, value) => `-D${name}="${value}"`

/** Library name -> [source, extra flags]: what each fixture is. */
export const cConnectors = {
  // The good plugin.
  example_connector_c: [connector, []],
  // No root-module symbol.
  c_not_a_plugin: [path.join(here, 'loading-errors', 'not_a_plugin.c'), []],
  // AbiHeader: a magic string one letter off; abi_stable 0.12; abi_stable 1.11.
  c_wrong_magic: [connector, [str('CONNECTOR_NAME', 'c_wrong_magic'), "-DCONNECTOR_ABI_HEADER={{'a','b','i',' ','s','t','a','b','l','e',' ','l','i','b','r','a','r','y',' ','f','o','r',' ','R','u','s','k',' ',' ',' ',' ',' '},0,11}"]],
  c_wrong_abi_minor: [connector, [str('CONNECTOR_NAME', 'c_wrong_abi_minor'), '-DCONNECTOR_ABI_HEADER={ABS_ABI_MAGIC_BYTES,0,12}']],
  c_wrong_abi_major: [connector, [str('CONNECTOR_NAME', 'c_wrong_abi_major'), '-DCONNECTOR_ABI_HEADER={ABS_ABI_MAGIC_BYTES,1,11}']],
  // Interface versions against an expected 0.1.0: rejected, accepted (patch), rejected (major).
  c_version_0_2_0: [connector, [str('CONNECTOR_NAME', 'c_version_0_2_0'), str('CONNECTOR_VERSION', '0.2.0')]],
  c_version_0_1_5: [connector, [str('CONNECTOR_NAME', 'c_version_0_1_5'), str('CONNECTOR_VERSION', '0.1.5')]],
  c_version_1_0_0: [connector, [str('CONNECTOR_NAME', 'c_version_1_0_0'), str('CONNECTOR_VERSION', '1.0.0')]],
  // The constructor returns an error (read through `display`, dropped through its box vtable).
  c_constructor_error: [connector, [str('CONNECTOR_NAME', 'c_constructor_error'), '-DCONNECTOR_CONSTRUCTOR_ERROR']],
  // An older module without word_count: loads; calling word_count names the field.
  c_older: [connector, [str('CONNECTOR_NAME', 'c_older'), '-DCONNECTOR_OLDER']],
  // The embedded layout drifted (echo takes RStr), with a correct fingerprint of the drifted string.
  c_layout_drift: [
    connector,
    [
      str('CONNECTOR_NAME', 'c_layout_drift'),
      '-DCONNECTOR_LAYOUT=PREFIX_LAYOUT_DRIFTED',
      '-DPREFIX_LAYOUT_DRIFTED=PREFIX_LAYOUT_ECHO_RSTR ",word_count:fn(RStr)->RHashMap<RString,u32>}"',
      '-DPREFIX_LAYOUT_ECHO_RSTR="prefix ConnectorMod prefix_len=2{connector_type:fn()->RString," FROM_CONFIG_LAYOUT ",echo:fn(RStr)->RString,sum:fn(RSlice<i64>)->i64"',
      '-DCONNECTOR_FINGERPRINT=0x20d503cb54b7baaaull',
    ],
  ],
  // The right layout string with a stale fingerprint.
  c_bad_fingerprint: [connector, [str('CONNECTOR_NAME', 'c_bad_fingerprint'), '-DCONNECTOR_LAYOUT=ConnectorMod_LAYOUT', '-DCONNECTOR_FINGERPRINT=0x1234ull']],
  // No layout descriptor: only the AbiHeader and the version can be checked.
  c_no_layout: [connector, [str('CONNECTOR_NAME', 'c_no_layout'), '-DCONNECTOR_NO_LAYOUT']],
}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs
  } catch {
    return -1
  }
}

/** Runs `cc args`, resolving to its diagnostics; rejects with them when it fails. */
function run(cc, args, what) {
  return new Promise((resolve, reject) => {
    const child = spawn(cc, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${cc} failed to build ${what}:\n${out.trim()}`))))
  })
}

/** Runs the jobs with at most `limit` at a time. */
async function pool(jobs, limit) {
  const results = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++
      results[i] = await jobs[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  return results
}

/**
 * Compiles every C connector to `<outDir>/lib<name>.so` (.dylib on macOS), skipping libraries
 * newer than their inputs; the runtime is compiled once into objects and linked into each.
 * Returns { name: path }. Throws when no compiler runs.
 */
export async function buildCConnectors(outDir) {
  const cc = findCCompiler()
  if (!cc) throw new Error(noCompilerMessage())
  generateInterface('header', interfaceTs, interfaceHeader)
  const inputsTime = Math.max(...[...kitFiles, interfaceHeader, path.join(here, 'build-connectors.mjs')].map(mtime))
  const built = {}
  const stale = []
  for (const [name, [source, flags]] of Object.entries(cConnectors)) {
    const out = path.join(outDir, `lib${name}${libSuffix}`)
    built[name] = out
    if (mtime(out) < Math.max(inputsTime, mtime(source))) stale.push({ name, source, flags, out })
  }
  if (stale.length === 0) return built
  const limit = Math.max(1, os.cpus().length)
  fs.mkdirSync(outDir, { recursive: true })
  const include = ['-I', kit, '-I', path.dirname(interfaceHeader)]
  // The kit's runtime, compiled once and linked into every connector (the guide compiles it in the same command).
  const runtimeObject = path.join(outDir, `abi_stable_runtime.${process.pid}.o`)
  let warnings
  try {
    await run(cc, [...FLAGS.filter((f) => f !== '-shared'), '-I', kit, '-c', '-o', runtimeObject, kitRuntime], 'abi_stable_runtime.c')
    warnings = await pool(
      stale.map(({ name, source, flags, out }) => async () => {
        // Via a temporary name, so a concurrent reader never loads a half-written library.
        const tmp = `${out}.${process.pid}.tmp`
        const inputs = source === connector ? [source, runtimeObject] : [source]
        const w = await run(cc, [...FLAGS, ...flags, ...include, '-o', tmp, ...inputs], name)
        fs.renameSync(tmp, out)
        return w ? `${name}:\n${w}` : ''
      }),
      limit,
    )
  } finally {
    fs.rmSync(runtimeObject, { force: true })
  }
  const shown = warnings.filter(Boolean).join('\n')
  if (shown) console.warn(`${cc} warnings for the C connectors:\n${shown}`)
  return built
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv[2]
  if (!outDir) {
    console.error('usage: node plugins-c/build-connectors.mjs <outDir>')
    process.exit(2)
  }
  buildCConnectors(path.resolve(outDir)).then(
    (built) => console.log(JSON.stringify(built, null, 2)),
    (e) => {
      console.error(e.message)
      process.exit(1)
    },
  )
}
