// The argument and return shapes JS implementations support, end to end: a plugin calls a JS
// Probe with integers in registers and on the stack, an RStr split by the register limit,
// f32/f64, a two-register struct, narrow and signed integers, 16- and 32-byte returns, and the
// same wide call from its own thread (queued; the RStr copied before the plugin's buffer changes).
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, type TraitImpl } from '../../src/index.ts'
import { Probe, loadTraitPlugin, traitPlugins, type TraitPlugin } from './api.ts'
import { watchHostSuite } from './host-suite.ts'

type ProbeImpl = TraitImpl<typeof Probe.trait.methods>

function recordingProbe() {
  const calls: unknown[][] = []
  const impl: ProbeImpl = {
    mixed: (...args) => (calls.push(['mixed', ...args]), 42n),
    note: (...args) => void calls.push(['note', ...args]),
    floats: (a, b) => (calls.push(['floats', a, b]), a + b),
    single: (x) => (calls.push(['single', x]), x * 4),
    pair: ([a, b]) => (calls.push(['pair', a, b]), [BigInt(a) + 1n, b + 1n]),
    wide: (...args) => (calls.push(['wide', ...args]), `w:${args.reduce((s, x) => s + x, 0n)}`),
    narrow: (a, b, c, d) => (calls.push(['narrow', a, b, c, d]), a + b + c + (d ? 0 : 1)),
  }
  return { impl, calls }
}

describe.each(traitPlugins())('%s plugin: argument and return shapes of JS implementations', (_lang, path) => {
  let p: TraitPlugin
  beforeAll(() => {
    p = loadTraitPlugin(path)
  })
  const { failures } = watchHostSuite()

  it('every shape arrives intact and every return value reaches the plugin', () => {
    const { impl, calls } = recordingProbe()
    expect(p.fns.tr_probe(impl)).toBe('mixed=42;floats=3.75;single=2;pair=8,1099511627777;wide=w:150;narrow=-34470')
    expect(calls).toEqual([
      ['mixed', 1n, 2n, 3n, 4n, 'five', 6.5, 7.25, true],
      ['floats', 1.5, 2.25],
      ['single', 0.5],
      ['pair', 7, 2n ** 40n],
      ['wide', 10n, 20n, 30n, 40n, 50n],
      ['narrow', -5, 65535, -100000, true],
    ])
    expect(failures).toEqual([])
  })

  it('the same wide call from a plugin thread is queued with its RStr copied', async () => {
    const { impl, calls } = recordingProbe()
    p.fns.tr_probe_on_thread(impl)
    expect(calls).toEqual([])
    await deliveries()
    expect(calls).toEqual([['note', 11n, 12n, 13n, 14n, 'from a thread', -1.5, 1e300, false]])
  })
})
