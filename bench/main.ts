// The benchmark proper, run as bundled JavaScript by bench/run.ts (`npm run bench`):
// node build/bench/main.mjs <plugin> <floor.node> <outDir>. Every case is measured in
// the same run as its baselines with the `benchmark` package; writes results.json and
// RESULTS.md (with bench/notes.md appended).
import { execSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import Benchmark from 'benchmark'
import { makeCases, type Row } from './cases.ts'
import { settle } from './settle.ts'

const [pluginPath, floorPath, outDir, traitPluginPath, asyncPluginPath, connectorPluginPath] = process.argv.slice(2)
const only = process.env.BENCH_ONLY
const maxTime = Number(process.env.BENCH_MAX_TIME ?? 1)

interface Stat { median: number; p10: number; p90: number; samples: number; runs?: number[] }
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
/** Runs of one row as one: the median of their medians, the widest spread, every run's median. */
function combine(key: string, runs: Stat[]): Stat {
  const medians = runs.map((r) => r.median).sort((x, y) => x - y)
  const st = { median: medians[medians.length >> 1], p10: Math.min(...runs.map((r) => r.p10)), p90: Math.max(...runs.map((r) => r.p90)), samples: runs.reduce((n, r) => n + r.samples, 0), runs: runs.map((r) => r.median) }
  stats.set(key, st)
  return st
}
const stats = new Map<string, Stat>()

/** One row with `benchmark`, after what earlier rows left for the event loop is released (settle.ts). */
async function measure(key: string, row: Row): Promise<Stat> {
  await settle()
  const b = new Benchmark(key, row.run, { minSamples: 20, maxTime })
  b.run()
  if (b.error) throw b.error
  const s = [...b.stats.sample].sort((x, y) => x - y).map((x) => x * 1e9)
  const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]
  const st = { median: q(0.5), p10: q(0.1), p90: q(0.9), samples: s.length }
  stats.set(key, st)
  return st
}

/**
 * Async rows (ops returning a Promise): a timed loop of awaited ops. Each row's ops per sample are
 * calibrated to take >= 5 ms (at least one op); rows are sampled in interleaved rounds until each
 * has `minSamples` samples and maxTime per row has passed. Median and spread as for the other rows.
 */
async function measureAsync(keyPrefix: string, rows: Row[], minSamples: number): Promise<Stat[]> {
  const now = () => Number(process.hrtime.bigint())
  const timeOps = async (run: () => unknown, k: number) => {
    const start = now()
    for (let i = 0; i < k; i++) await run()
    return now() - start
  }
  await settle()
  const perSample: number[] = []
  for (const r of rows) {
    // Warm up first (>= 100 ms): a first op that pays one-time costs (binding, JIT, a major GC)
    // would otherwise leave k at 1, and each sample would be one op absorbing the scavenge of the
    // garbage the interleaved rows left (bench/notes.md, the async rows).
    for (const t0 = now(); now() - t0 < 1e8; ) await r.run()
    let k = 1
    while ((await timeOps(r.run, k)) < 5e6 && k < 1 << 20) k *= 2
    perSample.push(k)
  }
  const samples: number[][] = rows.map(() => [])
  const start = now()
  while (samples[0].length < minSamples || now() - start < maxTime * 1e9 * rows.length) {
    for (const [i, r] of rows.entries()) samples[i].push((await timeOps(r.run, perSample[i])) / perSample[i])
  }
  return rows.map((r, i) => {
    const s = samples[i].sort((x, y) => x - y)
    const q = (f: number) => s[Math.min(s.length - 1, Math.floor(f * s.length))]
    const st = { median: q(0.5), p10: q(0.1), p90: q(0.9), samples: s.length }
    stats.set(`${keyPrefix} | ${r.name}`, st)
    return st
  })
}

