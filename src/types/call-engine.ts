// Bound calls in one native crossing (the runtime's call engine, src/native/call_engine.c,
// entered through the runtime library's Node-API entry point, src/native/call_napi.c).
// At bind time a signature is described once to the engine (a plan) and given a JS function of its
// own; each call then writes its arguments' bytes into a frame of mapped native memory (a lent
// string: only where its UTF-8 goes; borrowed RStr/RSlice pointing at it or at lent typed arrays),
// makes ONE native call, with the strings and typed arrays it lends as arguments, which writes the
// strings' UTF-8, builds the owned arguments (RString, RVec; inside options, results and vectors
// too, from the frame's bytes: call-engine-encode.ts), calls the plugin and hands back a
// string result as a JS string or copies a vector result out (dropping the plugin's value through
// its own vtable), and decodes the frame in JS. Any argument the fast path does not take (another
// JS shape, a Handle, a bad value) sends the whole call down the koffi path it was bound with, so
// results, errors and ownership are that path's exactly. Without the entry point (a runtime
// library built without it, a platform it is not built for) every call takes the koffi path.
import koffi from 'koffi'
import { Handle, codecOf, t, dropRuntime, floatUnitsOf, layoutOf, mapRegion, needsDrop, readTaking, type Desc, type FnDesc, type MappedRegion } from '../abi/index.ts'
import { callPath, setCallEngine } from '../abi/call.ts'
import { BuiltTypes, encoderOf, plainArg, type Frame } from './call-engine-encode.ts'
import { dangling, typedArrayOf, type TypedArrayCtor } from './native-bytes.ts'
import { nativeTypeOf, runtimeLibrary, runtimePath } from './runtime.ts'
import { RStr, sliceElementOf } from './slices.ts'
import { RString, vecElementOf } from './vec.ts'

const ARG_BYTES = 0
const ARG_OWNED = 1
const RET_NONE = 0
const RET_BYTES = 1
const RET_VEC = 2
const RET_TEXT = 3
const NO_LENT = 0xffff_ffff
/** Set in a lent value's index when it is a string (src/native/call_engine.c). */
const LENT_TEXT = 0x100
/** Values one call lends (ABS_CALL_LENT). */
const MAX_LENT = 6
/** abs_call_run's answer when the result's header was left in the frame for the host. */
const LEFT = -1
/** Room kept free above a call's arguments and strings, besides its result's bytes. */
const RESERVE = 64
/** Plan words: the head's, and each argument's (src/native/call_engine.c). */
const PLAN_HEAD = 7
const PLAN_ARG = 6
/** The frame's head: result offset, result room, fixups offset, fixup count. */
const HEAD = 32

/** The frame region: arguments, strings and results of calls in progress, used as a stack. */
const FRAME_BYTES = 4 << 20
let region: MappedRegion | undefined
/** The frame stack's state, shared with each plan's compiled function. */
const st = {
  /** Where the next call's frame starts. */
  top: 0,
  /** The end of what the call being written has put in the region. */
  cursor: 0,
  /** What the call being written keeps free above its strings (RESERVE and its result's room). */
  reserve: RESERVE,
}
/** The region as 32-bit words (frame heads and slots are 8-aligned). */
let words32: Uint32Array
/** The entry point's `bind(plan, region, texts)`: the native function running one plan on this thread's region. */
type Entry = (at: number, ...lent: unknown[]) => number | string | null
let bindPlan: ((plan: number, region: number, texts: number) => Entry) | undefined
let planNew: ((words: BigUint64Array) => number) | undefined
/** The region as the argument encoders see it (call-engine-encode.ts). */
let frame: Frame
/** Why the engine is not available, once a first try failed (kept: the try is not repeated). */
let unavailable: string | undefined

