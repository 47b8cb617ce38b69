// npm run test:memory: the std-types scenario (test/memory/scenario.ts) against every
// std test plugin, the trait-object scenario (test/memory/trait-scenario.ts) against every
// trait test plugin, and the hardening scenario (test/memory/hardening-scenario.ts: the example
// connectors through the loader, hostile libraries, broken values, handle misuse) against every
// std test plugin, and the async scenario (test/memory/async-scenario.ts: futures, wakers, channels)
// against every async test plugin, the callback scenario (test/memory/callback-scenario.ts: by-value
// arguments of JS implementations, JS functions as function pointers) and the async-method scenario
// (test/memory/async-method-scenario.ts: a JS async trait method returning a future, awaited by plugin
// threads) against every trait test plugin, under valgrind (leaks and memory errors in our runtime and plugins), and
// against the C plugins built with AddressSanitizer (memory errors).
// Prints one summary line per run and exits non-zero if any run found something. Without valgrind
// only the ASan runs happen, and without gcc -m32 the hardening scenario leaves out the 32-bit
// library: each skip is printed (a `skipped: ...` line, again in the summary), never a failure.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { build } from 'esbuild'
import { runtimePath } from '../../src/types/runtime.ts'
import { repoRoot as root } from '../setup/paths.ts'
import { buildStdTestPlugins } from '../setup/plugins.ts'
import { buildTraitPlugins } from '../setup/trait-plugins.ts'
import { buildAsyncPlugins } from '../setup/async-plugins.ts'
import { buildErasedPlugins } from '../setup/erased-plugins.ts'
import { buildConnectorPlugins } from '../setup/connectors.ts'
import { buildCLibrary } from '../setup/build-c.ts'
import { hostile32BitLibrary, hostileCases, hostileLibrary, truncatedLibrary, type HostileCase } from '../hardening/hostile.ts'
import { missingReason } from '../setup/tools.ts'

const out = path.join(root, 'build', 'memory')
mkdirSync(out, { recursive: true })

function need(tool: string, hint: string): void {
  const r = spawnSync(tool, ['--version'], { encoding: 'utf8' })
  if (r.error || r.status !== 0) {
    console.error(`test:memory: ${tool} is not installed (${hint})`)
    process.exit(1)
  }
}
need('gcc', 'Debian: apt-get install gcc')

/** What was left out and why, printed now and again in the summary. */
const skips: string[] = []
function skip(line: string): void {
  skips.push(line)
  console.log(line)
}
const noValgrind = missingReason('valgrind')
if (noValgrind) skip(`test:memory: skipped: ${noValgrind}; the valgrind runs (leaks and memory errors) are left out, the ASan runs go on`)
const noM32 = missingReason('gcc -m32')
if (noM32) skip(`test:memory: skipped: ${noM32}; the hardening scenario leaves out the 32-bit x86 library`)

