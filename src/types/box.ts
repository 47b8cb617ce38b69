// RBox<T>: an owned pointer `{ data, vtable }` whose vtable frees it in the library
// that made it. In JS it is just the T; written from JS, the T is placed in memory
// from the native runtime with the runtime's box vtable.
import { DropKind, InvalidValueError, codecOf, custom, layoutOf, layoutString, nativeView, t, type CustomDesc, type Desc, type Infer, type InferInput } from '../abi/index.ts'
import { dangling } from './native-bytes.ts'
import { buildOwnedParts, dropUnlessCalled } from './owned.ts'
import { nativeTypeOf, runtime } from './runtime.ts'

const LE = true
const cache = new WeakMap<Desc, CustomDesc<any, any>>()

export function RBox<T extends Desc>(inner: T): CustomDesc<Infer<T>, InferInput<T>> {
  let d = cache.get(inner)
  if (d) return d
  const { size, align } = layoutOf(inner)
  const codec = codecOf(inner)
  const self: CustomDesc<Infer<T>, InferInput<T>> = custom({
    name: `RBox<${inner.name}>`,
    repr: t.struct(`RBox<${inner.name}>`, { data: t.mutPtr(inner), vtable: t.ptr(), _marker: t.phantom() }),
    layoutText: () => `RBox<${inner.kind === 'lazy' ? inner.name : layoutString(inner)}>`,
    read(view, offset) {
      const data = view.getBigUint64(offset, LE)
      if (data === 0n) throw new InvalidValueError(`${self.name} (a non-null data pointer)`, 'null')
      return codec.read(nativeView(data, size), 0)
    },
    write(view, offset, value) {
      const rt = runtime()
      const vtable = rt.boxVTable(nativeTypeOf(inner))
      let data = dangling(align)
      if (size > 0) {
        const block = rt.alloc(size, align)
        data = block
        buildOwnedParts(
          () => codec.write(nativeView(block, size), 0, value),
          () => rt.dealloc(block, size, align),
        )
      }
      view.setBigUint64(offset, data, LE)
      view.setBigUint64(offset + 8, vtable, LE)
      dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, 16))
    },
    dropOps: (offset) => [{ kind: DropKind.RBox, offset }],
  })
  cache.set(inner, self)
  return self
}
