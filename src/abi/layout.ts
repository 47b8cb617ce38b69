// Size, alignment and offsets of any descriptor under a data model, by the
// `repr(C)` rules (and RFC 2195 for enums). Results are cached per model.
import type { Desc, Member } from './descriptor.ts'
import type { DataModel } from './model.ts'
import { hostModel } from './model.ts'
import type { ArrayDesc } from './kinds/array.ts'
import { tagIntOf, type EnumDesc } from './kinds/enum.ts'
import type { PrefixDesc } from './kinds/prefix.ts'
import { intInfo, isIntName, type PrimDesc } from './kinds/primitive.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { LazyDesc } from './kinds/lazy.ts'

export interface Layout {
  readonly size: number
  readonly align: number
  /** Offsets of struct fields, by name. */
  readonly fields?: Readonly<Record<string, number>>
  /** Enums: the tag's offset and size, and each variant's field offsets from the enum's start. */
  readonly tag?: { readonly offset: number; readonly size: number }
  readonly variants?: Readonly<Record<string, Readonly<Record<string, number>>>>
  /** Prefix types: where the value starts inside the header block, and the value's own layout. */
  readonly prefix?: PrefixLayout
}

export interface PrefixLayout {
  /** Offset of the struct value from the header (`WithMetadata`) start: 16 on 64-bit. */
  readonly valueOffset: number
  /** Size and alignment of the whole header block (header + value). */
  readonly blockSize: number
  readonly blockAlign: number
  /** Size and alignment of the struct value alone (at least pointer-aligned). */
  readonly valueSize: number
  readonly valueAlign: number
  /** Field offsets from the header start. */
  readonly fields: Readonly<Record<string, number>>
}

export const roundUp = (n: number, align: number): number => Math.ceil(n / align) * align

const caches = new WeakMap<DataModel, WeakMap<Desc, Layout>>()

/** The layout of `d` under `model` (the running process's by default). */
export function layoutOf(d: Desc, model: DataModel = hostModel): Layout {
  let cache = caches.get(model)
  if (!cache) caches.set(model, (cache = new WeakMap()))
  let layout = cache.get(d)
  if (!layout) {
    layout = Object.freeze(compute(d, model))
    cache.set(d, layout)
  }
  return layout
}

export const sizeOf = (d: Desc, model: DataModel = hostModel): number => layoutOf(d, model).size
export const alignOf = (d: Desc, model: DataModel = hostModel): number => layoutOf(d, model).align

export function primLayout(name: string, model: DataModel): Layout {
  if (name === 'bool') return { size: 1, align: 1 }
  if (name === 'f32') return { size: 4, align: 4 }
  if (name === 'f64') return { size: 8, align: model.f64Align }
  if (!isIntName(name)) throw new Error(`unknown primitive ${name}`)
  const bits = intInfo[name].bits
  if (bits === 'ptr') return { size: model.pointerSize, align: model.pointerSize }
  if (bits === 64) return { size: 8, align: model.int64Align }
  return { size: bits / 8, align: bits / 8 }
}

/** C struct layout of an ordered member list, optionally starting with leading parts (an enum tag). */
export function structLayout(members: readonly Member[], model: DataModel, minAlign = 1): Layout & { fields: Record<string, number> } {
  let offset = 0
  let align = minAlign
  const fields: Record<string, number> = {}
  for (const m of members) {
    const l = layoutOf(m.type, model)
    offset = roundUp(offset, l.align)
    fields[m.name] = offset
    offset += l.size
    align = Math.max(align, l.align)
  }
  return { size: roundUp(offset, align), align, fields }
}

function compute(d: Desc, model: DataModel): Layout {
  switch (d.kind) {
    case 'prim':
      return primLayout((d as PrimDesc).name, model)
    case 'zst':
      return { size: 0, align: 1 }
    case 'custom':
      return layoutOf((d as CustomDesc).repr, model)
    case 'lazy':
      return layoutOf((d as LazyDesc).resolve(), model)
    case 'ptr':
    case 'fn':
    case 'ref':
    case 'prefix':
      return d.kind === 'prefix' ? { size: model.pointerSize, align: model.pointerSize, prefix: prefixLayout(d as PrefixDesc, model) } : { size: model.pointerSize, align: model.pointerSize }
    case 'struct':
      return structLayout((d as StructDesc).members, model)
    case 'array': {
      const a = d as ArrayDesc
      const e = layoutOf(a.element, model)
      return { size: e.size * a.length, align: e.align }
    }
    case 'union': {
      let size = 0
      let align = 1
      for (const m of (d as UnionDesc).members) {
        const l = layoutOf(m.type, model)
        size = Math.max(size, l.size)
        align = Math.max(align, l.align)
      }
      return { size: roundUp(size, align), align }
    }
    case 'transparent': {
      const inner = layoutOf((d as TransparentDesc).inner, model)
      return { size: inner.size, align: inner.align }
    }
    case 'enum':
      return enumLayout(d as EnumDesc, model)
  }
}

function enumLayout(e: EnumDesc, model: DataModel): Layout {
  const tag = primLayout(tagIntOf(e.repr), model)
  const variants: Record<string, Record<string, number>> = {}
  if (e.repr === 'C' || e.repr.startsWith('C,')) {
    // struct { tag; union { struct { fields of each variant } } }
    let unionSize = 0
    let unionAlign = 1
    const inner = e.variants.map((v) => {
      const l = structLayout(v.members, model)
      unionSize = Math.max(unionSize, l.size)
      unionAlign = Math.max(unionAlign, l.align)
      return l
    })
    unionSize = roundUp(unionSize, unionAlign)
    const payload = roundUp(tag.size, unionAlign)
    const align = Math.max(tag.align, unionAlign)
    e.variants.forEach((v, i) => {
      variants[v.name] = Object.fromEntries(Object.entries(inner[i].fields).map(([k, off]) => [k, payload + off]))
    })
    return { size: roundUp(payload + unionSize, align), align, tag: { offset: 0, size: tag.size }, variants }
  }
  // union { struct { tag; fields of each variant } }
  let size = 0
  let align = tag.align
  for (const v of e.variants) {
    let offset = tag.size
    const offsets: Record<string, number> = {}
    for (const m of v.members) {
      const l = layoutOf(m.type, model)
      offset = roundUp(offset, l.align)
      offsets[m.name] = offset
      offset += l.size
      align = Math.max(align, l.align)
    }
    size = Math.max(size, offset)
    variants[v.name] = offsets
  }
  return { size: roundUp(size, align), align, tag: { offset: 0, size: tag.size }, variants }
}

function prefixLayout(d: PrefixDesc, model: DataModel): PrefixLayout {
  const P = model.pointerSize
  // The generated struct holds a `[usize; 0]`, so it is at least pointer-aligned.
  const value = structLayout(d.members, model, P)
  const headerAlign = Math.max(model.int64Align, P)
  const valueOffset = roundUp(8 + P, value.align)
  const blockAlign = Math.max(headerAlign, value.align)
  const fields = Object.fromEntries(Object.entries(value.fields).map(([k, off]) => [k, valueOffset + off]))
  return {
    valueOffset,
    blockSize: roundUp(valueOffset + value.size, blockAlign),
    blockAlign,
    valueSize: value.size,
    valueAlign: value.align,
    fields,
  }
}
