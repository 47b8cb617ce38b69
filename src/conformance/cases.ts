// The hand-picked cases: every descriptor kind, and the corners where C, Rust and
// 32-bit targets differ (64-bit alignment, zero-sized fields, enum tags, prefix headers).
import { t, type Desc } from '../abi/index.ts'
import * as std from '../types/index.ts'
import type { Case } from './graph.ts'

const Point = t.struct('Point', { x: t.f64, y: t.f64 })
const Pair = t.struct('Pair', [t.u8, t.u64])
const Inner = t.struct('Inner', { x: t.u16, y: t.f64, z: t.u8 })

const ConnectorMod = t.prefix(
  'ConnectorMod',
  {
    connector_type: t.fn([], t.ptr(t.u8)),
    echo: t.fn([t.ptr(t.u8), t.usize], t.bool),
    version: t.u32,
    flags: t.u8,
    sleep_then: t.fn([t.u64, t.u64], t.u64),
    added_later: t.f64,
  },
  { lastPrefixField: 'sleep_then' },
)
const SmallMod = t.prefix('SmallMod', { a: t.u8, b: t.u16 }, { lastPrefixField: 'a' })
const WideMod = t.prefix('WideMod', { flag: t.u8, big: t.u64, real: t.f64, inner: Inner, arr: t.array(t.u32, 3) })
const VtableMod = t.prefix('VtableMod', { drop: t.fn([t.mutPtr()], t.unit), marker: t.phantom(), align: t.array(t.u64, 0), last: t.i8 })

const Shape = t.enum('Shape', { Circle: { r: t.f64 }, Pair: [t.u8, t.u64], Empty: null }, { repr: 'u8', discriminants: { Empty: 10 } })

const everyPrim = { a_u8: t.u8, a_u16: t.u16, a_u32: t.u32, a_u64: t.u64, a_i8: t.i8, a_i16: t.i16, a_i32: t.i32, a_i64: t.i64, a_usize: t.usize, a_isize: t.isize, a_f32: t.f32, a_f64: t.f64, a_bool: t.bool }

