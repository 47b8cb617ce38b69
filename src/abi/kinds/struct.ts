// `#[repr(C)]` structs, with named fields (`t.struct('Point', { x: t.f64 })`) or
// positional ones (`t.struct('Pair', [t.u8, t.f64])`, read as a JS tuple).
import type { Desc, Fields, FieldsIn, FieldsOut, Member, TupleFields } from '../descriptor.ts'
import { checkTypeName, toMembers } from './members.ts'

export interface StructDesc<F extends Fields | TupleFields = Fields | TupleFields> extends Desc<FieldsOut<F>, FieldsIn<F>> {
  readonly kind: 'struct'
  readonly fields: F
  readonly members: readonly Member[]
  readonly tuple: boolean
}

export function struct<const F extends Fields | TupleFields>(name: string, fields: F): StructDesc<F> {
  checkTypeName(name)
  const { members, tuple } = toMembers(name, fields)
  return Object.freeze({ kind: 'struct', name, fields, members: Object.freeze(members), tuple }) as StructDesc<F>
}
