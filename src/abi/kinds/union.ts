// `#[repr(C)]` unions. Written from an object with exactly one member set; read as
// an object with every member whose bytes decode to a valid value (a union does
// not know which member is live).
import type { Desc, Fields, Infer, InferInput, Member } from '../descriptor.ts'
import { checkTypeName, toMembers } from './members.ts'

type UnionOut<F extends Fields> = { -readonly [K in keyof F]?: Infer<F[K]> }
type UnionIn<F extends Fields> = { [K in keyof F]: { -readonly [P in K]: InferInput<F[K]> } }[keyof F]

export interface UnionDesc<F extends Fields = Fields> extends Desc<UnionOut<F>, UnionIn<F>> {
  readonly kind: 'union'
  readonly fields: F
  readonly members: readonly Member[]
}

export function union<const F extends Fields>(name: string, fields: F): UnionDesc<F> {
  checkTypeName(name)
  const { members } = toMembers(name, fields)
  return Object.freeze({ kind: 'union', name, fields, members: Object.freeze(members) }) as UnionDesc<F>
}
