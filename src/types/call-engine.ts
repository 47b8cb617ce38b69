// Bound calls in one native crossing (the runtime's call engine, src/native/call_engine.c).
// At bind time a signature is described once to the engine (a plan); each call then writes its
// arguments' bytes into a frame of mapped native memory (strings as UTF-8, borrowed RStr/RSlice
// pointing at them or lent typed arrays), makes ONE native call that builds the owned arguments
// (RString, RVec), calls the plugin and copies a string or vector result out (dropping the
// plugin's value through its own vtable), and decodes the frame in JS. Any argument the fast
// path does not take (another JS shape, a Handle, a bad value) sends the whole call down the
// koffi path it was bound with, so results, errors and ownership are that path's exactly.
import koffi from 'koffi'
import {
  Handle,
  codecOf,
  t,
  dropRuntime,
  floatUnitsOf,
  layoutOf,
  mapRegion,
  needsDrop,
  readTaking,
  type ArrayDesc,
  type Desc,
  type EnumDesc,
  type FnDesc,
  type MappedRegion,
  type StructDesc,
  type TransparentDesc,
} from '../abi/index.ts'
import { setCallEngine } from '../abi/call.ts'
import { dangling, decodeUtf8, typedArrayOf, type TypedArrayCtor } from './native-bytes.ts'
import { nativeTypeOf, runtimeLibrary } from './runtime.ts'
import { RStr, sliceElementOf } from './slices.ts'
import { RString, vecElementOf } from './vec.ts'

const ARG_BYTES = 0
const ARG_OWNED = 1
const RET_NONE = 0
const RET_BYTES = 1
const RET_VEC = 2
const NO_PARAM = 0xffff_ffff
const MAX_PARAMS = 3
/** Set in a copied string's count when its bytes are not all ASCII (src/native/call_engine.c). */
const WIDE = 2 ** 40
/** Room kept free above a call's arguments and strings, besides its result's bytes. */
const RESERVE = 64
/** What the call being written keeps free above its strings (RESERVE and its result's room). */
let reserve = RESERVE

/** The frame region: arguments, strings and results of calls in progress, used as a stack. */
const FRAME_BYTES = 4 << 20
let region: MappedRegion | undefined
let top = 0
/** Node's Buffer methods that work in place (no argument normalising, no TextEncoder copy). */
type FastBuffer = Buffer & { utf8Write(s: string, offset: number, max: number): number; latin1Slice(start: number, end: number): string }
/** Buffer over the region. */
let bytes: FastBuffer
/** abs_call declared with as many lent pointers as a plan uses (0 to 3): fewer arguments cross faster. */
type Engine = (plan: number, at: number, p0?: unknown, p1?: unknown, p2?: unknown) => number
let calls: Engine[] | undefined
let planNew: ((words: BigUint64Array) => number) | undefined

function ready(): boolean {
  if (calls) return true
  try {
    const lib = runtimeLibrary()
    const params = ['', ', void *p0', ', void *p0, void *p1', ', void *p0, void *p1, void *p2']
    calls = params.map((p) => lib.func(`int64_t abs_call(uint32_t plan, uint32_t at${p})`) as unknown as Engine)
    planNew = lib.func('int32_t abs_call_plan_new(void *words)') as unknown as (w: BigUint64Array) => number
    region = mapRegion(FRAME_BYTES)
    ;(lib.func('void abs_call_region(void *base)') as unknown as (b: bigint) => void)(region.address)
  } catch {
    calls = undefined
    return false // no runtime (or one without the engine): koffi's path throws the clear error on the first call
  }
  bytes = Buffer.from(region.bytes.buffer, region.bytes.byteOffset, region.bytes.byteLength) as FastBuffer
  return true
}

/** What a call writes for one argument, at `at` of the region; false sends the call to koffi. */
type ArgWriter = (v: unknown, at: number, params: unknown[]) => boolean

interface ArgSpec {
  kind: number
  param: number
  size: number
  floatUnits: number
  elem: bigint
  write: ArgWriter
}

const align8 = (n: number) => (n + 7) & ~7

function base(d: Desc): Desc {
  while (d.kind === 'transparent') d = (d as TransparentDesc).inner
  return d
}

