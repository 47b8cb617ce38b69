// The cost of a plugin future's round trip (a call returning an FfiFuture, polled on the main
// thread, resolved as a Promise) next to a resolved Promise and a plain bound call in the same run,
// and the rate of events through an event channel from plugin threads into a for-await loop.
// Run with `npm run bench:async` (bench/async.run.ts builds the plugins, bundles this file and runs
// it with node against the C and the Rust async plugin, each in its own process), or
// `node <bundle> <async plugin library>`. Prints medians of interleaved rounds.
// The main suite (`npm run bench`, bench/async-cases.ts) measures the round trip and a bounded
// channel with baselines and the issue's target; this file keeps the wider comparison (C and Rust).
import { channel } from '../src/index.ts'
import { loadAsyncPlugin } from '../test/async/api.ts'

const lib = process.argv[2]
if (!lib) {
  console.error('usage: node async.bench.mjs <async plugin library>')
  process.exit(2)
}
const p = loadAsyncPlugin(lib)
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const now = () => Number(process.hrtime.bigint())

interface Case {
  name: string
  /** Runs `n` operations; resolves when done. */
  run: (n: number) => Promise<void> | void
  n: number
  baseline?: string
}

const futureCases: Case[] = [
  {
    name: 'await Promise.resolve(v)',
    n: 200_000,
    run: async (n) => {
      for (let i = 0; i < n; i++) await Promise.resolve(1n)
    },
  },
  {
    name: 'a bound call returning u64 (no future)',
    n: 200_000,
    run: (n) => {
      for (let i = 0; i < n; i++) p.ap_polls()
    },
  },
  {
    name: 'await ap_ready(v): call, poll once, resolve',
    n: 20_000,
    baseline: 'await Promise.resolve(v)',
    run: async (n) => {
      for (let i = 0; i < n; i++) await p.ap_ready(1n)
    },
  },
  {
    name: '1,000 concurrent ap_ready, per future',
    n: 20_000,
    baseline: 'await Promise.resolve(v)',
    run: async (n) => {
      for (let i = 0; i < n; i += 1000) await Promise.all(Array.from({ length: 1000 }, () => p.ap_ready(1n)))
    },
  },
  {
    name: 'await ap_sleep_then(0): + a plugin thread started, waking the host',
    n: 2_000,
    baseline: 'await Promise.resolve(v)',
    run: async (n) => {
      for (let i = 0; i < n; i++) await p.ap_sleep_then(0n, 1n, 0n)
    },
  },
]

async function measure(cases: Case[], rounds: number): Promise<Map<string, number>> {
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]))
  for (const c of cases) await c.run(Math.min(c.n, 2000)) // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const c of cases) {
      const start = now()
      await c.run(c.n)
      samples.get(c.name)!.push((now() - start) / c.n)
    }
  }
  return new Map([...samples].map(([k, v]) => [k, median(v)]))
}

async function eventsPerSecond(threads: number, perThread: number, capacity = 0): Promise<number> {
  const ch = channel({ capacity })
  const start = now()
  p.ap_spawn_streams(ch, threads, BigInt(perThread))
  let n = 0
  for await (const _ of ch) n++
  const seconds = (now() - start) / 1e9
  if (n !== threads * perThread) throw new Error(`expected ${threads * perThread} events, got ${n}`)
  return n / seconds
}

async function stringStreamsPerSecond(threads: number, perThread: number, capacity: number): Promise<number> {
  const ch = channel({ capacity })
  const start = now()
  p.ap_spawn_string_streams(ch, threads, BigInt(perThread))
  let n = 0
  for await (const _ of ch) n++
  const seconds = (now() - start) / 1e9
  if (n !== threads * perThread) throw new Error(`expected ${threads * perThread} events, got ${n}`)
  return n / seconds
}

async function stringEventsPerSecond(count: number): Promise<number> {
  const ch = channel()
  const start = now()
  p.ap_send_strings(ch, BigInt(count), 1)
  let n = 0
  for await (const _ of ch) n++
  if (n !== count) throw new Error(`expected ${count} events, got ${n}`)
  return n / ((now() - start) / 1e9)
}

const rounds = 5
console.log(`async plugin: ${lib}`)
const results = await measure(futureCases, rounds)
for (const c of futureCases) {
  const ns = results.get(c.name)!
  const base = c.baseline ? results.get(c.baseline)! : undefined
  console.log(`  ${c.name.padEnd(66)} ${ns >= 10_000 ? `${(ns / 1000).toFixed(1)} us` : `${ns.toFixed(0)} ns`}${base ? `  (${(ns / base).toFixed(1)}x ${c.baseline})` : ''}`)
}
const channelCases: [string, () => Promise<number>][] = [
  ['I64 events, 4 plugin threads x 250,000, unbounded', () => eventsPerSecond(4, 250_000)],
  ['I64 events, 1 plugin thread x 1,000,000, unbounded', () => eventsPerSecond(1, 1_000_000)],
  ['I64 events, 4 plugin threads x 100,000, capacity 4096', () => eventsPerSecond(4, 100_000, 4096)],
  ['I64 events, 4 plugin threads x 250,000, capacity 4096', () => eventsPerSecond(4, 250_000, 4096)],
  ['String events, 200,000 sent on the calling thread', () => stringEventsPerSecond(200_000)],
  ['64-byte String events, 4 plugin threads x 250,000, capacity 4096', () => stringStreamsPerSecond(4, 250_000, 4096)],
]
const rates = new Map<string, number[]>(channelCases.map(([k]) => [k, []]))
for (let r = 0; r < rounds; r++) for (const [k, run] of channelCases) rates.get(k)!.push(await run())
for (const [k] of channelCases) console.log(`  ${k.padEnd(66)} ${(median(rates.get(k)!) / 1e6).toFixed(2)} M events/s`)
