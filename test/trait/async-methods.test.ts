// A JS async function implementing a trait method that returns a future: the Tremor plugin channel
// `SenderOpaque { send(&self, Reply) -> BorrowingFfiFuture<'_, RResult<(), RBoxError>> }`, hosted
// in JS and handed to the plugin by value. Plugin tasks on their own threads await each send: the
// trampoline returns a native future at once, JS runs the method on the main thread, and the
// promise's result completes the future and wakes the plugin's waker. Rejections reach the plugin
// as RErr(RBoxError). Also a send on the main thread during a bound call (polled later), and
// futures dropped before their promise settles.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asyncLive, deliveries, hostStats, liveAllocations, t } from '../../src/index.ts'
import { UnsupportedSignatureError } from '../../src/trait/errors.ts'
import { settled, traitPlugins } from './api.ts'
import { Sent, bind, type Api } from './async-sender-api.ts'

/** 4 threads x SENDS awaited sends; every 7th reply (seq % 7 === 3) is refused. */
const THREADS = 4
const SENDS = Number(process.env.ABS_ASYNC_SENDS ?? 100_000)
const refused = (seq: bigint) => seq % 7n === 3n

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 5))
}

describe('declaring future-returning methods', () => {
  it('hosts FfiFuture and BorrowingFfiFuture returns; refuses offThread wait and uncopyable borrows, naming the method', () => {
    const Ok = t.trait('FutureOk', { a: t.method([t.u64], t.FfiFuture(t.u64)), b: t.method([t.RStr], t.BorrowingFfiFuture(t.RString)) })
    expect(Ok.trait.host?.methods.map((m) => m.error.kind)).toEqual(['future', 'future'])
    expect(() => t.trait('FutureWait', { w: t.method([], t.FfiFuture(t.u64), { offThread: 'wait' }) })).toThrow(/FutureWait.*w.*offThread: 'wait' is not needed/s)
    expect(() => t.trait('FutureBorrow', { r: t.method([t.ref(t.u64)], t.FfiFuture(t.u64)) })).toThrow(UnsupportedSignatureError)
    expect(() => t.trait('FutureBorrow', { r: t.method([t.ref(t.u64)], t.FfiFuture(t.u64)) })).toThrow(/FutureBorrow.*r.*borrows memory/s)
  })
})

