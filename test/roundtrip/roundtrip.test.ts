// Every kind of descriptor, round-tripped through the C library of roundtrip.c:
// passed by value and returned by value, and passed through pointers, with C
// changing every field (see bump.ts), so an unchanged echo or a misplaced byte fails.
import { describe, expect, it } from 'vitest'
import { alignOf, allocNative, bindFunction, bindPointer, readAt, sizeOf, t, writeAt, type Desc } from '../../src/abi/index.ts'
import { bump } from './bump.ts'
import { fns, lib, roundTrip } from './harness.ts'
import * as T from './types.ts'

const U64_MAX = 2n ** 64n - 1n
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n

interface Case {
  name: string
  desc: Desc
  samples: unknown[]
}

const cases: Case[] = [
  // Primitives, with the edges where C wraps.
  { name: 'u8', desc: t.u8, samples: [0, 7, 254, 255] },
  { name: 'u16', desc: t.u16, samples: [0, 300, 65535] },
  { name: 'u32', desc: t.u32, samples: [0, 2 ** 31, 2 ** 32 - 1] },
  { name: 'u64', desc: t.u64, samples: [0n, 5, 2n ** 53n, 2n ** 63n, U64_MAX] },
  { name: 'i8', desc: t.i8, samples: [-128, -1, 0, 127] },
  { name: 'i16', desc: t.i16, samples: [-32768, -2, 32767] },
  { name: 'i32', desc: t.i32, samples: [-(2 ** 31), -1, 2 ** 31 - 1] },
  { name: 'i64', desc: t.i64, samples: [I64_MIN, -1n, -7, 2n ** 53n + 1n, I64_MAX] },
  { name: 'usize', desc: t.usize, samples: [0n, 1234, 2n ** 53n, U64_MAX] },
  { name: 'isize', desc: t.isize, samples: [I64_MIN, -1n, 0, I64_MAX] },
  { name: 'f32', desc: t.f32, samples: [0, -0, 1.5, -3.25, 16777216, 3.4028234663852886e38, -Infinity, NaN] },
  { name: 'f64', desc: t.f64, samples: [0, -0.5, Math.PI, 2 ** 53, Number.MAX_VALUE, Infinity, NaN] },
  { name: 'bool', desc: t.bool, samples: [true, false] },

  // Structs: all primitives with zero-sized fields between them; mixed int/float
  // classes; SSE-only; larger than two registers.
  {
    name: 'Prims',
    desc: T.Prims,
    samples: [
      { u8: 255, u16: 1, u32: 2, u64: U64_MAX, i8: 127, i16: -1, i32: -5, i64: I64_MAX, usize: 3n, isize: -4n, f32: 0.25, f64: -1e300, b: false },
      { start: undefined, u8: 0, u16: 65535, u32: 4294967295, u64: 0, i8: -128, mid: null, i16: 32767, i32: 2 ** 31 - 1, i64: I64_MIN, usize: U64_MAX, isize: I64_MAX, f32: -0, f64: NaN, b: true, end: undefined },
    ],
  },
  { name: 'Mixed16', desc: T.Mixed16, samples: [{ a: -2, b: 1.5, c: 1e-300 }, { a: 2 ** 31 - 1, b: -0.125, c: -2.5 }] },
  { name: 'FloatInt', desc: T.FloatInt, samples: [{ d: 0.5, i: -9n }, { d: -1e100, i: I64_MAX }] },
  { name: 'TupU8F64', desc: T.TupU8F64, samples: [[7, 0.75], [255, -3]] },
  { name: 'Vec2f', desc: T.Vec2f, samples: [{ x: 1.5, y: -2.25 }, { x: 1e30, y: 0 }] },
  { name: 'Vec3f', desc: T.Vec3f, samples: [{ x: 1, y: 2, z: 3 }, { x: -0.5, y: 1e-3, z: 65504 }] },
  { name: 'S24', desc: T.S24, samples: [{ a: 1.25, b: 4294967295, c: -8.5, d: -1n }] },
  { name: 'S32', desc: T.S32, samples: [{ a: [1, 2, 3, 4.5], b: U64_MAX - 1n, c: -32768 }] },
  { name: 'S40', desc: T.S40, samples: [{ a: 9, b: -0.0625, c: 65534, d: 3.5, e: I64_MIN, f: 123456789 }] },
  {
    name: 'Big',
    desc: T.Big,
    samples: [{ id: 1n << 60n, vals: Array.from({ length: 25 }, (_, i) => (i % 2 ? -i * 1000 : i * 77)), tail: 6.5, flag: true }],
  },
  {
    name: 'Nested',
    desc: T.Nested,
    samples: [{ pos: { x: 1, y: 2 }, m: { a: 3, b: 4.5, c: 5.5 }, path: [{ x: 6, y: 7 }, { x: -8, y: -9.5 }], tag: 10, t: [11, 12.25] }],
  },
  {
    name: 'Arrays',
    desc: T.Arrays,
    samples: [
      { bytes: [1, 2, 255], words: [0, 1, 2, 3, 65535], doubles: [0.5, -0.5], grid: [[1, -1], [2 ** 31 - 1, -(2 ** 31)]], flags: [true, false, true] },
      { bytes: new Uint8Array([9, 8, 7]), words: new Uint16Array([5, 4, 3, 2, 1]), doubles: new Float64Array([1, 2]), grid: [[0, 0], [0, 0]], flags: [false, false, false] },
    ],
  },
  { name: 'SmallArr', desc: T.SmallArr, samples: [{ f: [0.5, -1.5], b: [1, 2, 3, 255] }] },
  {
    name: 'Ptrs',
    desc: T.Ptrs,
    samples: [
      { p: 0x1000n, m: null, v: U64_MAX, f: fns.add },
      { p: null, m: 0x7fff_0000_0010n, v: 0n, f: fns.mul },
      { p: 1n, m: 2n, v: 3n, f: null },
    ],
  },

  // repr(transparent): exactly the inner type, in memory and in registers.
  { name: 'Meters', desc: T.Meters, samples: [0, -12.5] },
  { name: 'WrappedVec', desc: T.WrappedVec, samples: [{ x: 0.5, y: 4 }] },
  { name: 'WithTr', desc: T.WithTr, samples: [{ id: 4294967295, len: 1.5, pos: { x: 2, y: 3 } }] },

  // Enums: every variant of each (unit variants become the next variant).
  { name: 'Color', desc: T.Color, samples: [{ tag: 'Red' }, { tag: 'Green' }, { tag: 'Blue' }] },
  { name: 'Level', desc: T.Level, samples: [{ tag: 'Low' }, { tag: 'Mid' }, { tag: 'High' }] },
  {
    name: 'Shape',
    desc: T.Shape,
    samples: [{ tag: 'Circle', r: 2.5 }, { tag: 'Rect', w: 1, h: -2 }, { tag: 'Empty' }, { tag: 'Pair', 0: 255, 1: U64_MAX }],
  },
  { name: 'FShape', desc: T.FShape, samples: [{ tag: 'Circle', r: -2.5 }, { tag: 'Rect', w: 0.5, h: 1e10 }] },
  { name: 'Op16', desc: T.Op16, samples: [{ tag: 'Nop' }, { tag: 'Add', 0: -1 }, { tag: 'Scale', by: 0.5 }] },
  { name: 'Ev32', desc: T.Ev32, samples: [{ tag: 'A' }, { tag: 'B', 0: 2n ** 40n }, { tag: 'C', x: 1, y: 2 }] },
  { name: 'Sign', desc: T.Sign, samples: [{ tag: 'Neg', 0: -128 }, { tag: 'Zero' }, { tag: 'Pos', v: I64_MAX }] },
  { name: 'Wide', desc: T.Wide, samples: [{ tag: 'Small', 0: 3 }, { tag: 'Large', a: -1.5 }, { tag: 'Nothing' }] },
  {
    name: 'CEnum',
    desc: T.CEnum,
    samples: [
      { tag: 'Int', 0: I64_MIN },
      { tag: 'Float', 0: 0.5 },
      { tag: 'None' },
      { tag: 'Pair', a: 200, b: -4.5 },
      { tag: 'Point', 0: { x: 1, y: 2 } },
    ],
  },
  { name: 'CU8', desc: T.CU8, samples: [{ tag: 'A', 0: 1.25 }, { tag: 'B', x: 65535, y: 7 }, { tag: 'Unit' }] },
  {
    name: 'Scene',
    desc: T.Scene,
    samples: [
      { id: 1, shape: { tag: 'Rect', w: 3, h: 4 }, color: { tag: 'Blue' }, op: { tag: 'Nop' }, c: { tag: 'Point', 0: { x: 5, y: 6 } }, level: { tag: 'Low' }, small: { tag: 'B', x: 1, y: 2 } },
      { id: 2, shape: { tag: 'Empty' }, color: { tag: 'Red' }, op: { tag: 'Scale', by: 8 }, c: { tag: 'None' }, level: { tag: 'High' }, small: { tag: 'Unit' } },
    ],
  },
]

