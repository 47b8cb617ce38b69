// RHashMap<K, V>: `{ map: RBox<ErasedMap>, vtable }`, every operation dispatched through
// the vtables of the library that made it. In JS it is a Map (a plain object is also
// accepted when the keys are strings). Reading walks the map through its own `iter`
// in one native call; writing builds a host-made map with the runtime's vtables.
import {
  DropKind,
  InvalidValueError,
  allocNative,
  codecOf,
  custom,
  dropRuntime,
  layoutOf,
  layoutString,
  copyToNative,
  readNative,
  readNativeBytes,
  writeNative,
  t,
  type ArrayDesc,
  type CustomDesc,
  type Desc,
  type EnumDesc,
  type StructDesc,
  type TransparentDesc,
  type Infer,
  type InferInput,
} from '../abi/index.ts'
import { UnsupportedError } from './errors.ts'
import { ROption } from './option-result.ts'
import { buildOwnedParts, dropUnlessCalled } from './owned.ts'
import { KeyKind, nativeTypeOf, runtime, runtimeLibrary } from './runtime.ts'
import { decodeUtf8 } from './native-bytes.ts'
import { asciiText, type Latin1Buffer } from './value-decode.ts'
import { NOT_TAKEN, isValueType, readValueMap } from './value-codec.ts'
import { RString } from './vec.ts'

const LE = true
const HEADER = 24

export type MapIn<K extends Desc, V extends Desc> =
  | ReadonlyMap<InferInput<K>, InferInput<V>>
  | (InferInput<K> extends string ? { readonly [key: string]: InferInput<V> } : never)

const cache = new WeakMap<Desc, WeakMap<Desc, CustomDesc<any, any>>>()

/** Copies a map header into native memory (vtable functions need its address). */
function withNativeHeader<R>(view: DataView, offset: number, use: (address: bigint) => R): R {
  const block = allocNative(HEADER)
  try {
    copyToNative(block.address, new Uint8Array(view.buffer, view.byteOffset + offset, HEADER))
    return use(block.address)
  } finally {
    block.free()
  }
}

export function RHashMap<K extends Desc, V extends Desc>(key: K, value: V): CustomDesc<Map<Infer<K>, Infer<V>>, MapIn<K, V>> {
  let byValue = cache.get(key)
  if (!byValue) cache.set(key, (byValue = new WeakMap()))
  let d = byValue.get(value)
  if (d) return d
  const name = `RHashMap<${key.name}, ${value.name}>`
  const repr = t.struct(name, { map: t.struct('RBox<ErasedMap>', { data: t.mutPtr(), vtable: t.ptr() }), vtable: t.ptr() })
  // Looked up on first use: the value type may be a lazy (recursive) type.
  let facts: { k: { codec: ReturnType<typeof codecOf>; size: number }; v: { codec: ReturnType<typeof codecOf>; size: number }; oldValue: Desc } | undefined
  const resolve = () =>
    (facts ??= {
      k: { codec: codecOf(key), size: layoutOf(key).size },
      v: { codec: codecOf(value), size: layoutOf(value).size },
      oldValue: ROption(value),
    })
  const keyKind = key === (RString as Desc) ? KeyKind.Str : KeyKind.Bytes
  // 1: an RHashMap<RString, plain data>, read in one native call (readDumped); 2: an
  // RHashMap<RString, Value>, read in one native call as a Value's Object (readValueMap); decided on first read.
  let dumped: number | undefined

  const self: CustomDesc<Map<Infer<K>, Infer<V>>, MapIn<K, V>> = custom({
    name,
    repr,
    typeArgs: [key, value],
    layoutText: () => `RHashMap<${layoutString(key)},${value.kind === 'lazy' ? value.name : layoutString(value)}>`,
    read(view, offset) {
      const { k, v } = resolve()
      dumped ??= keyKind !== KeyKind.Str ? 0 : plainData(value) ? 1 : isValueType(value) ? 2 : 0
      if (dumped === 1) {
        const out = readDumped(view, offset, v.codec, v.size)
        if (out) return out as Map<Infer<K>, Infer<V>>
      } else if (dumped === 2) {
        const out = readValueMap(view, offset)
        if (out !== NOT_TAKEN) return out as Map<Infer<K>, Infer<V>>
      }
      return withNativeHeader(view, offset, (address) => {
        const rt = runtime()
        const len = Number(rt.mapLen(address))
        const out = new Map<Infer<K>, Infer<V>>()
        if (len === 0) return out
        const ptrs = allocNative(16 * len)
        try {
          const n = Number(rt.mapCollect(address, ptrs.address, ptrs.address + BigInt(8 * len), len))
          const pointers = ptrs.read()
          for (let i = 0; i < n; i++) {
            const kp = pointers.getBigUint64(8 * i, LE)
            const vp = pointers.getBigUint64(8 * (len + i), LE)
            out.set(k.codec.read(readNative(kp, k.size), 0), v.codec.read(readNative(vp, v.size), 0))
          }
        } finally {
          ptrs.free()
        }
        return out
      })
    },
    write(view, offset, input) {
      let entries: [unknown, unknown][]
      if (input instanceof Map) entries = [...input.entries()]
      else if (typeof input === 'object' && input !== null && !Array.isArray(input) && keyKind === KeyKind.Str) entries = Object.entries(input)
      else throw new InvalidValueError(`${name} (a Map${keyKind === KeyKind.Str ? ' or an object' : ''})`, input === null ? 'null' : typeof input)
      const { k, v, oldValue } = resolve()
      const rt = runtime()
      const header = allocNative(HEADER)
      const slot = allocNative(k.size + v.size + layoutOf(oldValue).size + 16)
      const keyAt = slot.address
      const valueAt = slot.address + BigInt(Math.ceil(k.size / 8) * 8)
      const oldAt = valueAt + BigInt(Math.ceil(v.size / 8) * 8)
      try {
        const keyType = nativeTypeOf(key, keyKind)
        const valueType = nativeTypeOf(value)
        if (rt.mapNew(header.address, keyType, valueType) !== 0) {
          throw new UnsupportedError(`the host cannot make an ${name} on this platform (the runtime passes keys and values by value only on x86-64 SysV, alignment <= 8)`)
        }
        try {
          for (const [ek, ev] of entries) {
            const segment = `[${typeof ek === 'string' ? JSON.stringify(ek) : String(ek)}]`
            // Each entry's parts are released by its own scope if writing it fails; once
            // inserted, the map owns them.
            buildOwnedParts(
              () => {
                try {
                  writeNative(keyAt, k.size, (view) => k.codec.write(view, 0, ek))
                  writeNative(valueAt, v.size, (view) => v.codec.write(view, 0, ev))
                } catch (e) {
                  if (e instanceof InvalidValueError) e.within(segment)
                  throw e
                }
              },
              () => {},
            )
            // A replaced value comes back (only for equal keys given twice) and is dropped.
            rt.mapInsert(header.address, keyType, valueType, keyAt, valueAt, oldAt)
            dropRuntime().dropInPlace(oldAt, oldValue)
          }
        } catch (e) {
          dropRuntime().dropInPlace(header.address, self)
          throw e
        }
        new Uint8Array(view.buffer, view.byteOffset + offset, HEADER).set(readNativeBytes(header.address, HEADER))
      } finally {
        slot.free()
        header.free()
      }
      dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, HEADER))
    },
    dropOps: (offset) => [{ kind: DropKind.RHashMap, offset }],
  })
  byValue.set(value, self)
  return self
}

