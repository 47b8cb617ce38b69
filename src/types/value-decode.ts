// The records abs_value_dump writes (the format: src/native/value_dump.c) decoded into JS
// documents in one pass: the record's streams read as typed-array elements of views over the
// whole buffer, each distinct key made into a string once per record, short ASCII strings made
// by String.fromCharCode (cheaper than a native slice per string).
import { decodeUtf8 } from './native-bytes.ts'

// Key words and string lengths (src/native/value_codec.h).
const NEW_KEY = 0x8000_0000
const NOT_ASCII_KEY = 0x4000_0000
const KEY_LEN = 0x3fff_ffff
const NOT_ASCII = 0x8000_0000
// An object's shape word (src/native/value_codec.h): a key set defined here, its key words next.
const NEW_SHAPE = 0xffff_ffff
/** Key sets larger than this are never made into object factories (nor sent as a set again). */
const SHAPE_MAX = 64
/** Factories kept across calls, by key set; the cache starts over past this many. */
const FACTORIES_KEPT = 1000

export type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string }

// Views over the buffer being read, and a cursor into each stream of the record being read.
let bytes = Buffer.alloc(8) as Latin1Buffer
let u32 = new Uint32Array(bytes.buffer, bytes.byteOffset, 2)
let f64 = new Float64Array(bytes.buffer, bytes.byteOffset, 1)
let ti = 0
let wi = 0
let fi = 0
let bi = 0
const keys: string[] = []
const fcc = String.fromCharCode

// An object factory: an object literal with the key set's keys, its values taken in order.
type Factory = (t: () => unknown) => Record<string, unknown>
interface Shape {
  names: string[]
  uses: number
  // undefined until the set is met twice; null where a literal cannot make it (__proto__, too many keys).
  make: Factory | null | undefined
}
// The key sets of the record being read, by index.
const shapes: Shape[] = []
const factories = new Map<string, Factory>()
let canGenerate = true

/**
 * The factory for a key set met twice: objects of one set then share one hidden class and are
 * made as an object literal is, instead of by one keyed store per property (which V8 handles
 * as megamorphic: several times slower). Keys are embedded as JSON string literals.
 */
function factoryOf(names: string[]): Factory | null {
  if (!canGenerate || names.length > SHAPE_MAX || names.includes('__proto__')) return null
  const id = JSON.stringify(names)
  let f = factories.get(id)
  if (f) return f
  try {
    f = new Function('t', `return {${names.map((k) => `${JSON.stringify(k)}: t()`).join(', ')}}`) as Factory
  } catch {
    canGenerate = false // code generation from strings disallowed: keyed stores only
    return null
  }
  if (factories.size >= FACTORIES_KEPT) factories.clear()
  factories.set(id, f)
  return f
}

/** Reads from `buffer` from now on (8-aligned in its ArrayBuffer; the views are made once per buffer). */
function over(buffer: Buffer): void {
  if (buffer === bytes) return
  if (buffer.byteOffset % 8 !== 0) throw new RangeError('value-decode: a dump buffer must be 8-aligned')
  bytes = buffer as Latin1Buffer
  u32 = new Uint32Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 2)
  f64 = new Float64Array(buffer.buffer, buffer.byteOffset, buffer.length >>> 3)
}

/** Decodes the record at byte `at` of the current buffer by `read`; returns the byte after it. */
function record(at: number, out: unknown[], i: number, read: () => unknown = take): number {
  const h = at >>> 2
  const nt = u32[h]
  const nw = u32[h + 1]
  const nf = u32[h + 2]
  const nb = u32[h + 3]
  fi = (at + 16) >>> 3
  wi = fi * 2 + nf * 2
  ti = wi * 4 + nw * 4
  bi = ti + nt
  keys.length = 0
  shapes.length = 0
  try {
    out[i] = read()
  } finally {
    keys.length = 0
    shapes.length = 0
  }
  return (bi + nb + 7) & ~7
}

/**
 * The ASCII bytes b[s .. s + n) as a string: short ones by String.fromCharCode, which costs less
 * than a native slice per string (also used for map keys, hashmap.ts).
 */
