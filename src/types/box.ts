// RBox<T>: an owned pointer `{ data, vtable }` whose vtable frees it in the library
// that made it. In JS it is just the T; written from JS, the T is placed in memory
// from the native runtime with the runtime's box vtable.
import { DropKind, InvalidValueError, allocNative, bindPointer, codecOf, custom, layoutOf, layoutString, readNative, t, writeNative, type CustomDesc, type Desc, type Infer, type InferInput } from '../abi/index.ts'
import { buildOwnedParts, dropUnlessCalled } from './owned.ts'
import { nativeTypeOf, runtime } from './runtime.ts'

const LE = true
const cache = new WeakMap<Desc, CustomDesc<any, any>>()

const destructorSig = t.fn([t.mutPtr(), t.u8, t.u8], t.unit)
const destructors = new Map<bigint, (data: bigint, callDrop: number, dealloc: number) => void>()
/** A BoxVtable's `destructor(data, call_drop, dealloc)`, at WM + 16 + 8. */
export function boxDestructor(vtable: bigint) {
  let f = destructors.get(vtable)
  if (!f) destructors.set(vtable, (f = bindPointer(readNative(vtable, 32).getBigUint64(24, LE), destructorSig)))
  return f
}

export function RBox<T extends Desc>(inner: T): CustomDesc<Infer<T>, InferInput<T>> {
  let d = cache.get(inner)
  if (d) return d
  const { size } = layoutOf(inner)
  const codec = codecOf(inner)
  const self: CustomDesc<Infer<T>, InferInput<T>> = custom({
    name: `RBox<${inner.name}>`,
    repr: t.struct(`RBox<${inner.name}>`, { data: t.mutPtr(inner), vtable: t.ptr(), _marker: t.phantom() }),
    layoutText: () => `RBox<${inner.kind === 'lazy' ? inner.name : layoutString(inner)}>`,
    read(view, offset) {
      const data = view.getBigUint64(offset, LE)
      if (data === 0n) throw new InvalidValueError(`${self.name} (a non-null data pointer)`, 'null')
      return codec.read(readNative(data, size), 0)
    },
    write(view, offset, value) {
      // The runtime's box storage carries the type just before the data (its destructor
      // receives only the data pointer), so the runtime allocates it.
      const rt = runtime()
      const header = allocNative(16)
      try {
        rt.boxInit(header.address, nativeTypeOf(inner))
        const made = header.read()
        const data = made.getBigUint64(0, LE)
        const vtable = made.getBigUint64(8, LE)
        buildOwnedParts(
          () => writeNative(data, size, (v) => codec.write(v, 0, value)),
          // Free the storage without dropping the half-written T: destructor(data, CallReferentDrop::No, Deallocate::Yes).
          () => boxDestructor(vtable)(data, 1, 1),
        )
        new Uint8Array(view.buffer, view.byteOffset + offset, 16).set(new Uint8Array(made.buffer, made.byteOffset, 16))
      } finally {
        header.free()
      }
      dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, 16))
    },
    dropOps: (offset) => [{ kind: DropKind.RBox, offset }],
  })
  cache.set(inner, self)
  return self
}