/** Types whose bytes are the whole value (no pointers followed, nothing owned): copied as they are. */
function plainData(d: Desc): boolean {
  switch (d.kind) {
    case 'prim':
    case 'zst':
      return true
    case 'transparent':
      return plainData((d as TransparentDesc).inner)
    case 'struct':
      return (d as StructDesc).members.every((m) => plainData(m.type))
    case 'array':
      return plainData((d as ArrayDesc).element)
    case 'enum':
      return (d as EnumDesc).variants.every((x) => x.members.every((m) => plainData(m.type)))
    default:
      return false
  }
}

// The records abs_map_dump writes (src/native/map_dump.c): a u32 key length (bit 31: not all
// ASCII), the key's UTF-8, the value's bytes.
const NOT_ASCII = 0x8000_0000
type Dump = (data: number, boxVTable: number, mapVTable: number, valueSize: number, out: Buffer, cap: number) => number | bigint
let dump: Dump | undefined
let records = Buffer.allocUnsafeSlow(64 * 1024)
let recordsView = new DataView(records.buffer, records.byteOffset, records.byteLength)

/**
 * An RHashMap<RString, V> of plain V read in one native call and one pass over its records;
 * undefined when a key fails the checks a string read makes (the caller's ordinary read then
 * reports it).
 */
function readDumped(view: DataView, offset: number, codec: { read(v: DataView, o: number): unknown }, valueSize: number): Map<unknown, unknown> | undefined {
  dump ??= runtimeLibrary().func('int64_t abs_map_dump(uintptr_t data, uintptr_t box_vtable, uintptr_t map_vtable, size_t value_size, void *out, size_t cap)') as unknown as Dump
  const data = Number(view.getBigUint64(offset, LE))
  const boxVTable = Number(view.getBigUint64(offset + 8, LE))
  const mapVTable = Number(view.getBigUint64(offset + 16, LE))
  let used = Number(dump(data, boxVTable, mapVTable, valueSize, records, records.length))
  if (used === Number(-(2n ** 63n))) return undefined
  if (used < 0) {
    records = Buffer.allocUnsafeSlow(-used)
    recordsView = new DataView(records.buffer, records.byteOffset, records.byteLength)
    used = Number(dump(data, boxVTable, mapVTable, valueSize, records, records.length))
    if (used < 0) return undefined
  }
  return decodeMapRecords(records, recordsView, used, codec, valueSize)
}

/**
 * The records abs_map_dump wrote (src/native/map_dump.c: per entry a u32 length, bit 31 when not
 * all ASCII, the key's bytes, then the value's `valueSize` bytes) as a Map, in one pass.
 */
export function decodeMapRecords(records: Buffer, view: DataView, used: number, codec: { read(v: DataView, o: number): unknown }, valueSize: number): Map<unknown, unknown> {
  const out = new Map<unknown, unknown>()
  const r = records as Latin1Buffer
  const v = view
  for (let at = 0; at < used; ) {
    const head = v.getUint32(at, LE)
    const n = head & ~NOT_ASCII
    const start = at + 4
    const k = head & NOT_ASCII ? decodeUtf8(r.subarray(start, start + n), 'an RString') : asciiText(r, start, n)
    at = start + n
    out.set(k, codec.read(v, at))
    at += valueSize
  }
  return out
}