describe('round trip through C, every descriptor kind', () => {
  describe.each(cases)('$name', ({ name, desc, samples }) => {
    const rt = roundTrip(name, desc as any)

    it('has the size and alignment C gives it', () => {
      expect(sizeOf(desc)).toBe(rt.size())
      expect(alignOf(desc)).toBe(rt.align())
    })

    it.each(samples.map((s, i) => [i, s] as const))('by value, sample %i', (_i, sample) => {
      expect(rt.byValue(sample as never)).toEqual(bump(desc, sample, fns))
    })

    it.each(samples.map((s, i) => [i, s] as const))('through pointers, sample %i', (_i, sample) => {
      expect(rt.byPointer(sample as never)).toEqual(bump(desc, sample, fns))
    })
  })
})

describe('unions (C changes the member the test names)', () => {
  const numU = { i: roundTrip('NumU_i', T.NumU, 'NumU'), d: roundTrip('NumU_d', T.NumU, 'NumU'), f: roundTrip('NumU_f', T.NumU, 'NumU') }
  const fu32 = { f: roundTrip('FU32_f', T.FU32, 'FU32'), u: roundTrip('FU32_u', T.FU32, 'FU32') }

  it('have the size and alignment C gives them', () => {
    expect([sizeOf(T.NumU), alignOf(T.NumU)]).toEqual([numU.i.size(), numU.i.align()])
    expect([sizeOf(T.FU32), alignOf(T.FU32)]).toEqual([fu32.f.size(), fu32.f.align()])
    expect(sizeOf(T.Tagged)).toBe(roundTrip('Tagged', T.Tagged).size())
  })

  for (const how of ['byValue', 'byPointer'] as const) {
    it(`an 8-byte int/float union ${how}`, () => {
      expect(numU.i[how]({ i: -1n }).i).toBe(0n)
      expect(numU.i[how]({ i: I64_MAX }).i).toBe(I64_MIN)
      expect(numU.d[how]({ d: 2.5 }).d).toBe(3.5)
      expect(numU.f[how]({ f: -0.75 }).f).toBe(0.25)
      // Every member reads the same bytes.
      const out = numU.d[how]({ d: 1 })
      expect(out.bytes).toEqual([...new Uint8Array(new Float64Array([2]).buffer)])
      expect(out.i).toBe(new BigInt64Array(new Float64Array([2]).buffer)[0])
    })

    it(`a 4-byte float/int union ${how}`, () => {
      expect(fu32.f[how]({ f: 1.5 }).f).toBe(2.5)
      expect(fu32.u[how]({ u: 41 }).u).toBe(42)
      expect(fu32.u[how]({ u: 4294967295 }).u).toBe(0)
      expect(fu32.f[how]({ f: 0 }).u).toBe(0x3f800000) // 1.0f
    })

    it(`a float-only union and a float/int union of one eightbyte ${how}`, () => {
      const d = roundTrip('FloatOnly_d', T.FloatOnly, 'FloatOnly')
      const f = roundTrip('FloatOnly_f', T.FloatOnly, 'FloatOnly')
      expect([sizeOf(T.FloatOnly), alignOf(T.FloatOnly)]).toEqual([d.size(), d.align()])
      expect(d[how]({ d: 0.5 }).d).toBe(1.5)
      expect(f[how]({ f: -3 }).f).toBe(-2)
      const v = roundTrip('VecOrBits_v', T.VecOrBits, 'VecOrBits')
      const bits = roundTrip('VecOrBits_bits', T.VecOrBits, 'VecOrBits')
      expect([sizeOf(T.VecOrBits), alignOf(T.VecOrBits)]).toEqual([v.size(), v.align()])
      expect(v[how]({ v: { x: 1.5, y: -8 } }).v).toEqual({ x: 2.5, y: -7 })
      expect(bits[how]({ bits: 2n ** 64n - 1n }).bits).toBe(0n)
      expect(bits[how]({ bits: 0x3f800000n }).v).toEqual({ x: Math.fround(1 + 2 ** -23), y: 0 })
    })

    it(`a union carries every byte of its live member ${how}, whatever its other members are`, () => {
      // The low float of VecOrBits.v is a signalling NaN here: passed as a float it would be quieted.
      const bits = roundTrip('VecOrBits_bits', T.VecOrBits, 'VecOrBits')
      expect(bits[how]({ bits: 0x7f800001n }).bits).toBe(0x7f800002n)
      expect(bits[how]({ bits: 0xff800001_7fa00000n }).bits).toBe(0xff800001_7fa00001n)
    })

    it(`a union beside its selector ${how}`, () => {
      const tagged = roundTrip('Tagged', T.Tagged)
      expect(tagged[how]({ which: 0, u: { i: 41n } })).toMatchObject({ which: 1, u: { i: 42n } })
      expect(tagged[how]({ which: 1, u: { d: -0.5 } })).toMatchObject({ which: 2, u: { d: 0.5 } })
      expect(tagged[how]({ which: 2, u: { f: 7 } })).toMatchObject({ which: 3, u: { f: 8 } })
      expect(tagged[how]({ which: 3, u: { bytes: [0, 1, 2, 3, 4, 5, 6, 255] } })).toMatchObject({ which: 4, u: { bytes: [1, 2, 3, 4, 5, 6, 7, 0] } })
    })
  }
})