const fmt = (ns: number) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} us` : `${ns.toFixed(0)} ns`)
const spread = (s: Stat) => `${fmt(s.p10)} - ${fmt(s.p90)}${s.runs && s.runs.length > 1 ? ` (runs: ${s.runs.map(fmt).join(', ')})` : ''}`

const cases = makeCases({ pluginPath, floorPath, traitPluginPath: traitPluginPath || undefined, asyncPluginPath: asyncPluginPath || undefined, connectorPluginPath: connectorPluginPath || undefined }).filter((c) => !only || only.split('|').some((o) => c.name.includes(o)))
const results: unknown[] = []
const md: string[] = []
for (const c of cases) {
  let base: Stat, ours: Stat, others: { name: string; stat: Stat }[]
  if (c.async) {
    const rows = [{ name: 'abi-stable', run: c.run }, c.baseline, ...c.others]
    const [o, b, ...rest] = await measureAsync(c.name, rows, c.samples ?? 20)
    ;[ours, base, others] = [o, b, rest.map((stat, i) => ({ name: c.others[i].name, stat }))]
  } else {
    // ROUNDS interleaved runs (baseline, ours, references, again): the median of the runs'
    // medians, the spread over all of them, and each run's median kept (what ran before a row
    // must not decide its result).
    const rows: Row[] = [c.baseline, { name: 'abi-stable', run: c.run }, ...c.others]
    const runs: Stat[][] = rows.map(() => [])
    for (let round = 0; round < ROUNDS; round++) for (const [i, r] of rows.entries()) runs[i].push(await measure(`${c.name} | ${r.name} | run ${round + 1}`, r))
    const [b0, o0, ...rest] = runs.map((rs, i) => combine(`${c.name} | ${rows[i].name}`, rs))
    ;[base, ours, others] = [b0, o0, rest.map((stat, i) => ({ name: c.others[i].name, stat }))]
  }
  // The denominator: the primary baseline, or the fastest reference row when the target says so.
  let denom = { name: c.baseline.name, stat: base }
  if (c.againstFastest) for (const o of others) if (o.stat.median < denom.stat.median) denom = o
  const ratio = ours.median / denom.stat.median
  const refs = [{ name: c.baseline.name, stat: base }, ...others].filter((r) => r.name !== denom.name)
  // Events per second of the median op (channel cases), and its throughput target.
  const eps = (st: Stat) => (c.eventsPerOp === undefined ? undefined : c.eventsPerOp / (st.median / 1e9))
  const ourEps = eps(ours)
  const met = c.minEventsPerSecond !== undefined ? (ourEps! >= c.minEventsPerSecond ? 'met' : 'missed') : c.target === undefined ? 'n/a' : ratio <= c.target ? 'met' : 'missed'
  const mEps = (x: number) => `${(x / 1e6).toFixed(2)} M events/s`
  const targetText = c.minEventsPerSecond !== undefined ? `>= ${mEps(c.minEventsPerSecond)}: ${met} (${mEps(ourEps!)})` : c.target === undefined ? '-' : `<= ${c.target.toFixed(2)}x: ${met}`
  results.push({
    name: c.name,
    medianNs: Math.round(ours.median),
    baseline: denom.name,
    baselineMedianNs: Math.round(denom.stat.median),
    ratio: Number(ratio.toFixed(3)),
    target: c.target === undefined ? null : Number(c.target.toFixed(3)),
    ...(c.eventsPerOp === undefined ? {} : { eventsPerOp: c.eventsPerOp, eventsPerSecond: Math.round(ourEps!), baselineEventsPerSecond: Math.round(eps(denom.stat)!), minEventsPerSecond: c.minEventsPerSecond ?? null }),
    met,
    spreadNs: { p10: Math.round(ours.p10), p90: Math.round(ours.p90) },
    ...(ours.runs ? { runsNs: ours.runs.map(Math.round), baselineRunsNs: denom.stat.runs?.map(Math.round) } : {}),
    others: refs.map((o) => ({ name: o.name, medianNs: Math.round(o.stat.median), ratio: Number((ours.median / o.stat.median).toFixed(3)) })),
  })
  md.push(`| ${c.name} | ${fmt(ours.median)} | ${spread(ours)} | ${denom.name}${c.againstFastest ? ' (fastest reference)' : ''}: ${fmt(denom.stat.median)} | **${ratio.toFixed(2)}x** | ${targetText} | ${refs.map((o) => `${o.name}: ${fmt(o.stat.median)} (${(ours.median / o.stat.median).toFixed(2)}x)`).join('; ') || '-'} |`)
  console.log(`${c.name}\n  abi-stable ${fmt(ours.median)}  ${denom.name} ${fmt(denom.stat.median)}  ratio ${ratio.toFixed(2)}x  ${met}${ourEps === undefined ? '' : `  ${mEps(ourEps)}`}${others.map((o) => `\n  ${o.name} ${fmt(o.stat.median)}`).join('')}`)
}

const require = createRequire(import.meta.url)
const koffiVersion = (require('koffi') as { version: string }).version
let legacy = 'not installed'
try {
  const dir = path.dirname(require.resolve('@2060.io/ffi-napi'))
  legacy = (JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string }).version
} catch {}
const nproc = (() => { try { return execSync('nproc', { encoding: 'utf8' }).trim() } catch { return String(cpus().length) } })()
const machine = [
  `- date: ${new Date().toISOString()}`,
  `- CPUs (nproc): ${nproc}; model: ${cpus()[0]?.model ?? 'unknown'}`,
  `- Node ${process.version}, koffi ${koffiVersion}, @2060.io/ffi-napi ${legacy}`,
  `- plugin: the Rust std test plugin (${path.basename(pluginPath)}); floor: bench/floor/floor.c built with gcc -O2`,
  `- async rows: the Rust async test plugin (${asyncPluginPath ? path.basename(asyncPluginPath) : 'not given'}), timed loops of awaited ops (ops per sample calibrated to >= 5 ms), interleaved rounds, same median and spread`,
  `- benchmark package, minSamples 20, maxTime ${maxTime} s per row, ${ROUNDS} interleaved runs per case (baseline, ours, references, again); run as esbuild-bundled JavaScript (no keepNames)`,
]
const notesPath = path.join(outDir, 'notes.md')
const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : ''
const text = [
  '# Benchmark results',
  '',
  'Generated by `npm run bench` (bench/main.ts); the sections after the table come from bench/notes.md.',
  '',
  '## Machine',
  ...machine,
  '',
  '## Cases (median per op: the median of the runs\' medians; spread = 10th - 90th percentile of all samples, and each run\'s median; ratio = ours / primary baseline, same run)',
  '',
  '| case | abi-stable median | spread | primary baseline | ratio | target | other references (ratio = ours / them) |',
  '|---|---|---|---|---|---|---|',
  ...md,
  '',
  notes,
].join('\n')
if (!only) {
  writeFileSync(path.join(outDir, 'results.json'), JSON.stringify({ machine: { nproc, cpu: cpus()[0]?.model, node: process.version, koffi: koffiVersion }, results }, null, 2) + '\n')
  writeFileSync(path.join(outDir, 'RESULTS.md'), text)
}
console.log(only ? '(BENCH_ONLY set: results files not written)' : `wrote ${path.join(outDir, 'results.json')} and RESULTS.md`)
