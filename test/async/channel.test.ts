// Event channels from plugin threads, read as async iterators, through the C and Rust async test
// plugins: a million events from four threads, once each and in per-thread order; bounded
// channels and the backpressure the plugin sees; the end of the iteration from either side; and
// events nobody read dropped through their own vtables.
import { describe, expect, it } from 'vitest'
import { ChannelError, InvalidValueError, asyncLive, channel, loopHolds, openChannels } from '../../src/index.ts'
import { loadAsyncPlugin, settled } from './api.ts'
import { asyncPlugins } from './plugins.ts'

const THREAD = 2n ** 32n

/** Checks per-thread order of numbered events (thread << 32 | seq); returns the count per thread. */
function checkOrder(events: Iterable<unknown>, threads: number): number[] {
  const next = new Array<number>(threads).fill(0)
  for (const e of events) {
    const n = BigInt(e as number)
    const thread = Number(n / THREAD)
    const seq = Number(n % THREAD)
    if (seq !== next[thread]) throw new Error(`thread ${thread}: expected event ${next[thread]}, got ${seq}`)
    next[thread]++
  }
  return next
}

describe.each(asyncPlugins())('%s plugin: event channels', (_lang, path) => {
  const p = loadAsyncPlugin(path)

  it('1,000,000 events from 4 plugin threads arrive once each, in per-thread order, then the iteration ends', async () => {
    const ch = channel()
    p.ap_spawn_streams(ch, 4, 250_000n)
    expect(loopHolds()).toBeGreaterThan(0)
    const next = [0, 0, 0, 0]
    let count = 0
    for await (const e of ch) {
      const n = typeof e === 'bigint' ? e : BigInt(e as number)
      const thread = Number(n / THREAD)
      const seq = Number(n % THREAD)
      if (seq !== next[thread]) throw new Error(`thread ${thread}: expected event ${next[thread]}, got ${seq}`)
      next[thread]++
      count++
    }
    expect(next).toEqual([250_000, 250_000, 250_000, 250_000])
    expect(count).toBe(1_000_000)
    expect(ch.stats).toMatchObject({ delivered: 1_000_000, ended: true })
    expect(loopHolds()).toBe(0)
    expect(await settled(() => asyncLive().channels, 0n)).toBe(0n)
  })

  it('64-byte string events from 4 plugin threads through a bounded channel arrive once each, in per-thread order, and are dropped once', async () => {
    const live = p.ap_live_allocations()
    const ch = channel({ capacity: 4096 })
    p.ap_spawn_string_streams(ch, 4, 25_000n)
    const next = [0, 0, 0, 0]
    for await (const e of ch) {
      const text = e as string
      if (text.length !== 64) throw new Error(`an event of ${text.length} characters: ${text}`)
      const [thread, seq] = text.split(':').map(Number)
      if (seq !== next[thread]) throw new Error(`thread ${thread}: expected event ${next[thread]}, got ${seq}`)
      next[thread]++
    }
    expect(next).toEqual([25_000, 25_000, 25_000, 25_000])
    expect(ch.stats).toMatchObject({ delivered: 100_000, ended: true })
    // Every plugin-made string was dropped through its own vtable (the JS strings are copies).
    expect(await settled(() => p.ap_live_allocations(), live)).toBe(live)
  })

  it('a batch the Value codec does not read whole (more events than one dump takes) is read event by event, in order, and dropped once', async () => {
    const live = p.ap_live_allocations()
    const ch = channel({ batch: 30_000 })
    expect(p.ap_send_strings(ch, 30_000n, 1)).toBe(30_000n)
    const got: unknown[] = []
    for await (const e of ch) got.push(e)
    expect(got.length).toBe(30_000)
    expect(got[0]).toBe('event 0')
    expect(got[29_999]).toBe('event 29999')
    expect(got.every((e, i) => e === `event ${i}`)).toBe(true)
    expect(await settled(() => p.ap_live_allocations(), live)).toBe(live)
  })

  it('a busy stream still lets timers and immediates run between batches', async () => {
    const ch = channel()
    p.ap_spawn_streams(ch, 4, 250_000n)
    let seenAtTimer = -1
    let seenAtImmediate = -1
    let count = 0
    setTimeout(() => (seenAtTimer = count), 1)
    setImmediate(() => (seenAtImmediate = count))
    for await (const _ of ch) count++
    expect(count).toBe(1_000_000)
    // Both ran while events were still coming (a batch is at most 4096 events).
    expect(seenAtImmediate).toBeGreaterThanOrEqual(0)
    expect(seenAtImmediate).toBeLessThanOrEqual(4096)
    expect(seenAtTimer).toBeGreaterThanOrEqual(0)
    expect(seenAtTimer).toBeLessThan(1_000_000)
  })

  it('a bounded channel refuses sends while full (the plugin waits) and still delivers everything in order', async () => {
    const full = p.ap_full_seen()
    const ch = channel({ capacity: 64 })
    p.ap_spawn_streams(ch, 4, 20_000n)
    const events: unknown[] = []
    let i = 0
    for await (const e of ch) {
      events.push(e)
      // A slow reader: the plugin threads outrun it and find the channel full.
      if (++i % 4096 === 0) await new Promise((r) => setTimeout(r, 5))
    }
    expect(checkOrder(events, 4)).toEqual([20_000, 20_000, 20_000, 20_000])
    expect(ch.stats.refusedFull).toBeGreaterThan(0)
    expect(p.ap_full_seen() - full).toBe(BigInt(ch.stats.refusedFull))
  })

  it('a full channel refuses at once on the calling thread; the plugin keeps and drops what was refused; its close ends the iteration after what it sent', async () => {
    const live = p.ap_live_allocations()
    const ch = channel({ capacity: 3 })
    expect(p.ap_send_strings(ch, 5n, 1)).toBe(3n)
    expect(ch.stats.refusedFull).toBe(2)
    const got: unknown[] = []
    for await (const e of ch) got.push(e)
    expect(got).toEqual(['event 0', 'event 1', 'event 2'])
    expect(await settled(() => p.ap_live_allocations(), live)).toBe(live)
  })

  it('the host closing (leaving the loop) ends the iteration and tells the plugin threads, which stop', async () => {
    const ch = channel()
    p.ap_spawn_streams(ch, 2, 1_000_000_000n)
    let n = 0
    for await (const _ of ch) if (++n === 10_000) break
    expect(ch.stats.ended).toBe(true)
    expect(openChannels()).toBe(0)
    expect(loopHolds()).toBe(0)
    // The threads see ABS_SEND_CLOSED, stop, and drop their handles: the native channel goes.
    expect(await settled(() => asyncLive().channels, 0n)).toBe(0n)
    await expect(ch.next()).resolves.toEqual({ done: true, value: undefined })
  })

  it('events nobody read are dropped through their own vtables when the host closes', async () => {
    const live = p.ap_live_allocations()
    const ch = channel()
    expect(p.ap_send_strings(ch, 100n, 0)).toBe(100n)
    expect(p.ap_live_allocations()).toBeGreaterThan(live) // 100 plugin-made strings wait in the channel
    ch.close()
    expect(await settled(() => p.ap_live_allocations(), live)).toBe(live)
    expect(await settled(() => asyncLive().channels, 0n)).toBe(0n)
  })

  it('refuses what is not a channel, a second concurrent reader, and a sender of an ended channel', async () => {
    expect(() => p.ap_spawn_streams({} as never, 1, 1n)).toThrow(InvalidValueError)
    expect(() => channel({ capacity: -1 })).toThrow(InvalidValueError)
    const ch = channel()
    const first = ch.next()
    await expect(ch.next()).rejects.toBeInstanceOf(ChannelError)
    ch.close()
    await expect(first).resolves.toEqual({ done: true, value: undefined })
    expect(() => p.ap_spawn_streams(ch, 1, 1n)).toThrow(ChannelError)
  })
})
