// Type-level tests: the JS types TypeScript infers from declarations.
import { describe, expectTypeOf, it } from 'vitest'
import { t, type Infer, type InferInput } from '../index.ts'

describe('inferred JS types', () => {
  it('primitives: narrow ints are numbers, 64-bit and pointer-sized ints are bigints', () => {
    expectTypeOf<Infer<typeof t.u8>>().toEqualTypeOf<number>()
    expectTypeOf<Infer<typeof t.i32>>().toEqualTypeOf<number>()
    expectTypeOf<Infer<typeof t.f64>>().toEqualTypeOf<number>()
    expectTypeOf<Infer<typeof t.u64>>().toEqualTypeOf<bigint>()
    expectTypeOf<Infer<typeof t.usize>>().toEqualTypeOf<bigint>()
    expectTypeOf<InferInput<typeof t.i64>>().toEqualTypeOf<bigint | number>()
    expectTypeOf<Infer<typeof t.bool>>().toEqualTypeOf<boolean>()
  })

  it('zero-sized types, pointers and function pointers', () => {
    expectTypeOf<Infer<typeof t.unit>>().toEqualTypeOf<undefined>()
    const p = t.ptr(t.u8)
    expectTypeOf<Infer<typeof p>>().toEqualTypeOf<bigint>()
    expectTypeOf<InferInput<typeof p>>().toEqualTypeOf<bigint | null>()
    const f = t.fn([t.u8, t.f64], t.u32)
    expectTypeOf<Infer<typeof f>>().toEqualTypeOf<bigint>()
    expectTypeOf(f.args).toEqualTypeOf<readonly [typeof t.u8, typeof t.f64]>()
  })

  it('structs: named fields, tuple fields, zero-sized fields optional on input', () => {
    const Point = t.struct('Point', { x: t.f64, y: t.u64, marker: t.phantom() })
    expectTypeOf<Infer<typeof Point>>().toEqualTypeOf<{ x: number; y: bigint; marker: undefined }>()
    expectTypeOf<InferInput<typeof Point>>().toEqualTypeOf<{ x: number; y: bigint | number; marker?: undefined | null }>()
    const Pair = t.struct('Pair', [t.u8, t.f32])
    expectTypeOf<Infer<typeof Pair>>().toEqualTypeOf<[number, number]>()
    const Outer = t.struct('Outer', { p: Point, items: t.array(Pair, 3) })
    expectTypeOf<Infer<typeof Outer>['items']>().toEqualTypeOf<[number, number][]>()
    expectTypeOf<Infer<typeof Outer>['p']['y']>().toEqualTypeOf<bigint>()
  })

  it('unions: one member on input, any members on output', () => {
    const U = t.union('U', { i: t.i64, d: t.f64 })
    expectTypeOf<InferInput<typeof U>>().toEqualTypeOf<{ i: bigint | number } | { d: number }>()
    expectTypeOf<Infer<typeof U>>().toEqualTypeOf<{ i?: bigint; d?: number }>()
  })

  it('transparent is its inner type', () => {
    const Id = t.transparent('Id', t.u32, [t.phantom()])
    expectTypeOf<Infer<typeof Id>>().toEqualTypeOf<number>()
  })

  it('enums: a union tagged by variant name, tuple fields keyed by index', () => {
    const Shape = t.enum('Shape', { Circle: { r: t.f64 }, Pair: [t.u8, t.u64], Empty: null }, { repr: 'u8', discriminants: { Empty: 10 } })
    type S = Infer<typeof Shape>
    expectTypeOf<Extract<S, { tag: 'Circle' }>>().toEqualTypeOf<{ tag: 'Circle' } & { r: number }>()
    expectTypeOf<Extract<S, { tag: 'Pair' }>['1']>().toEqualTypeOf<bigint>()
    expectTypeOf<S['tag']>().toEqualTypeOf<'Circle' | 'Pair' | 'Empty'>()
    // @ts-expect-error: the discriminant of an unknown variant
    t.enum('Bad', { A: null }, { repr: 'u8', discriminants: { B: 1 } })
  })

  it('prefix types: fields by name, plus $address, $accessible, $has', () => {
    const Mod = t.prefix('Mod', { version: t.u32, echo: t.fn([t.u8], t.u8) }, { lastPrefixField: 'version' })
    type M = Infer<typeof Mod>
    expectTypeOf<M['version']>().toEqualTypeOf<number>()
    expectTypeOf<M['$address']>().toEqualTypeOf<bigint>()
    expectTypeOf<M['$has']>().parameter(0).toEqualTypeOf<'version' | 'echo'>()
    // @ts-expect-error: lastPrefixField must name a field
    t.prefix('Bad', { a: t.u8 }, { lastPrefixField: 'b' })
  })
})
