// The connector shape of a Tremor-style plugin: from_config(id: RString, config: ROption<Value>)
// -> RResult<Connector, RString>, the Connector being a trait object with a few methods.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UseAfterMoveError, liveAllocations } from '../../src/index.ts'
import { loadTraitPlugin, traitPlugins, type TraitPlugin } from './api.ts'

describe.each(traitPlugins())('%s plugin: connectors from config', (_lang, path) => {
  let p: TraitPlugin
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  beforeAll(() => {
    p = loadTraitPlugin(path)
    pluginBaseline = p.fns.tr_live_allocations()
    runtimeBaseline = liveAllocations()
  })
  afterAll(() => {
    expect(p.fns.tr_live_allocations()).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })

  it('a good config gives a connector JS owns and calls', () => {
    const drops = p.fns.tr_connector_drops()
    const r = p.fns.tr_from_config('kafka-in', { brokers: ['a:9092'], topic: 'events', group: null })
    if (!r.ok) throw new Error(`from_config failed: ${r.error}`)
    const c = r.value
    expect(c.id()).toBe('kafka-in')
    expect(c.on_event('{"x":1}')).toEqual({ ok: true, value: 1n })
    expect(c.on_event('second')).toEqual({ ok: true, value: 2n })
    expect(c.on_event('')).toEqual({ ok: false, error: 'empty event' })
    expect(c.events()).toBe(2n)
    expect(c.describe()).toBe('kafka-in: 3 config keys, 2 events')
    c.drop()
    expect(p.fns.tr_connector_drops()).toBe(drops + 1n)
    // `describe` is a trait method here: the object's own bookkeeping must not collide with it.
    expect(() => c.describe()).toThrow(UseAfterMoveError)
    expect(() => c.id()).toThrow(/Connector trait object handle was dropped/)
  })

  it("a bad config is the plugin's RErr, and nothing is left behind", () => {
    const drops = p.fns.tr_connector_drops()
    expect(p.fns.tr_from_config('c1', undefined)).toEqual({ ok: false, error: "connector 'c1': no config given" })
    expect(p.fns.tr_from_config('c2', 'not an object')).toEqual({ ok: false, error: "connector 'c2': config must be an object" })
    expect(p.fns.tr_from_config('c3', [1, 2])).toEqual({ ok: false, error: "connector 'c3': config must be an object" })
    expect(p.fns.tr_connector_drops()).toBe(drops)
  })

  it('several connectors live side by side', () => {
    const made = ['a', 'b', 'c'].map((id, i) => {
      const r = p.fns.tr_from_config(id, Object.fromEntries(Array.from({ length: i }, (_, k) => [`k${k}`, k])))
      if (!r.ok) throw new Error(r.error)
      return r.value
    })
    made[1].on_event('e')
    expect(made.map((c) => c.describe())).toEqual(['a: 0 config keys, 0 events', 'b: 1 config keys, 1 events', 'c: 2 config keys, 0 events'])
    for (const c of made) c.drop()
  })
})
