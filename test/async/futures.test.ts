// Plugin futures as Promises, and JS promises as futures for plugins, through the C and Rust async
// test plugins: values, panics, abandonment, wakes from plugin threads at any time, drop_fn exactly
// once, and every waker released.
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import { FutureAbortedError, FuturePanickedError, InvalidValueError, asyncLive, bindFunction, futureStats, hostFutureFailures, loopHolds, withAbortSignal } from '../../src/index.ts'
import { api, loadAsyncPlugin, settled } from './api.ts'
import { asyncPlugins } from './plugins.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(asyncPlugins())('%s plugin: futures', (_lang, path) => {
  const p = loadAsyncPlugin(path)

  it('a future completed from a plugin thread resolves to its value; drop_fn runs once', async () => {
    const dropped = p.ap_futures_dropped()
    const pending = p.ap_sleep_then(20n, 42n, 0n)
    expect(pending).toBeInstanceOf(Promise)
    expect(futureStats().pending).toBeGreaterThan(0)
    expect(loopHolds()).toBeGreaterThan(0)
    expect(await pending).toBe(42n)
    expect(p.ap_futures_dropped() - dropped).toBe(1n)
    expect(await p.ap_ready(7n)).toBe(7n)
    expect(await p.ap_text_later(5n, 'héllo')).toBe('héllo')
    expect(p.ap_futures_dropped() - dropped).toBe(3n)
    expect(futureStats().pending).toBe(0)
    expect(loopHolds()).toBe(0)
    expect(await settled(() => asyncLive().wakers, 0n)).toBe(0n)
  })

  it('a future ready at its first poll is polled within the call and settles without a task, a wake-up or a loop hold', async () => {
    const polls = p.ap_polls()
    const dropped = p.ap_futures_dropped()
    const ready = p.ap_ready(11n)
    // Before any await: polled once, already dropped, nothing pending, the loop not held.
    expect(p.ap_polls() - polls).toBe(1n)
    expect(p.ap_futures_dropped() - dropped).toBe(1n)
    expect(futureStats().pending).toBe(0)
    expect(loopHolds()).toBe(0)
    expect(await ready).toBe(11n)
    // A future pending at its first poll keeps its task and holds the loop until it completes.
    const later = p.ap_sleep_then(5n, 12n, 0n)
    expect(p.ap_polls() - polls).toBe(2n)
    expect(futureStats().pending).toBe(1)
    expect(loopHolds()).toBe(1)
    expect(await later).toBe(12n)
    expect(loopHolds()).toBe(0)
  })

  it('Panicked rejects with FuturePanickedError, and the future is still dropped once', async () => {
    const dropped = p.ap_futures_dropped()
    const error = await p.ap_panics().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FuturePanickedError)
    expect((error as FuturePanickedError).code).toBe('ERR_ABI_FUTURE_PANICKED')
    expect((error as Error).message).toContain('FfiFuture<u64>')
    expect(p.ap_futures_dropped() - dropped).toBe(1n)
  })

  it('1,000 concurrent futures complete from plugin threads in random order, each with its own value', async () => {
    const dropped = p.ap_futures_dropped()
    const order: number[] = []
    const delays = Array.from({ length: 1000 }, () => BigInt(Math.floor(Math.random() * 200)))
    const all = delays.map((delay, i) =>
      p.ap_sleep_then(delay, BigInt(i) * 3n, 0n).then((v) => {
        order.push(i)
        return v
      }),
    )
    const values = await Promise.all(all)
    expect(values).toEqual(delays.map((_, i) => BigInt(i) * 3n))
    expect(new Set(order).size).toBe(1000)
    // Completion follows the random delays, not the call order.
    expect(order).not.toEqual([...order].sort((a, b) => a - b))
    expect(p.ap_futures_dropped() - dropped).toBe(1000n)
    expect(futureStats().pending).toBe(0)
    expect(await settled(() => asyncLive().wakers, 0n)).toBe(0n)
  })

  it('wakes many times and after completion neither poll a finished future again nor crash', async () => {
    const polls = p.ap_polls()
    expect(await p.ap_sleep_then(5n, 1n, 10_000n)).toBe(1n)
    await sleep(100) // the plugin's thread wakes again 50 ms after completion, then drops its waker
    // First poll, then one after the completing wake: the later wakes found a finished task.
    expect(p.ap_polls() - polls).toBeLessThanOrEqual(3n)
    expect(await settled(() => asyncLive().wakers, 0n)).toBe(0n)
  })

  it('an abandoned future (AbortSignal) rejects, is dropped at once exactly once, and later wakes do nothing', async () => {
    const dropped = p.ap_futures_dropped()
    const controller = new AbortController()
    const pending = withAbortSignal(controller.signal, () => p.ap_sleep_then(400n, 9n, 1000n))
    await sleep(5) // polled once: the plugin's thread now holds a clone of the waker
    controller.abort(new Error('no longer needed'))
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FutureAbortedError)
    expect((error as Error).message).toContain('no longer needed')
    expect(p.ap_futures_dropped() - dropped).toBe(1n)
    expect(loopHolds()).toBe(0)
    expect(asyncLive().wakers).toBeGreaterThan(0n) // the plugin thread's clone, still to wake
    // At 400 ms it wakes 1,001 times after the drop, then 50 ms later again, then drops its clone.
    expect(await settled(() => asyncLive().wakers, 0n)).toBe(0n)
    expect(p.ap_futures_dropped() - dropped).toBe(1n)

    const already = AbortSignal.abort(new Error('before the call'))
    const early = await withAbortSignal(already, () => p.ap_sleep_then(1_000n, 1n, 0n)).catch((e: unknown) => e)
    expect(early).toBeInstanceOf(FutureAbortedError)
    expect(p.ap_futures_dropped() - dropped).toBe(2n)
  })

  it('abort as a call option: { signal } as the extra last argument, or bound with the function', async () => {
    const dropped = p.ap_futures_dropped()
    const controller = new AbortController()
    const pending = p.ap_sleep_then(300n, 9n, 0n, { signal: controller.signal })
    await sleep(5)
    controller.abort(new Error('per call'))
    const error = await pending.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FutureAbortedError)
    expect((error as Error).message).toContain('per call')
    expect(p.ap_futures_dropped() - dropped).toBe(1n)
    // Without options the same function is not abortable by anything; a finished one resolves.
    expect(await p.ap_sleep_then(1n, 4n, 0n, {})).toBe(4n)
    const bound = bindFunction(koffi.load(path), 'ap_sleep_then', api.ap_sleep_then, { signal: AbortSignal.abort(new Error('bound')) })
    expect(await bound(1_000n, 1n, 0n).catch((e: unknown) => e)).toBeInstanceOf(FutureAbortedError)
    // Each future dropped once: the aborted one, the finished one, the one aborted before it started.
    expect(p.ap_futures_dropped() - dropped).toBe(3n)
    expect(await settled(() => asyncLive().wakers, 0n)).toBe(0n)
  })

  it('call options are checked: unknown keys, a signal that is not one, a signal on a function without a future', () => {
    expect(() => p.ap_sleep_then(1n, 1n, 0n, { timeout: 5 } as never)).toThrow(/ap_sleep_then \(call options\): unknown option 'timeout'; the options are 'signal'/)
    expect(() => p.ap_sleep_then(1n, 1n, 0n, { signal: 'soon' } as never)).toThrow(InvalidValueError)
    expect(() => bindFunction(koffi.load(path), 'ap_polls', api.ap_polls, { signal: new AbortController().signal })).toThrow(/the signal option is for functions returning an FfiFuture; this one returns u64/)
  })

  it('a JS promise handed to the plugin is polled inline with the host waker', async () => {
    const host = new Promise<bigint>((resolve) => setTimeout(() => resolve(10n), 20))
    expect(await p.ap_add_to_host(host, 5n)).toBe(15n)
    expect(await p.ap_add_to_host(Promise.resolve(1n), 1n)).toBe(2n)
    expect(await settled(() => asyncLive().hostFutures, 0n)).toBe(0n)
  })

  it('an async function handed to the plugin is driven by a plugin thread with a waker the plugin made', async () => {
    const value = await p.ap_await_host_on_thread(async () => {
      await sleep(10)
      return 32n
    }, 10n)
    expect(value).toBe(42n)
    const many = await Promise.all(Array.from({ length: 100 }, (_, i) => p.ap_await_host_on_thread(() => sleep(i % 7).then(() => BigInt(i)), 0n)))
    expect(many).toEqual(Array.from({ length: 100 }, (_, i) => BigInt(i)))
    expect(await settled(() => asyncLive().hostFutures, 0n)).toBe(0n)
  })

  it('a host future dropped unpolled, or awaited and dropped on a plugin thread, is released', async () => {
    // The host's half lives until its promise settles; the plugin's goes with drop_fn.
    p.ap_drop_host_future(sleep(10).then(() => 1n))
    p.ap_detach_host_future(sleep(5).then(() => 3n))
    expect(await settled(() => asyncLive().hostFutures, 0n)).toBe(0n)
  })

  it('a rejected host promise whose type carries an RString error reaches the plugin as RErr(message)', async () => {
    const failures = hostFutureFailures()
    expect(await p.ap_forward_result(Promise.resolve({ ok: true, value: 5n }))).toEqual({ ok: true, value: 5n })
    expect(await p.ap_forward_result(Promise.reject(new Error('lookup failed')))).toEqual({ ok: false, error: 'lookup failed' })
    expect(await p.ap_forward_result(sleep(5).then(() => Promise.reject('not an Error')))).toEqual({ ok: false, error: 'not an Error' })
    expect(hostFutureFailures()).toBe(failures)
    expect(await settled(() => asyncLive().hostFutures, 0n)).toBe(0n)
  })

  it('a rejected host promise of another type reaches the plugin as Panicked', async () => {
    const error = await p.ap_add_to_host(Promise.reject(new Error('host failed')), 1n).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FuturePanickedError)
    expect(await settled(() => asyncLive().hostFutures, 0n)).toBe(0n)
  })

  it('refuses a value that is not a promise where a future is expected', () => {
    expect(() => p.ap_add_to_host(42 as never, 1n)).toThrow(InvalidValueError)
  })
})