function ready(): boolean {
  if (bindPlan) return true
  if (unavailable !== undefined) return false
  if (process.arch !== 'x64' || process.platform === 'win32') {
    unavailable = `the call engine is built for x86-64 System V only (this is ${process.platform}-${process.arch})`
    return false
  }
  try {
    const lib = runtimeLibrary()
    planNew = lib.func('int32_t abs_call_plan_new(void *words)') as unknown as (w: BigUint64Array) => number
    // The library koffi loaded, loaded again by Node as an addon: the same code and statics.
    const addon = { exports: {} as { bind?: (plan: number, region: number, texts: number) => Entry } }
    process.dlopen(addon, runtimePath)
    if (typeof addon.exports.bind !== 'function') {
      unavailable = `the runtime library ${runtimePath} has no Node-API entry point (bind)`
      return false
    }
    region = mapRegion(FRAME_BYTES)
    bindPlan = addon.exports.bind
  } catch (e) {
    // No runtime (or one Node cannot load as an addon): koffi's path (it throws the clear error
    // on a first call without a runtime). The reason is kept for callEngineStatus().
    bindPlan = undefined
    unavailable = `loading ${runtimePath} as a Node-API addon failed: ${e instanceof Error ? e.message : String(e)}`
    return false
  }
  words32 = new Uint32Array(region.bytes.buffer, region.bytes.byteOffset, region.bytes.byteLength >> 2)
  frame = { bytes: region.bytes, view: region.view, words32, base: region.base, size: FRAME_BYTES, st, fixups }
  return true
}

/**
 * Which path bound calls take in this process: 'napi' when the runtime's call engine is loaded
 * (calls whose arguments or results need conversion make one native crossing), 'koffi' with the
 * reason when it is not (ABI_STABLE_CALL=koffi, another platform, a runtime Node cannot load as
 * an addon): calls then work the same through koffi, only slower. Tries to load the engine.
 */
export function callEngineStatus(): { engine: 'napi' | 'koffi'; reason?: string } {
  if (callPath() === 'koffi') return { engine: 'koffi', reason: 'ABI_STABLE_CALL=koffi' }
  return ready() ? { engine: 'napi' } : { engine: 'koffi', reason: unavailable }
}

/** What a call writes for one argument, at `at` of the region; false sends the call to koffi. */
type ArgWriter = (v: unknown, at: number) => boolean

/**
 * How the compiled function takes one argument: a string or a typed array it lends (checked and
 * written by code inlined for the plan, the value passed to the entry point as it is), or any
 * other type by its writer.
 */
type ArgTake = { how: 'text' } | { how: 'typed'; Typed: TypedArrayCtor; empty: number } | { how: 'write'; write: ArgWriter }

interface ArgSpec {
  kind: number
  param: number
  size: number
  floatUnits: number
  elem: bigint
  take: ArgTake
}

const align8 = (n: number) => (n + 7) & ~7

/** The fixups of the call being written (call-engine-encode.ts), written into its frame before the call. */
const fixups: number[] = []

/** Strings too large for the region: kept alive (their memory is lent) until the call returns. */
const lent: Buffer[] = []
/** The large strings of the last call: stored after the call returns, which keeps the call's own reference to them live while the plugin reads them. */
const kept = { held: null as Buffer[] | null }

/** Writes a `{ ptr, len }` pair of numbers into the 16-byte slot at `at`. */
function writePair(at: number, ptr: number, len: number): void {
  const w = at >> 2
  words32[w] = ptr % 4294967296
  words32[w + 1] = Math.floor(ptr / 4294967296)
  words32[w + 2] = len % 4294967296
  words32[w + 3] = Math.floor(len / 4294967296)
}

/**
 * Lends string `s` for the slot at `slot`: room for its UTF-8 in the region (3 bytes per UTF-16
 * unit and a NUL, at the cursor), the engine writing the bytes (the slot says where and how much
 * room); an empty string is its dangling pointer, a string too large for the region a Buffer.
 * Returns what the entry point is given: the string when the engine writes it, else null.
 */
function lendStr(s: string, slot: number): string | null {
  const room = FRAME_BYTES - st.reserve - st.cursor
  const cap = s.length * 3
  if (s.length === 0) {
    writePair(slot, 1, 0) // dangling(1): an empty RStr's pointer
    return null
  } else if (cap < room) {
    // Offset and room are below 2^32: the high words are 0.
    const w = slot >> 2
    words32[w] = st.cursor
    words32[w + 1] = 0
    words32[w + 2] = cap
    words32[w + 3] = 0
    st.cursor = align8(st.cursor + cap + 1)
    return s
  } else {
    const b = Buffer.from(s, 'utf8')
    lent.push(b)
    writePair(slot, Number(koffi.address(b)), b.length)
    return null
  }
}

