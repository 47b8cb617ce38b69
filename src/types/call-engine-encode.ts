// How the call engine (call-engine.ts) writes an argument that needs more than its own bytes:
// ROption, RResult, references, owned strings, vectors and slices of any element it can write,
// nested to any depth. Everything goes into the calling frame's region in JS (no native call per
// part): the argument's bytes at its slot, what it points to (a referent, a vector's elements, a
// string's UTF-8) above it at the frame's cursor, and for each RString and RVec a fixup telling
// the engine to turn the `{ ptr, len }` written in its place into a host-made value. The engine
// runs the fixups in order (inner first) just before the call, so nothing is allocated unless the
// call happens: a value the encoder does not take (another shape, a Handle, a bad value) answers
// false and the whole call goes down the koffi path, which gives the typed error. Each encoder
// accepts only values the codec's writer takes and writes the same bytes (koffi-path parity is
// tested in test/std-types/call-engine-kinds.test.ts).
import { Handle, codecOf, layoutOf, needsDrop, t, type ArrayDesc, type CustomDesc, type Desc, type EnumDesc, type RefDesc, type StructDesc, type TransparentDesc } from '../abi/index.ts'
import { typedArrayOf } from './native-bytes.ts'
import { ROption, RResult } from './option-result.ts'
import { nativeTypeOf } from './runtime.ts'
import { RSlice, RStr, sliceElementOf } from './slices.ts'
import { RString, vecElementOf } from './vec.ts'

/** The frame region as the encoders see it (call-engine.ts makes one, for its region). */
export interface Frame {
  bytes: Uint8Array
  view: DataView
  words32: Uint32Array
  /** The region's address. */
  base: number
  size: number
  /** The call being written: where its next out-of-line part goes, and what it keeps free above. */
  st: { cursor: number; reserve: number }
  /** The call's fixups, pairs of (slot offset in the region, built type index). */
  fixups: number[]
}

/** Writes a value of one type at offset `at` of the region; false: the koffi path takes the call. */
export type Encoder = (v: unknown, at: number) => boolean

/** The element types a plan builds vectors of (the engine's built types, by index). */
export class BuiltTypes {
  readonly types: bigint[] = []
  indexOf(element: Desc): number {
    const native = nativeTypeOf(element)
    const i = this.types.indexOf(native)
    return i >= 0 ? i : this.types.push(native) - 1
  }
}

const align8 = (n: number) => (n + 7) & ~7

function base(d: Desc): Desc {
  while (d.kind === 'transparent') d = (d as TransparentDesc).inner
  return d
}

/** Types whose codec writes only their own bytes (no host-made parts, nothing lent). */
export function plainArg(d: Desc): boolean {
  d = base(d)
  switch (d.kind) {
    case 'prim':
    case 'zst':
    case 'ptr':
    case 'fn':
      return true
    case 'struct':
      return (d as StructDesc).members.every((m) => plainArg(m.type))
    case 'array':
      return plainArg((d as ArrayDesc).element)
    case 'enum':
      return (d as EnumDesc).variants.every((v) => v.members.every((m) => plainArg(m.type)))
    default:
      return false
  }
}

/** The payload types of an ROption (`[inner]`) or RResult (`[ok, err]`) descriptor, else undefined. */
function enumPayloads(d: Desc, variants: readonly string[]): Desc[] | undefined {
  if (d.kind !== 'custom') return undefined
  const repr = (d as CustomDesc).repr as EnumDesc
  if (repr.kind !== 'enum' || repr.variants.length !== 2) return undefined
  const out: Desc[] = []
  for (const name of variants) {
    const v = repr.variants.find((x) => x.name === name)
    if (v?.members.length === 1) out.push(v.members[0].type)
  }
  return out.length === variants.length ? out : undefined
}

/**
 * The encoder of `d`, or null for a type it does not write (the plan is then left to koffi):
 * plain types, RString, RStr, ROption and RResult of writable types, RVec of writable elements,
 * RSlice of writable elements that own nothing, and `&T` / `&mut T` of such a T.
 */