describe.each(traitPlugins())('%s plugin: a JS async SenderOpaque.send awaited by plugin tasks', (_lang, path) => {
  let p: Api
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  let futuresBaseline: bigint
  beforeAll(() => {
    p = bind(path)
    pluginBaseline = p.tr_live_allocations()
    runtimeBaseline = liveAllocations()
    futuresBaseline = asyncLive().hostFutures
  })
  afterAll(async () => {
    await deliveries()
    p.tr_async_release_main_waker()
    expect(await settled(() => asyncLive().hostFutures, futuresBaseline)).toBe(futuresBaseline)
    expect(await settled(() => p.tr_async_live_wakers(), 0n)).toBe(0n)
    expect(await settled(() => p.tr_live_allocations(), pluginBaseline)).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })

  it(`${THREADS} plugin threads x ${SENDS} sends: each completes once, in per-thread order; rejected ones reach the plugin as RErr`, async () => {
    const next = new Array<bigint>(THREADS).fill(0n)
    let outOfOrder = 0
    let calls = 0
    const sender = {
      async send(reply: { thread: bigint; seq: bigint; value: bigint }) {
        calls++
        const k = Number(reply.thread)
        if (reply.seq !== next[k] || reply.value !== reply.thread * 1_000_000_000n + reply.seq) outOfOrder++
        next[k] = reply.seq + 1n
        if (refused(reply.seq)) throw new Error(`reply ${reply.thread}/${reply.seq} refused`)
        return { ok: true as const, value: undefined }
      },
    }
    const live = hostStats().liveObjects
    const threwBefore = hostStats().threw
    const wakesBefore = p.tr_async_wakes()
    const started = performance.now()
    p.tr_async_send_spawn(sender, THREADS, BigInt(SENDS))
    await until(() => p.tr_async_threads_done() === THREADS, 120_000)
    const seconds = (performance.now() - started) / 1000
    const total = THREADS * SENDS
    console.log(`${_lang}: ${total} awaited sends from ${THREADS} plugin threads in ${seconds.toFixed(2)} s (${Math.round(total / seconds)} sends/s)`)
    expect(p.tr_async_threads_done()).toBe(THREADS)
    expect(calls).toBe(total)
    expect(outOfOrder).toBe(0)
    expect(next).toEqual(new Array(THREADS).fill(BigInt(SENDS)))
    let perThreadRefused = 0
    for (let s = 0n; s < BigInt(SENDS); s++) if (refused(s)) perThreadRefused++
    expect(p.tr_async_sent_err()).toBe(BigInt(THREADS * perThreadRefused))
    expect(p.tr_async_sent_ok()).toBe(BigInt(total - THREADS * perThreadRefused))
    expect(p.tr_async_sent_panicked()).toBe(0n)
    expect(p.tr_async_last_error()).toMatch(/^reply \d\/\d+ refused$/)
    // Every send that was Pending when first polled was woken; none more than once.
    expect(p.tr_async_wakes() - wakesBefore).toBeLessThanOrEqual(BigInt(total))
    await deliveries()
    expect(hostStats().liveObjects).toBe(live)
    // Rejections are results, not failures: nothing was reported.
    expect(hostStats().threw).toBe(threwBefore)
    expect(await settled(() => asyncLive().hostFutures, futuresBaseline)).toBe(futuresBaseline)
  })

  it('on the main thread: send runs JS during the bound call; the plugin polls later and gets the value or RErr', async () => {
    const seen: bigint[] = []
    const gates: ((ok: boolean) => void)[] = []
    const sender = {
      send(reply: { thread: bigint; seq: bigint }) {
        seen.push(reply.seq)
        return new Promise<{ ok: true; value: undefined }>((resolve, reject) =>
          gates.push((ok) => (ok ? resolve({ ok: true, value: undefined }) : reject(new Error(`main ${reply.seq} refused`)))),
        )
      },
    }
    const wakes = p.tr_async_wakes()
    const a = p.tr_async_send_main(sender, 7n, 1n)
    const b = p.tr_async_send_main(sender, 7n, 2n)
    // JS ran during each call, on this thread.
    expect(seen).toEqual([1n, 2n])
    expect(p.tr_async_poll_main(a)).toBe(Sent.Pending)
    expect(p.tr_async_poll_main(b)).toBe(Sent.Pending)
    gates[0](true)
    gates[1](false)
    await new Promise((r) => setTimeout(r, 0))
    expect(p.tr_async_wakes() - wakes).toBe(2n)
    expect(p.tr_async_poll_main(a)).toBe(Sent.Ok)
    expect(p.tr_async_poll_main(b)).toBe(Sent.Err)
    expect(p.tr_async_last_error()).toBe('main 2 refused')
    // A synchronous throw is reported and still reaches the plugin as RErr.
    const threw = hostStats().threw
    const c = p.tr_async_send_main({ send: () => { throw new Error('no channel') } }, 7n, 3n)
    expect(hostStats().threw).toBe(threw + 1)
    await new Promise((r) => setTimeout(r, 0))
    expect(p.tr_async_poll_main(c)).toBe(Sent.Err)
    expect(p.tr_async_last_error()).toBe('no channel')
  })

  it('a future dropped before its promise settles: the later settlement drops the result natively, once', async () => {
    const gates: (() => void)[] = []
    const sender = {
      send: () => new Promise<{ ok: false; error: Error }>((resolve) => gates.push(() => resolve({ ok: false, error: new Error('late') }))),
    }
    // Main thread: send, then drop unpolled.
    const k = p.tr_async_send_main(sender, 8n, 1n)
    expect(p.tr_async_drop_main(k)).toBe(0)
    // Plugin thread: send, poll once (Pending), drop the future and the sender.
    p.tr_async_send_drop_early(sender)
    await until(() => p.tr_async_threads_done() === 1 && gates.length === 2, 5_000)
    expect(gates.length).toBe(2)
    expect(asyncLive().hostFutures).toBe(futuresBaseline + 2n)
    const before = liveAllocations()
    for (const open of gates) open()
    await new Promise((r) => setTimeout(r, 10))
    // The RErr(RBoxError) results nobody took were dropped with their errors; the futures are gone.
    expect(liveAllocations()).toBeLessThanOrEqual(before)
    expect(await settled(() => asyncLive().hostFutures, futuresBaseline)).toBe(futuresBaseline)
  })
})