/** Types whose JS writer only writes their own bytes: no host-made parts, nothing lent. */
function plainArg(d: Desc): boolean {
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

/** The string cursor of the call being written (the end of what it has put in the region). */
let cursor = 0
/** Strings too large for the region: kept alive (their memory is lent) until the call returns. */
const lent: Buffer[] = []
let held: Buffer[] | null = null

/** Writes the UTF-8 of `s` and its `{ data, length }` at `slot`. */
function writeStr(s: string, slot: number): void {
  const view = region!.view
  const room = FRAME_BYTES - reserve - cursor
  let data: number
  let n: number
  if (s.length === 0) {
    data = 1 // dangling(1): an empty RStr's pointer
    n = 0
  } else if (s.length * 3 <= room) {
    n = bytes.utf8Write(s, cursor, room)
    data = region!.base + cursor
    cursor = align8(cursor + n)
  } else {
    const b = Buffer.from(s, 'utf8')
    lent.push(b)
    data = Number(koffi.address(b))
    n = b.length
  }
  view.setFloat64(slot, 0, true)
  view.setUint32(slot, data % 4294967296, true)
  view.setUint32(slot + 4, Math.floor(data / 4294967296), true)
  view.setUint32(slot + 8, n % 4294967296, true)
  view.setUint32(slot + 12, Math.floor(n / 4294967296), true)
}

function argSpecOf(d: Desc, paramsUsed: { n: number }): ArgSpec | null {
  const size = layoutOf(d).size
  if (layoutOf(d).align > 8) return null
  if (d === (RStr as Desc) || d === (RString as Desc)) {
    const owned = d === (RString as Desc)
    return {
      kind: owned ? ARG_OWNED : ARG_BYTES,
      param: NO_PARAM,
      size: 16,
      floatUnits: 0,
      elem: owned ? nativeTypeOf(t.u8) : 0n,
      write: (v, at) => {
        if (typeof v !== 'string') return false
        writeStr(v, at)
        return true
      },
    }
  }
  const sliced = sliceElementOf(d)
  const vec = vecElementOf(d)
  const element = sliced ?? vec
  if (element) {
    const Typed = typedArrayOf(element)
    if (!Typed || paramsUsed.n >= MAX_PARAMS) return null
    const param = paramsUsed.n++
    const empty = Number(dangling(layoutOf(element).align))
    return {
      kind: vec ? ARG_OWNED : ARG_BYTES,
      param,
      size: 16,
      floatUnits: 0,
      elem: vec ? nativeTypeOf(element) : 0n,
      write: typedWriter(Typed, param, empty),
    }
  }
  if (!plainArg(d)) return null
  const codec = codecOf(d)
  return {
    kind: ARG_BYTES,
    param: NO_PARAM,
    size,
    floatUnits: floatUnitsOf(d),
    elem: 0n,
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
  }
}

/** A lent typed array of exactly the element's type: its memory is passed, not copied. */
function typedWriter(Typed: TypedArrayCtor, param: number, empty: number): ArgWriter {
  return (v, at, params) => {
    if (!(v instanceof Typed)) return false
    const view = region!.view
    const n = (v as ArrayLike<unknown>).length
    view.setUint32(at, n === 0 ? empty : 0, true)
    view.setUint32(at + 4, 0, true)
    view.setUint32(at + 8, n % 4294967296, true)
    view.setUint32(at + 12, Math.floor(n / 4294967296), true)
    params[param] = n === 0 ? null : v
    return true
  }
}

/** How the result comes back and is read. */
function resultOf(d: Desc): { kind: number; size: number; floatUnits: number; elem: number; read: (at: number, n: number) => unknown } | null {
  const { size, align } = layoutOf(d)
  if (align > 8) return null
  if (size === 0) return { kind: RET_NONE, size: 0, floatUnits: 0, elem: 0, read: () => undefined }
  if (d === (RString as Desc)) {
    return {
      kind: RET_VEC,
      size: 32,
      floatUnits: 0,
      elem: 1,
      read: (at, n) => {
        const start = at + 32
        // Bit 40: not all ASCII; validated (and decoded) as UTF-8 as the koffi path does.
        if (n < WIDE) return bytes.latin1Slice(start, start + n)
        return decodeUtf8(region!.bytes.subarray(start, start + n - WIDE), 'an RString')
      },
    }
  }
  const element = vecElementOf(d)
  if (element) {
    const Typed = typedArrayOf(element)
    if (!Typed) return null
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
  void name
  if (process.arch !== 'x64' || process.platform === 'win32' || !ready()) return null
  const ret = resultOf(f.ret)
  if (!ret) return null
  const used = { n: 0 }
  const specs: ArgSpec[] = []
  for (const d of f.args) {
    const s = argSpecOf(d, used)
    if (!s) return null
    specs.push(s)
  }
  const words = new BigUint64Array(6 + 6 * specs.length)
  words.set([BigInt(specs.length), BigInt(ret.kind), BigInt(ret.size), BigInt(ret.floatUnits), address, BigInt(ret.elem)])
  const offsets: number[] = []
  // The frame: where the result goes and the room for it (two words), then the arguments.
  let fixed = 0
  specs.forEach((s, i) => {
    offsets.push(fixed)
    fixed += s.kind === ARG_OWNED ? 32 : align8(Math.max(s.size, 8))
    words.set([BigInt(s.kind), BigInt(s.param), BigInt(offsets[i]), BigInt(s.size), BigInt(s.floatUnits), s.elem], 6 + 6 * i)
  })
  const plan = planNew!(words)
  if (plan < 0) return null
  return specialize(f.ret, specs, offsets.map((o) => o + 16), fixed + 16, ret, plan, calls![used.n], slow)
}

/**
 * The bound function: fixed arity up to four arguments (no rest array, no spread on the way in),
 * a loop over the writers beyond.
 */
function specialize(
  retDesc: Desc,
  specs: ArgSpec[],
  offsets: number[],
  fixed: number,
  ret: NonNullable<ReturnType<typeof resultOf>>,
  plan: number,
  call: Engine,
  slow: (...a: unknown[]) => unknown,
): (...a: unknown[]) => unknown {
  const n = specs.length
  const writers = specs.map((s) => s.write)
  const owned = ret.kind === RET_BYTES && needsDrop(retDesc)
  const codec = ret.kind === RET_BYTES ? codecOf(retDesc) : null
  const retRoom = (Math.max(ret.size, 32) + 15) & ~15
  const params: unknown[] = [null, null, null]
  const lends = specs.filter((x) => x.param !== NO_PARAM).length
  const invoke: (at: number) => number =
    lends === 0 ? (at) => call(plan, at) : lends === 1 ? (at) => call(plan, at, params[0]) : lends === 2 ? (at) => call(plan, at, params[0], params[1]) : (at) => call(plan, at, params[0], params[1], params[2])

  /** Runs the call whose arguments are written from `start` to `cursor`. */
  const run = (start: number): unknown => {
    held = null
    const out = (cursor + 15) & ~15
    const view = region!.view
    view.setUint32(start, out, true)
    view.setUint32(start + 4, 0, true)
    view.setUint32(start + 8, FRAME_BYTES - out - 32, true)
    view.setUint32(start + 12, 0, true)
    // Calls made while this one runs (a plugin calling back into JS) stack above its frame.
    top = out + retRoom
    // Large strings lent from Buffers stay reachable until the plugin returned.
    const keep = lent.length ? lent.splice(0) : null
    try {
      let r: number
      try {
        r = invoke(start)
      } finally {
        params[0] = params[1] = params[2] = null
        if (keep) held = keep
      }
      if (ret.kind === RET_VEC) {
        if (r >= 0) return ret.read(out, r)
        return readOwned(retDesc, out)
      }
      if (ret.kind === RET_NONE) return undefined
      return owned ? readOwned(retDesc, out) : codec!.read(region!.view, out)
    } finally {
      top = start
    }
  }
  // -1: the region is full (calls nested that deep): koffi's path takes the call.
  const begin = (): number => {
    const start = top
    if (start + fixed + RESERVE + retRoom > FRAME_BYTES) return -1
    cursor = start + fixed
    reserve = RESERVE + retRoom
    return start
  }
  // A call the fast path does not take goes through koffi with the same arguments.
  const w = writers
  const o = offsets
  if (n === 0) {
    return function (this: unknown) {
      const s = arguments.length === 0 ? begin() : -1
      if (s < 0) return slow(...arguments)
      return run(s)
    }
  }
  if (n === 1) {
    return function (this: unknown, a: unknown) {
      const s = arguments.length === 1 ? begin() : -1
      if (s < 0) return slow(...arguments)
      if (!w[0](a, s + o[0], params)) return bail(s, slow, a)
      return run(s)
    }
  }
  if (n === 2) {
    return function (this: unknown, a: unknown, b: unknown) {
      const s = arguments.length === 2 ? begin() : -1
      if (s < 0) return slow(...arguments)
      if (!w[0](a, s + o[0], params) || !w[1](b, s + o[1], params)) return bail(s, slow, a, b)
      return run(s)
    }
  }
  return function (this: unknown, ...args: unknown[]) {
    const s = args.length === n ? begin() : -1
    if (s < 0) return slow(...args)
    for (let i = 0; i < n; i++) if (!w[i](args[i], s + o[i], params)) return bail(s, slow, ...args)
    return run(s)
  }
}

/** Leaves the fast path before anything was built: the koffi path takes the call. */
function bail(start: number, slow: (...a: unknown[]) => unknown, ...args: unknown[]): unknown {
  top = start
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