export function encoderOf(d: Desc, built: BuiltTypes, frame: Frame): Encoder | null {
  d = base(d)
  const f = frame
  if (plainArg(d)) {
    const codec = codecOf(d)
    return (v, at) => {
      // A handle stands for a value by moving it: that is the koffi path's bookkeeping.
      if (v instanceof Handle) return false
      try {
        codec.write(f.view, at, v)
        return true
      } catch {
        return false
      }
    }
  }
  if (d === (RString as Desc)) {
    const bytes = built.indexOf(t.u8)
    return (v, at) => typeof v === 'string' && putText(f, v, at) && fixup(f, at, bytes)
  }
  if (d === (RStr as Desc)) return (v, at) => typeof v === 'string' && putText(f, v, at)
  const option = enumPayloads(d, ['RSome'])
  if (option && ROption(option[0]) === d) {
    const inner = encoderOf(option[0], built, frame)
    if (!inner) return null
    const at0 = layoutOf((d as CustomDesc).repr).variants!.RSome['0']
    return (v, at) => {
      if (v === undefined || v === null) {
        f.bytes[at] = 1
        return true
      }
      f.bytes[at] = 0
      return inner(v, at + at0)
    }
  }
  const result = enumPayloads(d, ['ROk', 'RErr'])
  if (result && RResult(result[0], result[1]) === d) {
    const ok = encoderOf(result[0], built, frame)
    const err = encoderOf(result[1], built, frame)
    if (!ok || !err) return null
    const v = layoutOf((d as CustomDesc).repr).variants!
    const okAt = v.ROk['0']
    const errAt = v.RErr['0']
    return (x, at) => {
      if (typeof x !== 'object' || x === null || typeof (x as { ok?: unknown }).ok !== 'boolean') return false
      if ((x as { ok: boolean }).ok) {
        f.bytes[at] = 0
        return ok((x as { value?: unknown }).value, at + okAt)
      }
      f.bytes[at] = 1
      return err((x as { error?: unknown }).error, at + errAt)
    }
  }
  const vecElement = vecElementOf(d)
  if (vecElement) {
    const elements = elementsEncoder(vecElement, built, frame)
    if (!elements) return null
    const index = built.indexOf(vecElement)
    return (v, at) => elements(v, at) && fixup(f, at, index)
  }
  const sliceElement = sliceElementOf(d)
  // RSliceMut: the koffi path copies a plugin's writes back into a JS array; not written here.
  if (sliceElement && RSlice(sliceElement) === d) {
    // Elements that own something would need dropping after the call: left to koffi.
    if (needsDrop(sliceElement)) return null
    return elementsEncoder(sliceElement, built, frame)
  }
  if (d.kind === 'ref') {
    const target = (d as RefDesc).target
    // A referent that owns something is dropped after the call on the koffi path: left to it.
    if (needsDrop(target)) return null
    const inner = encoderOf(target, built, frame)
    if (!inner) return null
    const { size, align } = layoutOf(target)
    return (v, at) => {
      // An object lending its own address (a Handle, a prefix value): the koffi path lends it.
      if (typeof v === 'object' && v !== null && typeof (v as { $address?: unknown }).$address === 'bigint') return false
      const p = take(f, size, align)
      if (p < 0 || !inner(v, p)) return false
      writeWord(f, at, f.base + p)
      return true
    }
  }
  return null
}

/**
 * Writes the elements of a JS array (or of a typed array of exactly the element's type) at the
 * frame's cursor and `{ ptr, len }` at `at`: an RSlice as it is, an RVec before its fixup.
 */
function elementsEncoder(element: Desc, built: BuiltTypes, frame: Frame): Encoder | null {
  const each = encoderOf(element, built, frame)
  if (!each) return null
  const f = frame
  const Typed = typedArrayOf(element)
  const { size, align } = layoutOf(element)
  const empty = Math.max(align, 1) // an empty vector's or slice's dangling pointer
  return (v, at) => {
    let n: number
    if (Array.isArray(v)) n = v.length
    else if (Typed && v instanceof Typed) n = v.length
    else return false
    if (n === 0) return writePair(f, at, empty, 0)
    const p = take(f, n * size, align)
    if (p < 0) return false
    if (Array.isArray(v)) {
      for (let i = 0; i < n; i++) if (!each(v[i], p + i * size)) return false
    } else {
      const typed = v as unknown as ArrayBufferView
      f.bytes.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), p)
    }
    return writePair(f, at, f.base + p, n)
  }
}

/** `size` zeroed bytes at the cursor, their address aligned to `align`; -1 when the region is full. */
function take(f: Frame, size: number, align: number): number {
  const off = align > 8 ? (f.base + f.st.cursor) % align : 0
  const p = off === 0 ? f.st.cursor : f.st.cursor + align - off
  const end = p + size
  if (end > f.size - f.st.reserve) return -1
  f.bytes.fill(0, p, end)
  f.st.cursor = align8(end)
  return p
}

/** The UTF-8 of `s` at the cursor and `{ ptr, len }` at `at` (an empty string: the dangling pointer 1). */
function putText(f: Frame, s: string, at: number): boolean {
  const n = s.length
  if (n === 0) return writePair(f, at, 1, 0)
  const p = f.st.cursor
  if (p + 3 * n > f.size - f.st.reserve) return false
  let len = 0
  if (n <= 64) {
    // Short ASCII strings byte by byte: cheaper than encodeInto's subarray and call.
    const bytes = f.bytes
    for (; len < n; len++) {
      const c = s.charCodeAt(len)
      if (c >= 0x80) break
      bytes[p + len] = c
    }
  }
  // TextEncoder writes what Buffer.from(s, 'utf8') does (a lone surrogate as U+FFFD).
  if (len < n) len = encoder.encodeInto(s, f.bytes.subarray(p, p + 3 * n)).written
  f.st.cursor = align8(p + len)
  return writePair(f, at, f.base + p, len)
}

const encoder = new TextEncoder()

function writeWord(f: Frame, at: number, x: number): void {
  const w = at >> 2
  f.words32[w] = x % 4294967296
  f.words32[w + 1] = Math.floor(x / 4294967296)
}

function writePair(f: Frame, at: number, ptr: number, len: number): true {
  writeWord(f, at, ptr)
  writeWord(f, at + 8, len)
  return true
}

function fixup(f: Frame, at: number, index: number): true {
  f.fixups.push(at, index)
  return true
}
