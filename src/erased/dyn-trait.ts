// `t.DynTrait(pointer, interface)`: abi_stable's `DynTrait<'static, P<()>, I>` (reference 3.5,
// 11.D): `{ object: P, vtable }`, 24 bytes over RBox/RArc, 16 over RMut/RRef. Read, it is a
// DynTraitObject (dyn-object.ts): owned when read from a value being dropped (a returned value),
// its source then left with an inert vtable; borrowed through a reference, and always over
// RMut/RRef. Written, it takes a DynTraitObject: moved for RBox/RArc, lent for RMut/RRef.
import { DeclarationError, DropKind, InvalidValueError, allocNative, copyToNative, custom, dropRuntime, overwriteSource, requireScope, t, takingOwnership, type CustomDesc } from '../abi/index.ts'
import { dropUnlessCalled } from '../types/owned.ts'
import { hostDynBytes } from './dyn-host.ts'
import { describeValue } from '../abi/errors.ts'
import { UnsupportedError } from '../types/errors.ts'
import { BorrowedObjectError } from '../trait/errors.ts'
import { DynTraitObject, type DynPointer, type DynShape } from './dyn-object.ts'
import { dynInterface, type DynInterfaceSpec } from './interface.ts'
import { inertDynVTable } from './native.ts'

const LE = true
/** The drop glue of a JS-made value lent over RMut/RRef: it is an owning DynTrait until the call ends. */
const Owned = custom({
  name: 'DynTrait<RBox<()>, lent>',
  repr: t.struct('DynTrait<RBox<()>, lent>', { data: t.mutPtr(), pointer_vtable: t.ptr(), vtable: t.ptr() }),
  layoutText: () => 'DynTrait<RBox<()>,lent>',
  read: () => undefined,
  write: () => undefined,
  dropOps: (offset) => [{ kind: DropKind.DynTrait, offset }],
})
const POINTERS: readonly DynPointer[] = ['RBox', 'RArc', 'RMut', 'RRef']

/**
 * What a DynTrait parameter accepts: a plugin-made DynTraitObject, or a JS value the host makes
 * one of (dyn-host.ts: its String() and util.inspect() texts, an iterable's items).
 */
export type DynTraitInput = DynTraitObject | Iterable<unknown> | object | string | number | bigint | boolean

export interface DynTraitDesc extends CustomDesc<DynTraitObject, DynTraitInput>, DynShape {}

export function DynTrait(pointer: DynPointer, spec: DynInterfaceSpec): DynTraitDesc {
  if (!POINTERS.includes(pointer)) throw new DeclarationError(`DynTrait: the pointer must be one of ${POINTERS.join(', ')}, got ${describeValue(pointer)}`)
  const iface = dynInterface(`DynTrait<${pointer}<()>>`, spec)
  const name = `DynTrait<${pointer}<()>, ${iface.name}>`
  const owning = pointer === 'RBox' || pointer === 'RArc'
  const pointerSize = owning ? 16 : 8
  const size = pointerSize + 8
  const repr = owning
    ? t.struct(name, { data: t.mutPtr(), pointer_vtable: t.ptr(), vtable: t.ptr(), _marker: t.phantom() })
    : t.struct(name, { data: t.mutPtr(), vtable: t.ptr(), _marker: t.phantom() })
  const self: DynTraitDesc = Object.freeze({
    ...custom<DynTraitObject, DynTraitInput>({
      name,
      repr,
      layoutText: () => `DynTrait<${pointer}<()>,${iface.key}>`,
      read(view, offset) {
        const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, size).slice()
        const v = new DataView(bytes.buffer)
        const vtable = v.getBigUint64(pointerSize, LE)
        if (vtable === 0n) throw new InvalidValueError(`${name} (a non-null vtable pointer)`, 'null')
        if (v.getBigUint64(0, LE) === 0n) throw new InvalidValueError(`${name} (a non-null object pointer)`, 'null')
        if (vtable === inertDynVTable()) throw new InvalidValueError(`a live ${name}`, 'the remains of one that was already taken (moved into JS)')
        const owned = owning && takingOwnership()
        const object = new DynTraitObject(self, bytes, owned)
        // The value this was read from is dropped next: leave a vtable whose drop_ptr does nothing.
        if (owned) {
          const inert = new Uint8Array(8)
          new DataView(inert.buffer).setBigUint64(0, inertDynVTable(), LE)
          overwriteSource(view, offset + pointerSize, inert, copyToNative)
        }
        return object
      },
      write(view, offset, value) {
        if (!(value instanceof DynTraitObject)) {
          if (pointer === 'RArc') throw new UnsupportedError(`${name}: an RArc DynTrait can only come from a plugin (its counts live in the plugin), got ${describeValue(value)}`)
          const bytes = hostDynBytes(name, iface, value)
          if (owning) {
            // Moved to the plugin; dropped again here if the call never happens.
            new Uint8Array(view.buffer, view.byteOffset + offset, 24).set(bytes)
            return dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, 24))
          }
          // Lent for the call: the host value lives until the call returns, then is dropped.
          const held = allocNative(24)
          copyToNative(held.address, bytes)
          requireScope(`${name} (a JS value lent for one call)`).temporary(() => {
            try {
              dropRuntime().dropInPlace(held.address, Owned)
            } finally {
              held.free()
            }
          })
          const v = new DataView(bytes.buffer)
          view.setBigUint64(offset, v.getBigUint64(0, LE), LE)
          view.setBigUint64(offset + 8, v.getBigUint64(16, LE), LE)
          return
        }
        if (value.$shape.iface.key !== iface.key) throw new InvalidValueError(`a ${name}`, `a ${value.$shape.name}`)
        if (owning) {
          if (value.$shape.pointer !== pointer) throw new InvalidValueError(`a ${name}`, `a ${value.$shape.name}`)
          if (!value.owned) throw new BorrowedObjectError(value.$shape.name, 'pass by value (move)')
          return value.$moveInto(view, offset)
        }
        // Lent for the call: the erased object and the same vtable (abi_stable's reborrow).
        view.setBigUint64(offset, value.$data, LE)
        view.setBigUint64(offset + 8, value.$vtable, LE)
      },
      dropOps: (offset) => (owning ? [{ kind: DropKind.DynTrait, offset }] : []),
    }),
    pointer,
    iface,
    pointerSize,
  })
  return self
}
