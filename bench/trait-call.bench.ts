// The cost of calling a trait-object method, next to a plain koffi call of the same function
// pointer, measured in the same run with the `benchmark` package; plus, for context, a plugin
// calling a JS-implemented method and the delivery rate of calls queued from a plugin thread.
// Run with `npm run bench:trait` (bench/trait-call.run.ts builds the plugins, bundles this file and
// runs it with node), or `node <bundle> <trait plugin library>...`. Prints median ns per call and
// the ratio to the baseline.
import Benchmark from 'benchmark'
import koffi from 'koffi'
import { bindFunction, bindPointer, callback, deliveries, implement, t } from '../src/index.ts'
import { Logger, Sender, loadTraitPlugin } from '../test/trait/api.ts'

const libs = process.argv.slice(2)
if (!libs.length) {
  console.error('usage: node trait-call.bench.mjs <trait plugin library>...')
  process.exit(2)
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const fmt = (ns: number): string => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} us` : `${ns.toFixed(1)} ns`)

interface Case {
  name: string
  run: () => unknown
  /** Operations per run (a run that makes 1,000 calls counts 1,000). */
  per?: number
  baseline?: string
}

/**
 * Runs every case `rounds` times, interleaved (so slow phases of a shared machine hit every case
 * alike), and prints the median of the per-round medians, with the ratio to the case's baseline.
 */
function measure(cases: Case[], rounds = 3): void {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]))
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const bench = new Benchmark(c.name, c.run, { minSamples: 30, maxTime: 0.6 })
      bench.run()
      samples.get(c.name)!.push((median(bench.stats.sample) * 1e9) / (c.per ?? 1))
    }
  }
  for (const c of cases) {
    const all = samples.get(c.name)!
    const ns = median(all)
    const base = c.baseline ? median(samples.get(c.baseline)!) : undefined
    const range = rounds > 1 ? ` (rounds ${fmt(Math.min(...all))} - ${fmt(Math.max(...all))})` : ''
    console.log(`  ${c.name.padEnd(64)} ${fmt(ns).padStart(10)}${base ? `   ${(ns / base).toFixed(2)}x ${c.baseline}` : ''}${range}`)
  }
}

for (const path of libs) {
  const { lib, fns } = loadTraitPlugin(path)
  console.log(`\n${path}`)
  const counter = fns.tr_counter_new(0n)
  // The same slots, read from the object's vtable as a raw koffi user would: get at WM+32, incr at WM+24.
  const robject = koffi.decode(counter.$address, koffi.array('uint64_t', 3, 'Typed')) as BigUint64Array
  const [vtable, data] = [robject[0], robject[1]]
  const slots = koffi.decode(vtable + 24n, koffi.array('uint64_t', 2, 'Typed')) as BigUint64Array
  const rawIncr = koffi.decode(slots[0], koffi.proto('int64_t (void *self, int64_t by)')) as (self: bigint, by: bigint) => number | bigint
  const rawGet = koffi.decode(slots[1], koffi.proto('int64_t (const void *self)')) as (self: bigint) => number | bigint
  const boundGet = bindPointer(slots[1], t.fn([t.ptr()], t.i64))
  counter.incr(5n)
  if (BigInt(rawGet(data)) !== counter.get() || boundGet(data) !== counter.get()) throw new Error('the raw and trait calls disagree')

  measure([
    { name: 'raw koffi: get(self) through the slot pointer', run: () => rawGet(data) },
    { name: 'bindPointer: get(self) through the slot pointer', run: () => boundGet(data), baseline: 'raw koffi: get(self) through the slot pointer' },
    { name: 'trait object: counter.get()', run: () => counter.get(), baseline: 'raw koffi: get(self) through the slot pointer' },
    { name: 'raw koffi: incr(self, 1n) through the slot pointer', run: () => rawIncr(data, 1n) },
    { name: 'trait object: counter.incr(1n)', run: () => counter.incr(1n), baseline: 'raw koffi: incr(self, 1n) through the slot pointer' },
  ])

  // The other direction, for context: a plugin calling JS (1,000 calls per run).
  const logger = implement(Logger, {
    log: () => ({ ok: true, value: undefined }),
    name: () => 'bench',
    level: () => 1,
    flush: () => {},
  })
  measure([{ name: 'plugin -> JS Logger.log(u8, RStr) -> RResult<(), RString>, main thread', run: () => fns.tr_log_lines(logger, 1000), per: 1000 }])

  // Calls a plugin thread queues, delivered in batches on the main thread.
  const count = 100_000
  const t0 = performance.now()
  await new Promise<void>((resolve) => fns.tr_spawn_sender(implement(Sender, { send: () => {}, close: () => resolve() }, { keepAlive: true }), BigInt(count)))
  await deliveries()
  console.log(`  ${'plugin thread -> JS Sender.send(u64, RStr), queued: 100,000 delivered'.padEnd(64)} ${fmt(((performance.now() - t0) * 1e6) / count).padStart(10)} per message (one run)`)
  // A plugin thread waiting for JS's answer (offThread: 'wait'), next to a condvar handoff between two C threads.
  const asks = 2000
  const U32Callback = t.transparent('U32Callback', t.fn([t.u32], t.u32))
  const askStart = bindFunction(lib, 'tr_ask_start', t.fn([U32Callback, t.u32], t.unit))
  const askJoin = bindFunction(lib, 'tr_ask_join', t.fn([], t.u64))
  const condvar = bindFunction(lib, 'tr_condvar_round_trip_ns', t.fn([t.u32], t.u64))
  let answered = 0
  const answer = callback((n: number) => (answered++, n), t.fn([t.u32], t.u32), { keepAlive: true, offThread: 'wait' })
  const t1 = performance.now()
  askStart(answer, asks)
  while (answered < asks) await new Promise((r) => setTimeout(r, 1))
  const waitNs = ((performance.now() - t1) * 1e6) / asks
  askJoin()
  answer.close()
  const condvarNs = Number(condvar(20_000))
  console.log(`  ${'condvar handoff between two C threads (round trip)'.padEnd(64)} ${fmt(condvarNs).padStart(10)}`)
  console.log(`  ${"plugin thread -> JS -> plugin thread, offThread: 'wait' (2,000)".padEnd(64)} ${fmt(waitNs).padStart(10)}   ${(waitNs / condvarNs).toFixed(1)}x condvar (one run)`)
  counter.drop()
}
