// The async cases of issue 7, on the Rust async test plugin (plugins-rust/async-plugin):
// - a future round trip: `await ap_ready(v)`, a plugin function returning an FfiFuture<u64> that
//   is ready at its first poll (call, one poll, Promise resolved);
// - channel events per second: 4 plugin threads send 250,000 I64 events each into a bounded
//   channel, read with `for await`; one op is the whole 1,000,000 events; the same with 64-byte
//   String events (issue 17: >= 3 M/s for I64, >= 1.5 M/s for strings).
// Both are measured by bench/main.ts with a timed loop (samples of whole ops, medians), since a
// Promise-returning op cannot be timed by the synchronous `benchmark` rows.
import { channel } from '../src/index.ts'
import { loadAsyncPlugin } from '../test/async/api.ts'
import type { Case, Setup } from './cases.ts'

const THREADS = 4
const PER_THREAD = 250_000
const EVENTS = THREADS * PER_THREAD
const CAPACITY = 4096

export function asyncCases({ asyncPluginPath }: Setup): Case[] {
  if (!asyncPluginPath) return []
  const p = loadAsyncPlugin(asyncPluginPath)

  /** Events read from a bounded channel fed by 4 plugin threads; resolves with the count. */
  const channelRun = (spawn: typeof p.ap_spawn_streams) => async (): Promise<number> => {
    const ch = channel({ capacity: CAPACITY })
    spawn(ch, THREADS, BigInt(PER_THREAD))
    let n = 0
    for await (const _ of ch) n++
    return n
  }
  /** The same count through an async generator: the cost of `for await` alone, no plugin. */
  const jsGeneratorRun = <T>(event: (i: number) => T) => async (): Promise<number> => {
    async function* events(): AsyncGenerator<T> {
      for (let i = 0; i < EVENTS; i++) yield event(i)
    }
    let n = 0
    for await (const _ of events()) n++
    return n
  }
  const text64 = 'x'.repeat(64)

  return [
    {
      name: 'future round trip: await ap_ready(7) (FfiFuture<u64> ready at first poll)',
      async: true,
      run: () => p.ap_ready(7n),
      // Like with like: the same library's call of a plugin function (no future) plus one await,
      // i.e. what the call costs if the plugin had returned the u64 directly.
      baseline: { name: 'bound call ap_polls() -> u64, then await Promise.resolve(result)', run: () => Promise.resolve(p.ap_polls()) },
      others: [{ name: 'await Promise.resolve(7n) (no FFI)', run: () => Promise.resolve(7n) }],
      target: 10,
      check: (r) => r === 7n,
      checkBaseline: (r) => typeof r === 'bigint',
    },
    {
      name: `channel: ${THREADS} plugin threads x ${PER_THREAD.toLocaleString('en-US')} I64 events -> bounded channel (capacity ${CAPACITY}) -> for await`,
      async: true,
      run: channelRun(p.ap_spawn_streams),
      baseline: { name: `for await over a JS async generator of ${EVENTS.toLocaleString('en-US')} BigInts (no plugin)`, run: jsGeneratorRun(BigInt) },
      others: [],
      eventsPerOp: EVENTS,
      minEventsPerSecond: 3_000_000,
      samples: 11,
      check: (r) => r === EVENTS,
    },
    {
      name: `channel: ${THREADS} plugin threads x ${PER_THREAD.toLocaleString('en-US')} String events of 64 bytes -> bounded channel (capacity ${CAPACITY}) -> for await`,
      async: true,
      run: channelRun(p.ap_spawn_string_streams),
      baseline: { name: `for await over a JS async generator of ${EVENTS.toLocaleString('en-US')} 64-character strings (no plugin)`, run: jsGeneratorRun(() => text64) },
      others: [],
      eventsPerOp: EVENTS,
      minEventsPerSecond: 1_500_000,
      samples: 11,
      check: (r) => r === EVENTS,
    },
  ]
}
