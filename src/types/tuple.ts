// Tuple1..Tuple4: plain `#[repr(C)]` tuple structs, read and written as JS tuples.
import { t, type Desc, type StructDesc } from '../abi/index.ts'

const name = (n: number, items: readonly Desc[]) => `Tuple${n}<${items.map((d) => d.name).join(', ')}>`

export const Tuple1 = <A extends Desc>(a: A): StructDesc<readonly [A]> => t.struct(name(1, [a]), [a] as const)
export const Tuple2 = <A extends Desc, B extends Desc>(a: A, b: B): StructDesc<readonly [A, B]> => t.struct(name(2, [a, b]), [a, b] as const)
export const Tuple3 = <A extends Desc, B extends Desc, C extends Desc>(a: A, b: B, c: C): StructDesc<readonly [A, B, C]> =>
  t.struct(name(3, [a, b, c]), [a, b, c] as const)
export const Tuple4 = <A extends Desc, B extends Desc, C extends Desc, D extends Desc>(a: A, b: B, c: C, d: D): StructDesc<readonly [A, B, C, D]> =>
  t.struct(name(4, [a, b, c, d]), [a, b, c, d] as const)