const cases: [string, Desc][] = [
  // Primitives, one by one and together.
  ...Object.entries(t)
    .filter(([, d]) => typeof d === 'object' && (d as Desc).kind === 'prim')
    .map(([name, d]): [string, Desc] => [`prim ${name}`, d as Desc]),
  ['all primitives', t.struct('AllPrims', everyPrim)],
  ['all primitives, reversed', t.struct('AllPrimsRev', Object.fromEntries(Object.entries(everyPrim).reverse()))],
  ['tuple struct', Pair],
  ['u8 then u64 (4 on i686)', t.struct('U8U64', { a: t.u8, b: t.u64 })],
  ['u8 then f64 (4 on i686)', t.struct('U8F64', { a: t.u8, b: t.f64 })],
  ['u32 f64 u8', t.struct('U32F64U8', { a: t.u32, b: t.f64, c: t.u8 })],
  ['field names that are keywords', t.struct('Keywords', { int: t.u8, type: t.u32, char: t.u16, fn: t.i64, union: t.u8 })],
  ['generic-looking name', t.struct('Tuple2<u8, u64>', [t.u8, t.u64])],
  // Zero-sized types.
  ['unit and phantom fields', t.struct('Markers', { a: t.u8, unit: t.unit, b: t.u32, ph: t.phantom(t.u64), c: t.u8 })],
  ['only zero-sized fields', t.struct('OnlyZst', { a: t.unit, b: t.phantom() })],
  ['empty struct', t.struct('Empty', {})],
  ['bare unit', t.unit],
  ['zero-length array raises alignment', t.struct('Aligned', { a: t.u8, _align: t.array(t.u64, 0), b: t.u8 })],
  ['zero-length f64 array', t.struct('AlignedF64', { a: t.u8, z: t.array(t.f64, 0) })],
  ['zero-length array of structs', t.struct('AlignedByStruct', { a: t.u16, z: t.array(Inner, 0), b: t.u8 })],
  ['only a zero-length array', t.struct('AlignOnly', { z: t.array(t.u64, 0) })],
  ['bare zero-length array', t.array(t.u32, 0)],
  // Pointers and function pointers.
  ['raw pointers', t.struct('Ptrs', { a: t.ptr(t.u8), b: t.mutPtr(Point), c: t.ptr(), d: t.mutPtr(), e: t.ptr(t.ptr(t.u16)), tail: t.u8 })],
  ['references', t.struct('Refs', { a: t.ref(Point), b: t.refMut(t.u8), c: t.u8 })],
  [
    'fn pointers with signatures',
    t.struct('Fns', {
      a: t.fn([t.u8, t.f64], t.u32),
      b: t.fn([], t.unit),
      c: t.fn([Point], Point),
      d: t.fn([t.ptr(t.u8), t.usize], t.bool),
      e: t.fn([t.fn([t.i32], t.i32)], t.fn([], t.unit)),
      f: t.u8,
    }),
  ],
  ['bare fn pointer', t.fn([t.u64], t.i64)],
  ['pointer to fn pointer', t.ptr(t.fn([t.f32], t.f32))],
  // Nesting.
  ['nested structs', t.struct('Outer', { a: t.u8, inner: Inner, b: t.u8, point: Point, c: t.u16 })],
  ['deeply nested', t.struct('Deep', { a: t.u8, x: t.struct('Mid', { b: t.u16, y: t.struct('Leaf', { c: t.u8, d: t.u64 }) }) })],
  ['array of structs', t.struct('Items', { n: t.u8, items: t.array(Pair, 3), tail: t.u8 })],
  ['array of arrays', t.array(t.array(t.u16, 3), 2)],
  ['array of u64 (i686 alignment)', t.struct('ArrU64', { a: t.u8, b: t.array(t.u64, 2) })],
  ['array of zero-sized', t.struct('ArrZst', { a: t.u8, b: t.array(t.unit, 4), c: t.u8 })],
  // Unions.
  ['union of i64 and f64', t.union('IntOrFloat', { i: t.i64, d: t.f64 })],
  ['union mixed float/int/array', t.union('Mixed', { a: t.u8, b: t.f32, c: t.array(t.u8, 5) })],
  ['union with a struct member', t.union('WithStruct', { p: Point, n: t.u16, pair: Pair })],
  ['union of zero-sized', t.union('ZstUnion', { a: t.unit, z: t.array(t.u32, 0) })],
  ['struct holding a union', t.struct('HoldsUnion', { a: t.u8, u: t.union('SmallU', { x: t.u16, y: t.u8 }), b: t.u8 })],
  // Transparent.
  ['transparent u32 with marker', t.transparent('Id', t.u32, [t.phantom()])],
  ['transparent struct', t.transparent('Wrapped', Point)],
  ['transparent zero-length array', t.transparent('AlignWrap', t.array(t.u64, 0), [t.unit])],
  ['transparent fn pointer', t.transparent('Callback', t.fn([t.ptr()], t.unit), [t.phantom(), t.unit])],
  ['struct of transparent', t.struct('HasTransparent', { a: t.u8, id: t.transparent('Id2', t.u64), b: t.u8 })],
  // Enums (RFC 2195).
  ['enum repr(u8)', Shape],
  ['enum repr(u16)', t.enum('E16', { A: null, B: { x: t.u8 }, C: [t.u32, t.u8] }, { repr: 'u16', discriminants: { A: 100, C: 300 } })],
  ['enum repr(u32)', t.enum('E32', { A: { x: t.u64 }, B: null, C: [t.u8] }, { repr: 'u32', discriminants: { A: 7, B: 4000000000 } })],
  ['enum repr(i32) negative', t.enum('Ei32', { Neg: [t.u8], Zero: null, Pos: { p: t.f32 } }, { repr: 'i32', discriminants: { Neg: -5, Zero: 0, Pos: 2147483647 } })],
  ['enum repr(i8)', t.enum('Ei8', { A: null, B: [t.u16] }, { repr: 'i8', discriminants: { A: -128, B: 127 } })],
  ['enum repr(u64) max', t.enum('Eu64', { A: [t.u8], B: null }, { repr: 'u64', discriminants: { A: 0, B: 18446744073709551615n } })],
  ['enum repr(i64) min', t.enum('Ei64', { A: null, B: [t.u32] }, { repr: 'i64', discriminants: { A: -9223372036854775808n } })],
  ['enum repr(i16)', t.enum('Ei16', { A: { a: t.u8, b: t.u8 }, B: null }, { repr: 'i16' })],
  ['enum repr(C)', t.enum('ECee', { Circle: { r: t.f64 }, Pair: [t.u8, t.u64], Empty: null, Small: [t.u8] }, { repr: 'C' })],
  // Rust rejects explicit discriminants on a repr(C) enum with data (E0732): checked against C only.
  ['enum repr(C) with explicit discriminants', t.enum('ECeeD', { A: [t.u16], B: null }, { repr: 'C', discriminants: { A: 5 } })],
  ['enum repr(C, u8)', t.enum('ECu8', { A: [t.u8], B: { x: t.u64, y: t.u16 }, C: null }, { repr: 'C,u8', discriminants: { A: 2, C: 200 } })],
  ['enum repr(C, i16)', t.enum('ECi16', { A: [t.u8], B: null }, { repr: 'C,i16', discriminants: { A: -3 } })],
  ['enum repr(C, u64)', t.enum('ECu64', { A: [t.u8], B: null }, { repr: 'C,u64' })],
  ['fieldless enum repr(C)', t.enum('Cfieldless', { A: null, B: null, C: null }, { repr: 'C', discriminants: { B: 5 } })],
  ['fieldless enum repr(u8)', t.enum('U8fieldless', { A: null, B: null }, { repr: 'u8' })],
  ['fieldless enum repr(C, u16)', t.enum('Cu16fieldless', { A: null }, { repr: 'C,u16' })],
  ['enum with zero-sized fields', t.enum('ZstVariants', { A: { u: t.unit }, B: [t.array(t.u64, 0)], C: [t.phantom(), t.u8] }, { repr: 'u8' })],
  ['enum with struct, array, union fields', t.enum('Rich', { S: { p: Point, i: Inner }, A: [t.array(Pair, 2)], U: [t.union('RichU', { a: t.u32, b: t.f64 })], N: null }, { repr: 'u32' })],
  ['ROption-like', t.enum('ROption<u64>', { RSome: [t.u64], RNone: null }, { repr: 'u8' })],
  ['RResult-like', t.enum('RResult<u32, Pair>', { ROk: [t.u32], RErr: [Pair] }, { repr: 'u8' })],
  ['enum inside enum', t.enum('Nested', { A: [Shape], B: [t.u8, Shape] }, { repr: 'C,u8' })],
  ['struct holding enums', t.struct('HoldsEnums', { a: t.u8, s: Shape, b: t.u8, c: t.enum('Tiny', { X: null, Y: [t.u8] }, { repr: 'u8' }) })],
  // Prefix types.
  ['prefix module with lastPrefixField', ConnectorMod],
  ['small prefix (value pointer-aligned)', SmallMod],
  ['prefix with u64/f64/struct/array fields', WideMod],
  ['prefix with zero-sized fields', VtableMod],
  ['struct holding prefix refs', t.struct('Holder', { tag: t.u8, module: ConnectorMod, extra: t.u16, small: SmallMod })],
  ['prefix holding a prefix ref', t.prefix('Outer_Mod', { inner: SmallMod, n: t.u8 }, { lastPrefixField: 'inner' })],
  // Std-like shapes.
  ['RString-like', t.struct('RString', { ptr: t.mutPtr(t.u8), len: t.usize, cap: t.usize, vtable: t.ptr() })],
  ['RSlice-like', t.struct('RSlice<u16>', { ptr: t.ptr(t.u16), len: t.usize })],
  ['RDuration-like', t.struct('RDuration', { secs: t.u64, nanos: t.u32 })],
  // The std types of src/types, through their native layouts (Value is recursive behind pointers).
  ['std RStr', std.RStr],
  ['std RString', std.RString],
  ['std RSlice<u16>', std.RSlice(t.u16)],
  ['std RSliceMut<f64>', std.RSliceMut(t.f64)],
  ['std RVec<RString>', std.RVec(std.RString)],
  ['std ROption<u64>', std.ROption(t.u64)],
  ['std ROption<RString>', std.ROption(std.RString)],
  ['std ROption<u8>', std.ROption(t.u8)],
  ['std RResult<u32, RString>', std.RResult(t.u32, std.RString)],
  ['std RResult<(), u8>', std.RResult(t.unit, t.u8)],
  ['std RBox<u64>', std.RBox(t.u64)],
  ['std RArc<Point>', std.RArc(Point)],
  ['std tuples', t.struct('Tuples', { a: std.Tuple1(t.u8), b: std.Tuple2(t.u8, t.u64), c: std.Tuple3(t.u16, t.f32, t.u8), d: std.Tuple4(t.u8, t.u16, t.u32, t.u64) })],
  ['std RHashMap<RString, u32>', std.RHashMap(std.RString, t.u32)],
  ['std RCowStr', std.RCowStr],
  ['std RCowSlice<u32>', std.RCowSlice(t.u32)],
  ['std RDuration', std.RDuration],
  ['std RCmpOrdering', std.RCmpOrdering],
  ['std Value', std.Value],
  ['std types in a struct', t.struct('StdMix', { name: std.RString, tags: std.RVec(std.RStr), limit: std.ROption(t.u32), when: std.RDuration, flag: t.bool })],
]

export function handPickedCases(): Case[] {
  return cases.map(([name, root]) => ({ name, root }))
}
