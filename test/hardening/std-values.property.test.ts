// Generated values (fast-check, fixed seeds) of every std type descriptor, round-tripped through
// the std-types test plugins in C and Rust (docs/std-test-plugin.md), host-made on the way in,
// plugin-made or plugin-changed on the way out, and equal to what the plugin's documented
// behaviour predicts. The plugin's and the runtime's allocation counters end where they began.
// (Primitives, structs, enums, unions, arrays, pointers and prefix types: test/roundtrip.)
import fc from 'fast-check'
import { describe, expect, inject, it } from 'vitest'
import { pluginWithoutLeaks } from '../std-types/suite.ts'

const RUNS = 100
const plugins = inject('stdTestPlugins')
const seedOf = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 11)

const text = fc.string({ unit: 'binary', maxLength: 40 })
const u32 = fc.integer({ min: 0, max: 2 ** 32 - 1 })
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const utf8Length = (s: string) => Buffer.byteLength(s, 'utf8')

/** A Value as JS gives it and gets it back (docs/std-test-plugin.md; src/types/value.ts). */
const key = text.filter((k) => k !== '__proto__')
const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.double({ noDefaultInfinity: false }).filter((d) => !Number.isInteger(d) || !Number.isSafeInteger(d)).filter((d) => !Object.is(d, -0)),
    fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) }), fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n })),
    text,
    fc.uint8Array({ maxLength: 16 }),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(key, tie('value'), { maxKeys: 4 }).map((o) => ({ ...o })),
  ),
}))

describe.each(Object.entries(plugins))('%s plugin: generated std values', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  const prop = <T>(name: string, arb: fc.Arbitrary<T>, check: (v: T) => void) =>
    it(`${name} (${RUNS} runs)`, () => fc.assert(fc.property(arb, (v) => void check(v)), { seed: seedOf(name), numRuns: RUNS }))

  prop('RStr in, RString out', text, (s) => expect(plugin().fns.tp_string_new(s)).toBe(s))
  prop('RStr byte length', text, (s) => expect(plugin().fns.tp_str_len(s)).toBe(BigInt(utf8Length(s))))
  prop('RString moved in, grown, moved out', text, (s) => expect(plugin().fns.tp_string_echo(s)).toBe(`${s}!`))
  prop('RSlice<i64>: wrapping sum', fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 20 }), (xs) =>
    expect(plugin().fns.tp_sum_i64(new BigInt64Array(xs))).toBe(BigInt.asIntN(64, xs.reduce((a, b) => a + b, 0n))),
  )
  prop('RSliceMut<u32> written in place', fc.tuple(fc.array(u32, { maxLength: 20 }), u32), ([xs, start]) => {
    const out = [...xs]
    plugin().fns.tp_fill_u32(out, start)
    expect(out).toEqual(xs.map((_, i) => (start + i) % 2 ** 32))
  })
  prop('RVec<u32> grown through its vtable', fc.tuple(fc.array(u32, { maxLength: 20 }), fc.integer({ min: 0, max: 40 })), ([xs, n]) =>
    expect([...plugin().fns.tp_vec_push_u32(xs, n)]).toEqual([...xs, ...Array.from({ length: n }, (_, i) => i)]),
  )
  prop('RVec<RString> host-made, a plugin string pushed', fc.array(text, { maxLength: 10 }), (xs) =>
    expect(plugin().fns.tp_vec_push_strings(xs)).toEqual([...xs, 'plugin']),
  )
  prop('ROption<u32>', fc.option(u32, { nil: undefined }), (o) =>
    expect(plugin().fns.tp_option_double(o)).toBe(o === undefined ? undefined : (o * 2) % 2 ** 32),
  )
  prop('ROption<RString>', fc.option(text, { nil: undefined }), (o) => expect(plugin().fns.tp_option_string(o)).toBe(o === undefined ? undefined : `${o}?`))
  prop(
    'RResult<RString, u32>',
    fc.oneof(text.map((value) => ({ ok: true as const, value })), fc.integer({ min: 0, max: 2 ** 32 - 2 }).map((error) => ({ ok: false as const, error }))),
    (r) => expect(plugin().fns.tp_result_echo(r)).toEqual(r.ok ? { ok: true, value: `${r.value}!` } : { ok: false, error: r.error + 1 }),
  )
  prop('RBox<u64> in and out', u64, (x) => {
    expect(plugin().fns.tp_box_new(x)).toBe(x)
    expect(plugin().fns.tp_box_take(x)).toBe(x)
  })
  prop('RBox<RString>', text, (s) => expect(plugin().fns.tp_box_string(s)).toBe(`${s}#`))
  prop('Tuple1..4', fc.tuple(fc.double(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 65535 }), u32, u64), ([d, a, b, c, e]) => {
    const p = plugin().fns
    expect(p.tp_tuple1([d])).toEqual([d * 2])
    expect(p.tp_tuple2([a, e])).toEqual([BigInt.asUintN(64, e + 1n), (a + 1) % 256])
    expect(p.tp_tuple3([a, b, c])).toEqual([(a + 1) % 256, (b + 1) % 65536, (c + 1) % 2 ** 32])
    expect(p.tp_tuple4([a, b, c, e])).toEqual([(a + 1) % 256, (b + 1) % 65536, (c + 1) % 2 ** 32, BigInt.asUintN(64, e + 1n)])
  })
  prop('Tuple2<RString, u64>', text, (s) => expect(plugin().fns.tp_tuple_string(s)).toEqual([s, BigInt(utf8Length(s))]))
  prop('RHashMap<RString, u32> host-made: sum, lookups', fc.dictionary(key, fc.integer({ min: 0, max: 1000 }), { maxKeys: 12 }), (o) => {
    const map = new Map(Object.entries(o))
    const p = plugin().fns
    expect(p.tp_map_sum(map)).toBe(BigInt([...map.values()].reduce((a, b) => a + b, 0)))
    for (const [k, v] of map) expect(p.tp_map_get(map, k)).toBe(v)
    expect(p.tp_map_get(map, '\u0000absent')).toBe(undefined)
  })
  prop('RHashMap<RString, u32> plugin-made', fc.array(fc.constantFrom('a', 'b', 'cé', 'd'), { maxLength: 20 }), (words) => {
    const counts = new Map<string, number>()
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1)
    expect(plugin().fns.tp_word_count(words.join(' '))).toEqual(counts)
  })
  prop('RCow<RStr, RString> (owned, host-made)', text, (s) => expect(plugin().fns.tp_cow_len(s)).toBe(BigInt(utf8Length(s))))
  prop(
    'RDuration',
    fc.tuple(fc.bigInt({ min: 0n, max: 2n ** 62n }), fc.integer({ min: 0, max: 999_999_999 }), fc.bigInt({ min: 0n, max: 2n ** 62n }), fc.integer({ min: 0, max: 999_999_999 })),
    ([s1, n1, s2, n2]) => {
      const carry = n1 + n2 >= 1e9
      expect(plugin().fns.tp_duration_add({ seconds: s1, subsec_nanos: n1 }, { seconds: s2, subsec_nanos: n2 })).toEqual({
        seconds: s1 + s2 + (carry ? 1n : 0n),
        subsec_nanos: carry ? n1 + n2 - 1e9 : n1 + n2,
      })
    },
  )
  prop('RCmpOrdering', fc.tuple(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), ([a, b]) =>
    expect(plugin().fns.tp_compare(a, b)).toBe(a < b ? -1 : a > b ? 1 : 0),
  )
  prop('Value: a deep copy made by the plugin', value, (v) => expect(plugin().fns.tp_value_echo(v as never)).toEqual(v))
})
