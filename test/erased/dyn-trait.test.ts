// Plugin-made DynTraits held and used by JS: each trait of the interface through the plugin's own
// slot (Display, Debug, Clone, Eq, Ord, Hash, Serialize, Iterator), drop exactly once, moves and
// loans back to the plugin, DynTraits inside containers, and typed errors for what the interface
// or the vtable lacks.
import { inspect } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { BoxedError, DeclarationError, InvalidValueError, MissingTraitError, UseAfterMoveError, t } from '../../src/index.ts'
import { erasedPlugins, loadErasedPlugin, type Api, watchErasedSuite } from './api.ts'

describe.each(erasedPlugins())('%s plugin: plugin-made DynTraits', (_lang, path) => {
  let p: Api
  beforeAll(() => {
    p = loadErasedPlugin(path)
  })
  watchErasedSuite(() => p, { noLiveValues: true })

  it('formats through Display and Debug', () => {
    using a = p.er_text_new('hello')
    expect(String(a)).toBe('hello')
    expect(`${a}!`).toBe('hello!')
    expect(a.display(true)).toBe('<<hello>>')
    expect(a.debug()).toBe('Text("hello")')
    expect(a.debug(true)).toBe('Text(\n    "hello",\n)')
    expect(inspect(a)).toBe('Text("hello")')
    expect(a.$interface).toBe('TextInterface')
    expect(p.er_live()).toBe(1n)
  })

  it('clones through clone_ptr: two values, each dropped once', () => {
    const a = p.er_text_new('x')
    const b = a.clone()
    expect(p.er_live()).toBe(2n)
    a.drop()
    expect(String(b)).toBe('x')
    expect(p.er_live()).toBe(1n)
    b.drop()
    expect(p.er_live()).toBe(0n)
    expect(() => a.drop()).toThrow(UseAfterMoveError)
    expect(() => String(a)).toThrow(UseAfterMoveError)
  })

  it('compares, orders and hashes through the plugin', () => {
    using a = p.er_text_new('apple')
    using b = p.er_text_new('banana')
    using a2 = p.er_text_new('apple')
    expect(a.equals(a2)).toBe(true)
    expect(a.equals(b)).toBe(false)
    expect(a.compare(b)).toBe(-1)
    expect(b.compare(a)).toBe(1)
    expect(a.compare(a2)).toBe(0)
    expect(a.hash()).toBe(a2.hash())
    expect(a.hash()).not.toBe(b.hash())
    expect(typeof a.hash()).toBe('bigint')
    const sorted = [b, a2, a].sort((x, y) => x.compare(y) ?? 0).map(String)
    expect(sorted).toEqual(['apple', 'apple', 'banana'])
  })

  it('serializes through the serialize slot (JSON as the plugin writes it), and its errors are BoxedErrors', () => {
    using a = p.er_text_new('hi')
    expect(a.toJSON()).toEqual({ text: 'hi' })
    expect(JSON.stringify({ a })).toBe('{"a":{"text":"hi"}}')
    using bad = p.er_text_new('!no')
    let caught: unknown
    try {
      bad.toJSON()
    } catch (e) {
      caught = e
    }
    expect(caught).toBeInstanceOf(BoxedError)
    expect((caught as BoxedError).message).toBe('texts starting with ! are not serializable')
  })

  it('iterates with for...of through Iterator, and from the back through DoubleEndedIterator', () => {
    using w = p.er_words(' the quick  brown fox ')
    expect(w.sizeHint()).toEqual([4n, 4n])
    expect(w.nextBack()).toEqual({ done: false, value: 'fox' })
    expect([...w]).toEqual(['the', 'quick', 'brown'])
    expect(w.next()).toEqual({ done: true, value: undefined })
    expect(p.er_live()).toBe(1n)
  })

  it('a trait the interface lacks is a typed error naming it', () => {
    using w = p.er_words('a b')
    expect(() => String(w)).toThrow(MissingTraitError)
    expect(() => String(w)).toThrow(/DynTrait<RBox<\(\)>, WordsInterface> does not implement Display/)
    expect(() => w.clone()).toThrow(/does not implement Clone/)
    expect(() => w.hash()).toThrow(MissingTraitError)
    expect(inspect(w)).toBe('DynTrait<RBox<()>, WordsInterface> { owned }')
    using a = p.er_text_new('a')
    expect(() => [...(a as unknown as Iterable<unknown>)]).toThrow(/does not implement Iterator/)
    expect(() => a.equals(w as never)).toThrow(InvalidValueError)
  })

  it('a vtable without the declared Display slot is refused with a typed error, and still dropped once', () => {
    const a = p.er_text_no_display('quiet')
    expect(a.$has('Display')).toBe(false)
    expect(a.$has('Debug')).toBe(true)
    expect(() => a.toString()).toThrow(/the plugin's vtable has no Display slot/)
    expect(a.debug()).toBe('Text("quiet")')
    a.drop()
    expect(p.er_live()).toBe(0n)
  })

  it('moves a DynTrait back into the plugin by value: the plugin drops it', () => {
    const a = p.er_text_new('moved')
    expect(p.er_text_take(a)).toBe('moved')
    expect(a.alive).toBe(false)
    expect(p.er_live()).toBe(0n)
    const w = p.er_words('one two three')
    w.next()
    expect(p.er_words_count(w)).toBe(2n)
    expect(p.er_live()).toBe(0n)
  })

  it('lends a DynTrait as RRef and RMut for a call, and as &mut DynTrait', () => {
    using a = p.er_text_new('abc')
    expect(p.er_text_len(a)).toBe(3n)
    p.er_text_push(a, 'def')
    expect(String(a)).toBe('abcdef')
    using b = p.er_text_new('other')
    p.er_text_replace(a, b)
    expect(String(a)).toBe('other')
    expect(p.er_live()).toBe(2n)
  })

  it('reads DynTraits inside an RVec and an ROption, each owned by JS', () => {
    const texts = p.er_texts(3)
    expect(texts.map(String)).toEqual(['t0', 't1', 't2'])
    expect(p.er_live()).toBe(3n)
    for (const x of texts) x.drop()
    expect(p.er_live()).toBe(0n)
    const some = p.er_text_maybe('m', true)
    expect(String(some)).toBe('m')
    some!.drop()
    expect(p.er_text_maybe('m', false)).toBeUndefined()
    expect(p.er_live()).toBe(0n)
  })
})

describe('t.DynTrait declarations', () => {
  it('refuses unknown pointers, unknown traits and bad trait values', () => {
    expect(() => t.DynTrait('Box' as never, {})).toThrow(DeclarationError)
    expect(() => t.DynTrait('RBox', { Dispaly: true } as never)).toThrow(/unknown option 'Dispaly'/)
    expect(() => t.DynTrait('RBox', { Iterator: true } as never)).toThrow(/Iterator must be the item type/)
    expect(() => t.DynTrait('RBox', { DoubleEndedIterator: true })).toThrow(/needs Iterator/)
  })

  it('adds the traits abi_stable implies and lays out by pointer', () => {
    const d = t.DynTrait('RBox', { name: 'I', Ord: true, Error: true })
    expect([...d.iface.traits].sort()).toEqual(['Debug', 'Display', 'Eq', 'Error', 'Ord', 'PartialEq', 'PartialOrd'])
    expect(t.DynTrait('RMut', { Display: true }).pointerSize).toBe(8)
  })
})
