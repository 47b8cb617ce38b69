// What each byte of a type holds: integer data, floating-point data, or padding.
// Calling conventions classify aggregates by this (SysV x86-64 puts an eightbyte in
// an SSE register only when it holds floats alone), so native code that passes a
// value of a runtime-described type by value needs it.
import type { Desc } from './descriptor.ts'
import type { ArrayDesc } from './kinds/array.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { EnumDesc } from './kinds/enum.ts'
import { resolveLazy } from './kinds/lazy.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import { layoutOf } from './layout.ts'

export const ByteClass = { Padding: 0, Float: 1, Integer: 2 } as const

/** One class per byte of `d` (host data model). Where members overlap, integer wins over float over padding. */
export function byteClassesOf(d: Desc): Uint8Array {
  const out = new Uint8Array(layoutOf(d).size)
  mark(d, out, 0)
  return out
}

function set(out: Uint8Array, at: number, size: number, cls: number): void {
  for (let i = at; i < at + size; i++) out[i] = Math.max(out[i], cls)
}

function mark(d: Desc, out: Uint8Array, at: number): void {
  d = resolveLazy(d)
  const l = layoutOf(d)
  switch (d.kind) {
    case 'prim':
      return set(out, at, l.size, d.name === 'f32' || d.name === 'f64' ? ByteClass.Float : ByteClass.Integer)
    case 'ptr':
    case 'fn':
    case 'ref':
    case 'prefix':
      return set(out, at, l.size, ByteClass.Integer)
    case 'zst':
      return
    case 'transparent':
      return mark((d as TransparentDesc).inner, out, at)
    case 'custom':
      return mark((d as CustomDesc).repr, out, at)
    case 'struct':
      for (const m of (d as StructDesc).members) mark(m.type, out, at + l.fields![m.name])
      return
    case 'array': {
      const a = d as ArrayDesc
      const stride = layoutOf(a.element).size
      for (let i = 0; i < a.length; i++) mark(a.element, out, at + i * stride)
      return
    }
    case 'union':
      for (const m of (d as UnionDesc).members) mark(m.type, out, at)
      return
    case 'enum': {
      set(out, at + l.tag!.offset, l.tag!.size, ByteClass.Integer)
      for (const v of (d as EnumDesc).variants) for (const m of v.members) mark(m.type, out, at + l.variants![v.name][m.name])
      return
    }
    case 'lazy':
      return
  }
}

/** Bit i set when bytes [4i, 4i + 4) hold only floats or padding (the first 32 units). */
export function floatUnitsOf(d: Desc): number {
  const classes = byteClassesOf(d)
  let mask = 0
  for (let unit = 0; unit < 32 && unit * 4 < classes.length; unit++) {
    let floatOnly = true
    for (let i = unit * 4; i < Math.min(unit * 4 + 4, classes.length); i++) if (classes[i] === ByteClass.Integer) floatOnly = false
    if (floatOnly) mask |= 1 << unit
  }
  return mask >>> 0
}