function argSpecOf(d: Desc, lentUsed: { n: number }, built: BuiltTypes): ArgSpec | null {
  const size = layoutOf(d).size
  if (layoutOf(d).align > 8) return null
  if (d === (RStr as Desc) || d === (RString as Desc)) {
    if (lentUsed.n >= MAX_LENT) return null
    const index = lentUsed.n++
    const owned = d === (RString as Desc)
    return {
      kind: owned ? ARG_OWNED : ARG_BYTES,
      param: index | LENT_TEXT,
      size: 16,
      floatUnits: 0,
      elem: owned ? nativeTypeOf(t.u8) : 0n,
      take: { how: 'text' },
    }
  }
  const sliced = sliceElementOf(d)
  const vec = vecElementOf(d)
  const element = sliced ?? vec
  // A vector or slice of numbers lends the typed array (an RSliceMut's elements are the array's
  // own memory); of anything else, its elements are encoded below.
  if (element) {
    const Typed = typedArrayOf(element)
    if (!Typed) return encodedSpec(d, built)
    if (lentUsed.n >= MAX_LENT) return null
    const param = lentUsed.n++
    const empty = Number(dangling(layoutOf(element).align))
    return {
      kind: vec ? ARG_OWNED : ARG_BYTES,
      param,
      size: 16,
      floatUnits: 0,
      elem: vec ? nativeTypeOf(element) : 0n,
      take: { how: 'typed', Typed, empty },
    }
  }
  if (!plainArg(d)) return encodedSpec(d, built)
  const codec = codecOf(d)
  return {
    kind: ARG_BYTES,
    param: NO_LENT,
    size,
    floatUnits: floatUnitsOf(d),
    elem: 0n,
    take: {
      how: 'write',
      write: (v, at) => {
        // A handle stands for a value by moving it: that is the koffi path's bookkeeping.
        if (v instanceof Handle) return false
        try {
          codec.write(region!.view, at, v)
          return true
        } catch {
          return false
        }
      },
    },
  }
}

/** An argument written by its encoder (call-engine-encode.ts), its host-made parts built by the engine's fixups. */
function encodedSpec(d: Desc, built: BuiltTypes): ArgSpec | null {
  const encode = encoderOf(d, built, frame)
  if (!encode) return null
  const size = layoutOf(d).size
  const words = align8(Math.max(size, 8)) >> 2
  return {
    kind: ARG_BYTES,
    param: NO_LENT,
    size,
    floatUnits: floatUnitsOf(d),
    elem: 0n,
    take: {
      how: 'write',
      write: (v, at) => {
        // Padding and an absent variant's payload are zero, as in the koffi path's scratch (slots are 8-aligned).
        const w = at >> 2
        for (let i = 0; i < words; i++) words32[w + i] = 0
        return encode(v, at)
      },
    },
  }
}

/** How the result comes back and is read. */
function resultOf(d: Desc): { kind: number; size: number; floatUnits: number; elem: number; read: (at: number, n: number) => unknown } | null {
  const { size, align } = layoutOf(d)
  if (align > 8) return null
  if (size === 0) return { kind: RET_NONE, size: 0, floatUnits: 0, elem: 0, read: () => undefined }
  // The entry point gives back an RString as a JS string (or leaves it for readOwned).
  if (d === (RString as Desc)) return { kind: RET_TEXT, size: 32, floatUnits: 0, elem: 1, read: () => undefined }
  const element = vecElementOf(d)
  // A vector of numbers is copied out by the engine; of anything else, read as any owned result.
  if (element && typedArrayOf(element)) {
    const Typed = typedArrayOf(element)!
    const es = layoutOf(element).size
    return {
      kind: RET_VEC,
      size: 32,
      floatUnits: 0,
      elem: es,
      read: (at, n) => new Typed(region!.bytes.buffer.slice(region!.bytes.byteOffset + at + 32, region!.bytes.byteOffset + at + 32 + n * es) as ArrayBuffer),
    }
  }
  return { kind: RET_BYTES, size, floatUnits: floatUnitsOf(d), elem: 0, read: () => undefined }
}

