// DynTraits JS makes for a plugin: a JS value's Display (String) and Debug (util.inspect), a JS
// iterable as an iterator of RStrings. Taken when written, so the plugin uses and drops them on
// any thread without calling into JS; moved by value, lent as RMut; nothing leaks.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidValueError, UnsupportedError, liveAllocations } from '../../src/index.ts'
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

  it('refuses what it cannot serve with typed errors, leaking nothing', () => {
    expect(() => p.er_text_take('text' as never)).toThrow(UnsupportedError)
    expect(() => p.er_text_take('text' as never)).toThrow(/also declares Clone, .*which only a plugin-made value can serve/)
    expect(() => p.er_join(42 as never)).toThrow(InvalidValueError)
    expect(() => p.er_join([1, 2] as never)).toThrow(InvalidValueError)
    expect(liveAllocations()).toBe(runtime)
  })
})
