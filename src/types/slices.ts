// RSlice<T>, RSliceMut<T> and RStr: borrowed `{ data, length }` views. Written from
// JS for the length of a call: a typed array of the element type is lent without a
// copy (so a plugin writing into an RSliceMut writes into it); any other array is
// copied into temporary memory (and, for RSliceMut, copied back after the call).
// Read as a copy: numeric elements as the matching typed array, others as an array.
import {
  InvalidValueError,
  addressOf,
  allocNative,
  codecOf,
  custom,
  dropRuntime,
  enterScope,
  exitScope,
  layoutOf,
  layoutString,
  readBorrowing,
  readNative,
  readNativeBytes,
  readNativeTransient,
  needsDrop,
  requireScope,
  t,
  type CustomDesc,
  type Desc,
  type Infer,
  type InferInput,
} from '../abi/index.ts'
import { checkBuffer, dangling, decodeUtf8, typedArrayOf, type TypedArrayOf } from './native-bytes.ts'

const LE = true

export type SliceOut<T extends Desc> = T extends { kind: 'prim'; name: infer N extends string } ? ([TypedArrayOf<N>] extends [never] ? Infer<T>[] : TypedArrayOf<N>) : Infer<T>[]
export type SliceIn<T extends Desc> = readonly InferInput<T>[] | (T extends { kind: 'prim'; name: infer N extends string } ? ([TypedArrayOf<N>] extends [never] ? never : TypedArrayOf<N>) : never)

/** `{ data, length }` as abi_stable lays it out (RSlice, RSliceMut, RStr's inner). */
export const sliceRepr = (name: string, element: Desc, mutable: boolean) =>
  t.struct(name, { data: mutable ? t.mutPtr(element) : t.ptr(element), length: t.usize, _marker: t.phantom() })

/** Reads `length` elements of `element` at `data` as a JS copy. */
export function readElements(element: Desc, data: bigint, length: number): unknown {
  const Typed = typedArrayOf(element)
  const size = layoutOf(element).size
  if (Typed) return new Typed(readNativeBytes(data, length * size).buffer as ArrayBuffer)
  if (length === 0) return []
  const view = readNative(data, length * size)
  const codec = codecOf(element)
  const out = new Array(length)
  for (let i = 0; i < length; i++) out[i] = codec.read(view, i * size)
  return out
}

/** Writes JS elements into temporary memory for the call; returns its address. */
function lendElements(element: Desc, items: ArrayLike<unknown>, copyBack: unknown[] | null): bigint {
  const scope = requireScope(`a slice of ${element.name} made from a JS array`)
  const size = layoutOf(element).size
  const n = items.length
  if (n === 0) return dangling(layoutOf(element).align)
  const block = allocNative(size * n)
  const codec = codecOf(element)
  const inner = enterScope()
  try {
    block.write((view) => {
      for (let i = 0; i < n; i++) {
        try {
          codec.write(view, i * size, items[i])
        } catch (e) {
          if (e instanceof InvalidValueError) e.within(`[${i}]`)
          throw e
        }
      }
    })
  } catch (e) {
    exitScope(inner)
    inner.end(false)
    block.free()
    throw e
  }
  exitScope(inner)
  inner.settleInto(scope)
  const owned = needsDrop(element)
  scope.temporary(() => {
    try {
      if (copyBack) {
        const view = block.read()
        for (let i = 0; i < n; i++) copyBack[i] = codec.read(view, i * size)
      }
    } finally {
      if (owned) for (let i = 0; i < n; i++) dropRuntime().dropInPlace(block.address + BigInt(i * size), element)
      block.free()
    }
  })
  return block.address
}

