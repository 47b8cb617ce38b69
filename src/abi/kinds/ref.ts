// `&T` and `&mut T`: one pointer to a T the caller keeps owning. A JS value passed
// as `&T` is written into temporary memory for the call (and dropped after it);
// a handle is lent by address. Reading a `&T` reads the T it points to.
import type { Desc, Infer, InferInput } from '../descriptor.ts'

export interface RefDesc<T extends Desc = Desc> extends Desc<Infer<T>, InferInput<T> | { readonly $address: bigint }> {
  readonly kind: 'ref'
  readonly target: T
  readonly mutable: boolean
}

export function ref<T extends Desc>(target: T): RefDesc<T> {
  return Object.freeze({ kind: 'ref', name: `&${target.name}`, target, mutable: false }) as RefDesc<T>
}

export function refMut<T extends Desc>(target: T): RefDesc<T> {
  return Object.freeze({ kind: 'ref', name: `&mut ${target.name}`, target, mutable: true }) as RefDesc<T>
}
