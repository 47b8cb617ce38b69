// Every std type round-trips host -> plugin -> host through the C and the Rust
// test plugins, host-made and plugin-made values alike, and every value is freed
// exactly once: the plugin's own allocation counter and the runtime's must come
// back to where they started.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { Handle, InvalidUtf8Error, InvalidValueError, UseAfterMoveError, encode, liveAllocations, t, viewOf } from '../../src/index.ts'
import type { Plugin } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')

describe.each(Object.entries(plugins))('%s plugin', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  let p: Plugin
  beforeAll(() => {
    p = plugin()
  })

  describe('strings', () => {
    it('RStr in, plugin-made RString out', () => {
      expect(p.fns.tp_string_new('héllo wörld')).toBe('héllo wörld')
      expect(p.fns.tp_string_new('')).toBe('')
      expect(p.fns.tp_str_len('héllo')).toBe(6n)
    })
    it('a host-made RString grows through the host vtable inside the plugin', () => {
      expect(p.fns.tp_string_echo('hi')).toBe('hi!')
      expect(p.fns.tp_string_echo('')).toBe('!')
      const long = 'x'.repeat(100_000)
      expect(p.fns.tp_string_echo(long)).toBe(`${long}!`)
    })
    it('invalid UTF-8 from the plugin is a typed error, and the string is still dropped', () => {
      expect(() => p.fns.tp_string_invalid_utf8()).toThrow(InvalidUtf8Error)
    })
    it('the plugin drops a host-made string', () => {
      const before = liveAllocations()
      p.fns.tp_string_drop('dropped by the plugin')
      expect(liveAllocations()).toBe(before)
    })
  })

  describe('slices and vectors', () => {
    it('RSlice<i64> from a BigInt64Array (lent) and from a plain array (copied)', () => {
      expect(p.fns.tp_sum_i64(new BigInt64Array([1n, 2n, -3n, 2n ** 40n]))).toBe(2n ** 40n)
      expect(p.fns.tp_sum_i64([1, 2n, 3])).toBe(6n)
      expect(p.fns.tp_sum_i64([])).toBe(0n)
    })
    it('RSliceMut<u32> writes into a typed array in place, and into a plain array by copy-back', () => {
      const typed = new Uint32Array(5)
      p.fns.tp_fill_u32(typed, 10)
      expect([...typed]).toEqual([10, 11, 12, 13, 14])
      const plain = [0, 0, 0]
      p.fns.tp_fill_u32(plain, 7)
      expect(plain).toEqual([7, 8, 9])
    })
    it('plugin-made RVec<u32> to a Uint32Array', () => {
      const v = p.fns.tp_range_u32(1000)
      expect(v).toBeInstanceOf(Uint32Array)
      expect(v.length).toBe(1000)
      expect(v[999]).toBe(999)
      expect(p.fns.tp_range_u32(0)).toEqual(new Uint32Array(0))
    })
    it('a host-made RVec<u32> grows past its capacity through the host vtable', () => {
      expect([...p.fns.tp_vec_push_u32([7, 8], 100)]).toEqual([7, 8, ...Array.from({ length: 100 }, (_, i) => i)])
      expect([...p.fns.tp_vec_push_u32(new Uint32Array(0), 3)]).toEqual([0, 1, 2])
    })
    it('a host-made RVec<RString> gets a plugin-made string; each is dropped through its own vtable', () => {
      expect(p.fns.tp_vec_push_strings(['a', 'bé'])).toEqual(['a', 'bé', 'plugin'])
      expect(p.fns.tp_vec_push_strings([])).toEqual(['plugin'])
    })
    it('the plugin drops a host-made RVec<RString>', () => {
      const before = liveAllocations()
      p.fns.tp_vec_drop_strings(['one', 'two', 'three'])
      expect(liveAllocations()).toBe(before)
    })
    it('plugin-made RVec<RString>', () => {
      expect(p.fns.tp_split_words('the  quick brown')).toEqual(['the', 'quick', 'brown'])
    })
    it('shrink_to_fit through the vtable', () => {
      expect([...p.fns.tp_vec_shrink([1, 2, 3])]).toEqual([1, 2, 3])
    })
    it('a zero-copy view of a vector kept as a handle', () => {
      const h = p.handle('tp_range_u32')(10)
      const view = viewOf(h) as Uint32Array
      expect([...view]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
      h.drop()
      expect(() => h.value()).toThrow(UseAfterMoveError)
      expect(() => h.drop()).toThrow(UseAfterMoveError)
    })
    it('a handle passed by value is moved, and using it again is a typed error', () => {
      const h = p.handle('tp_range_u32')(3)
      expect([...p.fns.tp_vec_push_u32(h as never, 1)]).toEqual([0, 1, 2, 0])
      expect(h.alive).toBe(false)
      expect(() => p.fns.tp_vec_push_u32(h as never, 1)).toThrow(UseAfterMoveError)
    })
    it('a bad element names its index, and nothing made for the call leaks', () => {
      const before = liveAllocations()
      expect(() => p.fns.tp_vec_push_strings(['ok', 5 as never])).toThrow(/tp_vec_push_strings, argument 0 \(RVec<RString>\): \[1\]: expected string/)
      expect(liveAllocations()).toBe(before)
    })
  })

  describe('option and result', () => {
    it('ROption<u32> is T | undefined', () => {
      expect(p.fns.tp_option_double(21)).toBe(42)
      expect(p.fns.tp_option_double(undefined)).toBeUndefined()
    })
    it('ROption<RString> grows a host string in place', () => {
      expect(p.fns.tp_option_string('why')).toBe('why?')
      expect(p.fns.tp_option_string(null)).toBeUndefined()
    })
    it('RResult<u64, RString>: ok and a plugin-made error', () => {
      expect(p.fns.tp_checked_div(84n, 2n)).toEqual({ ok: true, value: 42n })
      expect(p.fns.tp_checked_div(1n, 0n)).toEqual({ ok: false, error: 'division by zero' })
    })
    it('RResult<RString, u32> both ways', () => {
      expect(p.fns.tp_result_echo({ ok: true, value: 'yes' })).toEqual({ ok: true, value: 'yes!' })
      expect(p.fns.tp_result_echo({ ok: false, error: 41 })).toEqual({ ok: false, error: 42 })
    })
  })

  describe('box and tuples', () => {
    it('RBox<u64> made by the plugin and by the host', () => {
      expect(p.fns.tp_box_new(7n)).toBe(7n)
      expect(p.fns.tp_box_take(9n)).toBe(9n)
    })
    it('RBox<RString> from the host, grown in the plugin', () => {
      expect(p.fns.tp_box_string('boxed')).toBe('boxed#')
    })
    it('Tuple1..Tuple4', () => {
      expect(p.fns.tp_tuple1([1.25])).toEqual([2.5])
      expect(p.fns.tp_tuple2([255, 41n])).toEqual([42n, 0])
      expect(p.fns.tp_tuple3([1, 2, 3])).toEqual([2, 3, 4])
      expect(p.fns.tp_tuple4([1, 2, 3, 2n ** 64n - 1n])).toEqual([2, 3, 4, 0n])
      expect(p.fns.tp_tuple_string('héllo')).toEqual(['héllo', 6n])
    })
  })

  describe('RHashMap', () => {
    it('plugin-made RHashMap<RString, u32> to a Map', () => {
      expect(p.fns.tp_word_count('a b a c a')).toEqual(new Map([['a', 3], ['b', 1], ['c', 1]]))
      expect(p.fns.tp_word_count('')).toEqual(new Map())
    })
    it('the plugin looks up and iterates a host-made map', () => {
      const m = new Map([['one', 1], ['two', 2], ['three', 3]])
      expect(p.fns.tp_map_get(m, 'two')).toBe(2)
      expect(p.fns.tp_map_get(m, 'four')).toBeUndefined()
      expect(p.fns.tp_map_sum(m)).toBe(6n)
      expect(p.fns.tp_map_sum({ a: 10, b: 20 })).toBe(30n)
    })
    it('the plugin inserts, removes and counts through entries in a host-made map kept as a handle', () => {
      const h = new Handle(...hostMap(p))
      try {
        expect(p.fns.tp_map_insert(h, 'k', 1)).toBeUndefined()
        expect(p.fns.tp_map_insert(h, 'k', 2)).toBe(1)
        expect(p.fns.tp_map_entry_incr(h, 'k')).toBe(3)
        expect(p.fns.tp_map_entry_incr(h, 'new')).toBe(1)
        expect(h.value()).toEqual(new Map([['k', 3], ['new', 1]]))
        expect(p.fns.tp_map_remove(h, 'k')).toBe(3)
        expect(p.fns.tp_map_remove(h, 'k')).toBeUndefined()
        expect(h.value()).toEqual(new Map([['new', 1]]))
      } finally {
        h.drop()
      }
    })
    it('the same operations on a plugin-made map', () => {
      using h = p.handle('tp_word_count')('x y x')
      expect(p.fns.tp_map_get(h, 'x')).toBe(2)
      expect(p.fns.tp_map_entry_incr(h, 'y')).toBe(2)
      expect(p.fns.tp_map_insert(h, 'z', 9)).toBeUndefined()
      expect(p.fns.tp_map_sum(h)).toBe(13n)
      expect(h.value()).toEqual(new Map([['x', 2], ['y', 2], ['z', 9]]))
    })
    it('plugin-made RHashMap<RString, RVec<u32>>', () => {
      const m = p.fns.tp_map_of_vecs(3)
      expect([...m.keys()].sort()).toEqual(['k0', 'k1', 'k2'])
      expect([...m.get('k2')!]).toEqual([0, 1])
    })
    it('the plugin drops a host-made RHashMap<RString, RVec<u32>> on its own thread while JS waits', () => {
      const before = liveAllocations()
      p.fns.tp_map_drop_on_thread(new Map<string, number[] | Uint32Array>([['a', [1, 2, 3]], ['b', new Uint32Array(1000)], ['c', []]]))
      expect(liveAllocations()).toBe(before)
    })
  })

  describe('other std types', () => {
    it('RCow<RStr, RString>: borrowed and owned from the plugin, owned from the host', () => {
      expect(p.fns.tp_cow(false)).toBe('borrowed')
      expect(p.fns.tp_cow(true)).toBe('owned')
      expect(p.fns.tp_cow_len('héllo')).toBe(6n)
    })
    it('RDuration', () => {
      expect(p.fns.tp_duration_add({ seconds: 1n, subsec_nanos: 600_000_000 }, { seconds: 2n, subsec_nanos: 500_000_000 })).toEqual({
        seconds: 4n,
        subsec_nanos: 100_000_000,
      })
    })
    it('RCmpOrdering is -1 / 0 / 1', () => {
      expect([p.fns.tp_compare(1n, 2n), p.fns.tp_compare(2n, 2n), p.fns.tp_compare(3n, 2n)]).toEqual([-1, 0, 1])
    })
    it('RArc<u64>: read, reference count through its vtable, dropped once', () => {
      expect(p.fns.tp_arc_new(5n)).toBe(5n)
      using arc = p.handle('tp_arc_new')(6n)
      expect(p.fns.tp_arc_strong_count(arc)).toBe(1n)
      expect(arc.value()).toBe(6n)
    })
  })

  describe('Value', () => {
    const doc = {
      null: null,
      yes: true,
      i: -5,
      u: 18446744073709551615n,
      f: 1.5,
      s: 'héllo',
      b: new Uint8Array([0, 1, 255]),
      a: [1, 'two', []],
      o: { k: null },
    }
    it('a plugin-made Value to plain JS', () => {
      expect(p.fns.tp_value_sample()).toEqual(doc)
    })
    it('a host-made Value round-trips through a plugin-made deep copy', () => {
      expect(p.fns.tp_value_echo(doc)).toEqual(doc)
      expect(p.fns.tp_value_echo(null)).toBeNull()
      expect(p.fns.tp_value_echo(2n ** 63n)).toBe(2n ** 63n)
    })
    it('the plugin reads every level of a host-made Value', () => {
      expect(p.fns.tp_value_to_json({ b: [1, true, 'x'], a: { n: null }, f: 2.5 })).toBe('{"a":{"n":null},"b":[1,true,"x"],"f":2.5}')
    })
    it('a value that is not JSON-like is a typed error', () => {
      expect(() => p.fns.tp_value_echo({ d: new Date() } as never)).toThrow(InvalidValueError)
    })
  })

  describe('threads', () => {
    it('a plugin thread grows a host-made vector kept as a handle while JS waits', () => {
      using h = p.handle('tp_range_u32')(2)
      p.fns.tp_vec_push_on_thread(h, 1000)
      const v = h.value()
      expect(v.length).toBe(1002)
      expect(v[1001]).toBe(999)
    })
  })
})

/** An empty host-made RHashMap<RString, u32>, as constructor arguments of a Handle. */
function hostMap(_p: Plugin) {
  const MapSU = t.RHashMap(t.RString, t.u32)
  return [MapSU, new DataView(encode(MapSU, new Map()).buffer)] as const
}

declare module 'vitest' {
  export interface ProvidedContext {
    stdTestPlugins: Record<string, string>
  }
}
