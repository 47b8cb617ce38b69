// Drop glue: which parts of a value own something, and how each is released. A value
// made by a plugin is released through its own vtables; so is a host-made one (whose
// vtables live in src/native). The ops are plain data, run by the native runtime in
// one call (`abs_drop_in_place`), so dropping a nested value costs one crossing.
import type { Desc } from './descriptor.ts'
import type { ArrayDesc } from './kinds/array.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { EnumDesc } from './kinds/enum.ts'
import { resolveLazy } from './kinds/lazy.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import { layoutOf } from './layout.ts'

/** The kinds understood by the native runtime (src/native/abs_runtime.h). */
export const DropKind = {
  RVec: 1, // RVec / RString: vtable->destructor(&header)
  RBox: 2, // RBox: vtable->destructor(data, CallReferentDrop::Yes, Deallocate::Yes)
  RHashMap: 3, // map.vtable->destructor(map.data, 0, 1)
  RArc: 4, // vtable->destructor(data, CallReferentDrop::Yes)
  Enum: 5, // when the tag equals tagValue, run ops (offsets from the same value start)
  Array: 6, // count elements of stride bytes from offset, ops relative to each
  RObject: 7, // sabi_trait object: RObjectVtable._sabi_drop(&obj.ptr)
  DynTrait: 8, // vtable->drop_ptr(&obj)
  FfiFuture: 9, // async-ffi future: drop_fn(fut_ptr)
  NonExhaustive: 10, // vtable at offset+stride: NonExhaustiveVtable._sabi_drop(&ne)
} as const

export interface DropOp {
  readonly kind: (typeof DropKind)[keyof typeof DropKind]
  readonly offset: number
  readonly tagSize?: number
  readonly tagValue?: bigint
  readonly count?: number
  readonly stride?: number
  readonly ops?: readonly DropOp[]
}

const cache = new WeakMap<Desc, readonly DropOp[]>()

/** The drop glue of `d` at offset 0 (empty when nothing in it owns memory). */
export function dropOpsOf(d: Desc): readonly DropOp[] {
  let ops = cache.get(d)
  if (!ops) {
    ops = Object.freeze(build(d, 0))
    cache.set(d, ops)
  }
  return ops
}

export const needsDrop = (d: Desc): boolean => dropOpsOf(d).length > 0

/**
 * Moves drop glue to a value placed `by` bytes further. An enum's variant ops are
 * counted from the same base as the enum op, so they move too; an array's ops are
 * relative to each element and stay.
 */
export const shiftOps = (ops: readonly DropOp[], by: number): DropOp[] =>
  by === 0
    ? [...ops]
    : ops.map((op) => ({ ...op, offset: op.offset + by, ops: op.kind === DropKind.Enum && op.ops ? shiftOps(op.ops, by) : op.ops }))
const shift = shiftOps

function build(d: Desc, offset: number): DropOp[] {
  d = resolveLazy(d)
  switch (d.kind) {
    case 'custom':
      return (d as CustomDesc).dropOps(offset)
    case 'transparent':
      return build((d as TransparentDesc).inner, offset)
    case 'struct': {
      const l = layoutOf(d)
      return (d as StructDesc).members.flatMap((m) => shift(dropOpsOf(m.type), offset + l.fields![m.name]))
    }
    case 'array': {
      const a = d as ArrayDesc
      const inner = dropOpsOf(a.element)
      if (inner.length === 0 || a.length === 0) return []
      return [{ kind: DropKind.Array, offset, count: a.length, stride: layoutOf(a.element).size, ops: inner }]
    }
    case 'enum': {
      const e = d as EnumDesc
      const l = layoutOf(d)
      const out: DropOp[] = []
      for (const v of e.variants) {
        const ops = v.members.flatMap((m) => shift(dropOpsOf(m.type), l.variants![v.name][m.name]))
        if (ops.length) out.push({ kind: DropKind.Enum, offset, tagSize: l.tag!.size, tagValue: v.discriminant, ops: shift(ops, offset) })
      }
      return out
    }
    default:
      // Primitives, pointers (borrowed), unions (never dropped by Rust either), prefix refs.
      return []
  }
}
