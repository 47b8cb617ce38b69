// A JS document written as the streams abs_value_build reads (the format: src/native/value_codec.c):
// one pass over the document into typed arrays, every string appended to one text written as
// UTF-16 in one native write, and each object key defined once per call then sent as its index.
// Anything the Value type refuses (or a tree deeper than DEPTH) makes `encode` return false:
// the per-node codec (value.ts) then converts the document and names what is wrong. A lone
// surrogate is found by the runtime while it copies the text (abs_value_build returns -1).

const DEPTH = 1000
// A key word (src/native/value_codec.h): a key defined here, its UTF-16 units in the low bits.
const NEW_KEY = 0x8000_0000
const I64_MIN = -(2n ** 63n)
const I64_MAX = 2n ** 63n - 1n
const U64_MAX = 2n ** 64n - 1n
const U32 = 0xffff_ffffn
/** Streams grown past this are let go after the call that needed them. */
const KEEP_BYTES = 32 << 20

type Ucs2Buffer = Buffer & { ucs2Write(s: string, offset: number, max: number): number }

let tags = new Uint8Array(1 << 14)
let words = new Uint32Array(1 << 13)
let floats = new Float64Array(1 << 10)
let bytes = new Uint8Array(1 << 10)
let textBytes = Buffer.allocUnsafeSlow(1 << 15) as Ucs2Buffer
let nt = 0
let nw = 0
let nf = 0
let nb = 0
let text = ''
const keyIds = new Map<string, number>()
// True while a document is being written: a getter calling back into a Value write takes the per-node path.
let busy = false
// Whether Object.prototype has no enumerable keys (checked per document).
let plainProto = true

function noInheritedKeys(): boolean {
  for (const k in Object.prototype) return k === undefined
  return true
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(a: T, need: number): T {
  const b = new (a.constructor as new (n: number) => T)(Math.max(a.length * 2, need))
  b.set(a)
  return b
}

// The key last written at each (depth, position) of an object, and its index: objects of one
// shape list the same key strings in the same order, so most keys are found here by identity
// instead of in keyIds (a hash lookup per key was ~4% of a document's conversion). Indices are
// per document: a slot counts only when stamped with the current document's number, so a new
// document starts without clearing the table (small Values are encoded often).
const CACHED = 1024
const cachedKeys: string[] = new Array(CACHED).fill('')
const cachedIds = new Int32Array(CACHED)
const cachedDocs = new Uint32Array(CACHED)
let doc = 0

function putKey(k: string, slot: number): void {
  if (nw >= words.length) words = grown(words, nw + 1)
  if (cachedDocs[slot] === doc && cachedKeys[slot] === k) {
    words[nw++] = cachedIds[slot]
    return
  }
  let id = keyIds.get(k)
  if (id !== undefined) words[nw++] = id
  else {
    id = keyIds.size
    keyIds.set(k, id)
    words[nw++] = NEW_KEY + k.length
    text += k
  }
  cachedKeys[slot] = k
  cachedIds[slot] = id
  cachedDocs[slot] = doc
}

/** The key cache's slot of position `i` of an object at `depth`. */
const slotOf = (depth: number, i: number) => ((depth << 5) + i) & (CACHED - 1)

function putBig(tag: number, v: bigint): void {
  tags[nt++] = tag
  words[nw++] = Number(v & U32)
  words[nw++] = Number((v >> 32n) & U32)
}

function put(v: unknown, depth: number): boolean {
  if (nt + 2 > tags.length) tags = grown(tags, nt + 2)
  if (nw + 2 > words.length) words = grown(words, nw + 2)
  // Tests of typeof against a constant, most frequent first: V8 compiles each to a type check
  // (a switch over typeof computes the type's name first).
  if (typeof v === 'string') {
    tags[nt++] = 5
    words[nw++] = v.length
    text += v
    return true
  }
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) {
      const hi = Math.floor(v / 4294967296)
      tags[nt++] = 2
      words[nw++] = v - hi * 4294967296
      words[nw++] = hi // stored modulo 2^32: the high word's two's complement
    } else {
      if (nf >= floats.length) floats = grown(floats, nf + 1)
      tags[nt++] = 4
      floats[nf++] = v
    }
    return true
  }
  if (v === null || v === undefined) {
    tags[nt++] = 0
    return true
  }
  if (typeof v === 'object') return putObject(v, depth)
  if (typeof v === 'boolean') {
    tags[nt++] = 1
    tags[nt++] = v ? 1 : 0
    return true
  }
  if (typeof v === 'bigint') {
    if (v >= I64_MIN && v <= I64_MAX) putBig(2, v)
    else if (v > I64_MAX && v <= U64_MAX) putBig(3, v)
    else return false
    return true
  }
  return false
}

