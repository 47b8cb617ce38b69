// A fast-check arbitrary of random nested type declarations (as plain shapes), and
// the builder that turns a shape into descriptors with names unique inside the case.
import fc from 'fast-check'
import { t, type Desc, type EnumRepr, type PrimName } from '../abi/index.ts'
import { tagIntOf } from '../abi/kinds/enum.ts'
import { intInfo } from '../abi/kinds/primitive.ts'
import type { Case } from './graph.ts'

// What the generator avoids, because a compiler would reject it or C cannot say it:
// - unions always have at least one field and enums at least one variant (Rust rejects empty ones);
// - repr(transparent) wraps one field of any type plus only unit/PhantomData markers (Rust's rule);
// - function pointers never return arrays, nor transparent wrappers of arrays (a C function cannot);
// - enum discriminants are distinct and fit the tag (start at 0, near the top or bottom of the
//   tag's range, or small, then grow by 1 to 3), and repr(C) tags stay in C int's range;
// - a plain repr(C) enum with data variants keeps the default discriminants 0, 1, 2... (Rust
//   allows explicit ones only with an integer repr, E0732);
// - no recursion (no lazy types): probes need every type defined before it is used by value.

export type Shape =
  | { readonly k: 'prim'; readonly p: PrimName }
  | { readonly k: 'zst'; readonly phantom: boolean }
  | { readonly k: 'ptr'; readonly mut: boolean; readonly target: Shape | null }
  | { readonly k: 'fn'; readonly args: readonly Shape[]; readonly ret: Shape | null }
  | { readonly k: 'array'; readonly element: Shape; readonly length: number }
  | { readonly k: 'struct'; readonly tuple: boolean; readonly fields: readonly Shape[] }
  | { readonly k: 'union'; readonly fields: readonly Shape[] }
  | { readonly k: 'enum'; readonly repr: EnumRepr; readonly variants: readonly VariantShape[]; readonly start: StartMode }
  | { readonly k: 'transparent'; readonly inner: Shape; readonly markers: readonly boolean[] }
  | { readonly k: 'prefix'; readonly fields: readonly Shape[]; readonly last: number | null }

export interface VariantShape {
  readonly style: 'unit' | 'named' | 'tuple'
  readonly fields: readonly Shape[]
  /** Distance from the previous variant's discriminant (1 to 3). */
  readonly gap: number
  /** Whether the declaration spells the discriminant out even where Rust's default would give it. */
  readonly explicit: boolean
}

export type StartMode = { readonly mode: 'zero' | 'max' | 'min' } | { readonly mode: 'small'; readonly value: number }

const PRIMS: PrimName[] = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64', 'usize', 'isize', 'f32', 'f64', 'bool']
const INT_REPRS = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64'] as const
const REPRS: EnumRepr[] = [...INT_REPRS, 'C', 'C,u8', 'C,u16', 'C,u32', 'C,u64', 'C,i8', 'C,i16', 'C,i32', 'C,i64']

const prim: fc.Arbitrary<Shape> = fc.constantFrom(...PRIMS).map((p) => ({ k: 'prim', p }))
const length = fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 3 })

const leaf: fc.Arbitrary<Shape> = fc.oneof(
  { arbitrary: prim, weight: 8 },
  { arbitrary: fc.boolean().map((phantom): Shape => ({ k: 'zst', phantom })), weight: 1 },
  { arbitrary: fc.record({ mut: fc.boolean(), target: fc.option(prim, { nil: null }) }).map((r): Shape => ({ k: 'ptr', ...r })), weight: 1 },
  { arbitrary: fc.record({ args: fc.array(prim, { maxLength: 3 }), ret: fc.option(prim, { nil: null }) }).map((r): Shape => ({ k: 'fn', ...r })), weight: 1 },
  { arbitrary: fc.record({ element: prim, length }).map((r): Shape => ({ k: 'array', ...r })), weight: 1 },
)

const start: fc.Arbitrary<StartMode> = fc.oneof(
  fc.constantFrom({ mode: 'zero' as const }, { mode: 'max' as const }, { mode: 'min' as const }),
  fc.integer({ min: -40, max: 40 }).map((value) => ({ mode: 'small' as const, value })),
)

/** Whether a shape is an array in C (a transparent newtype is a typedef of its inner type). */
const arrayInC = (s: Shape): boolean => s.k === 'array' || (s.k === 'transparent' && arrayInC(s.inner))

const cache = new Map<number, fc.Arbitrary<Shape>>()

/** Any shape whose composite nodes nest at most `depth` deep. */
export function shapeArb(depth: number): fc.Arbitrary<Shape> {
  if (depth <= 0) return leaf
  let arb = cache.get(depth)
  if (arb) return arb
  arb = fc.oneof({ arbitrary: leaf, weight: 4 }, { arbitrary: compositeArb(depth), weight: 5 })
  cache.set(depth, arb)
  return arb
}

