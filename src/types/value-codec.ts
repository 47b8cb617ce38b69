// Whole Values as one compact buffer per direction (the format: src/native/value_codec.c): JS
// writes a document in one pass and the runtime builds the host-made tree in one call; the
// runtime walks any Value into a buffer in one call and JS decodes it in one pass. What this
// path does not take (a value the Value type refuses, a tree deeper than DEPTH, a part the
// ordinary read must check first) returns NOT_TAKEN, and value.ts's per-node codec handles it
// with its own errors, so both ways give the same results and errors.
import { t, type Desc } from '../abi/index.ts'
import { callPath } from '../abi/call.ts'
import { decodeUtf8 } from './native-bytes.ts'
import { dropUnlessCalled } from './owned.ts'
import { KeyKind, nativeTypeOf, runtimeLibrary } from './runtime.ts'
import { RString } from './vec.ts'

export const NOT_TAKEN = Symbol('not taken')
const LE = true
const DEPTH = 1000
const NOT_ASCII = 0x8000_0000
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
const U64_MAX = 2n ** 64n - 1n

type FastBuffer = Buffer & { utf8Write(s: string, offset: number, max: number): number; latin1Slice(start: number, end: number): string }
interface Native {
  build(buf: Buffer, out: Uint8Array): void
  dump(v: Uint8Array, out: Buffer, cap: number): number | bigint
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
      build: lib.func('void abs_value_build(void *buf, void *out)') as unknown as Native['build'],
      dump: lib.func('int64_t abs_value_dump(void *v, void *out, size_t cap)') as unknown as Native['dump'],
    }
  } catch {
    native = null
  }
  return native
}

// ---- JS -> buffer -------------------------------------------------------------------------

let out = Buffer.allocUnsafeSlow(1 << 16) as FastBuffer
let outView = new DataView(out.buffer, out.byteOffset, out.byteLength)
let pos = 0

function ensure(n: number): void {
  if (pos + n <= out.length) return
  const bigger = Buffer.allocUnsafeSlow(Math.max(out.length * 2, pos + n)) as FastBuffer
  out.copy(bigger, 0, 0, pos)
  out = bigger
  outView = new DataView(out.buffer, out.byteOffset, out.byteLength)
}

const wellFormed = (s: string): boolean => (s as string & { isWellFormed(): boolean }).isWellFormed()

function putText(s: string): boolean {
  if (!wellFormed(s)) return false
  ensure(4 + s.length * 3)
  const n = out.utf8Write(s, pos + 4, out.length - pos - 4)
  outView.setUint32(pos, n, LE)
  pos += 4 + n
  return true
}

/** Writes `v` as the buffer format; false for anything the per-node codec must handle (and refuse). */
function put(v: unknown, depth: number): boolean {
  ensure(9)
  if (v === null || v === undefined) {
    out[pos++] = 0
    return true
  }
  switch (typeof v) {
    case 'boolean':
      out[pos++] = 1
      out[pos++] = v ? 1 : 0
      return true
    case 'number':
      if (Number.isSafeInteger(v)) {
        out[pos] = 2
        const hi = Math.floor(v / 4294967296)
        outView.setUint32(pos + 1, v - hi * 4294967296, LE)
        outView.setInt32(pos + 5, hi, LE)
      } else {
        out[pos] = 4
        outView.setFloat64(pos + 1, v, LE)
      }
      pos += 9
      return true
    case 'bigint':
      if (v >= I64_MIN && v <= I64_MAX) {
        out[pos] = 2
        outView.setBigInt64(pos + 1, v, LE)
      } else if (v > I64_MAX && v <= U64_MAX) {
        out[pos] = 3
        outView.setBigUint64(pos + 1, v, LE)
      } else return false
      pos += 9
      return true
    case 'string':
      out[pos++] = 5
      return putText(v)
    case 'object': {
      if (depth > DEPTH) return false
      if (v instanceof Uint8Array) {
        out[pos++] = 6
        ensure(4 + v.length)
        outView.setUint32(pos, v.length, LE)
        out.set(v, pos + 4)
        pos += 4 + v.length
        return true
      }
      if (Array.isArray(v)) {
        out[pos] = 7
        outView.setUint32(pos + 1, v.length, LE)
        pos += 5
        for (let i = 0; i < v.length; i++) if (!put(v[i], depth + 1)) return false
        return true
      }
      if (v instanceof Map) {
        out[pos] = 8
        outView.setUint32(pos + 1, v.size, LE)
        pos += 5
        for (const [k, x] of v) if (typeof k !== 'string' || !putText(k) || !put(x, depth + 1)) return false
        return true
      }
      const proto = Object.getPrototypeOf(v)
      if (proto !== Object.prototype && proto !== null) return false
      const keys = Object.keys(v)
      out[pos] = 8
      outView.setUint32(pos + 1, keys.length, LE)
      pos += 5
      for (const k of keys) if (!putText(k) || !put((v as Record<string, unknown>)[k], depth + 1)) return false
      return true
    }
    default:
      return false
  }
}

