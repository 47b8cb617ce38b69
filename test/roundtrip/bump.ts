// The JS side of roundtrip.c's rule for changing a value (see the comment at the top
// of roundtrip.c), and fast-check generators of any value of a descriptor, both
// driven by the descriptor itself so every kind follows one rule.
import fc from 'fast-check'
import type { ArrayDesc, Desc, EnumDesc, PrimDesc, StructDesc, TransparentDesc } from '../../src/abi/index.ts'

/** The two C functions a function-pointer field swaps between. */
export interface FnPair {
  add: bigint
  mul: bigint
}

const INT_BITS: Record<string, [number, boolean]> = {
  u8: [8, false], u16: [16, false], u32: [32, false], u64: [64, false],
  i8: [8, true], i16: [16, true], i32: [32, true], i64: [64, true],
  usize: [64, false], isize: [64, true],
}
const WIDE = new Set(['u64', 'i64', 'usize', 'isize'])

function wrap(bits: number, signed: boolean, x: bigint): bigint {
  return signed ? BigInt.asIntN(bits, x) : BigInt.asUintN(bits, x)
}

/** The value roundtrip.c makes of `v`. */
export function bump(d: Desc, v: any, fns: FnPair): any {
  switch (d.kind) {
    case 'prim': {
      const name = (d as PrimDesc).name
      if (name === 'bool') return !v
      if (name === 'f32') return Math.fround(v + 1)
      if (name === 'f64') return v + 1
      const [bits, signed] = INT_BITS[name]
      const next = wrap(bits, signed, BigInt(v) + 1n)
      return WIDE.has(name) ? next : Number(next)
    }
    case 'zst':
      return undefined
    case 'ptr':
      return BigInt.asUintN(64, (v ?? 0n) + 1n)
    case 'fn':
      return v === fns.add ? fns.mul : fns.add
    case 'transparent':
      return bump((d as TransparentDesc).inner, v, fns)
    case 'array':
      return Array.from(v as ArrayLike<unknown>, (x) => bump((d as ArrayDesc).element, x, fns))
    case 'struct': {
      const s = d as StructDesc
      if (s.tuple) return s.members.map((m, i) => bump(m.type, v[i], fns))
      return Object.fromEntries(s.members.map((m) => [m.name, bump(m.type, v[m.name], fns)]))
    }
    case 'enum': {
      const e = d as EnumDesc
      const i = e.variants.findIndex((x) => x.name === v.tag)
      const vr = e.variants[i]
      if (vr.members.length > 0) return { tag: vr.name, ...Object.fromEntries(vr.members.map((m) => [m.name, bump(m.type, v[m.name], fns)])) }
      const next = e.variants[(i + 1) % e.variants.length]
      return { tag: next.name, ...Object.fromEntries(next.members.map((m) => [m.name, zero(m.type)])) }
    }
    default:
      throw new Error(`bump: no generic rule for ${d.kind} ${d.name}`)
  }
}

/** The value of all-zero bytes. */
export function zero(d: Desc): any {
  switch (d.kind) {
    case 'prim': {
      const name = (d as PrimDesc).name
      return name === 'bool' ? false : WIDE.has(name) ? 0n : 0
    }
    case 'zst':
      return undefined
    case 'ptr':
    case 'fn':
      return 0n
    case 'transparent':
      return zero((d as TransparentDesc).inner)
    case 'array':
      return Array.from({ length: (d as ArrayDesc).length }, () => zero((d as ArrayDesc).element))
    case 'struct': {
      const s = d as StructDesc
      if (s.tuple) return s.members.map((m) => zero(m.type))
      return Object.fromEntries(s.members.map((m) => [m.name, zero(m.type)]))
    }
    default:
      throw new Error(`zero: no rule for ${d.kind} ${d.name}`)
  }
}

/** Any JS value of `d` (every bit pattern of floats included: NaN, -0, infinities). */
export function arbitraryOf(d: Desc, fns: FnPair): fc.Arbitrary<any> {
  switch (d.kind) {
    case 'prim': {
      const name = (d as PrimDesc).name
      if (name === 'bool') return fc.boolean()
      if (name === 'f32') return fc.float()
      if (name === 'f64') return fc.double()
      const [bits, signed] = INT_BITS[name]
      const min = signed ? -(1n << BigInt(bits - 1)) : 0n
      const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n
      return WIDE.has(name) ? fc.bigInt({ min, max }) : fc.integer({ min: Number(min), max: Number(max) })
    }
    case 'zst':
      return fc.constant(undefined)
    case 'ptr':
      return fc.oneof(fc.constant(null), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }))
    case 'fn':
      return fc.constantFrom(fns.add, fns.mul, null)
    case 'transparent':
      return arbitraryOf((d as TransparentDesc).inner, fns)
    case 'array': {
      const a = d as ArrayDesc
      return fc.array(arbitraryOf(a.element, fns), { minLength: a.length, maxLength: a.length })
    }
    case 'struct': {
      const s = d as StructDesc
      if (s.tuple) return fc.tuple(...s.members.map((m) => arbitraryOf(m.type, fns)))
      return fc.record(Object.fromEntries(s.members.map((m) => [m.name, arbitraryOf(m.type, fns)])))
    }
    case 'enum': {
      const e = d as EnumDesc
      return fc.oneof(
        ...e.variants.map((vr) =>
          fc.record({ tag: fc.constant(vr.name), ...Object.fromEntries(vr.members.map((m) => [m.name, arbitraryOf(m.type, fns)])) }),
        ),
      )
    }
    default:
      throw new Error(`arbitraryOf: no rule for ${d.kind} ${d.name}`)
  }
}