describe('pointers and function pointers by value', () => {
  it('one-byte unions whose other member is a bool or an enum pass any byte by value', () => {
    const Flag = t.union('Flag', { flag: t.bool, n: t.u8 })
    const OneTag = t.union('OneTag', { e: T.Color, n: t.u8 })
    // rt_u8 takes and returns a uint8_t: the same bytes and register class as these unions.
    expect(bindFunction(lib, 'rt_u8', t.fn([Flag], t.u8))({ n: 5 })).toBe(6)
    expect(bindFunction(lib, 'rt_u8', t.fn([OneTag], t.u8))({ n: 5 })).toBe(6)
    expect(bindFunction(lib, 'rt_u8', t.fn([OneTag], t.u8))({ e: { tag: 'Blue' } })).toBe(201)
  })

  it('a raw pointer argument and result', () => {
    const add = bindFunction(lib, 'rt_ptr_add', t.fn([t.ptr(), t.usize], t.ptr()))
    expect(add(0x1000n, 16)).toBe(0x1010n)
    expect(add(null, 0n)).toBe(0n)
    expect(add(U64_MAX - 1n, 1n)).toBe(U64_MAX)
  })

  it('a C function returning the address of another C function, called through bindPointer', () => {
    const getBinop = bindFunction(lib, 'rt_binop', t.fn([t.i32], T.Binop))
    const add = getBinop(0)
    const mul = getBinop(1)
    expect(typeof add).toBe('bigint')
    expect(add).not.toBe(mul)
    expect(bindPointer(add, T.Binop)(20, 22)).toBe(42)
    expect(bindPointer(mul, T.Binop)(6, 7)).toBe(42)
    expect(bindPointer(add, T.Binop)(2 ** 31 - 1, 1)).toBe(-(2 ** 31))
  })

  it('a function pointer passed to C and returned by C', () => {
    const apply = bindFunction(lib, 'rt_apply', t.fn([T.Binop, t.i32, t.i32], t.i32))
    const swap = bindFunction(lib, 'rt_swap_binop', t.fn([T.Binop], T.Binop))
    expect(apply(fns.add, 3, 4)).toBe(7)
    expect(apply(fns.mul, 3, 4)).toBe(12)
    expect(swap(fns.add)).toBe(fns.mul)
    expect(swap(null)).toBe(fns.add)
  })

  it('function pointers whose signatures pass structs and enums by value', () => {
    const ptrOf = (sym: string) => bindFunction(lib, sym, t.fn([], t.ptr()))()
    const vec = bindPointer(ptrOf('rt_fn_Vec2f'), t.fn([T.Vec2f], T.Vec2f))
    expect(vec({ x: 1.5, y: -1 })).toEqual({ x: 2.5, y: 0 })
    const s40 = bindPointer(ptrOf('rt_fn_S40'), t.fn([T.S40], T.S40))
    const v40 = { a: 1, b: 2, c: 3, d: 4, e: 5n, f: 6 }
    expect(s40(v40)).toEqual(bump(T.S40, v40, fns))
    const shape = bindPointer(ptrOf('rt_fn_Shape'), t.fn([T.Shape], T.Shape))
    expect(shape({ tag: 'Pair', 0: 1, 1: 2n })).toEqual({ tag: 'Pair', 0: 2, 1: 3n })
    expect(shape({ tag: 'Empty' })).toEqual({ tag: 'Pair', 0: 0, 1: 0n })
    const cenum = bindPointer(ptrOf('rt_fn_CEnum'), t.fn([T.CEnum], T.CEnum))
    expect(cenum({ tag: 'Float', 0: 1 })).toEqual({ tag: 'Float', 0: 2 })
  })

  it('a function pointer read out of native memory and out of a returned struct', () => {
    const block = allocNative(8)
    try {
      writeAt(T.Binop, block.address, fns.mul)
      expect(bindPointer(readAt(T.Binop, block.address), T.Binop)(6, 7)).toBe(42)
    } finally {
      block.free()
    }
    const out = roundTrip('Ptrs', T.Ptrs).byValue({ p: null, m: null, v: null, f: fns.mul })
    expect(bindPointer(out.f, T.Binop)(5, 6)).toBe(11)
  })
})