export function asciiText(b: Latin1Buffer, s: number, n: number): string {
  switch (n) {
    case 0:
      return ''
    case 1:
      return fcc(b[s])
    case 2:
      return fcc(b[s], b[s + 1])
    case 3:
      return fcc(b[s], b[s + 1], b[s + 2])
    case 4:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3])
    case 5:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4])
    case 6:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5])
    case 7:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6])
    case 8:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7])
    default:
      return b.latin1Slice(s, s + n)
  }
}

function ascii(s: number, n: number): string {
  return asciiText(bytes, s, n)
}

function utf8(s: number, n: number): string {
  return decodeUtf8(bytes.subarray(s, s + n), 'an RString')
}

function key(): string {
  const word = u32[wi++]
  if (word < NEW_KEY) return keys[word]
  const n = word & KEY_LEN
  const s = bi
  bi += n
  const k = word & NOT_ASCII_KEY ? utf8(s, n) : ascii(s, n)
  keys.push(k)
  return k
}

/** The key set of an object of `n` entries: read here when new, else the one met before. */
function shapeOf(n: number): Shape {
  const word = u32[wi++]
  if (word !== NEW_SHAPE) {
    const shape = shapes[word]
    if (shape.make === undefined && ++shape.uses > 1) shape.make = factoryOf(shape.names)
    return shape
  }
  const names: string[] = []
  for (let i = 0; i < n; i++) names.push(key())
  const shape: Shape = { names, uses: 1, make: undefined }
  shapes.push(shape)
  return shape
}

/** A record whose Value is an Object, read as a Map in the map's order (an RHashMap<RString, Value>). */
function takeMap(): Map<string, unknown> {
  if (bytes[ti++] !== 8) throw new RangeError('value-decode: the record is not an Object')
  const n = u32[wi++]
  const names = shapeOf(n).names
  const m = new Map<string, unknown>()
  for (let i = 0; i < n; i++) m.set(names[i], take())
  return m
}

function take(): unknown {
  switch (bytes[ti++]) {
    case 1:
      return bytes[ti++] === 1
    case 2: {
      // i64 as a number when it is a safe integer, else a BigInt (value.ts's narrowing).
      const lo = u32[wi]
      const hi = u32[wi + 1] | 0
      wi += 2
      const x = hi * 4294967296 + lo
      return hi >= -2097152 && hi < 2097152 && x !== -9007199254740992 ? x : (BigInt(hi) << 32n) | BigInt(lo)
    }
    case 3: {
      const lo = u32[wi]
      const hi = u32[wi + 1]
      wi += 2
      return hi < 2097152 ? hi * 4294967296 + lo : (BigInt(hi) << 32n) | BigInt(lo)
    }
    case 4:
      return f64[fi++]
    case 5: {
      const word = u32[wi++]
      const s = bi
      if (word < NOT_ASCII) {
        bi += word
        return ascii(s, word)
      }
      const n = word - NOT_ASCII
      bi += n
      return utf8(s, n)
    }
    case 6: {
      const n = u32[wi++]
      const out = new Uint8Array(n)
      out.set(bytes.subarray(bi, bi + n))
      bi += n
      return out
    }
    case 7: {
      const n = u32[wi++]
      const a: unknown[] = []
      for (let i = 0; i < n; i++) a.push(take())
      return a
    }
    case 8: {
      const n = u32[wi++]
      const shape = shapeOf(n)
      if (shape.make) return shape.make(take)
      const names = shape.names
      const o: Record<string, unknown> = {}
      for (let i = 0; i < n; i++) {
        const k = names[i]
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

/** Decodes the one record at the start of `buffer`. */
export function decodeOne(buffer: Buffer): unknown {
  over(buffer)
  const out: unknown[] = [undefined]
  record(0, out, 0)
  return out[0]
}

/** Decodes the one record at the start of `buffer`, an Object, as a Map. */
export function decodeOneMap(buffer: Buffer): Map<string, unknown> {
  over(buffer)
  const out: unknown[] = [undefined]
  record(0, out, 0, takeMap)
  return out[0] as Map<string, unknown>
}

/** Decodes `count` records written one after another from the start of `buffer` into out[0..count). */
export function decodeMany(buffer: Buffer, count: number, out: unknown[]): void {
  over(buffer)
  let at = 0
  for (let i = 0; i < count; i++) at = record(at, out, i)
}
