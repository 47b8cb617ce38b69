// Fixed-size arrays `[T; N]`, read as JS arrays. `[T; 0]` is zero-sized but keeps
// T's alignment (Rust uses `[usize; 0]` to raise a struct's alignment).
import type { Desc, Infer, InferInput } from '../descriptor.ts'
import { DeclarationError } from '../errors.ts'

/** Written from an array or any array-like (a typed array of the element type, say) of the right length. */
export interface ArrayDesc<E extends Desc = Desc, N extends number = number> extends Desc<Infer<E>[], readonly InferInput<E>[] | ArrayLike<InferInput<E>>> {
  readonly kind: 'array'
  readonly element: E
  readonly length: N
}

export function array<E extends Desc, N extends number>(element: E, length: N): ArrayDesc<E, N> {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new DeclarationError(`[${element.name}; ${length}]: the length must be a non-negative integer`)
  }
  return Object.freeze({ kind: 'array', name: `[${element.name}; ${length}]`, element, length }) as ArrayDesc<E, N>
}