/** A composite shape (the root of a case is always one). */
export function compositeArb(depth: number): fc.Arbitrary<Shape> {
  const child = shapeArb(depth - 1)
  const fields = (min: number, max: number) => fc.array(child, { minLength: min, maxLength: max })
  const variant: fc.Arbitrary<VariantShape> = fc
    .record({ style: fc.constantFrom('unit' as const, 'named' as const, 'tuple' as const), fields: fields(1, 3), gap: fc.integer({ min: 1, max: 3 }), explicit: fc.boolean() })
    .map((v) => (v.style === 'unit' ? { ...v, fields: [] } : v))
  return fc.oneof(
    { arbitrary: fc.record({ tuple: fc.boolean(), fields: fields(0, 4) }).map((r): Shape => ({ k: 'struct', ...r })), weight: 4 },
    { arbitrary: fc.record({ element: child, length }).map((r): Shape => ({ k: 'array', ...r })), weight: 2 },
    { arbitrary: fields(1, 3).map((f): Shape => ({ k: 'union', fields: f })), weight: 1 },
    {
      arbitrary: fc.record({ repr: fc.constantFrom(...REPRS), variants: fc.array(variant, { minLength: 1, maxLength: 4 }), start }).map((r): Shape => ({ k: 'enum', ...r })),
      weight: 3,
    },
    { arbitrary: fc.record({ inner: child, markers: fc.array(fc.boolean(), { maxLength: 2 }) }).map((r): Shape => ({ k: 'transparent', ...r })), weight: 1 },
    { arbitrary: fc.record({ mut: fc.boolean(), target: child }).map((r): Shape => ({ k: 'ptr', ...r })), weight: 1 },
    {
      arbitrary: fc
        .record({ args: fields(0, 3), ret: fc.option(child.filter((s) => !arrayInC(s)), { nil: null }) })
        .map((r): Shape => ({ k: 'fn', ...r })),
      weight: 1,
    },
    {
      arbitrary: fc.record({ fields: fields(0, 4), last: fc.option(fc.nat(3), { nil: null }) }).map((r): Shape => ({ k: 'prefix', ...r })),
      weight: 1,
    },
  )
}

/** Discriminants for an enum's variants under its tag, following the variants' gaps. */
function discriminants(repr: EnumRepr, variants: readonly VariantShape[], s: StartMode): bigint[] {
  const { bits, signed } = intInfo[tagIntOf(repr)]
  const b = BigInt(bits as number)
  const [lo, hi] = signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n]
  const span = variants.slice(1).reduce((n, v) => n + BigInt(v.gap), 0n)
  let first: bigint
  if (s.mode === 'small') first = signed ? BigInt(s.value) : BigInt(Math.abs(s.value))
  else if (s.mode === 'zero') first = 0n
  else if (s.mode === 'max') first = hi - span
  else first = lo
  const out: bigint[] = []
  variants.forEach((v, i) => out.push(i === 0 ? first : out[i - 1] + BigInt(v.gap)))
  return out
}

/** Builds the descriptors of a shape; type names are unique in the case (`S1`, `E2`, ...). */
export function buildShape(shape: Shape): Desc {
  let n = 0
  const fieldsOf = (list: readonly Shape[]) => Object.fromEntries(list.map((s, i) => [`f${i}`, build(s)]))
  const build = (s: Shape): Desc => {
    switch (s.k) {
      case 'prim':
        return t[s.p]
      case 'zst':
        return s.phantom ? t.phantom(t.u8) : t.unit
      case 'ptr': {
        const target = s.target ? build(s.target) : null
        return s.mut ? t.mutPtr(target) : t.ptr(target)
      }
      case 'fn':
        return t.fn(s.args.map(build), s.ret ? build(s.ret) : t.unit)
      case 'array':
        return t.array(build(s.element), s.length)
      case 'struct': {
        const name = `S${++n}`
        return s.tuple ? t.struct(name, s.fields.map(build)) : t.struct(name, fieldsOf(s.fields))
      }
      case 'union':
        return t.union(`U${++n}`, fieldsOf(s.fields))
      case 'transparent':
        return t.transparent(`W${++n}`, build(s.inner), s.markers.map((ph) => (ph ? t.phantom() : t.unit)))
      case 'prefix': {
        const fields = fieldsOf(s.fields)
        const last = s.last !== null && s.fields.length > 0 ? `f${s.last % s.fields.length}` : undefined
        return t.prefix(`P${++n}`, fields, last ? { lastPrefixField: last } : {})
      }
      case 'enum': {
        const name = `E${++n}`
        const plainCWithData = s.repr === 'C' && s.variants.some((v) => v.style !== 'unit')
        const values = plainCWithData ? s.variants.map((_, i) => BigInt(i)) : discriminants(s.repr, s.variants, s.start)
        const variants: Record<string, Record<string, Desc> | Desc[] | null> = {}
        const given: Record<string, bigint> = {}
        s.variants.forEach((v, i) => {
          const vname = `V${i}`
          variants[vname] = v.style === 'unit' ? null : v.style === 'tuple' ? v.fields.map(build) : fieldsOf(v.fields)
          const implied = i === 0 ? 0n : values[i - 1] + 1n
          if ((v.explicit && !plainCWithData) || values[i] !== implied) given[vname] = values[i]
        })
        return t.enum(name, variants, { repr: s.repr, discriminants: given })
      }
    }
  }
  return build(shape)
}

export const DEFAULT_SEED = 20240611

/** `count` random cases from `seed`, reproducible. */
export function randomCases(seed: number, count: number, depth = 3): Case[] {
  if (count <= 0) return []
  return fc.sample(compositeArb(depth), { seed, numRuns: count }).map((shape, i) => ({ name: `random#${i}`, root: buildShape(shape) }))
}
