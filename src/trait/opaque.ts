// `t.opaque(name)`: a value a plugin hands out whose type the host cannot see (a Rust type that is
// not FFI-safe, behind `RBox<T>`): `{ data, vtable }`, where the box vtable's destructor is the
// plugin's own. JS holds it as an OpaqueHandle, passes it back (by value: moved; by `t.ref` /
// `t.refMut`: lent), and drops it exactly once through that destructor.
import { DropKind, InvalidValueError, copyToNative, custom, overwriteSource, t, takingOwnership, type CustomDesc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { inertBoxVTable } from './host/native.ts'
import { NativeOwner, OWNER } from './owner.ts'

const LE = true

export class OpaqueHandle extends NativeOwner {
  /** @internal */
  readonly typeName: string
  constructor(type: OpaqueDesc, bytes: Uint8Array, owned: boolean) {
    super(type, bytes, owned)
    this.typeName = type.opaqueName
  }

  protected $describe(): string {
    return `${this.typeName} opaque handle`
  }

  /** The pointer to the value itself (the box's data), for functions that take `&T` / `*const T`. */
  get $data(): bigint {
    this.$live()
    return new DataView(this.$current().buffer).getBigUint64(0, LE)
  }

  /** @internal */
  get type(): OpaqueDesc {
    return this[OWNER].type as OpaqueDesc
  }
}

export interface OpaqueDesc extends CustomDesc<OpaqueHandle, OpaqueHandle> {
  readonly opaqueName: string
}

export function opaque(name: string): OpaqueDesc {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidValueError('an opaque type name (an identifier)', describeValue(name))
  const self: OpaqueDesc = Object.freeze({
    ...custom<OpaqueHandle, OpaqueHandle>({
      name: `RBox<${name}>`,
      repr: t.struct(`RBox<${name}>`, { data: t.mutPtr(), vtable: t.ptr(), _marker: t.phantom() }),
      layoutText: () => `RBox<opaque ${name}>`,
      read(view, offset) {
        const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, 16).slice()
        if (new DataView(bytes.buffer).getBigUint64(0, LE) === 0n) throw new InvalidValueError(`${self.name} (a non-null data pointer)`, 'null')
        const owned = takingOwnership()
        const handle = new OpaqueHandle(self, bytes, owned)
        // The value this was read from is dropped next: leave a box vtable whose destructor does nothing.
        if (owned) overwriteSource(view, offset + 8, inertBoxVTable(), copyToNative)
        return handle
      },
      write(view, offset, value) {
        if (!(value instanceof OpaqueHandle) || value.type.opaqueName !== name) {
          throw new InvalidValueError(`a ${name} opaque handle (only the plugin can make one)`, value instanceof OpaqueHandle ? `a ${value.typeName} opaque handle` : describeValue(value))
        }
        value.$moveInto(view, offset)
      },
      dropOps: (offset) => [{ kind: DropKind.RBox, offset }],
    }),
    opaqueName: name,
  })
  return self
}
