// Value across the boundary with nothing else in the way: tp_value_identity moves its argument
// back unchanged, so what comes back is exactly the host's conversion both ways (generated
// documents: bytes, integers beyond 2^53 in i64 and u64, non-ASCII keys, nesting), through the C
// and the Rust std test plugins; and what a Value cannot hold is a typed error with its path,
// with nothing left allocated.
import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { InvalidValueError, liveAllocations } from '../../src/index.ts'
import type { Plugin } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')

const text = fc.string({ unit: 'grapheme', maxLength: 24 })
const key = text.filter((k) => k !== '__proto__')
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.double({ noDefaultInfinity: false }).filter((d) => !Number.isSafeInteger(d) && !Object.is(d, -0)),
    fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) }), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n })),
    text,
    fc.uint8Array({ maxLength: 32 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(key, tie('value'), { maxKeys: 5 }).map((o) => ({ ...o })),
  ),
}))

// Keys that test how keys cross: JSON-escaped into object literals (quotes, backslashes, line
// separators), integer-like, empty, non-ASCII, '__proto__', and 70 of them (past the 64 a
// factory takes).
const oddKey = fc.constantFrom('"', '\\', '\u2028x', '0', '17', '', 'é', '🔑', '__proto__', 'constructor', 'a b')
const keySet = fc.uniqueArray(fc.oneof(oddKey, key), { minLength: 1, maxLength: 8 })
const wideKeys = Array.from({ length: 70 }, (_, i) => `k${i}`)
// Objects sharing key sets, as events do: the same set met again crosses as its index and is
// made by one factory.
const records = fc
  .tuple(fc.array(keySet, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 2, maxLength: 12 }), fc.array(value, { minLength: 1, maxLength: 8 }))
  .map(([sets, picks, values]) =>
    picks.map((pick, i) => {
      const names = pick % 5 === 4 ? wideKeys : sets[pick % sets.length]
      const o: Record<string, unknown> = {}
      names.forEach((k, j) => Object.defineProperty(o, k, { value: values[(i + j) % values.length], enumerable: true, writable: true, configurable: true }))
      return o
    }),
  )

/** Own keys and values equal, and '__proto__' an own property (never the prototype). */
function expectSameRecords(got: unknown, want: Record<string, unknown>[]): void {
  expect(Array.isArray(got)).toBe(true)
  ;(got as Record<string, unknown>[]).forEach((o, i) => {
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype)
    expect(Object.keys(o).sort()).toEqual(Object.keys(want[i]).sort())
    for (const k of Object.keys(want[i])) expect(Object.getOwnPropertyDescriptor(o, k)?.value).toEqual(want[i][k])
  })
}