// Plain JS under valgrind: tsx's esbuild service is a Go binary valgrind should not trace.
async function bundle(name: string): Promise<string> {
  const outfile = path.join(out, `${name}.mjs`)
  await build({
    entryPoints: [path.join(root, `test/memory/${name}.ts`)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: ['koffi'],
    outfile,
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  })
  return outfile
}
const connectors = await buildConnectorPlugins()
const hardeningFixtures = {
  hostile: Object.fromEntries(Object.keys(hostileCases).map((name) => [name, hostileLibrary(name as HostileCase)])),
  m32: noM32 ? null : hostile32BitLibrary(),
  truncated: [truncatedLibrary(1000), truncatedLibrary(8192)],
  badValues: buildCLibrary('test/hardening/fixtures/bad_values.c', 'bad_values', { flags: ['-std=c11', '-Iplugins-c/include'], deps: ['plugins-c/include/abi_stable.h'] }),
  connectors: { C: connectors.c.example_connector_c, Rust: connectors.rust.example_connector },
}
const env = {
  ...process.env,
  ABI_STABLE_RUNTIME: runtimePath,
  NODE_PATH: path.join(root, 'node_modules'),
  HARDENING_FIXTURES: JSON.stringify(hardeningFixtures),
}
// [run name, plugin library, scenario script]
const runs: [string, string, string][] = []
const stdScenario = await bundle('scenario')
for (const [name, lib] of Object.entries(await buildStdTestPlugins({ asan: true }))) runs.push([name, lib, stdScenario])
const traitScenario = await bundle('trait-scenario')
const traitPluginLibs = Object.entries(await buildTraitPlugins({ asan: true }))
for (const [name, lib] of traitPluginLibs) runs.push([`trait ${name}`, lib, traitScenario])
// By-value arguments of any size in JS implementations, and JS functions as function pointers.
const callbackScenario = await bundle('callback-scenario')
for (const [name, lib] of traitPluginLibs) runs.push([`callback ${name}`, lib, callbackScenario])
const asyncMethodScenario = await bundle('async-method-scenario')
for (const [name, lib] of traitPluginLibs) runs.push([`async methods ${name}`, lib, asyncMethodScenario])
const pointerScenario = await bundle('pointer-scenario')
for (const [name, lib] of traitPluginLibs) runs.push([`pointers and channels ${name}`, lib, pointerScenario])
// The async scenario (test/memory/async-scenario.ts) against every async test plugin.
const asyncScenario = await bundle('async-scenario')
for (const [name, lib] of Object.entries((await buildAsyncPlugins({ asan: true })).asyncPlugins)) runs.push([`async ${name}`, lib, asyncScenario])
// The erased-types scenario (test/memory/erased-scenario.ts) against every erased test plugin.
const erasedScenario = await bundle('erased-scenario')
for (const [name, lib] of Object.entries(await buildErasedPlugins({ asan: true }))) runs.push([`erased ${name}`, lib, erasedScenario])
const hardeningScenario = await bundle('hardening-scenario')
for (const [name, lib] of Object.entries(await buildStdTestPlugins({ asan: true }))) runs.push([`hardening ${name}`, lib, hardeningScenario])

const results: string[] = []
const ourLibs = /libabi_stable_rt|libstd_test_plugin|libtrait_plugin|libasync_plugin|liberased_plugin|libexample_connector|libhostile_|libbad_values/
const allocator = /\b(malloc|calloc|realloc|posix_memalign|aligned_alloc|memalign|operator new(\[\])?)\b/

/**
 * Whether a valgrind record is about our code: its first frame below the allocator (for a
 * leak) or its first frame (for an invalid access) is in our runtime or a test plugin.
 * koffi switches stacks for calls, so valgrind reports koffi's own stack reads with stale
 * frames of whatever native function ran last below them; those are not ours.
 */
function isOurs(record: string): boolean {
  if (isStaleStackRecord(record)) return false
  const frames = record.split('\n').filter((l) => /(at|by) 0x[0-9A-F]+:/.test(l))
  const first = frames.find((f) => !allocator.test(f))
  return first !== undefined && ourLibs.test(first)
}

/**
 * An access valgrind calls invalid although it is above the stack pointer of a live stack (it says
 * "on thread N's stack" and not "N bytes below stack pointer"): such memory is always inside live
 * frames. It comes from koffi's call stack: a call that went deep leaves the top of koffi's stack
 * marked dead when it returns (an SP change valgrind takes for a frame pop), koffi then writes the
 * next call's by-value arguments there, and the jump to that stack is taken for a stack switch,
 * which marks nothing. Reproduced without our code: a C function with a 8 KiB local called through
 * koffi, then one taking two 72-byte structs by value that reads them by pointer gives the same
 * records (their reads of their own arguments).
 */
function isStaleStackRecord(record: string): boolean {
  return /Invalid read/.test(record) && /is on thread \d+'s stack/.test(record) && !/below stack pointer/.test(record)
}

interface VgRun {
  ok: boolean
  definiteBytes: number
  line: string
}

function valgrindRun(name: string, lib: string, scenario: string, rounds: number): VgRun {
  const log = path.join(out, `valgrind-${name.replace(/ /g, '-')}-${rounds}.log`)
  const r = spawnSync(
    'valgrind',
    [
      '--leak-check=full',
      '--show-leak-kinds=definite',
      '--errors-for-leak-kinds=definite',
      '--keep-debuginfo=yes',
      '--num-callers=40',
      '--error-limit=no',
      `--suppressions=${path.join(root, 'test/memory/node-koffi.supp')}`,
      `--log-file=${log}`,
      process.execPath,
      scenario,
      lib,
      String(rounds),
    ],
    { cwd: root, encoding: 'utf8', env },
  )
  const text = readFileSync(log, 'utf8')
  const definite = /definitely lost: ([\d,]+) bytes in ([\d,]+) blocks/.exec(text)
  const errors = /ERROR SUMMARY: ([\d,]+) errors/.exec(text)
  const records = text.split(/\n(?===\d+== \S)/)
  const ours = records.filter((rec) => /definitely lost in loss record|Invalid (read|write|free)|uninitialised|Mismatched free/.test(rec) && isOurs(rec))
  const ok = r.status === 0 && ours.length === 0
  const definiteBytes = Number((definite?.[1] ?? '0').replace(/,/g, ''))
  const line =
    `${rounds} rounds: scenario ${r.status === 0 ? 'passed' : `exit ${r.status}`}, definitely lost ${definite?.[1] ?? '0'} bytes in ` +
    `${definite?.[2] ?? '0'} blocks in all, ${errors?.[1] ?? '?'} errors, ${ours.length} naming our runtime or plugins (${path.relative(root, log)})`
  if (!ok) {
    process.stdout.write(`${r.stdout}${r.stderr}`)
    for (const rec of ours.slice(0, 5)) console.log(rec)
  }
  return { ok, definiteBytes, line }
}

/**
 * Leaks are judged two ways: no leak record may start in our runtime or a plugin, and the
 * memory lost in all must not grow with the number of rounds (what JS allocates through koffi
 * has koffi's frames, not ours; what is allocated once and kept on purpose does not grow).
 */
function valgrind(name: string, lib: string, scenario: string): boolean {
  const one = valgrindRun(name, lib, scenario, 1)
  const three = valgrindRun(name, lib, scenario, 3)
  // Node and koffi lose a few hundred bytes more or less from run to run (records with their
  // frames, not ours); a leak per round grows by more than that over two more rounds.
  const steady = three.definiteBytes <= one.definiteBytes + 1024
  const ok = one.ok && three.ok && steady
  results.push(`valgrind ${name}: ${ok ? 'clean' : 'PROBLEMS'}${steady ? '' : ' (lost memory grows with rounds)'}; ${one.line}; ${three.line}`)
  return ok
}

function asan(name: string, lib: string, scenario: string): boolean {
  const libasan = spawnSync('gcc', ['-print-file-name=libasan.so'], { encoding: 'utf8' }).stdout.trim()
  const r = spawnSync(process.execPath, [scenario, lib, '3'], {
    cwd: root,
    encoding: 'utf8',
    // ASan's leak checker misses leaks made through koffi (toolchain.md): valgrind covers leaks.
    env: { ...env, LD_PRELOAD: libasan, ASAN_OPTIONS: 'detect_leaks=0:exitcode=86' },
  })
  const asanErrors = (r.stderr.match(/ERROR: AddressSanitizer/g) ?? []).length
  const ok = r.status === 0 && asanErrors === 0
  results.push(`asan ${name}: ${asanErrors} errors; scenario ${r.status === 0 ? 'passed' : `exit ${r.status}`}`)
  if (!ok) process.stdout.write(`${r.stdout}${r.stderr.slice(0, 20000)}`)
  return ok
}

let ok = true
// MEMORY_ONLY=<prefix> runs only the runs whose name starts with it (e.g. `async`, `trait`).
const only = process.env.MEMORY_ONLY
for (const [name, lib, scenario] of only ? runs.filter(([name]) => name.startsWith(only)) : runs) {
  if (name.endsWith('-asan')) ok = asan(name, lib, scenario) && ok
  else if (!noValgrind) ok = valgrind(name, lib, scenario) && ok
}
writeFileSync(path.join(out, 'summary.txt'), `${[...results, ...skips].join('\n')}\n`)
for (const line of [...results, ...skips]) console.log(line)
console.log(`test:memory: ${results.length} runs, ${ok ? 'all clean' : 'problems found'}${skips.length ? `, ${skips.length} skipped (see above)` : ''}`)
process.exit(ok ? 0 : 1)
