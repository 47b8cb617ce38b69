// The descriptors of the C types in roundtrip.c, one per kind of descriptor.
import { t } from '../../src/abi/index.ts'

export const Binop = t.fn([t.i32, t.i32], t.i32)

export const Prims = t.struct('Prims', {
  start: t.unit,
  u8: t.u8, u16: t.u16, u32: t.u32, u64: t.u64,
  i8: t.i8,
  mid: t.phantom(t.u64),
  i16: t.i16, i32: t.i32, i64: t.i64,
  usize: t.usize, isize: t.isize, f32: t.f32, f64: t.f64, b: t.bool,
  end: t.phantom(),
})

export const Mixed16 = t.struct('Mixed16', { a: t.i32, b: t.f32, c: t.f64 })
export const FloatInt = t.struct('FloatInt', { d: t.f64, i: t.i64 })
export const TupU8F64 = t.struct('TupU8F64', [t.u8, t.f64])
export const Vec2f = t.struct('Vec2f', { x: t.f32, y: t.f32 })
export const Vec3f = t.struct('Vec3f', { x: t.f32, y: t.f32, z: t.f32 })
export const S24 = t.struct('S24', { a: t.f64, b: t.u32, c: t.f32, d: t.i64 })
export const S32 = t.struct('S32', { a: t.array(t.f32, 4), b: t.u64, c: t.i16 })
export const S40 = t.struct('S40', { a: t.u8, b: t.f64, c: t.u16, d: t.f32, e: t.i64, f: t.u32 })
export const Big = t.struct('Big', { id: t.u64, vals: t.array(t.i32, 25), tail: t.f64, flag: t.bool })
export const Nested = t.struct('Nested', { pos: Vec2f, m: Mixed16, path: t.array(Vec2f, 2), tag: t.u8, t: TupU8F64 })
export const Arrays = t.struct('Arrays', {
  bytes: t.array(t.u8, 3),
  words: t.array(t.u16, 5),
  doubles: t.array(t.f64, 2),
  grid: t.array(t.array(t.i32, 2), 2),
  flags: t.array(t.bool, 3),
})
export const SmallArr = t.struct('SmallArr', { f: t.array(t.f32, 2), b: t.array(t.u8, 4) })
export const Ptrs = t.struct('Ptrs', { p: t.ptr(t.u8), m: t.mutPtr(t.f64), v: t.ptr(), f: Binop })

export const NumU = t.union('NumU', { i: t.i64, d: t.f64, f: t.f32, bytes: t.array(t.u8, 8) })
export const FU32 = t.union('FU32', { f: t.f32, u: t.u32 })
export const FloatOnly = t.union('FloatOnly', { d: t.f64, f: t.f32 })
export const VecOrBits = t.union('VecOrBits', { v: Vec2f, bits: t.u64 })
export const Tagged = t.struct('Tagged', { which: t.u32, u: NumU })

export const Meters = t.transparent('Meters', t.f64, [t.phantom()])
export const WrappedVec = t.transparent('WrappedVec', Vec2f)
export const WithTr = t.struct('WithTr', { id: t.u32, len: Meters, pos: WrappedVec })

export const Color = t.enum('Color', { Red: null, Green: null, Blue: null }, { repr: 'u8', discriminants: { Red: 1, Blue: 200 } })
export const Level = t.enum('Level', { Low: null, Mid: null, High: null }, { repr: 'C', discriminants: { Low: -1, High: 7 } })
export const Shape = t.enum(
  'Shape',
  { Circle: { r: t.f64 }, Rect: { w: t.f32, h: t.f32 }, Empty: null, Pair: [t.u8, t.u64] },
  { repr: 'u8', discriminants: { Circle: 3, Empty: 10 } },
)
export const FShape = t.enum('FShape', { Circle: { r: t.f64 }, Rect: { w: t.f32, h: t.f32 } }, { repr: 'u8' })
export const Op16 = t.enum('Op16', { Nop: null, Add: [t.i32], Scale: { by: t.f32 } }, { repr: 'u16', discriminants: { Add: 500, Scale: 65535 } })
export const Ev32 = t.enum('Ev32', { A: null, B: [t.u64], C: { x: t.f32, y: t.f32 } }, { repr: 'u32', discriminants: { A: 7, B: 0x10000000 } })
export const Sign = t.enum('Sign', { Neg: [t.i8], Zero: null, Pos: { v: t.i64 } }, { repr: 'i32', discriminants: { Neg: -5, Pos: 2_000_000_000 } })
export const Wide = t.enum('Wide', { Small: [t.u8], Large: { a: t.f64 }, Nothing: null }, { repr: 'i64', discriminants: { Small: -(2n ** 40n), Large: 2n ** 62n } })
export const CEnum = t.enum(
  'CEnum',
  { Int: [t.i64], Float: [t.f64], None: null, Pair: { a: t.u8, b: t.f32 }, Point: [Vec2f] },
  { repr: 'C', discriminants: { Int: 1, None: 100 } },
)
export const CU8 = t.enum('CU8', { A: [t.f32], B: { x: t.u16, y: t.u16 }, Unit: null }, { repr: 'C,u8' })
export const Scene = t.struct('Scene', { id: t.u32, shape: Shape, color: Color, op: Op16, c: CEnum, level: Level, small: CU8 })

export const Mod = t.prefix(
  'Mod',
  { version: t.u32, add: Binop, scale: t.f64, flags: t.u16, origin: Vec2f, count: t.u64, mul: Binop },
  { lastPrefixField: 'add' },
)
export const Holder = t.struct('Holder', { m: Mod, tag: t.u32 })
