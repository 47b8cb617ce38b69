// JS functions as plain `extern "C" fn` pointers (issue 18.1), through the trait test plugins in C
// and Rust: `use_callback(U32Callback, n)`, an ROption of one, every argument/return shape through a
// struct of pointers, calls from plugin threads (within the call, and 1,000,000 calls from 4 threads
// after it with a long-lived callback, in per-thread order), a value-returning call from a thread
// (refused: the fallback), long-lived callbacks a plugin keeps, and the typed errors.
import { beforeAll, describe, expect, it } from 'vitest'
import { callback, callbackStats, deliveries, hostStats, t } from '../../src/index.ts'
import { settled, traitPlugins } from '../trait/api.ts'
import { Hooks, SeqCallback, U32Callback, loadCallbackPlugin } from './api.ts'
import { watchHostSuite } from '../trait/host-suite.ts'

const U32Fn = t.fn([t.u32], t.u32)
const PairFn = t.fn([t.Tuple2(t.u32, t.u64)], t.Tuple2(t.u64, t.f64))

function hooksImpl(notes: unknown[] = []) {
  return {
    note: (seq: bigint, text: string) => void notes.push([seq, text]),
    mix: (a: number, b: number, c: number) => a * b + c,
    // No obvious value to give the plugin if it throws: the callback declares one.
    pair: callback(([a, b]) => [BigInt(a) + b, 0.5], PairFn, { fallback: [0n, 0] }),
    text: (s: string, owned: string) => `${s}+${owned}`,
    many: (...xs: bigint[]) => xs.reduce((s, x, i) => s + BigInt(i + 1) * x, 0n),
  }
}

