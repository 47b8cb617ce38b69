// The pointer a trait object is over (reference 3.1, 11.B): `Trait_TO<'_, P>` is the vtable
// pointer then `P`. RBox and RArc own the object (24 bytes; `_sabi_drop` releases them, `_sabi_clone`
// copies them when the trait is Clone); RMut and RRef borrow it (16 bytes) and are never dropped.
import { DeclarationError, t, type Desc } from '../abi/index.ts'

export type PointerKind = 'RBox' | 'RArc' | 'RMut' | 'RRef'
export const POINTER_KINDS: readonly PointerKind[] = ['RBox', 'RArc', 'RMut', 'RRef']

/** Whether objects over `p` own what they point at (and are dropped through `_sabi_drop`). */
export const ownsObject = (p: PointerKind): boolean => p === 'RBox' || p === 'RArc'

const reprs: Record<PointerKind, Desc> = {
  RBox: t.struct('RBox<()>', { data: t.mutPtr(), vtable: t.ptr(), _marker: t.phantom() }),
  RArc: t.struct('RArc<()>', { data: t.ptr(), vtable: t.ptr(), _marker: t.phantom() }),
  RMut: t.struct('RMut<()>', { ptr: t.mutPtr() }),
  RRef: t.struct('RRef<()>', { ptr: t.ptr() }),
}

/** The descriptor of the `ptr` field of an RObject over `p`. */
export const pointerRepr = (p: PointerKind): Desc => reprs[p]

/** Checks the `pointer` option of `t.trait` (RBox when absent). */
export function pointerKind(trait: string, value: unknown): PointerKind {
  if (value === undefined) return 'RBox'
  if (typeof value === 'string' && (POINTER_KINDS as readonly string[]).includes(value)) return value as PointerKind
  throw new DeclarationError(`${trait}: pointer must be one of ${POINTER_KINDS.map((p) => `'${p}'`).join(', ')}, got ${JSON.stringify(value)}`)
}

/** The object's size: the vtable pointer, then the pointer (RBox/RArc: data and vtable). */
export const objectSize = (p: PointerKind): number => (ownsObject(p) ? 24 : 16)
