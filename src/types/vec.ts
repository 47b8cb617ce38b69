// RVec<T> and RString: owned, growable buffers `{ buffer, length, capacity, vtable }`.
// Written from JS as host-made values (runtime vtables; a plugin may grow or drop them
// on any thread); read as a JS copy (typed array for numeric elements, string for
// RString), or viewed in place through a Handle with viewOf().
import {
  DropKind,
  Handle,
  InvalidValueError,
  codecOf,
  copyToNative,
  custom,
  layoutOf,
  layoutString,
  nativeView,
  readNativeBytes,
  readNativeTransient,
  readNativeTransientView,
  writeNative,
  t,
  type CustomDesc,
  type Desc,
} from '../abi/index.ts'
import { checkBuffer, dangling, decodeUtf8, typedArrayOf } from './native-bytes.ts'
import { buildOwnedParts, dropUnlessCalled } from './owned.ts'
import { nativeTypeOf, runtime } from './runtime.ts'
import { readElements, type SliceIn, type SliceOut } from './slices.ts'

const LE = true
const F = { buffer: 0, length: 8, capacity: 16, vtable: 24 }

export const vecRepr = (name: string, element: Desc) =>
  t.struct(name, { buffer: t.mutPtr(element), length: t.usize, capacity: t.usize, vtable: t.ptr(), _marker: t.phantom() })

interface VecHeader {
  buffer: bigint
  length: number
  capacity: bigint
  vtable: bigint
}

function writeHeader(view: DataView, offset: number, h: VecHeader): void {
  view.setBigUint64(offset + F.buffer, h.buffer, LE)
  view.setBigUint64(offset + F.length, BigInt(h.length), LE)
  view.setBigUint64(offset + F.capacity, h.capacity, LE)
  view.setBigUint64(offset + F.vtable, h.vtable, LE)
}

const headerBytes = (view: DataView, offset: number) => new Uint8Array(view.buffer, view.byteOffset + offset, 32)

// The runtime's vtable for vectors of each element type: made once by the runtime, asked once here.
const vtables = new WeakMap<Desc, bigint>()
function vecVTableOf(element: Desc): bigint {
  let v = vtables.get(element)
  if (v === undefined) vtables.set(element, (v = runtime().vecVTable(nativeTypeOf(element))))
  return v
}

/** Builds a host-made vector of `element` holding `n` elements written by `fill`. */
function makeVec(self: Desc, element: Desc, n: number, fill: (data: DataView) => void, source?: Uint8Array): VecHeader {
  const rt = runtime()
  const { size, align } = layoutOf(element)
  const vtable = vecVTableOf(element)
  if (n === 0 || size === 0) {
    // Nothing allocated: a dangling buffer, capacity 0 (usize::MAX for zero-sized elements, as Rust does).
    return { buffer: dangling(align), length: n, capacity: size === 0 ? 0xffff_ffff_ffff_ffffn : 0n, vtable }
  }
  const buffer = rt.alloc(n * size, align)
  buildOwnedParts(
    // Bytes already laid out (a string's UTF-8) go in with one copy, not through a staging buffer.
    () => (source ? copyToNative(buffer, source) : writeNative(buffer, n * size, fill)),
    () => rt.dealloc(buffer, n * size, align),
  )
  void self
  return { buffer, length: n, capacity: BigInt(n), vtable }
}

function vecOf<T extends Desc>(element: T): CustomDesc<SliceOut<T>, SliceIn<T>> {
  const name = `RVec<${element.name}>`
  const repr = vecRepr(name, element)
  const Typed = typedArrayOf(element)
  // Element facts are looked up on first use: the element may be a lazy (recursive) type.
  let size = -1
  const self: CustomDesc<SliceOut<T>, SliceIn<T>> = custom({
    name,
    repr,
    layoutText: () => `RVec<${element.kind === 'lazy' ? element.name : layoutString(element)}>`,
    read(view, offset) {
      const buffer = view.getBigUint64(offset + F.buffer, LE)
      const length = Number(view.getBigUint64(offset + F.length, LE))
      checkBuffer(name, buffer, length, layoutOf(element).size, view.getBigUint64(offset + F.capacity, LE))
      return readElements(element, buffer, length) as SliceOut<T>
    },
    write(view, offset, value) {
      if (!Array.isArray(value) && !ArrayBuffer.isView(value)) {
        throw new InvalidValueError(`${name} (an array${Typed ? ` or ${Typed.name}` : ''})`, typeof value)
      }
      const items = value as unknown as ArrayLike<unknown>
      const codec = codecOf(element)
      if (size < 0) size = layoutOf(element).size
      const header = makeVec(self, element, items.length, (data) => {
        if (Typed && value instanceof Typed) {
          new Uint8Array(data.buffer, data.byteOffset, data.byteLength).set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength))
          return
        }
        for (let i = 0; i < items.length; i++) {
          try {
            codec.write(data, i * size, items[i])
          } catch (e) {
            if (e instanceof InvalidValueError) e.within(`[${i}]`)
            throw e
          }
        }
      })
      writeHeader(view, offset, header)
      dropUnlessCalled(self, headerBytes(view, offset))
    },
    dropOps: (offset) => [{ kind: DropKind.RVec, offset }],
  })
  return self
}

