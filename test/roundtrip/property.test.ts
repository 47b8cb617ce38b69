// Generated values (fast-check, fixed seeds) of many descriptor kinds, round-tripped
// through C by value and through pointers: 200 runs each.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { t, type Desc } from '../../src/abi/index.ts'
import { arbitraryOf, bump } from './bump.ts'
import { fns, roundTrip } from './harness.ts'
import * as T from './types.ts'

const RUNS = 200

const generated: [string, Desc][] = [
  ['u8', t.u8], ['u16', t.u16], ['u32', t.u32], ['u64', t.u64],
  ['i8', t.i8], ['i16', t.i16], ['i32', t.i32], ['i64', t.i64],
  ['usize', t.usize], ['isize', t.isize], ['f32', t.f32], ['f64', t.f64], ['bool', t.bool],
  ['Prims', T.Prims], ['Mixed16', T.Mixed16], ['FloatInt', T.FloatInt], ['TupU8F64', T.TupU8F64],
  ['Vec2f', T.Vec2f], ['Vec3f', T.Vec3f], ['S24', T.S24], ['S32', T.S32], ['S40', T.S40], ['Big', T.Big],
  ['Nested', T.Nested], ['Arrays', T.Arrays], ['SmallArr', T.SmallArr], ['Ptrs', T.Ptrs],
  ['Meters', T.Meters], ['WithTr', T.WithTr],
  ['Color', T.Color], ['Level', T.Level], ['Shape', T.Shape], ['FShape', T.FShape], ['Op16', T.Op16], ['Ev32', T.Ev32],
  ['Sign', T.Sign], ['Wide', T.Wide], ['CEnum', T.CEnum], ['CU8', T.CU8], ['Scene', T.Scene],
]

/** A fixed seed per type, so a failure names a reproducible case. */
const seedOf = (name: string) => [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7)

describe('generated values round-trip through C', () => {
  describe.each(generated)('%s', (name, desc) => {
    const rt = roundTrip(name, desc as any)
    const arb = arbitraryOf(desc, fns)

    it(`by value (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          expect(rt.byValue(v)).toEqual(bump(desc, v, fns))
        }),
        { seed: seedOf(name), numRuns: RUNS },
      )
    })

    it(`through pointers (${RUNS} runs)`, () => {
      fc.assert(
        fc.property(arb, (v) => {
          expect(rt.byPointer(v)).toEqual(bump(desc, v, fns))
        }),
        { seed: seedOf(name) + 1, numRuns: RUNS },
      )
    })
  })

  describe('unions, through the member C changes', () => {
    const cases = [
      { fn: 'NumU_i', union: T.NumU, member: 'i', arb: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), next: (x: bigint) => BigInt.asIntN(64, x + 1n) },
      { fn: 'NumU_d', union: T.NumU, member: 'd', arb: fc.double(), next: (x: number) => x + 1 },
      { fn: 'NumU_f', union: T.NumU, member: 'f', arb: fc.float(), next: (x: number) => Math.fround(x + 1) },
      { fn: 'FloatOnly_d', union: T.FloatOnly, member: 'd', arb: fc.double(), next: (x: number) => x + 1 },
      { fn: 'VecOrBits_bits', union: T.VecOrBits, member: 'bits', arb: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), next: (x: bigint) => BigInt.asUintN(64, x + 1n) },
      { fn: 'FU32_f', union: T.FU32, member: 'f', arb: fc.float(), next: (x: number) => Math.fround(x + 1) },
      { fn: 'FU32_u', union: T.FU32, member: 'u', arb: fc.integer({ min: 0, max: 2 ** 32 - 1 }), next: (x: number) => (x + 1) % 2 ** 32 },
    ] as const
    it.each(cases)('$fn by value and through pointers', ({ fn, union, member, arb, next }) => {
      const rt = roundTrip(fn, union as any, union.name)
      fc.assert(
        fc.property(arb as fc.Arbitrary<any>, (x) => {
          const want = (next as (x: any) => unknown)(x)
          expect((rt.byValue({ [member]: x } as never) as any)[member]).toEqual(want)
          expect((rt.byPointer({ [member]: x } as never) as any)[member]).toEqual(want)
        }),
        { seed: seedOf(fn), numRuns: RUNS },
      )
    })
  })
})
