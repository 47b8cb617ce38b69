// abi_stable's RSender<T> / RReceiver<T> (reference 11.C) through the C and the Rust trait plugins
// (plugins-c/trait-plugin/channel.c, plugins-rust/trait-plugin/src/channel.rs): a host channel
// whose sender plugin threads clone and send on (4 threads), read with `for await` (woken, never
// blocking); a plugin's channel JS sends into (`send` resolves when accepted) and one JS reads.
import { describe, expect, it } from 'vitest'
import { ChannelError, InvalidValueError, UnsupportedError, UseAfterMoveError, bindFunction, liveRChannels, rchannel, t, type FnDesc } from '../../src/index.ts'
import { loadTraitPlugin, settled, traitPlugins } from './api.ts'

const channelApi = {
  ch_spawn_senders: t.fn([t.RSender(t.u64), t.u32, t.u32], t.unit),
  ch_spawn_string_senders: t.fn([t.RSender(t.RString), t.u32, t.u32], t.unit),
  ch_summer_new: t.fn([t.u64], t.RSender(t.u64)),
  ch_summer_total: t.fn([], t.u64),
  ch_summer_count: t.fn([], t.u64),
  ch_summer_done: t.fn([], t.bool),
  ch_count_to: t.fn([t.u64], t.RReceiver(t.u64)),
} as const

describe('rchannel: host channels', () => {
  it('is bounded or not, refuses a full send and reports the other side gone', () => {
    const before = liveRChannels()
    const { sender, receiver } = rchannel(t.u64, { capacity: 2 })
    expect(sender.trySend(1n)).toBe(true)
    expect(sender.trySend(2n)).toBe(true)
    expect(sender.trySend(3n)).toBe(false)
    expect(receiver.length).toBe(2)
    expect(receiver.tryRecv()).toEqual({ value: 1n })
    receiver.close()
    expect(() => sender.trySend(4n)).toThrow(ChannelError)
    sender.close()
    expect(liveRChannels()).toBe(before)
  })

  it('refuses element types and options it cannot serve, by name', () => {
    expect(() => rchannel(t.f64)).toThrow(UnsupportedError)
    expect(() => rchannel(t.f64)).toThrow(/rchannel\(f64\).*with floats/)
    expect(() => rchannel(t.u64, { capacity: 0 })).toThrow(InvalidValueError)
    expect(() => rchannel(t.u64, { cap: 1 } as never)).toThrow(/cap/)
  })
})

describe.each(traitPlugins())('%s plugin: RSender / RReceiver', (_lang, path) => {
  const p = loadTraitPlugin(path)
  const f = Object.fromEntries(Object.entries(channelApi).map(([n, d]) => [n, bindFunction(p.lib, n, d as FnDesc)])) as {
    [K in keyof typeof channelApi]: (...a: any[]) => any
  }

  it('4 plugin threads send on clones of a host sender; JS reads every value, in order per thread, until the end', async () => {
    const before = liveRChannels()
    const { sender, receiver } = rchannel(t.u64, { capacity: 16 })
    f.ch_spawn_senders(sender, 4, 500)
    expect(sender.alive).toBe(false) // moved into the plugin
    expect(() => sender.trySend(1n)).toThrow(UseAfterMoveError)
    const next = [0n, 0n, 0n, 0n]
    let count = 0
    for await (const v of receiver) {
      const thread = Number(v >> 32n)
      expect(v & 0xffffffffn).toBe(next[thread]++)
      count++
    }
    expect(count).toBe(2000)
    expect(next).toEqual([500n, 500n, 500n, 500n])
    expect(receiver.alive).toBe(false) // leaving the loop dropped it
    expect(await settled(liveRChannels, before)).toBe(before)
  })

  it('owned values: strings JS receives are its own; those left when JS stops reading are dropped once', async () => {
    const before = liveRChannels()
    const allocations = p.fns.tr_live_allocations()
    const { sender, receiver } = rchannel(t.RString, { capacity: 8 })
    f.ch_spawn_string_senders(sender, 4, 100)
    const got: string[] = []
    for await (const s of receiver) {
      got.push(s)
      if (got.length === 10) break // drops the receiver: the senders see Disconnected
    }
    expect(got.every((s) => /^[0-3]-\d+$/.test(s))).toBe(true)
    expect(await settled(liveRChannels, before)).toBe(before)
    expect(await settled(() => p.fns.tr_live_allocations(), allocations)).toBe(allocations)
  })

  it("JS sends into a plugin's bounded channel: send() resolves when accepted; close() ends the plugin's loop", async () => {
    const sender = f.ch_summer_new(2n)
    for (let i = 1; i <= 200; i++) await sender.send(BigInt(i))
    sender.close()
    expect(await settled(() => f.ch_summer_done(), true)).toBe(true)
    expect(f.ch_summer_count()).toBe(200n)
    expect(f.ch_summer_total()).toBe(20100n)
  })

  it("JS reads a plugin's channel as an async iterator (the plugin's thread blocks while it is full)", async () => {
    const receiver = f.ch_count_to(50n)
    const got: bigint[] = []
    for await (const v of receiver) got.push(v)
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)))
  })

  it('refuses the wrong end and the wrong element type', () => {
    const { sender, receiver } = rchannel(t.u32)
    expect(() => f.ch_spawn_senders(receiver, 1, 1)).toThrow(InvalidValueError)
    expect(() => f.ch_spawn_senders(sender, 1, 1)).toThrow(InvalidValueError)
    expect(sender.alive && receiver.alive).toBe(true)
    sender.close()
    receiver.close()
  })
})
