// koffi types that pass a descriptor's value by value in a C call with the right
// register classification: structs keep their real field types (a float half goes
// in an SSE register), enums become the union of their variant structs (RFC 2195),
// and zero-sized members vanish with their alignment folded onto a neighbour.
// Every built type is checked against our own layout before use.
import koffi from 'koffi'
import type { TypeObject } from 'koffi'
import type { Desc } from './descriptor.ts'
import type { ArrayDesc } from './kinds/array.ts'
import { tagIntOf, type EnumDesc } from './kinds/enum.ts'
import type { PrimDesc } from './kinds/primitive.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { LazyDesc } from './kinds/lazy.ts'
import { layoutOf, primLayout } from './layout.ts'
import { hostModel } from './model.ts'

export type KoffiType = TypeObject | string

const PRIM: Record<string, string> = {
  u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
  i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
  usize: 'uintptr_t', isize: 'intptr_t', f32: 'float', f64: 'double', bool: 'bool',
}

const cache = new WeakMap<Desc, KoffiType | null>()

/** The koffi type of `d`, or null for a zero-sized type (nothing is passed for it). */
export function koffiTypeOf(d: Desc): KoffiType | null {
  if (cache.has(d)) return cache.get(d)!
  const t = build(d)
  if (t !== null && typeof t !== 'string') {
    const ours = layoutOf(d)
    if (koffi.sizeof(t) !== ours.size || koffi.alignof(t) !== ours.align) {
      throw new Error(
        `abi-stable internal error: koffi lays out ${d.name} as size ${koffi.sizeof(t)} align ${koffi.alignof(t)}, ` +
          `but the layout rules give size ${ours.size} align ${ours.align}`,
      )
    }
  }
  cache.set(d, t)
  return t
}

interface Part {
  name: string
  desc: Desc | null
  type: KoffiType | null
  align: number
}

/** A koffi struct of parts in order; zero-sized parts only raise the next part's alignment. */
export function koffiStruct(parts: Part[]): KoffiType | null {
  const shape: Record<string, KoffiType | [number, KoffiType]> = {}
  let pending = 1
  let first: string | undefined
  for (const p of parts) {
    if (p.type === null) {
      pending = Math.max(pending, p.align)
      continue
    }
    const align = Math.max(pending, p.align)
    shape[p.name] = align > p.align ? [align, p.type] : p.type
    first ??= p.name
    pending = 1
  }
  if (first === undefined) return null
  if (pending > 1) {
    // Trailing zero-sized parts still raise the struct's alignment: put it on the first part (offset 0).
    const t = shape[first]
    const [a, ty] = Array.isArray(t) ? t : [1, t]
    shape[first] = [Math.max(a as number, pending), ty as KoffiType]
  }
  return koffi.struct(shape as any)
}

const part = (name: string, desc: Desc): Part => ({ name: memberKey(name), desc, type: koffiTypeOf(desc), align: layoutOf(desc).align })

/** koffi member names must be identifiers: fields (possibly '0', '1') get a prefix. */
export const memberKey = (name: string): string => `f_${name}`

/** The koffi union member name of an enum variant. */
export const variantKey = (name: string): string => `v_${name}`

function build(d: Desc): KoffiType | null {
  switch (d.kind) {
    case 'prim':
      return PRIM[(d as PrimDesc).name]
    case 'zst':
      return null
    case 'ptr':
    case 'fn':
    case 'ref':
    case 'prefix':
      return 'void *'
    case 'custom':
      return koffiTypeOf((d as CustomDesc).repr)
    case 'lazy':
      return koffiTypeOf((d as LazyDesc).resolve())
    case 'transparent':
      return koffiTypeOf((d as TransparentDesc).inner)
    case 'struct':
      return koffiStruct((d as StructDesc).members.map((m) => part(m.name, m.type)))
    case 'array': {
      const a = d as ArrayDesc
      const e = koffiTypeOf(a.element)
      return e === null || a.length === 0 ? null : koffi.array(e, a.length, 'Array')
    }
    case 'union': {
      const shape: Record<string, KoffiType> = {}
      for (const m of (d as UnionDesc).members) {
        const t = koffiTypeOf(m.type)
        if (t !== null) shape[memberKey(m.name)] = t
      }
      // A union's alignment can come from a zero-sized member alone: lift it onto a real one.
      if (Object.keys(shape).length === 0) return null
      const u = koffi.union(shape as any)
      const want = layoutOf(d).align
      return koffi.alignof(u) === want ? u : koffiStruct([{ name: 'u', desc: null, type: u, align: want }])
    }
    case 'enum':
      return enumType(d as EnumDesc)
  }
}

function enumType(e: EnumDesc): KoffiType | null {
  const tagName = tagIntOf(e.repr)
  const tag: Part = { name: 'tag', desc: null, type: PRIM[tagName], align: primLayout(tagName, hostModel).align }
  const cStyle = e.repr === 'C' || e.repr.startsWith('C,')
  const variants = e.variants.map((v) => ({ name: v.name, parts: v.members.map((m) => part(m.name, m.type)) }))
  const payloadAlign = Math.max(1, ...variants.flatMap((v) => v.parts.map((p) => p.align)))
  const sized = variants.filter((v) => v.parts.some((p) => p.type !== null))
  if (sized.length === 0) {
    // Field-less, or zero-sized fields only: the tag, possibly over-aligned by a zero-sized field.
    return payloadAlign > tag.align ? koffiStruct([tag, { name: 'z', desc: null, type: null, align: payloadAlign }]) : tag.type
  }
  const shape: Record<string, KoffiType> = {}
  if (!cStyle) {
    // union { struct { tag; fields } ... }: every variant takes part, even a unit one.
    for (const v of variants) shape[variantKey(v.name)] = koffiStruct([tag, ...v.parts])!
    return koffi.union(shape as any)
  }
  // struct { tag; union { struct { fields } ... } }
  for (const v of sized) shape[variantKey(v.name)] = koffiStruct(v.parts)!
  const payload: Part = { name: 'payload', desc: null, type: koffi.union(shape as any), align: payloadAlign }
  return koffiStruct([tag, payload])
}
