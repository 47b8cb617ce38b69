// Zero-sized types: `()`, `PhantomData<T>` and friends. They take no bytes and have
// alignment 1, but still count as a field (and, in prefix types, take a field index).
// Zero-length arrays are arrays (`t.array(T, 0)`), since they keep T's alignment.
import type { Desc } from '../descriptor.ts'

export interface ZstDesc extends Desc<undefined, undefined | null> {
  readonly kind: 'zst'
}

export const unit: ZstDesc = Object.freeze({ kind: 'zst', name: '()' })

/** A `PhantomData`-like marker; `of` is only used in the name. */
export function phantom(of?: Desc): ZstDesc {
  return Object.freeze({ kind: 'zst', name: of ? `PhantomData<${of.name}>` : 'PhantomData' })
}
