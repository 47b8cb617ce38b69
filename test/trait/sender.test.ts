// A JS-implemented sender called from a plugin's own thread: the plugin's call returns at once,
// each of 100,000 messages is delivered exactly once and in order on the main thread, and the
// plugin's drop (on its thread, after the last message) releases the JS object.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deliveries, hostStats, implement, liveAllocations, type TraitImpl } from '../../src/index.ts'
import { Sender, loadTraitPlugin, settled, traitPlugins, type TraitPlugin } from './api.ts'

type SenderImpl = TraitImpl<typeof Sender.trait.methods>

/** A sender recording every message, resolving `closed` with the count close() reports. */
function recordingSender() {
  const seqs: bigint[] = []
  const texts: string[] = []
  let resolve!: (n: bigint) => void
  const closed = new Promise<bigint>((r) => (resolve = r))
  const impl: SenderImpl = {
    send(seq, msg) {
      seqs.push(seq)
      texts.push(msg)
    },
    close(count) {
      resolve(count)
    },
  }
  return { impl, seqs, texts, closed }
}

function expectInOrder(seqs: bigint[], texts: string[], count: number): void {
  expect(seqs.length).toBe(count)
  let firstBad = -1
  for (let i = 0; i < count && firstBad < 0; i++) if (seqs[i] !== BigInt(i) || texts[i] !== `message ${i}`) firstBad = i
  expect(firstBad, `first message out of order or changed (at ${firstBad}: ${seqs[firstBad]} ${texts[firstBad]})`).toBe(-1)
}

describe.each(traitPlugins())('%s plugin: a JS sender called from a plugin thread', (_lang, path) => {
  let p: TraitPlugin
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  beforeAll(() => {
    p = loadTraitPlugin(path)
    pluginBaseline = p.fns.tr_live_allocations()
    runtimeBaseline = liveAllocations()
  })
  afterAll(async () => {
    await deliveries()
    expect(await settled(() => p.fns.tr_live_allocations(), pluginBaseline)).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })

  it('100,000 messages arrive once each and in order; the plugin call returned before any was delivered', async () => {
    const { impl, seqs, texts, closed } = recordingSender()
    const live = hostStats().liveObjects
    p.fns.tr_spawn_sender(impl, 100_000n)
    // Deliveries run on this thread, so none can have happened during the synchronous call.
    expect(seqs.length).toBe(0)
    expect(await closed).toBe(100_000n)
    expectInOrder(seqs, texts, 100_000)
    // The plugin dropped the sender on its thread after close(): the release follows in order.
    await deliveries()
    expect(hostStats().liveObjects).toBe(live)
    expect(hostStats().threw).toBe(0)
  })

  it('a synchronous call that waits for its own thread while it sends does not deadlock', async () => {
    const { impl, seqs, texts, closed } = recordingSender()
    p.fns.tr_send_and_join(impl, 10_000n)
    // The plugin's thread finished all its sends while JS was blocked in the call above.
    expect(seqs.length).toBe(0)
    expect(await closed).toBe(10_000n)
    expectInOrder(seqs, texts, 10_000)
  })

  it('two senders on two threads: each stream stays in order', async () => {
    const a = recordingSender()
    const b = recordingSender()
    p.fns.tr_spawn_sender(implement(Sender, a.impl), 20_000n)
    p.fns.tr_spawn_sender(b.impl, 20_000n)
    expect(await Promise.all([a.closed, b.closed])).toEqual([20_000n, 20_000n])
    expectInOrder(a.seqs, a.texts, 20_000)
    expectInOrder(b.seqs, b.texts, 20_000)
  })
})
