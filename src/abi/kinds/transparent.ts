// `#[repr(transparent)]` newtypes: exactly the inner type in size, alignment and
// calling convention. Zero-sized companion fields (markers) are allowed and ignored.
import type { Desc, Infer, InferInput } from '../descriptor.ts'
import { DeclarationError } from '../errors.ts'
import { checkTypeName } from './members.ts'

export interface TransparentDesc<I extends Desc = Desc> extends Desc<Infer<I>, InferInput<I>> {
  readonly kind: 'transparent'
  readonly inner: I
  /** Zero-sized marker fields declared beside the inner one (names only matter for layout strings). */
  readonly markers: readonly Desc[]
}

export function transparent<I extends Desc>(name: string, inner: I, markers: readonly Desc[] = []): TransparentDesc<I> {
  checkTypeName(name)
  for (const m of markers) {
    if (m.kind !== 'zst') throw new DeclarationError(`${name}: repr(transparent) allows only zero-sized markers beside the inner field, got ${m.name}`)
  }
  return Object.freeze({ kind: 'transparent', name, inner, markers: Object.freeze([...markers]) }) as TransparentDesc<I>
}
