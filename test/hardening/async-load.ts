// Load on the async runtime (src/async) in one process: 10,000 futures completed by plugin
// threads (10 rounds of 1,000 at once), then 4 plugin threads x 1,000,000 events through a
// bounded event channel (and again through an unbounded one, reported only), with RSS sampled after a GC (after each round of futures; every 200,000 events).
// Memory must level off (memory-samples.ts), every event must arrive once in per-thread order, and
// the plugin's allocations, its futures and the runtime's live wakers and channels must end
// where they began. `node --expose-gc --import tsx test/hardening/async-load.ts <async plugin> [scale]`
import assert from 'node:assert/strict'
import { asyncLive, channel } from '../../src/index.ts'
import { loadAsyncPlugin } from '../async/api.ts'
import { judge, sample, type Sample } from './memory-samples.ts'

const [path, scaleArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node --expose-gc --import tsx test/hardening/async-load.ts <async plugin> [scale]')
  process.exit(2)
}
const scale = Number(scaleArg ?? 1)
const settle = async <T>(read: () => T, expected: T): Promise<T> => {
  for (let i = 0; i < 300 && read() !== expected; i++) await new Promise((r) => setTimeout(r, 10))
  return read()
}

const p = loadAsyncPlugin(path)
const allocations = p.ap_live_allocations()
const madeBefore = p.ap_futures_made()
const droppedBefore = p.ap_futures_dropped()
const lines: string[] = []
let ok = true

function report(name: string, count: number, seconds: number, samples: Sample[], judged = true): void {
  const { levels, text, series } = judge(samples)
  if (judged) ok &&= levels
  lines.push(`  ${name}: ${count.toLocaleString('en')} in ${seconds.toFixed(1)} s; ${text} ${!judged ? '' : levels ? '(levels off)' : '(GROWS)'}`, `    ${series}`)
}

// Futures.
const rounds = Math.max(1, Math.round(10 * scale))
const samples = [sample()]
let start = Date.now()
for (let round = 0; round < rounds; round++) {
  const values = await Promise.all(Array.from({ length: 1000 }, (_, i) => p.ap_sleep_then(BigInt(i % 5), BigInt(round * 1000 + i), 0n)))
  values.forEach((v, i) => assert.equal(v, BigInt(round * 1000 + i)))
  samples.push(sample())
}
report('futures completed by plugin threads (1,000 at once)', rounds * 1000, (Date.now() - start) / 1000, samples)

// One channel, four plugin threads: bounded (its memory is judged), then unbounded (the backlog
// grows with how far the producers run ahead of the reader: reported, not judged).
async function stream(capacity: number, judged: boolean): Promise<void> {
  const perThread = Math.round(1_000_000 * scale)
  const ch = channel({ capacity })
  const samples = [sample()]
  const start = Date.now()
  p.ap_spawn_streams(ch, 4, BigInt(perThread))
  const next = [0, 0, 0, 0]
  let count = 0
  const every = Math.max(1, Math.floor((4 * perThread) / 20))
  for await (const e of ch) {
    const n = typeof e === 'bigint' ? e : BigInt(e as number)
    const thread = Number(n >> 32n)
    const seq = Number(n & 0xffffffffn)
    if (seq !== next[thread]) throw new Error(`thread ${thread}: expected event ${next[thread]}, got ${seq}`)
    next[thread]++
    if (++count % every === 0) samples.push(sample())
  }
  assert.deepEqual(next, [perThread, perThread, perThread, perThread])
  const name = capacity === 0 ? 'unbounded channel, events from 4 plugin threads (not judged)' : `channel of capacity ${capacity}, events from 4 plugin threads`
  report(name, count, (Date.now() - start) / 1000, samples, judged)
}
await stream(4096, true)
await stream(0, false)

const live = { wakers: await settle(() => asyncLive().wakers, 0n), channels: await settle(() => asyncLive().channels, 0n) }
const made = p.ap_futures_made() - madeBefore
const dropped = p.ap_futures_dropped() - droppedBefore
const after = await settle(() => p.ap_live_allocations(), allocations)
ok &&= live.wakers === 0n && live.channels === 0n && made === dropped && after === allocations
console.log(`async load against ${path}`)
for (const line of lines) console.log(line)
console.log(`  futures made ${made}, dropped ${dropped}; live wakers ${live.wakers}, channels ${live.channels}; plugin allocations ${allocations} -> ${after}`)
console.log(`async load: ${ok ? 'memory levels off, nothing leaked' : 'PROBLEMS'}`)
process.exit(ok ? 0 : 1)