describe.each(Object.entries(plugins))('%s plugin: Value identity', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  let p: Plugin
  beforeAll(() => {
    p = plugin()
  })

  it('generated documents come back exactly (200 runs)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(p.fns.tp_value_identity(v as never)).toEqual(v)
      }),
      { seed: 4242, numRuns: 200 },
    )
  })

  it('the edges of the integer kinds and non-ASCII keys, exactly', () => {
    const doc = {
      i64min: -(2n ** 63n),
      beyond: 2n ** 53n,
      u64max: 2n ** 64n - 1n,
      safe: Number.MAX_SAFE_INTEGER,
      'ключ 🔑': { 日本: [new Uint8Array([0, 255, 128]), 'é\u0000x'] },
    }
    expect(p.fns.tp_value_identity(doc as never)).toEqual(doc)
  })

  it('objects sharing key sets, odd keys included, come back exactly: moved back and plugin-made (100 runs)', () => {
    fc.assert(
      fc.property(records, (rs) => {
        expectSameRecords(p.fns.tp_value_identity(rs as never), rs)
        expectSameRecords(p.fns.tp_value_echo(rs as never), rs)
      }),
      { seed: 1717, numRuns: 100 },
    )
  })

  it('a large document of repeated keys and short strings: exact both ways, nothing left allocated', () => {
    const before = liveAllocations()
    const doc = Array.from({ length: 3000 }, (_, i) => ({ id: i, host: `h${i % 7}`, msg: 'x'.repeat(i % 40), tags: ['a', `t${i}`], nested: { ok: i % 2 === 0, n: null } }))
    expect(p.fns.tp_value_identity(doc as never)).toEqual(doc)
    expect(p.fns.tp_value_echo(doc as never)).toEqual(doc)
    expect(liveAllocations()).toBe(before)
  })

  it('a plugin edits host-made objects through their vtables: entry, remove, growth past their room, clear (150 runs)', () => {
    // The runtime builds each object with room for its entries and their index in one block;
    // tp_value_edit bumps "hits" through the entry API, removes "drop", then inserts `extra` keys.
    const hits = fc.option(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constant('many')), { nil: undefined })
    const object = fc.record({ base: fc.dictionary(key, value, { maxKeys: 8 }), hits, drop: fc.option(value, { nil: undefined }) })
    fc.assert(
      fc.property(object, fc.integer({ min: 0, max: 24 }), ({ base, hits, drop }, extra) => {
        const o: Record<string, unknown> = { ...base }
        if (hits !== undefined) o.hits = hits
        if (drop !== undefined) o.drop = drop
        const want: Record<string, unknown> = { ...o, hits: typeof o.hits === 'number' ? o.hits + 1 : 'hits' in o ? o.hits : 1 }
        delete want.drop
        for (let i = 0; i < extra; i++) want[`x${i}`] = i
        expect(p.fns.tp_value_edit(o as never, extra)).toEqual(want)
        expect(p.fns.tp_value_clear(o as never)).toEqual({})
      }),
      { seed: 2718, numRuns: 150 },
    )
  })

  it("a plugin's RHashMap<RString, Value> reads into a Map of every entry, in one piece", () => {
    const m = p.fns.tp_value_map(1000) as Map<string, unknown>
    expect(m).toBeInstanceOf(Map)
    expect(m.size).toBe(1000)
    expect([...m.keys()].sort()).toEqual(Array.from({ length: 1000 }, (_, i) => `k${i}`).sort())
    for (const i of [0, 1, 500, 999]) expect(m.get(`k${i}`)).toEqual({ id: i, name: `v${i}` })
    expect(p.fns.tp_value_map(0)).toEqual(new Map())
  })

  it('what a Value cannot hold: typed errors with paths, nothing left allocated', () => {
    const before = liveAllocations()
    const cyclic: Record<string, unknown> = { a: [1, 2] }
    ;(cyclic.a as unknown[]).push(cyclic)
    const refused = (v: unknown, message: RegExp) => {
      expect(() => p.fns.tp_value_identity(v as never)).toThrow(InvalidValueError)
      expect(() => p.fns.tp_value_identity(v as never)).toThrow(message)
    }
    refused(cyclic, /tp_value_identity, argument 0 \(Value\).*: expected a Value without cycles, got an array or object that contains itself/)
    refused({ a: [Symbol('s')] }, /tp_value_identity, argument 0 \(Value\).*\["a"\].*: expected a Value .*got symbol/)
    refused({ ok: 'x', bad: ['\ud800'] }, /tp_value_identity, argument 0 \(Value\).*\["bad"\].*: expected a Value string of well-formed UTF-16, got a string with a lone surrogate/)
    refused({ ['\udc00k']: 1 }, /expected a Value key of well-formed UTF-16, got a string with a lone surrogate/)
    // Halves of a pair in neighbouring strings (all strings cross as one text): still refused.
    refused(['a\ud800', '\udc00b'], /\[0\].*: expected a Value string of well-formed UTF-16, got a string with a lone surrogate/)
    refused({ ['\ud83d']: '\udd11' }, /expected a Value key of well-formed UTF-16, got a string with a lone surrogate/)
    refused([2n ** 64n], /tp_value_identity, argument 0 \(Value\).*\[0\].*: expected a Value integer within i64 or u64, got bigint 18446744073709551616n/)
    refused({ m: new Date(0) }, /expected a Value .*got Date/)
    expect(liveAllocations()).toBe(before)
  })
})