describe.each(traitPlugins())('%s plugin: JS functions as function pointers', (_lang, path) => {
  let p: ReturnType<typeof loadCallbackPlugin>
  beforeAll(() => {
    p = loadCallbackPlugin(path)
  })
  const { failures } = watchHostSuite(() => {
    expect(callbackStats().live).toBe(0)
  })

  it('use_callback(U32Callback, n): a JS function lives for the call, its slot is released after', () => {
    const before = hostStats().liveObjects
    const seen: number[] = []
    expect(p.cb.tr_use_callback((n: number) => (seen.push(n), n * 2), 21)).toBe(1042)
    expect(seen).toEqual([21])
    expect(callbackStats().live).toBe(0)
    expect(hostStats().liveObjects).toBe(before)
    // Many calls, each with a fresh function: the pool recycles its slots.
    for (let i = 0; i < 500; i++) expect(p.cb.tr_use_callback((n: number) => n + i, 1)).toBe(1001 + i)
    expect(callbackStats().live).toBe(0)
  })

  it('inside ROption and a struct of pointers: every argument and return shape', () => {
    expect(p.cb.tr_maybe_callback(undefined, 5)).toBe(5)
    expect(p.cb.tr_maybe_callback((n: number) => n * 3, 5)).toBe(15)
    const pluginBefore = p.fns.tr_live_allocations()
    const notes: unknown[] = []
    const out = p.cb.tr_hooks(hooksImpl(notes))
    expect(out).toBe('mix=3.25;pair=1099511627779,0.5;text=borrowed+owned;many=204')
    expect(notes).toEqual([[7n, 'noted']])
    expect(p.fns.tr_live_allocations()).toBe(pluginBefore) // the RString passed by value was dropped once
    expect(callbackStats().live).toBe(0)
    expect(failures).toEqual([])
  })

  it("a plugin-made trait object's method takes a JS function too", () => {
    using applier = p.cb.tr_applier_new(3)
    expect(applier.apply((n: number) => n + 1, 4)).toBe(15)
    using lasting = callback((n: number) => n * 2, U32Fn, { keepAlive: true })
    expect(applier.apply(lasting, 4)).toBe(24)
    expect(callbackStats().live).toBe(1)
  })

  it('calls from plugin threads within the call are queued and delivered in per-thread order', async () => {
    const last = [-1n, -1n, -1n, -1n]
    let count = 0
    let outOfOrder = 0
    p.cb.tr_callback_threads((thread: number, seq: bigint) => {
      if (seq !== last[thread] + 1n) outOfOrder++
      last[thread] = seq
      count++
    }, 4, 10_000n)
    await deliveries()
    expect([count, outOfOrder]).toEqual([40_000, 0])
    expect(last).toEqual([9_999n, 9_999n, 9_999n, 9_999n])
    expect(hostStats().pendingDeliveries).toBe(0)
  })

  it('1,000,000 calls from 4 plugin threads to a long-lived callback, in per-thread order', async () => {
    const per = 250_000n
    const last = [-1n, -1n, -1n, -1n]
    let count = 0
    let outOfOrder = 0
    const started = performance.now()
    using cb = callback(
      (thread: number, seq: bigint) => {
        if (seq !== last[thread] + 1n) outOfOrder++
        last[thread] = seq
        count++
      },
      SeqCallback,
      { keepAlive: true },
    )
    p.cb.tr_callback_threads_start(cb, 4, per)
    await settled(() => (count < 1_000_000 ? (hostStats(), count) : 1_000_000), 1_000_000)
    for (let i = 0; i < 3000 && count < 1_000_000; i++) await new Promise((r) => setTimeout(r, 10))
    p.cb.tr_callback_threads_join()
    await deliveries()
    const ms = performance.now() - started
    expect([count, outOfOrder]).toEqual([1_000_000, 0])
    expect(last).toEqual([per - 1n, per - 1n, per - 1n, per - 1n])
    console.log(`${_lang}: 1,000,000 callback calls from 4 threads delivered in ${ms.toFixed(0)} ms (${((ms * 1000) / 1_000_000).toFixed(2)} us per call)`)
  }, 120_000)

  it('a value-returning callback called from a plugin thread is refused: the plugin gets the fallback', async () => {
    const calls: number[] = []
    expect(p.cb.tr_callback_value_on_thread((n: number) => (calls.push(n), n))).toBe(0)
    expect(p.cb.tr_callback_value_on_thread(callback((n: number) => n, U32Fn, { fallback: 77 }))).toBe(77)
    await deliveries()
    expect(calls).toEqual([])
    expect(failures.map((f) => f.reason)).toEqual(['refused', 'refused'])
    failures.length = 0
  })

  it('a long-lived callback the plugin keeps answers later, until closed', () => {
    const cb = callback((n: number) => n * 10, U32Fn, { keepAlive: true })
    expect(typeof cb.address).toBe('bigint')
    p.cb.tr_callback_keep(cb)
    expect(p.cb.tr_callback_call_kept(4)).toBe(40)
    expect(p.cb.tr_use_callback(cb, 2)).toBe(1020)
    expect(callbackStats().live).toBe(1)
    cb.close()
    cb.close() // idempotent
    expect(cb.closed).toBe(true)
    expect(callbackStats().live).toBe(0)
    expect(() => p.cb.tr_use_callback(cb, 2)).toThrow(/tr_use_callback.*arg(ument)? ?0|closed/)
    p.cb.tr_callback_keep(() => 1) // overwrite the kept pointer (expires after this call)
  })

  it('bad callback values are typed errors naming the argument', () => {
    expect(() => p.cb.tr_use_callback('nope' as never, 1)).toThrow(/tr_use_callback/)
    const other = callback((a: number, b: bigint) => void [a, b], SeqCallback)
    expect(() => p.cb.tr_use_callback(other as never, 1)).toThrow(/a callback of extern "C" fn\(u32\) -> u32/)
    expect(() => callback(42 as never, U32Fn)).toThrow(/a function/)
    expect(() => callback((n: number) => n, U32Fn, { keep: true } as never)).toThrow(/keep/)
    expect(() => callback(((n: number) => n) as never, t.u32 as never)).toThrow(/t\.fn/)
    expect(() => callback((n: number) => n, U32Fn).address).toThrow(/keepAlive/)
    expect(() => callback((() => '') as never, t.fn([t.u32], t.RStr))).toThrow(/borrows memory/)
    expect(() => p.cb.tr_hooks({ ...hooksImpl(), pair: ([a, b]: [number, bigint]) => [BigInt(a) + b, 0.5] })).toThrow(/callback\(fn, signature, \{ fallback: value \}\)/)
    expect(callbackStats().live).toBe(0)
  })

  it('the pool of one return family holds 64 live callbacks; the 65th is a clear error', () => {
    const held = Array.from({ length: 64 }, () => callback((n: number) => n, U32Fn, { keepAlive: true }))
    expect(() => callback((n: number) => n, U32Fn, { keepAlive: true })).toThrow(/every one of the 64 callback trampolines/)
    // Another return family has its own slots.
    using f = callback((x: number) => x, t.fn([t.f64], t.f64), { keepAlive: true })
    expect(typeof f.address).toBe('bigint')
    for (const c of held) c.close()
    expect(p.cb.tr_use_callback((n: number) => n, 1)).toBe(1001)
  })

  it('U32Callback is the transparent wrapper the plugin declares', () => {
    expect(U32Callback.kind).toBe('transparent')
    expect(Hooks.kind).toBe('struct')
  })
})