function engineFor(f: FnDesc, address: bigint, name: string, slow: (...a: unknown[]) => unknown): ((...a: unknown[]) => unknown) | null {
  if (!ready()) return null
  const ret = resultOf(f.ret)
  if (!ret) return null
  const used = { n: 0 }
  const built = new BuiltTypes()
  const specs: ArgSpec[] = []
  for (const d of f.args) {
    const s = argSpecOf(d, used, built)
    if (!s) return null
    specs.push(s)
  }
  const nbuilt = built.types.length
  const words = new BigUint64Array(PLAN_HEAD + PLAN_ARG * specs.length + nbuilt)
  words.set([BigInt(specs.length), BigInt(ret.kind), BigInt(ret.size), BigInt(ret.floatUnits), address, BigInt(ret.elem), BigInt(nbuilt)])
  const offsets: number[] = []
  // The frame: its head (where the result goes, the room for it, where the fixups are and how
  // many), then the arguments.
  let fixed = 0
  specs.forEach((s, i) => {
    offsets.push(fixed)
    fixed += s.kind === ARG_OWNED ? 32 : align8(Math.max(s.size, 8))
    words.set([BigInt(s.kind), BigInt(s.param), BigInt(offsets[i]), BigInt(s.size), BigInt(s.floatUnits), s.elem], PLAN_HEAD + PLAN_ARG * i)
  })
  words.set(built.types, PLAN_HEAD + PLAN_ARG * specs.length)
  const plan = planNew!(words)
  if (plan < 0) return null
  const texts = specs.reduce((m, s) => (s.param !== NO_LENT && s.param & LENT_TEXT ? m | (1 << (s.param & 0xff)) : m), 0)
  return compile(name, f.ret, specs, offsets.map((o) => o + HEAD), fixed + HEAD, ret, bindPlan!(plan, region!.base, texts), used.n, slow, nbuilt > 0)
}

let compiled = 0

/**
 * The bound function of one plan, compiled for it (new Function): fixed arity, each argument
 * taken by code of its own (a lent typed array or string checked and written inline, any other
 * type by its writer), the entry point called with exactly the values the plan lends, and V8's
 * type feedback this function's own (one closure shared by every plan turns megamorphic as soon
 * as a few signatures are in use, and every call pays for it).
 */
