// Value-returning calls from plugin threads (issue 18.2), opt-in with offThread: 'wait': the plugin
// thread waits until the main thread has run the JS function and takes its answer; when the main
// thread is itself blocked in a native call (here: joining that very thread), the wait ends at the
// deadline with the declared fallback and a 'timed-out' report, and JS never runs the stale call.
// The round trip is measured against a plain condition-variable handoff between two C threads.
import { beforeAll, describe, expect, it } from 'vitest'
import { DeclarationError, UnsupportedSignatureError, bindFunction, callback, deliveries, t } from '../../src/index.ts'
import { settled, traitPlugins } from '../trait/api.ts'
import { loadCallbackPlugin } from './api.ts'
import { watchHostSuite } from '../trait/host-suite.ts'

const U32Fn = t.fn([t.u32], t.u32)
const WaitingLogger = t.trait('Logger', {
  log: t.method([t.u8, t.RStr], t.RResult(t.unit, t.RString)),
  name: t.method([], t.RString),
  level: t.method([], t.u8, { fallback: 255, offThread: 'wait', timeoutMs: 100 }),
  flush: t.method([], t.unit, { mut: true }),
})

describe.each(traitPlugins())('%s plugin: plugin threads waiting for answers from JS', (lang, path) => {
  let p: ReturnType<typeof loadCallbackPlugin>
  beforeAll(() => {
    p = loadCallbackPlugin(path)
  })
  const { failures } = watchHostSuite()

  it('a plugin thread gets each answer from the main thread, in order', async () => {
    const asked: number[] = []
    const count = 2000
    using cb = callback((n: number) => (asked.push(n), n * 2), U32Fn, { keepAlive: true, offThread: 'wait' })
    const started = performance.now()
    p.cb.tr_ask_start(cb, count)
    expect(await settled(() => asked.length, count)).toBe(count)
    const us = ((performance.now() - started) * 1000) / count
    expect(p.cb.tr_ask_join()).toBe(BigInt(count * (count - 1)))
    expect(asked).toEqual(Array.from({ length: count }, (_, i) => i))
    const condvarNs = Number(p.cb.tr_condvar_round_trip_ns(20_000))
    console.log(`${lang}: plugin thread -> JS -> plugin thread: ${us.toFixed(1)} us per round trip; condvar handoff between two C threads: ${(condvarNs / 1000).toFixed(1)} us`)
    expect(failures).toEqual([])
  })

  it('the main thread blocked in a call joining the asking thread: the wait ends at the deadline with the fallback', async () => {
    const asked: number[] = []
    const started = performance.now()
    const sum = p.cb.tr_ask_blocking(callback((n: number) => (asked.push(n), n), U32Fn, { offThread: 'wait', timeoutMs: 100, fallback: 7 }), 2)
    const ms = performance.now() - started
    expect(sum).toBe(14n)
    expect(ms).toBeGreaterThanOrEqual(190)
    expect(ms).toBeLessThan(5000)
    await deliveries()
    expect(asked).toEqual([]) // the stale calls were not run
    expect(failures.map((f) => f.reason)).toEqual(['timed-out', 'timed-out'])
    expect(failures[0].message).toMatch(/waited 100 ms for the main thread and gave up/)
    failures.length = 0
  })

  it("a trait method with offThread: 'wait', called by a thread the main thread joins, times out to its fallback", async () => {
    const logger = { log: () => ({ ok: true as const, value: undefined }), name: () => 'w', level: () => 3, flush: () => {} }
    const levelOnThread = bindFunction(p.lib, 'tr_level_on_thread', t.fn([t.refMut(WaitingLogger)], t.u8))
    const started = performance.now()
    expect(levelOnThread(logger)).toBe(255)
    expect(performance.now() - started).toBeGreaterThanOrEqual(95)
    await deliveries()
    expect(failures.map((f) => [f.method, f.reason])).toEqual([['level', 'timed-out']])
    failures.length = 0
  })

  it('declaration errors name the method and the rule', () => {
    expect(() => t.method([], t.unit, { offThread: 'wait' })).not.toThrow()
    expect(() => t.trait('W1', { m: t.method([], t.unit, { offThread: 'wait' }) })).toThrow(/offThread: 'wait' is for methods that return a value/)
    expect(() => t.trait('W2', { m: t.method([t.ref(t.u32)], t.u32, { offThread: 'wait' }) })).toThrow(UnsupportedSignatureError)
    expect(() => t.method([], t.u32, { timeoutMs: 10 })).toThrow(/set offThread: 'wait' too/)
    expect(() => t.method([], t.u32, { offThread: 'block' as never })).toThrow(DeclarationError)
    expect(() => t.method([], t.u32, { offThread: 'wait', timeoutMs: 0 })).toThrow(/timeoutMs/)
    expect(() => callback((n: number) => n, U32Fn, { offThread: 'wait', timeoutMs: -1 })).toThrow(/timeoutMs/)
  })
})
