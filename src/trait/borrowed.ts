// Writing a trait-object parameter over a pointer other than RBox (reference 11.B):
// - RMut / RRef: a trait object JS holds is lent (its vtable and erased object, 16 bytes; JS keeps
//   it); a JS implementation becomes a host object lent for the call only, released when it returns
//   (the borrower never drops it, as Rust never calls `_sabi_drop` on a reference).
// - RArc: a JS implementation becomes a host object behind a strong count (src/native/trait_arc.c);
//   the plugin clones and drops it through its ArcVtable, and the last drop releases the JS object.
import { allocNative, bindFunction, copyToNative, layoutString, readNativeBytes, requireScope, t } from '../abi/index.ts'
import { boxDestructor } from '../types/box.ts'
import { runtimeLibrary } from '../types/runtime.ts'
import { dropUnlessCalled } from '../types/owned.ts'
import { BorrowedObjectError } from './errors.ts'
import { hostObjectBytes } from './host/host-object.ts'
import type { TraitDesc } from './trait.ts'
import type { TraitObjectImpl } from './trait-object.ts'

const LE = true

/** Whether `value` is an object of the same trait (same vtable layout), whatever its pointer. */
export function sameTrait(value: TraitObjectImpl, trait: TraitDesc): boolean {
  return value.$desc === trait || layoutString(value.$desc.trait.vtable) === layoutString(trait.trait.vtable)
}

/** Lends `value` (owned or borrowed, any pointer) as an RMut/RRef object: `{ vtable, data }`. */
export function lendObject(trait: TraitDesc, value: TraitObjectImpl, view: DataView, offset: number): void {
  const { name, pointer } = trait.trait
  if (pointer === 'RMut' && value.$desc.trait.pointer === 'RRef') {
    throw new BorrowedObjectError(`${name} trait object (over RRef)`, 'lend as RMut (a shared borrow is not a unique one)')
  }
  value.$refresh() // the object as it is now (a live check too)
  const bytes = value.$current()
  view.setBigUint64(offset, new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, LE), LE)
  view.setBigUint64(offset + 8, value.$data, LE)
}

/** A JS implementation lent as an RMut/RRef object for the current call; released when it returns. */
export function lendHostObject(trait: TraitDesc, value: unknown, view: DataView, offset: number): void {
  const { name, pointer } = trait.trait
  const scope = requireScope(`a JS implementation of ${name} lent as ${pointer}`)
  const bytes = hostObjectBytes(trait, value)
  const object = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  const data = object.getBigUint64(8, LE)
  const boxVtable = object.getBigUint64(16, LE)
  new Uint8Array(view.buffer, view.byteOffset + offset, 16).set(bytes.subarray(0, 16))
  // Lent for the call only: afterwards the host object is released (CallReferentDrop::Yes, Deallocate::Yes).
  scope.temporary(() => boxDestructor(boxVtable)(data, 0, 1))
}

let toArc: ((inout: bigint) => void) | undefined

/** A JS implementation handed over as an RArc object (moved into the callee, which drops it). */
export function writeHostArc(trait: TraitDesc, value: unknown, view: DataView, offset: number): void {
  toArc ??= bindFunction(runtimeLibrary(), 'abs_trait_object_arc', t.fn([t.mutPtr()], t.unit)) as (inout: bigint) => void
  const bytes = hostObjectBytes(trait, value)
  const block = allocNative(24)
  let arc: Uint8Array
  try {
    copyToNative(block.address, bytes)
    toArc(block.address)
    arc = readNativeBytes(block.address, 24)
  } finally {
    block.free()
  }
  new Uint8Array(view.buffer, view.byteOffset + offset, 24).set(arc)
  // If the call it was made for never happens, the object is dropped again (through `_sabi_drop`).
  dropUnlessCalled(trait, new Uint8Array(view.buffer, view.byteOffset + offset, 24))
}
