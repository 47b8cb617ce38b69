// DynTraits JS makes for a plugin: a JS value's Display (String) and Debug (util.inspect), a JS
// iterable as an iterator of RStrings, its JSON (Serialize) and a comparison key (PartialEq, Ord,
// Hash), with Clone copying all of it. Taken when written, so the plugin uses and drops them on
// any thread without calling into JS; moved by value, lent as RMut; nothing leaks.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidValueError, UnsupportedError, encode, liveAllocations, t } from '../../src/index.ts'
import { erasedPlugins, loadErasedPlugin, type Api } from './api.ts'

class Temperature {
  constructor(readonly celsius: number) {}
  toString(): string {
    return `${this.celsius}°C`
  }
  [inspect.custom](): string {
    return `Temperature { celsius: ${this.celsius} }`
  }
}

describe.each(erasedPlugins())('%s plugin: JS-made DynTraits', (_lang, path) => {
  let p: Api
  let allocations: bigint
  let runtime: bigint
  beforeAll(() => {
    p = loadErasedPlugin(path)
    allocations = p.er_live_allocations()
    runtime = liveAllocations()
  })
  afterAll(() => {
    expect(p.er_live()).toBe(0n)
    expect(p.er_live_allocations()).toBe(allocations)
    expect(liveAllocations()).toBe(runtime)
  })

  it('a JS object is Display (String) and Debug (util.inspect) for the plugin, which drops it', () => {
    expect(p.er_show(new Temperature(21))).toBe('21°C|Temperature { celsius: 21 }')
    expect(p.er_show('plain')).toBe("plain|'plain'")
    expect(liveAllocations()).toBe(runtime)
  })

  it('a plugin thread formats and drops it without running JS', () => {
    expect(p.er_show_on_thread(new Temperature(-4))).toBe('-4°C|Temperature { celsius: -4 }')
    expect(liveAllocations()).toBe(runtime)
  })

  it('a JS iterable is an Iterator (and DoubleEndedIterator) of its items', () => {
    expect(p.er_join(['a', 'b', 'c', 'd'])).toBe('n=4 back=d: a,b,c')
    expect(p.er_join(new Set(['only']))).toBe('n=1 back=only: ')
    function* gen() {
      yield 'x'
      yield 'y'
    }
    expect(p.er_join(gen())).toBe('n=2 back=y: x')
    expect(p.er_join([])).toBe('n=0 back=: ')
    expect(liveAllocations()).toBe(runtime)
  })

  it('lends a JS iterable or a plugin iterator as RMut for one call', () => {
    expect(p.er_take_two(['a', 'b', 'c'])).toBe('a,b')
    expect(liveAllocations()).toBe(runtime)
    using w = p.er_words('one two three four')
    expect(p.er_take_two(w)).toBe('one,two')
    expect([...w]).toEqual(['three', 'four'])
  })

  it('a JS value is Clone, PartialEq, Ord, Hash and Serialize for the plugin, from its copied key and JSON', () => {
    expect(p.er_relate('apple', 'banana')).toBe('eq=false cmp=Less hash=different json="apple" clone=apple clone_eq=true')
    expect(p.er_relate('pear', 'pear')).toBe('eq=true cmp=Equal hash=same json="pear" clone=pear clone_eq=true')
    // Numbers (and bigints) order as numbers, not as their texts; numbers before texts.
    expect(p.er_relate(10, 9n)).toBe('eq=false cmp=Greater hash=different json=10 clone=10 clone_eq=true')
    expect(p.er_relate(3, '3')).toContain('eq=false cmp=Less')
    // Other values compare and hash by their JSON text; bigints serialize as integers.
    const order = { id: 12345678901234567890n, items: ['a', 'b'] }
    expect(p.er_relate(order, { ...order })).toBe('eq=true cmp=Equal hash=same json={"id":12345678901234567890,"items":["a","b"]} clone=[object Object] clone_eq=true')
    // A plugin-made Text and a JS-made one are different types: never equal.
    expect(p.er_relate(p.er_text_new('x'), 'x')).toMatch(/^eq=false cmp=(Less|Greater) hash=/)
    expect(p.er_live()).toBe(0n)
  })

  it('refuses what it cannot serve with typed errors, leaking nothing', () => {
    const Defaulted = t.DynTrait('RBox', { name: 'Defaulted', Display: true, Default: true })
    expect(() => encode(Defaulted, 'x')).toThrow(UnsupportedError)
    expect(() => encode(Defaulted, 'x')).toThrow(/also declares Default, which only a plugin-made value can serve/)
    const CloneIter = t.DynTrait('RBox', { name: 'CloneIter', Iterator: t.RString, Clone: true })
    expect(() => encode(CloneIter, ['a'])).toThrow(/a JS-made iterator cannot be Clone/)
    const Proxied = t.DynTrait('RBox', { name: 'Proxied', Serialize: t.u32 })
    expect(() => encode(Proxied, 1)).toThrow(/serializes to JSON \(Serialize: true\), not to a proxy type/)
    expect(() => p.er_text_take((() => 1) as never)).toThrow(InvalidValueError)
    expect(() => p.er_join(42 as never)).toThrow(InvalidValueError)
    expect(() => p.er_join([1, 2] as never)).toThrow(InvalidValueError)
    expect(p.er_text_take('text' as never)).toBe('text')
    expect(liveAllocations()).toBe(runtime)
  })
})
