// A plain script (no test runner) that drives every async path of an async test plugin, for runs
// under valgrind and ASan: `node async-scenario.mjs <plugin.so> [rounds]`. Plugin futures (ready,
// completed from threads, panicking, abandoned while a thread still holds and later uses the
// waker, woken many times after completion), JS promises polled by the plugin inline and from its
// threads, and channels (threads streaming, bounded refusals, the host closing with events unread).
// It checks results, and that the plugin's and the runtime's allocation counters and the live
// async objects return to their baselines.
import assert from 'node:assert/strict'
import { FutureAbortedError, FuturePanickedError, asyncLive, channel, liveAllocations, withAbortSignal } from '../../src/index.ts'
import { loadAsyncPlugin } from '../async/api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node async-scenario.mjs <plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = loadAsyncPlugin(path)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until<T>(read: () => T, expected: T, what: string): Promise<void> {
  for (let i = 0; i < 1000 && read() !== expected; i++) await sleep(10)
  assert.equal(read(), expected, what)
}

async function round(): Promise<void> {
  assert.equal(await p.ap_ready(1n), 1n)
  assert.equal(await p.ap_text_later(2n, 'text'), 'text')
  const values = await Promise.all(Array.from({ length: 20 }, (_, i) => p.ap_sleep_then(BigInt(i % 5), BigInt(i), i % 3 === 0 ? 50n : 0n)))
  assert.deepEqual(values, Array.from({ length: 20 }, (_, i) => BigInt(i)))
  await assert.rejects(p.ap_panics(), FuturePanickedError)
  const controller = new AbortController()
  const abandoned = withAbortSignal(controller.signal, () => p.ap_sleep_then(300n, 1n, 20n))
  await sleep(5)
  controller.abort(new Error('scenario'))
  await assert.rejects(abandoned, FutureAbortedError)

  assert.equal(await p.ap_add_to_host(sleep(2).then(() => 4n), 1n), 5n)
  assert.equal(await p.ap_await_host_on_thread(async () => 6n, 1n), 7n)
  await assert.rejects(p.ap_add_to_host(Promise.reject(new Error('scenario rejection')), 1n), FuturePanickedError)
  p.ap_drop_host_future(sleep(1).then(() => 0n))
  p.ap_detach_host_future(sleep(1).then(() => 0n))

  const stream = channel()
  p.ap_spawn_streams(stream, 2, 2_000n)
  let n = 0
  for await (const _ of stream) n++
  assert.equal(n, 4_000)
  // String events from threads: each batch is read whole by the Value codec, then dropped natively.
  const strings = channel({ capacity: 64 })
  p.ap_spawn_string_streams(strings, 2, 500n)
  let texts = 0
  for await (const e of strings) if ((e as string).length === 64) texts++
  assert.equal(texts, 1_000)
  const bounded = channel({ capacity: 2 })
  assert.equal(p.ap_send_strings(bounded, 4n, 1), 2n)
  const got: unknown[] = []
  for await (const e of bounded) got.push(e)
  assert.deepEqual(got, ['event 0', 'event 1'])
  const unread = channel()
  assert.equal(p.ap_send_strings(unread, 10n, 0), 10n)
  unread.close()
  const endless = channel({ capacity: 8 })
  p.ap_spawn_streams(endless, 1, 1_000_000_000n)
  let k = 0
  for await (const _ of endless) if (++k === 100) break
}

// One round first, uncounted: a Rust plugin's first panic builds the backtrace symbolizer's caches
// (kept for the life of the process), and its first threads set up the runtime's own state.
await round()
await until(() => asyncLive().wakers, 0n, 'every host waker released after the first round')
await until(() => asyncLive().hostFutures, 0n, 'every host future released after the first round')
await until(() => asyncLive().channels, 0n, 'every channel released after the first round')
const runtimeBaseline = liveAllocations()
const pluginBaseline = p.ap_live_allocations()
for (let i = 0; i < rounds; i++) await round()
await until(() => asyncLive().wakers, 0n, 'every host waker released')
await until(() => asyncLive().hostFutures, 0n, 'every host future released')
await until(() => asyncLive().channels, 0n, 'every channel released')
await until(() => liveAllocations(), runtimeBaseline, 'the runtime allocations back to the baseline')
await until(() => p.ap_live_allocations(), pluginBaseline, "the plugin's allocations back to the baseline")
console.log(`async scenario: ${rounds} rounds passed`)
