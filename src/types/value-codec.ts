// Whole Values in one native call per direction: JS writes a document into typed-array streams
// in one pass and the runtime builds the host-made tree from them (value-encode.ts,
// src/native/value_codec.c); the runtime walks any Value into one record of streams and JS
// decodes it in one pass (src/native/value_dump.c, value-decode.ts); an RHashMap<RString, Value>
// is read the same way, as an Object (readValueMap). What this path does not take (a value the
// Value type refuses, a tree deeper than 1,000 levels, a part the ordinary read must check
// first) returns NOT_TAKEN / false, and value.ts's per-node codec handles it with its own
// errors, so both ways give the same results and errors.
import { copyToNative, overwriteSource, t, takingOwnership, type Desc } from '../abi/index.ts'
import { callPath } from '../abi/call.ts'
import { dropUnlessCalled } from './owned.ts'
import { KeyKind, nativeTypeOf, runtimeLibrary } from './runtime.ts'
import { RString } from './vec.ts'
import { encode } from './value-encode.ts'
import { decodeMany, decodeOne, decodeOneMap } from './value-decode.ts'

export const NOT_TAKEN = Symbol('not taken')

interface Native {
  build(tags: Uint8Array, words: Uint32Array, floats: Float64Array, bytes: Uint8Array, text: Buffer, out: Uint8Array): number
  dump(v: Uint8Array, out: Buffer, cap: number): number | bigint
  dumpTake(v: Uint8Array, out: Buffer, cap: number): number | bigint
}
let native: Native | null | undefined

function nativeOf(value: Desc): Native | null {
  if (native !== undefined) return native
  native = null
  // Host-made maps need x86-64 SysV; ABI_STABLE_CALL=koffi keeps the per-node path (the portable one) in use.
  if (process.arch !== 'x64' || process.platform === 'win32' || callPath() === 'koffi') return null
  try {
    const lib = runtimeLibrary()
    const types = lib.func('void abs_value_types(void *u8, void *value, void *key)') as unknown as (a: bigint, b: bigint, c: bigint) => void
    types(nativeTypeOf(t.u8), nativeTypeOf(value), nativeTypeOf(RString, KeyKind.Str))
    native = {
      build: lib.func('int abs_value_build(void *tags, void *words, void *floats, void *bytes, void *text, void *out)') as unknown as Native['build'],
      dump: lib.func('int64_t abs_value_dump(void *v, void *out, size_t cap)') as unknown as Native['dump'],
      dumpTake: lib.func('int64_t abs_value_dump_take(void *v, void *out, size_t cap)') as unknown as Native['dumpTake'],
    }
  } catch {
    native = null
  }
  return native
}

/**
 * Writes `value` as a host-made Value at `offset` of `view` in one native call (released again
 * if the call it was written for does not happen); false when the per-node codec must do it.
 */
export function writeValue(d: Desc, view: DataView, offset: number, value: unknown): boolean {
  const n = nativeOf(d)
  if (!n) return false
  return encode(value, (tags, words, floats, bytes, text) => {
    const header = new Uint8Array(view.buffer, view.byteOffset + offset, 40)
    // -1: a string with a lone surrogate (nothing was built); the per-node codec names it.
    if (n.build(tags, words, floats, bytes, text, header) !== 0) return false
    dropUnlessCalled(d, header)
    return true
  })
}

/** Whether Values are read through abs_value_dump (else only per node). */
export function valueDumps(d: Desc): boolean {
  return nativeOf(d) !== null
}

/** Decodes `count` Values abs_value_dump wrote one after another from the start of `bytes` into out[0..count). */
export function readDumpedValues(bytes: Buffer, count: number, out: unknown[]): void {
  decodeMany(bytes, count, out)
}

// The buffer single Values are dumped into: grown to the largest seen, let go past KEEP_BYTES.
const FIRST_BYTES = 1 << 16
const KEEP_BYTES = 32 << 20
let input = Buffer.allocUnsafeSlow(FIRST_BYTES)

// A Null Value's bytes: what a Value read and dropped at once leaves behind.
const NULL_VALUE = new Uint8Array(40)

/** Dumps the Value at `v` into `input` (grown when short); false when the per-node codec must read it. */
function dumpInto(dump: Native['dump'], v: Uint8Array): boolean {
  let used = Number(dump(v, input, input.length))
  if (used === -(2 ** 63)) return false
  if (used < 0) {
    input = Buffer.allocUnsafeSlow(-used + (-used >> 2))
    used = Number(dump(v, input, input.length))
  }
  return used >= 0
}

function decoded<T>(decode: (b: Buffer) => T): T {
  try {
    return decode(input)
  } finally {
    if (input.length > KEEP_BYTES) input = Buffer.allocUnsafeSlow(FIRST_BYTES)
  }
}

/**
 * Reads the Value at `offset` of `view` in one native call and one pass; NOT_TAKEN when the
 * per-node codec must. A Value read to be dropped right after (a call's result) is dropped in
 * the same call by its tag (abs_value_dump_take) and Null is left at its source, so the drop
 * that follows finds nothing to do.
 */
export function readValue(d: Desc, view: DataView, offset: number): unknown {
  const n = nativeOf(d)
  if (!n) return NOT_TAKEN
  const v = new Uint8Array(view.buffer, view.byteOffset + offset, 40)
  const take = takingOwnership()
  if (!dumpInto(take ? n.dumpTake : n.dump, v)) return NOT_TAKEN
  if (take) overwriteSource(view, offset, NULL_VALUE, copyToNative)
  return decoded(decodeOne)
}

// The Value type (value.ts registers it: it imports the map type, which reads through here).
let valueType: Desc | undefined
export function registerValueType(d: Desc): void {
  valueType = d
}
export const isValueType = (d: Desc): boolean => d === valueType

// An Object Value wrapped around a map's 24 bytes, for the dump to walk.
const objectValue = new Uint8Array(40)

/**
 * Reads the RHashMap<RString, Value> at `offset` of `view` into a Map (the map's order) in one
 * native call and one pass; NOT_TAKEN when the map type's ordinary read must. The map itself is
 * left to its owner's drop.
 */
export function readValueMap(view: DataView, offset: number): Map<string, unknown> | typeof NOT_TAKEN {
  const n = valueType && nativeOf(valueType)
  if (!n) return NOT_TAKEN
  objectValue.fill(0)
  objectValue[0] = 8
  objectValue.set(new Uint8Array(view.buffer, view.byteOffset + offset, 24), 8)
  if (!dumpInto(n.dump, objectValue)) return NOT_TAKEN
  return decoded(decodeOneMap)
}