const cache = new WeakMap<Desc, CustomDesc<any, any>>()
const elements = new WeakMap<Desc, Desc>()

/** `RVec<T>`: an owned vector. */
export function RVec<T extends Desc>(element: T): CustomDesc<SliceOut<T>, SliceIn<T>> {
  let d = cache.get(element)
  if (!d) {
    cache.set(element, (d = vecOf(element)))
    elements.set(d, element)
  }
  return d
}

/** The element type of an `RVec<T>` descriptor (undefined for any other type). */
export const vecElementOf = (d: Desc): Desc | undefined => elements.get(d)

/** `RString`: an owned UTF-8 string (an `RVec<u8>` underneath). */
export const RString: CustomDesc<string, string> = custom({
  name: 'RString',
  repr: t.struct('RString', { inner: vecRepr('RVec<u8>', t.u8) }),
  layoutText: () => 'RString',
  read(view, offset) {
    const buffer = view.getBigUint64(offset + F.buffer, LE)
    const length = Number(view.getBigUint64(offset + F.length, LE))
    checkBuffer('RString', buffer, length, 1, view.getBigUint64(offset + F.capacity, LE))
    return decodeUtf8(readNativeTransient(buffer, length), 'an RString')
  },
  write(view, offset, value) {
    if (typeof value !== 'string') throw new InvalidValueError('string (RString)', typeof value)
    const bytes = utf8Of(value)
    const header = makeVec(RString, t.u8, bytes.length, () => {}, bytes)
    writeHeader(view, offset, header)
    dropUnlessCalled(RString, headerBytes(view, offset))
  },
  dropOps: (offset) => [{ kind: DropKind.RVec, offset }],
})

const encoder = new TextEncoder()
let utf8Scratch = new Uint8Array(1024)

/**
 * The UTF-8 of `s`: short strings are encoded into a reused scratch (the bytes are copied to
 * native memory before anything else runs), long ones into a fresh Buffer.
 */
function utf8Of(s: string): Uint8Array {
  if (s.length > 1 << 16) return Buffer.from(s, 'utf8')
  if (s.length * 3 > utf8Scratch.length) utf8Scratch = new Uint8Array(s.length * 3)
  const { written } = encoder.encodeInto(s, utf8Scratch)
  return utf8Scratch.subarray(0, written)
}

/**
 * A typed array over the elements of a vector or string held by a handle, without a copy.
 * Valid while the handle lives: do not keep it past `drop()`. The vector is the handle's: its
 * memory goes back to the plugin at `drop()`, whether or not the view was collected. Node's own
 * record of each view (an external ArrayBuffer) is freed after a GC, from the event loop: a
 * synchronous loop making hundreds of thousands of views keeps them until it yields.
 */
export function viewOf(handle: Handle<CustomDesc<any, any>>): ArrayBufferView {
  const element = handle.type === RString ? t.u8 : elementOf(handle.type)
  const Typed = element && typedArrayOf(element)
  if (!Typed) throw new InvalidValueError('a handle of RString or RVec of a numeric type', `a handle of ${handle.type.name}`)
  // Two plain fields read at once: through the staging copy, no buffer of its own.
  const header = readNativeTransientView(handle.$address, 32)
  const buffer = header.getBigUint64(F.buffer, LE)
  const length = Number(header.getBigUint64(F.length, LE))
  const bytes = length * Typed.BYTES_PER_ELEMENT
  return length === 0 ? new Typed(0) : new Typed(nativeView(buffer, bytes).buffer as ArrayBuffer, 0, length)
}

const elementOf = (d: Desc): Desc | undefined => {
  const repr = (d as CustomDesc).repr as { members?: readonly { name: string; type: Desc }[] } | undefined
  const buffer = repr?.members?.find((m) => m.name === 'buffer')?.type as { target?: Desc } | undefined
  return d.name.startsWith('RVec<') ? buffer?.target : undefined
}