function sliceOf<T extends Desc>(element: T, mutable: boolean): CustomDesc<SliceOut<T>, SliceIn<T>> {
  const name = `${mutable ? 'RSliceMut' : 'RSlice'}<${element.name}>`
  const repr = sliceRepr(name, element, mutable)
  const Typed = typedArrayOf(element)
  const P = layoutOf(repr).fields!
  return custom({
    name,
    repr,
    layoutText: () => `${mutable ? 'RSliceMut' : 'RSlice'}<${layoutString(element)}>`,
    read(view, offset) {
      const data = view.getBigUint64(offset + P.data, LE)
      const length = Number(view.getBigUint64(offset + P.length, LE))
      checkBuffer(name, data, length, layoutOf(element).size)
      // Borrowed elements: nothing moves out of them (abi/ownership.ts).
      return readBorrowing(() => readElements(element, data, length)) as SliceOut<T>
    },
    write(view, offset, value) {
      let data: bigint
      let length: number
      if (Typed && value instanceof Typed) {
        // Lent without a copy: the plugin reads (or writes) the typed array's own memory.
        requireScope(`${name} lent from a typed array`).keep(value)
        length = value.length
        data = length === 0 ? dangling(layoutOf(element).align) : addressOf(value)
      } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
        const items = value as unknown as ArrayLike<unknown>
        length = items.length
        data = lendElements(element, items, mutable && Array.isArray(value) ? (value as unknown[]) : null)
      } else {
        throw new InvalidValueError(`${name} (an array${Typed ? ` or ${Typed.name}` : ''})`, typeof value)
      }
      view.setBigUint64(offset + P.data, data, LE)
      view.setBigUint64(offset + P.length, BigInt(length), LE)
    },
    dropOps: () => [],
  })
}

const sliceCache = new WeakMap<Desc, CustomDesc<any, any>>()
const sliceMutCache = new WeakMap<Desc, CustomDesc<any, any>>()
const sliceElements = new WeakMap<Desc, Desc>()

/** `RSlice<'a, T>`: a borrowed, read-only run of elements. */
export function RSlice<T extends Desc>(element: T): CustomDesc<SliceOut<T>, SliceIn<T>> {
  let d = sliceCache.get(element)
  if (!d) {
    sliceCache.set(element, (d = sliceOf(element, false)))
    sliceElements.set(d, element)
  }
  return d
}

/** `RSliceMut<'a, T>`: a borrowed run of elements the callee may write. */
export function RSliceMut<T extends Desc>(element: T): CustomDesc<SliceOut<T>, SliceIn<T>> {
  let d = sliceMutCache.get(element)
  if (!d) {
    sliceMutCache.set(element, (d = sliceOf(element, true)))
    sliceElements.set(d, element)
  }
  return d
}

/** The element type of an `RSlice<T>` or `RSliceMut<T>` descriptor (undefined for any other type). */
export const sliceElementOf = (d: Desc): Desc | undefined => sliceElements.get(d)

const strRepr = t.struct('RStr', { inner: sliceRepr('RSlice<u8>', t.u8, false) })

/** `RStr<'a>`: borrowed UTF-8 text, `{ data, length in bytes }`, not NUL-terminated. */
export const RStr: CustomDesc<string, string> = custom({
  name: 'RStr',
  repr: strRepr,
  layoutText: () => 'RStr',
  read(view, offset) {
    const data = view.getBigUint64(offset, LE)
    const length = Number(view.getBigUint64(offset + 8, LE))
    checkBuffer('RStr', data, length, 1)
    return decodeUtf8(readNativeTransient(data, length), 'an RStr')
  },
  write(view, offset, value) {
    if (typeof value !== 'string') throw new InvalidValueError('string (RStr)', typeof value)
    const bytes = Buffer.from(value, 'utf8')
    let data = dangling(1)
    if (bytes.length > 0) {
      requireScope('an RStr made from a JS string').keep(bytes)
      data = addressOf(bytes)
    }
    view.setBigUint64(offset, data, LE)
    view.setBigUint64(offset + 8, BigInt(bytes.length), LE)
  },
  dropOps: () => [],
})