/**
 * Writes `value` as a host-made Value at `offset` of `view` in one native call (released again
 * if the call it was written for does not happen); false when the per-node codec must do it.
 */
export function writeValue(d: Desc, view: DataView, offset: number, value: unknown): boolean {
  const n = nativeOf(d)
  if (!n) return false
  pos = 0
  if (!put(value, 0)) return false
  const header = new Uint8Array(view.buffer, view.byteOffset + offset, 40)
  n.build(out, header)
  dropUnlessCalled(d, header)
  return true
}

// ---- buffer -> JS -------------------------------------------------------------------------

let input = Buffer.allocUnsafeSlow(1 << 16) as FastBuffer
let inView = new DataView(input.buffer, input.byteOffset, input.byteLength)
let at = 0

function text(): string {
  const head = inView.getUint32(at, LE)
  const n = head & ~NOT_ASCII
  const start = at + 4
  at = start + n
  return head & NOT_ASCII ? decodeUtf8(input.subarray(start, start + n), 'an RString') : input.latin1Slice(start, start + n)
}

function take(): unknown {
  const tag = input[at++]
  switch (tag) {
    case 1:
      return input[at++] === 1
    case 2: {
      // i64 as a number when it is a safe integer, else a BigInt (value.ts's narrowing).
      const hi = inView.getInt32(at + 4, LE)
      const lo = inView.getUint32(at, LE)
      at += 8
      const x = hi * 4294967296 + lo
      return hi >= -2097152 && hi < 2097152 && x !== -9007199254740992 ? x : inView.getBigInt64(at - 8, LE)
    }
    case 3: {
      const hi = inView.getUint32(at + 4, LE)
      at += 8
      return hi < 2097152 ? hi * 4294967296 + inView.getUint32(at - 8, LE) : inView.getBigUint64(at - 8, LE)
    }
    case 4:
      at += 8
      return inView.getFloat64(at - 8, LE)
    case 5:
      return text()
    case 6: {
      const n = inView.getUint32(at, LE)
      const bytes = new Uint8Array(n)
      bytes.set(input.subarray(at + 4, at + 4 + n))
      at += 4 + n
      return bytes
    }
    case 7: {
      const n = inView.getUint32(at, LE)
      at += 4
      const a = new Array(n)
      for (let i = 0; i < n; i++) a[i] = take()
      return a
    }
    case 8: {
      const n = inView.getUint32(at, LE)
      at += 4
      const o: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        const k = text()
        // As Object.fromEntries makes it: '__proto__' is an own property, not the prototype.
        if (k === '__proto__') Object.defineProperty(o, k, { value: take(), writable: true, enumerable: true, configurable: true })
        else o[k] = take()
      }
      return o
    }
    default:
      return null
  }
}

/** Reads the Value at `offset` of `view` in one native call and one pass; NOT_TAKEN when the per-node codec must. */
export function readValue(d: Desc, view: DataView, offset: number): unknown {
  const n = nativeOf(d)
  if (!n) return NOT_TAKEN
  const v = new Uint8Array(view.buffer, view.byteOffset + offset, 40)
  let used = Number(n.dump(v, input, input.length))
  if (used === -(2 ** 63)) return NOT_TAKEN
  if (used < 0) {
    input = Buffer.allocUnsafeSlow(-used) as FastBuffer
    inView = new DataView(input.buffer, input.byteOffset, input.byteLength)
    used = Number(n.dump(v, input, input.length))
    if (used < 0) return NOT_TAKEN
  }
  at = 0
  return take()
}