function compile(
  name: string,
  retDesc: Desc,
  specs: ArgSpec[],
  offsets: number[],
  fixed: number,
  ret: NonNullable<ReturnType<typeof resultOf>>,
  entry: Entry,
  lends: number,
  slow: (...a: unknown[]) => unknown,
  builds: boolean,
): (...a: unknown[]) => unknown {
  const n = specs.length
  const args = specs.map((_, i) => `a${i}`).join(', ')
  const retRoom = (Math.max(ret.size, 32) + 15) & ~15
  const owned = ret.kind === RET_BYTES && needsDrop(retDesc)
  const codec = ret.kind === RET_BYTES ? codecOf(retDesc) : null
  const texts = specs.some((x) => x.take.how === 'text')
  const leave = `return bail(s, slow${n > 0 ? `, ${args}` : ''})`
  // Each argument in order; the first the fast path does not take sends the call to koffi.
  const takes = specs.map((x, i) => {
    const at = `s + ${offsets[i]}`
    switch (x.take.how) {
      case 'text':
        return `if (typeof a${i} !== 'string') ${leave}
  const l${x.param & 0xff} = lendStr(a${i}, ${at})`
      case 'typed':
        // The slot: the pointer (the entry point writes a lent array's; an empty one is its
        // dangling pointer, below 2^32) and the length.
        return `if (!(a${i} instanceof T${i})) ${leave}
  const n${i} = a${i}.length
  const w${i} = (${at}) >> 2
  words32[w${i}] = n${i} === 0 ? ${x.take.empty} : 0
  words32[w${i} + 1] = 0
  words32[w${i} + 2] = n${i} >>> 0
  words32[w${i} + 3] = (n${i} / 4294967296) >>> 0
  const l${x.param} = n${i} === 0 ? null : a${i}`
      default:
        return `if (!W${i}(a${i}, ${at})) ${leave}`
    }
  })
  const lentArgs = Array.from({ length: lends }, (_, i) => `, l${i}`).join('')
  const result =
    ret.kind === RET_TEXT
      ? `if (typeof r === 'string') return r
    return readOwned(retDesc, out)`
      : ret.kind === RET_VEC
        ? `return r >= 0 ? read(out, r) : readOwned(retDesc, out)`
        : ret.kind === RET_NONE
          ? `return undefined`
          : owned
            ? `return readOwned(retDesc, out)`
            : `return codec.read(view, out)`
  const source = `// ${name.replace(/[\r\n]/g, ' ')} #${compiled++}
return function (${args}) {
  'use strict'
  if (arguments.length !== ${n}) return slow(...arguments)
  const s = st.top
  // The region is full (calls nested that deep): koffi's path takes the call.
  if (s + ${fixed + RESERVE + retRoom} > ${FRAME_BYTES}) return slow(${args})
  st.cursor = s + ${fixed}
  st.reserve = ${RESERVE + retRoom}
  ${builds ? 'fixups.length = 0' : ''}
  ${takes.join('\n  ')}
  const w = s >> 2
  ${
    builds
      ? `// The fixups (two 32-bit words each) at the cursor, for the engine to build the host-made parts.
  const nfix = fixups.length >> 1
  const fx = st.cursor
  if (fx + 4 * fixups.length + ${RESERVE + retRoom} > ${FRAME_BYTES}) ${leave}
  for (let i = 0; i < fixups.length; i++) words32[(fx >> 2) + i] = fixups[i]
  st.cursor = fx + 4 * fixups.length
  words32[w + 4] = fx
  words32[w + 6] = nfix`
      : `words32[w + 6] = 0`
  }
  words32[w + 5] = 0
  words32[w + 7] = 0
  const out = (st.cursor + 15) & ~15
  words32[w] = out
  words32[w + 1] = 0
  words32[w + 2] = ${FRAME_BYTES} - out - 32
  words32[w + 3] = 0
  // Calls made while this one runs (a plugin calling back into JS) stack above its frame.
  st.top = out + ${retRoom}
  ${
    texts
      ? `// Large strings lent from Buffers stay reachable until the plugin returned (used after the
  // call, so live across it; nested calls have their own).
  const keep = lent.length ? lent.splice(0) : null`
      : ''
  }
  try {
    const r = entry(s${lentArgs})
    ${texts ? 'kept.held = keep' : ''}
    if (r === null) {
      // Refused before anything was built: koffi's path takes the call.
      st.top = s
      return slow(${args})
    }
    ${result}
  } finally {
    st.top = s
  }
}`
  const extra: [string, unknown][] = []
  specs.forEach((x, i) => {
    if (x.take.how === 'typed') extra.push([`T${i}`, x.take.Typed])
    else if (x.take.how === 'write') extra.push([`W${i}`, x.take.write])
  })
  const names = ['st', 'words32', 'lent', 'kept', 'lendStr', 'entry', 'slow', 'bail', 'readOwned', 'retDesc', 'read', 'codec', 'view', 'fixups', ...extra.map((e) => e[0])]
  const make = new Function(...names, source) as (...a: unknown[]) => (...a: unknown[]) => unknown
  return make(st, words32, lent, kept, lendStr, entry, slow, bail, readOwned, retDesc, ret.read, codec, region!.view, fixups, ...extra.map((e) => e[1]))
}

/** Leaves the fast path before anything was built: the koffi path takes the call. */
function bail(start: number, slow: (...a: unknown[]) => unknown, ...args: unknown[]): unknown {
  st.top = start
  lent.length = 0
  return slow(...args)
}

/** A result whose bytes are at `at` of the region, read (parts staying native move out) and dropped in place. */
function readOwned(d: Desc, at: number): unknown {
  const address = region!.address + BigInt(at)
  try {
    return readTaking(() => codecOf(d).read(region!.view, at))
  } finally {
    dropRuntime().dropInPlace(address, d)
  }
}

setCallEngine(engineFor)