function putObject(v: object, depth: number): boolean {
  if (depth > DEPTH) return false
  if (v instanceof Uint8Array) {
    if (nb + v.length > bytes.length) bytes = grown(bytes, nb + v.length)
    tags[nt++] = 6
    words[nw++] = v.length
    bytes.set(v, nb)
    nb += v.length
    return true
  }
  if (Array.isArray(v)) {
    tags[nt++] = 7
    words[nw++] = v.length
    for (let i = 0; i < v.length; i++) if (!put(v[i], depth + 1)) return false
    return true
  }
  if (v instanceof Map) {
    tags[nt++] = 8
    words[nw++] = v.size
    let i = 0
    for (const [k, x] of v) {
      if (typeof k !== 'string') return false
      putKey(k, slotOf(depth, i++))
      if (!put(x, depth + 1)) return false
    }
    return true
  }
  const proto = Object.getPrototypeOf(v)
  if (proto !== Object.prototype && proto !== null) return false
  tags[nt++] = 8
  const countAt = nw++
  let count = 0
  // for-in reads through V8's enum cache (faster than Object.keys then keyed loads); it also
  // lists inherited enumerable keys, so it is used only while Object.prototype has none.
  if (plainProto) {
    for (const k in v) {
      putKey(k, slotOf(depth, count))
      if (!put((v as Record<string, unknown>)[k], depth + 1)) return false
      count++
    }
  } else {
    const keys = Object.keys(v)
    for (; count < keys.length; count++) {
      putKey(keys[count], slotOf(depth, count))
      if (!put((v as Record<string, unknown>)[keys[count]], depth + 1)) return false
    }
  }
  words[countAt] = count
  return true
}

export type UseStreams = (tags: Uint8Array, words: Uint32Array, floats: Float64Array, bytes: Uint8Array, text: Buffer) => boolean

/**
 * Writes `value` into the streams and returns what `use` returns with them; false, without
 * calling it, when the per-node codec must convert the value.
 */
export function encode(value: unknown, use: UseStreams): boolean {
  if (busy) return false
  busy = true
  nt = nw = nf = nb = 0
  text = ''
  keyIds.clear()
  doc = (doc + 1) >>> 0
  if (doc === 0) {
    cachedDocs.fill(0) // after 2^32 documents: no stamp may match by wrapping around
    doc = 1
  }
  plainProto = noInheritedKeys()
  try {
    try {
      if (!put(value, 0)) return false
    } catch (e) {
      // All of a document's text is one JS string: past V8's longest, the per-node codec writes it.
      if (e instanceof RangeError && e.message === 'Invalid string length') return false
      throw e
    }
    if (text.length * 2 > textBytes.length) textBytes = Buffer.allocUnsafeSlow(Math.max(textBytes.length * 2, text.length * 2)) as Ucs2Buffer
    textBytes.ucs2Write(text, 0, text.length * 2)
    return use(tags, words, floats, bytes, textBytes)
  } finally {
    text = ''
    keyIds.clear()
    busy = false
    if (tags.byteLength + words.byteLength + floats.byteLength + bytes.byteLength + textBytes.byteLength > KEEP_BYTES) letGo()
  }
}

function letGo(): void {
  tags = new Uint8Array(1 << 14)
  words = new Uint32Array(1 << 13)
  floats = new Float64Array(1 << 10)
  bytes = new Uint8Array(1 << 10)
  textBytes = Buffer.allocUnsafeSlow(1 << 15) as Ucs2Buffer
}
