// Calling C functions whose arguments and results are described by descriptors.
// Each argument is written by its descriptor's writer into scratch memory (typed
// errors with paths; host-made containers built; temporaries tied to the call's
// scope), and koffi receives it in the shape of koffiTypeOf(). A result comes back
// through native scratch memory and the reader; an owned result is then dropped
// through its own vtables, or kept native as a Handle on request.
import koffi from 'koffi'
import type { LibraryHandle } from 'koffi'
import { primitiveShim } from './call-shim.ts'
import { codecOf } from './codec.ts'
import type { Desc, Infer, InferInput } from './descriptor.ts'
import { needsDrop } from './drop.ts'
import { DeclarationError, InvalidValueError, describeValue } from './errors.ts'
import { checkOptions } from './options.ts'
import { Handle } from './handle.ts'
import type { ArrayDesc } from './kinds/array.ts'
import type { CustomDesc } from './kinds/custom.ts'
import { tagIntOf, type EnumDesc } from './kinds/enum.ts'
import { primitives } from './kinds/primitive.ts'
import { resolveLazy } from './kinds/lazy.ts'
import type { FnDesc } from './kinds/pointer.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import { koffiTypeOf, memberKey, variantKey, type KoffiType } from './koffi-type.ts'
import { layoutOf } from './layout.ts'
import { ByteClass, byteClassesOf } from './byte-classes.ts'
import { littleEndian as LE, mapRegion, readNative, type MappedRegion } from './memory.ts'
import { readTaking } from './ownership.ts'
import { dropRuntime } from './runtime-hook.ts'
import { enterScope, exitScope } from './scope.ts'

type Args<A extends readonly Desc[]> = { [I in keyof A]: A[I] extends Desc ? InferInput<A[I]> : never }

export interface CallOptions {
  /** Keep an owned result native, as a Handle, instead of converting and dropping it. */
  returns?: 'value' | 'handle'
  /**
   * For a function returning an FfiFuture: abandon every future it returns once `signal` fires
   * (its Promise rejects with FutureAbortedError, the plugin's future is dropped at once). One call
   * can also pass `{ signal }` as an extra last argument.
   */
  signal?: AbortSignal
  /**
   * What errors call the function: `ConnectorMod.echo, argument 0 (RString): expected ...`.
   * By default the symbol (bindFunction) or the signature (bindPointer).
   */
  name?: string
  /** The first argument is the method's `self` (a trait object's data): errors count the arguments after it from 0. */
  receiver?: boolean
}
type Result<F extends FnDesc, O extends CallOptions> = O['returns'] extends 'handle' ? Handle<F['ret']> : Infer<F['ret']>
/** What one call of a function returning an FfiFuture may add as its last argument. */
export interface PerCallOptions {
  /** Abandon the future this call returns when the signal fires. */
  signal?: AbortSignal
}

export type BoundFn<F extends FnDesc, O extends CallOptions = {}> = (...args: ArgsWithOptions<F>) => Result<F, O>
/** A function returning an FfiFuture also takes PerCallOptions last. */
type ArgsWithOptions<F extends FnDesc> = [F['ret']] extends [{ readonly output: Desc; readonly poll: Desc }] ? [...Args<F['args']>, PerCallOptions?] : Args<F['args']>

/** Binds the exported function `symbol` of a koffi library to the signature `f`. */
export function bindFunction<F extends FnDesc, O extends CallOptions = {}>(lib: LibraryHandle, symbol: string, f: F, options?: O): BoundFn<F, O> {
  checkOptions(`bindFunction(${symbol})`, options, ['returns', 'name', 'receiver', 'signal'])
  const slow = bindFunctionThroughKoffi(lib, symbol, f, options)
  return (throughEngine(f, options, options?.name ?? symbol, slow, () => lib.symbol(symbol) as bigint, lib) ?? slow) as BoundFn<F, O>
}

function bindFunctionThroughKoffi(lib: LibraryHandle, symbol: string, f: FnDesc, options: CallOptions | undefined): (...a: unknown[]) => unknown {
  if (returnsThroughPointer(f.ret)) {
    const flat = flatPlanOf(f, true)
    const params = flat ? flat.params : prototypeOf(f).params
    return wrap(f, lib.func(symbol, 'void', ['uintptr_t', ...params]) as (...a: unknown[]) => unknown, options ?? {}, options?.name ?? symbol, lib, true, flat)
  }
  const flat = flatPlanOf(f, false)
  if (flat) return wrap(f, lib.func(symbol, prototypeOf(f).ret, flat.params) as (...a: unknown[]) => unknown, options ?? {}, options?.name ?? symbol, lib, false, flat)
  const { ret, params } = prototypeOf(f)
  return wrap(f, lib.func(symbol, ret, params) as (...a: unknown[]) => unknown, options ?? {}, options?.name ?? symbol, lib)
}

/**
 * One native crossing per call (src/types/call-engine.ts registers it): a call whose arguments
 * or result need conversion is described once, here at bind time, and run by the runtime's call
 * engine; anything the engine does not take (and every call under ABI_STABLE_CALL=koffi) goes
 * through koffi as `slow` does, with the same results and errors.
 */
export type CallEngine = (f: FnDesc, address: bigint, name: string, slow: (...a: unknown[]) => unknown) => ((...a: unknown[]) => unknown) | null
let engine: CallEngine | undefined
export function setCallEngine(e: CallEngine): void {
  engine = e
}

/** Which path calls take: ABI_STABLE_CALL=koffi forces koffi's everywhere (the portable path, kept tested). */
export function callPath(): 'engine' | 'koffi' {
  const v = process.env.ABI_STABLE_CALL
  if (v === undefined || v === '' || v === 'engine') return 'engine'
  if (v === 'koffi') return 'koffi'
  throw new DeclarationError(`ABI_STABLE_CALL must be 'engine' or 'koffi', not ${JSON.stringify(v)}`)
}

function throughEngine(f: FnDesc, options: CallOptions | undefined, name: string, slow: (...a: unknown[]) => unknown, address: () => bigint, library?: LibraryHandle): ((...a: unknown[]) => unknown) | null {
  if (!engine || callPath() !== 'engine' || options?.returns === 'handle' || options?.receiver || returnsFuture(f)) return null
  // Primitive-only signatures already make one crossing through koffi.
  if (f.args.every(isPrimitive) && (isPrimitive(f.ret) || koffiTypeOf(f.ret) === null)) return null
  const fast = engine(f, address(), name, slow)
  if (!fast) return null
  if (library) Object.defineProperty(fast, 'library', { value: library })
  throughTheEngine.add(fast)
  return fast
}

const throughTheEngine = new WeakSet<object>()
/** Which path a bound function's calls take (the engine passes calls it does not take to koffi). */
export const callPathOf = (fn: object): 'engine' | 'koffi' => (throughTheEngine.has(fn) ? 'engine' : 'koffi')

/** Makes a function pointer (an address, as read from memory) callable with the signature `f`. */
export function bindPointer<F extends FnDesc, O extends CallOptions = {}>(address: bigint, f: F, options?: O): BoundFn<F, O> {
  if (address === 0n) throw new InvalidValueError(`${f.name} (a non-null function pointer)`, 'null')
  const { ret, params } = prototypeOf(f)
  // decode() with the prototype itself makes the code at `address` callable; with
  // koffi.pointer(proto) it would read a pointer stored at `address` instead.
  const sret = returnsThroughPointer(f.ret)
  const flat = flatPlanOf(f, sret)
  const args = flat ? flat.params : params
  const slow = sret
    ? wrap(f, koffi.decode(address, koffi.proto('void', ['uintptr_t', ...args])) as (...a: unknown[]) => unknown, options ?? {}, options?.name ?? f.name, undefined, true, flat)
    : wrap(f, koffi.decode(address, koffi.proto(ret, args)) as (...a: unknown[]) => unknown, options ?? {}, options?.name ?? f.name, undefined, false, flat)
  return (throughEngine(f, options, options?.name ?? f.name, slow, () => address) ?? slow) as BoundFn<F, O>
}

/**
 * Whether a result of `d` comes back through a hidden pointer the caller passes as the
 * first integer argument (x86-64 System V: a by-value result larger than 16 bytes is of
 * class MEMORY; the callee writes it at the address in %rdi and returns that address in
 * %rax). Such a function is declared to koffi as `void f(uintptr_t ret, ...)` and given native
 * memory to write into (a block of a mapped region, read in place): koffi then never turns the result into a JS object (about 0.6 us
 * for 32 bytes) only for us to encode it back. Not used where the hidden pointer has its
 * own register (aarch64: x8) or other rules apply (Windows x64).
 */
function returnsThroughPointer(d: Desc): boolean {
  if (process.arch !== 'x64' || process.platform === 'win32') return false
  const k = koffiTypeOf(d)
  return k !== null && typeof k !== 'string' && layoutOf(d).size > 16
}

function prototypeOf(f: FnDesc): { ret: KoffiType; params: KoffiType[] } {
  // Zero-sized arguments take no register and no stack slot in the C ABIs we target: they are dropped.
  const params = f.args.map(koffiTypeOf).filter((t): t is KoffiType => t !== null)
  return { ret: koffiTypeOf(f.ret) ?? 'void', params }
}

/**
 * How each argument travels when a signature is passed "flat" (x86-64 System V only): an
 * aggregate argument is given to koffi as the 64-bit words of its bytes instead of a JS
 * object koffi converts field by field (about 0.3-0.7 us per 32-byte struct). The words are
 * placed where the ABI puts the aggregate: a struct over 16 bytes (class MEMORY) is copied
 * onto the stack, so its words become stack arguments after the six integer registers are
 * filled (with padding words if the real arguments leave some free); a struct of up to 16
 * bytes of integers goes in one or two registers if both fit, else wholly on the stack.
 * Signatures with floating-point arguments or over-aligned aggregates keep koffi's own
 * conversion (null).
 */
interface FlatPlan {
  params: KoffiType[]
  /** Per declared argument: where it goes ('reg' or 'stack') and how many words (0: a primitive passed as itself, -1: zero-sized). */
  args: { where: 'reg' | 'stack'; words: number }[]
  /** Padding words between the register arguments and the stack arguments. */
  padding: number
}

const INTEGER_REGISTERS = 6

function flatPlanOf(f: FnDesc, sret: boolean): FlatPlan | null {
  if (process.arch !== 'x64' || process.platform === 'win32') return null
  let used = sret ? 1 : 0
  let aggregates = 0
  const regs: KoffiType[] = []
  const stack: KoffiType[] = []
  const args: FlatPlan['args'] = []
  for (const d of f.args) {
    const k = koffiTypeOf(d)
    if (k === null) {
      args.push({ where: 'reg', words: -1 })
      continue
    }
    if (typeof k === 'string') {
      let base: Desc = d
      while (base.kind === 'transparent') base = (base as TransparentDesc).inner
      if (base.kind === 'prim' && (base.name === 'f32' || base.name === 'f64')) return null
      const where = used < INTEGER_REGISTERS ? 'reg' : 'stack'
      if (where === 'reg') used++
      ;(where === 'reg' ? regs : stack).push(k)
      args.push({ where, words: 0 })
      continue
    }
    const { size, align } = layoutOf(d)
    if (align > 8) return null
    const words = Math.ceil(size / 8)
    aggregates++
    if (size > 16) {
      for (let i = 0; i < words; i++) stack.push('uint64_t')
      args.push({ where: 'stack', words })
      continue
    }
    if (byteClassesOf(d).includes(ByteClass.Float)) return null
    const where = used + words <= INTEGER_REGISTERS ? 'reg' : 'stack'
    if (where === 'reg') used += words
    for (let i = 0; i < words; i++) (where === 'reg' ? regs : stack).push('uint64_t')
    args.push({ where, words })
  }
  if (aggregates === 0) return null
  const padding = stack.length > 0 ? INTEGER_REGISTERS - used : 0
  return { params: [...regs, ...Array<KoffiType>(padding).fill('uint64_t'), ...stack], args, padding }
}

/** The 64-bit word at `o` as koffi takes a uint64_t: a number when exact, else a BigInt. */
function wordAt(view: DataView, o: number): number | bigint {
  const hi = view.getUint32(o + 4, LE)
  return hi < 0x200000 ? hi * 4294967296 + view.getUint32(o, LE) : view.getBigUint64(o, LE)
}

interface ArgPlan {
  sized: boolean
  toKoffi: (v: unknown) => unknown
  /** Names this argument in an InvalidValueError its value caused. */
  place: (e: InvalidValueError) => InvalidValueError
}

/**
 * `library` is held by the returned function: koffi unloads a library whose handle is
 * garbage-collected, and a bound function must keep its code (and the plugin's statics,
 * vtables of values it made) mapped for as long as it can be called.
 */
function wrap(f: FnDesc, koffiCall: (...a: unknown[]) => unknown, options: CallOptions, name: string, library?: LibraryHandle, sret = false, flat: FlatPlan | null = null): (...args: unknown[]) => unknown {
  const first = options.receiver ? 1 : 0
  const argIn: ArgPlan[] = f.args.map((d, i) => ({
    sized: koffiTypeOf(d) !== null,
    toKoffi: flat && flat.args[i].words > 0 ? toWordsOf(d, flat.args[i].words) : toKoffiOf(d),
    place: (e) => e.inArgument(name, i < first ? 'self' : i - first, d.name),
  }))
  const result = sret ? resultInBlock(f.ret, options.returns === 'handle') : resultOf(f.ret, options.returns === 'handle')
  let call = koffiCall
  if (sret) {
    // The result is written into the next block of the mapped result region (calls may nest
    // through callbacks, so blocks are taken and given back last-first); resultInBlock reads
    // it in place, drops what needs dropping and gives the block back.
    const size = (Math.max(layoutOf(f.ret).size, 8) + 15) & ~15
    call = (...a: unknown[]) => {
      const at = takeResultBlock(size)
      try {
        koffiCall(resultAddress(at, size), ...a)
      } catch (e) {
        giveResultBlock(at, size)
        throw e
      }
      return at
    }
  }
  if (f.args.every(isPrimitive)) {
    // Only primitive arguments: nothing is lent, built or moved, so no call scope is needed.
    const n = argIn.length
    const conv = argIn.map((a) => a.toKoffi)
    const fast = primitiveShim({
      args: f.args,
      // A method's `self` is the trait object's own pointer, not a caller's value.
      trusted: first,
      call,
      result: sret ? result : primitiveResult(f.ret, options) ?? result,
      arg: (i, v) => {
        try {
          return conv[i](v)
        } catch (e) {
          if (e instanceof InvalidValueError) argIn[i].place(e)
          throw e
        }
      },
      arity: (count) => new InvalidValueError(`${n} argument${n === 1 ? '' : 's'}`, `${count}`, [name]),
      name,
    })
    if (library) Object.defineProperty(fast, 'library', { value: library })
    return abortable(fast, f, options, name)
  }
  const bound = (...args: unknown[]) => {
    if (args.length !== argIn.length) {
      throw new InvalidValueError(`${argIn.length} argument${argIn.length === 1 ? '' : 's'}`, `${args.length}`, [name])
    }
    const scope = enterScope()
    let native: unknown[] = []
    const stack: unknown[] | null = flat ? [] : null
    try {
      for (let i = 0; i < argIn.length; i++) {
        const a = argIn[i]
        try {
          const v = a.toKoffi(args[i])
          if (!a.sized) continue
          const out = stack !== null && flat!.args[i].where === 'stack' ? stack : native
          if (flat && flat.args[i].words > 0) for (const w of v as unknown[]) out.push(w)
          else out.push(v)
        } catch (e) {
          if (e instanceof InvalidValueError) a.place(e)
          throw e
        }
      }
    } catch (e) {
      exitScope(scope)
      scope.end(false)
      throw e
    }
    exitScope(scope)
    if (stack !== null && stack.length > 0) {
      for (let i = 0; i < flat!.padding; i++) native.push(0)
      native = native.concat(stack)
    }
    let out: unknown
    try {
      out = call(...native)
    } finally {
      scope.end(true)
    }
    return result(out)
  }
  if (library) Object.defineProperty(bound, 'library', { value: library })
  return abortable(bound, f, options, name)
}

/** How a call runs under an AbortSignal: set by src/async (withAbortSignal), which owns futures. */
let underSignal: <R>(signal: AbortSignal, call: () => R) => R = (_signal, call) => call()
export function setAbortScope(scope: <R>(signal: AbortSignal, call: () => R) => R): void {
  underSignal = scope
}

const returnsFuture = (f: FnDesc): boolean => f.ret.kind === 'custom' && 'output' in f.ret && 'poll' in f.ret

/**
 * A function returning an FfiFuture takes a signal, bound (`{ signal }` option) or per call (an
 * extra last argument `{ signal }`); any other function refuses one.
 */
function abortable(fn: (...args: unknown[]) => unknown, f: FnDesc, options: CallOptions, name: string): (...args: unknown[]) => unknown {
  if (!returnsFuture(f)) {
    if (options.signal !== undefined) throw new DeclarationError(`${name}: the signal option is for functions returning an FfiFuture; this one returns ${f.ret.name}`)
    return fn
  }
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) throw new DeclarationError(`${name}: signal must be an AbortSignal`)
  const n = f.args.length
  const wrapped = function (this: unknown, ...args: unknown[]) {
    let signal = options.signal
    if (args.length === n + 1 && typeof args[n] === 'object' && args[n] !== null && !Array.isArray(args[n])) {
      const call = args[n] as { signal?: unknown }
      checkOptions(`${name} (call options)`, call, ['signal'])
      if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) throw new InvalidValueError('an AbortSignal', describeValue(call.signal), [`${name} (call options).signal`])
      signal = (call.signal as AbortSignal | undefined) ?? signal
      args = args.slice(0, n)
    }
    return signal ? underSignal(signal, () => fn(...args)) : fn(...args)
  }
  if ((fn as { library?: unknown }).library) Object.defineProperty(wrapped, 'library', { value: (fn as { library?: unknown }).library })
  return wrapped
}

// JS value -> koffi shape ------------------------------------------------------

const toKoffiCache = new WeakMap<Desc, (v: any) => unknown>()

/** Converts a JS value of `d` into what koffi expects for koffiTypeOf(d), checking it on the way. */
export function toKoffiOf(d: Desc): (v: any) => unknown {
  let f = toKoffiCache.get(d)
  if (!f) {
    f = buildToKoffi(d)
    toKoffiCache.set(d, f)
  }
  return f
}

/** Whether `d` is passed as a plain number, BigInt or boolean (a primitive, possibly behind transparent wrappers). */
function isPrimitive(d: Desc): boolean {
  while (d.kind === 'transparent') d = (d as TransparentDesc).inner
  return d.kind === 'prim'
}

/** How resultOf reads a primitive result, for the shim to do in place: given back as it is, or made a BigInt. */
function primitiveResult(d: Desc, options: CallOptions): 'itself' | 'bigint' | null {
  if (options.returns === 'handle') return null
  while (d.kind === 'transparent') d = (d as TransparentDesc).inner
  if (d.kind !== 'prim') return null
  return d.name === 'bool' || d.name === 'f32' || d.name === 'f64' || /^[ui](8|16|32)$/.test(d.name) ? 'itself' : 'bigint'
}

// Primitives are checked by writing them here and reading them back: nothing refers to these bytes after.
const primScratch = new DataView(new ArrayBuffer(16))

function buildToKoffi(d: Desc): (v: any) => unknown {
  const codec = codecOf(d)
  const { size } = layoutOf(d)
  const shape = shapeFromBytes(d)
  if (isPrimitive(d)) {
    // The write checks the value (type, range); koffi then takes the value itself (a number,
    // BigInt or boolean converts exactly as written). Reading it back would allocate a new
    // BigInt per 64-bit argument.
    return (v) => {
      codec.write(primScratch, 0, v)
      return v
    }
  }
  // The bytes are only a staging area: shape() copies them into koffi's JS shape right
  // away, and nothing built here points into them (a `&T` lives in temporary native memory,
  // a lent array in its own buffer). Writers may call back into JS and make nested calls,
  // so each nesting depth has its own zeroed scratch.
  const bytes = Math.max(size, 8)
  return (v) => {
    const depth = scratchDepth++
    let view = scratchStack[depth]
    if (view === undefined || view.byteLength < bytes) scratchStack[depth] = view = new DataView(new ArrayBuffer(Math.max(bytes, 64)))
    else new Uint8Array(view.buffer, 0, bytes).fill(0)
    try {
      codec.write(view, 0, v)
      return shape(view, 0)
    } finally {
      scratchDepth--
    }
  }
}

/** Converts a JS value of aggregate `d` into the `words` 64-bit words of its bytes (see FlatPlan). */
function toWordsOf(d: Desc, words: number): (v: any) => unknown[] {
  const codec = codecOf(d)
  const bytes = words * 8
  return (v) => {
    const depth = scratchDepth++
    let view = scratchStack[depth]
    if (view === undefined || view.byteLength < bytes) scratchStack[depth] = view = new DataView(new ArrayBuffer(Math.max(bytes, 64)))
    else new Uint8Array(view.buffer, 0, bytes).fill(0)
    try {
      codec.write(view, 0, v)
      const out = new Array<unknown>(words)
      for (let i = 0; i < words; i++) out[i] = wordAt(view, i * 8)
      return out
    } finally {
      scratchDepth--
    }
  }
}

const scratchStack: DataView[] = []
let scratchDepth = 0

/** Builds koffi's JS shape of a `d` from its bytes. */
function shapeFromBytes(d: Desc): (view: DataView, offset: number) => unknown {
  switch (d.kind) {
    case 'prim':
    case 'zst':
      return (view, o) => codecOf(d).read(view, o)
    case 'ptr':
    case 'fn':
    case 'ref':
    case 'prefix':
      return (view, o) => {
        const p = view.getBigUint64(o, LE)
        return p === 0n ? null : p
      }
    case 'transparent':
      return shapeFromBytes((d as TransparentDesc).inner)
    case 'custom':
      return shapeFromBytes((d as CustomDesc).repr)
    case 'lazy':
      return shapeFromBytes(resolveLazy(d))
    case 'array': {
      const a = d as ArrayDesc
      const e = shapeFromBytes(a.element)
      const stride = layoutOf(a.element).size
      return (view, o) => Array.from({ length: a.length }, (_, i) => e(view, o + i * stride))
    }
    case 'struct': {
      const offsets = layoutOf(d).fields!
      const fields = (d as StructDesc).members
        .filter((m) => koffiTypeOf(m.type) !== null)
        .map((m) => ({ key: memberKey(m.name), offset: offsets[m.name], shape: shapeFromBytes(m.type) }))
      return (view, o) => {
        const out: Record<string, unknown> = {}
        for (const f of fields) out[f.key] = f.shape(view, o + f.offset)
        return out
      }
    }
    case 'union': {
      // Which member is live is unknown from the bytes: pass one that carries them all. An
      // integer-only member as large as the union carries them exactly; a float member would
      // quiet a signalling NaN's bits and a bool or enum member rejects other members' bytes.
      const sized = (d as UnionDesc).members.filter((m) => koffiTypeOf(m.type) !== null)
      const size = layoutOf(d).size
      const carrier =
        sized.find((m) => layoutOf(m.type).size === size && carriesBytes(m.type)) ??
        sized.reduce((a, b) => (layoutOf(b.type).size > layoutOf(a.type).size ? b : a))
      const shape = shapeFromBytes(carrier.type)
      return (view, o) => ({ [memberKey(carrier.name)]: shape(view, o) })
    }
    case 'enum':
      return enumShapeFromBytes(d as EnumDesc)
  }
}

/** Whether koffi's JS shape of `d` (shapeFromBytes) gives back every byte of it unchanged. */
function carriesBytes(d: Desc): boolean {
  d = resolveLazy(d)
  switch (d.kind) {
    case 'prim':
      return d.name !== 'bool' && d.name !== 'f32' && d.name !== 'f64'
    case 'zst':
    case 'ptr':
    case 'fn':
    case 'ref':
    case 'prefix':
      return true
    case 'transparent':
      return carriesBytes((d as TransparentDesc).inner)
    case 'custom':
      return carriesBytes((d as CustomDesc).repr)
    case 'array':
      return carriesBytes((d as ArrayDesc).element)
    case 'struct': {
      // No padding (padding bytes are not passed) and only byte-exact fields.
      const members = (d as StructDesc).members
      return members.reduce((n, m) => n + layoutOf(m.type).size, 0) === layoutOf(d).size && members.every((m) => carriesBytes(m.type))
    }
    case 'union': {
      const size = layoutOf(d).size
      return (d as UnionDesc).members.some((m) => layoutOf(m.type).size === size && carriesBytes(m.type))
    }
    default:
      return false
  }
}

function enumShapeFromBytes(e: EnumDesc): (view: DataView, offset: number) => unknown {
  const k = koffiTypeOf(e)
  const layout = layoutOf(e)
  const tagCodec = codecOf(tagDescOf(e))
  const cStyle = e.repr === 'C' || e.repr.startsWith('C,')
  const variants = new Map(
    e.variants.map((v) => [
      v.discriminant,
      {
        key: variantKey(v.name),
        fields: v.members
          .filter((m) => koffiTypeOf(m.type) !== null)
          .map((m) => ({ key: memberKey(m.name), offset: layout.variants![v.name][m.name], shape: shapeFromBytes(m.type) })),
      },
    ]),
  )
  const fieldless = typeof k === 'string'
  const overAligned = !fieldless && e.variants.every((v) => v.members.every((m) => koffiTypeOf(m.type) === null))
  return (view, o) => {
    const tag = tagCodec.read(view, o)
    const vr = variants.get(BigInt(tag as number | bigint))
    if (!vr) throw new InvalidValueError(`a ${e.name} tag`, `tag ${tag}`)
    if (fieldless || overAligned) return fieldless ? tag : { tag }
    const fields: Record<string, unknown> = {}
    for (const f of vr.fields) fields[f.key] = f.shape(view, o + f.offset)
    if (!cStyle) return { [vr.key]: { tag, ...fields } }
    return vr.fields.length === 0 ? { tag } : { tag, payload: { [vr.key]: fields } }
  }
}

const tagDescOf = (e: EnumDesc): Desc => primitives[tagIntOf(e.repr)]

// koffi result -> JS value -----------------------------------------------------

// Result blocks live in one mapped region used as a stack: the callee writes the result
// there and JS reads it in place (no copy, no allocation). Deeper than the region holds,
// a block comes from the C heap (`at` is then negative: minus its index in `overflow`).
const RESULT_REGION = 16 * 1024
let resultRegion: MappedRegion | undefined
let resultTop = 0
const overflow: bigint[] = []

function takeResultBlock(size: number): number {
  resultRegion ??= mapRegion(RESULT_REGION)
  if (resultTop + size <= RESULT_REGION) {
    const at = resultTop
    resultTop += size
    return at
  }
  overflow.push(koffi.alloc('uint8_t', size) as bigint)
  return -overflow.length
}
function resultAddress(at: number, size: number): number {
  void size
  return at >= 0 ? resultRegion!.base + at : Number(overflow[-at - 1])
}
function giveResultBlock(at: number, size: number): void {
  if (at >= 0) resultTop = at
  else koffi.free(overflow.pop() as bigint)
  void size
}

/** Reads a result the callee wrote into block `at` (see returnsThroughPointer), dropping an owned one, and gives the block back. */
function resultInBlock(d: Desc, asHandle: boolean): (at: unknown) => unknown {
  const codec = codecOf(d)
  const { size } = layoutOf(d)
  const blockSize = (Math.max(size, 8) + 15) & ~15
  const owned = needsDrop(d)
  return (b) => {
    const at = b as number
    try {
      const inRegion = at >= 0
      const address = inRegion ? resultRegion!.address + BigInt(at) : overflow[-at - 1]
      // The handle copies the bytes into its own block: from the mapped region directly.
      if (asHandle) return inRegion ? new Handle(d, resultRegion!.view, at) : new Handle(d, readNative(address, size))
      // Read in place when in the region: it is native memory, so a part that moves out
      // during a taking read (ownership.ts) overwrites the bytes the drop below sees.
      const view = inRegion ? resultRegion!.view : readNative(address, size)
      const offset = inRegion ? at : 0
      try {
        // The result is dropped right after: parts that stay native in JS hands move out first.
        return owned ? readTaking(() => codec.read(view, offset)) : codec.read(view, offset)
      } finally {
        if (owned) dropRuntime().dropInPlace(address, d)
      }
    } finally {
      giveResultBlock(at, blockSize)
    }
  }
}

/** Converts what koffi returns for `d` into its JS value (or a Handle), dropping an owned result once read. */
function resultOf(d: Desc, asHandle: boolean): (k: unknown) => unknown {
  const t = koffiTypeOf(d)
  if (t === null) return () => undefined
  let base: Desc = d
  while (base.kind === 'transparent') base = (base as TransparentDesc).inner
  if (base.kind === 'prim' || (typeof t === 'string' && !needsDrop(d) && !asHandle)) {
    // Primitives and pointers: koffi gives a number, a BigInt (64-bit values above 2^53, pointers)
    // or null (a NULL pointer); normalise without touching memory.
    const name = base.kind === 'prim' ? base.name : ''
    if (base.kind === 'prim' && (name === 'bool' || name === 'f32' || name === 'f64' || /^[ui](8|16|32)$/.test(name))) return (k) => k
    if (base.kind !== 'prim' && base.kind !== 'ptr' && base.kind !== 'fn') {
      // A reference or prefix ref: read what it points to.
      const codec = codecOf(d)
      return (k) => {
        const view = new DataView(new ArrayBuffer(8))
        view.setBigUint64(0, k === null ? 0n : BigInt(k as number), LE)
        return codec.read(view, 0)
      }
    }
    return (k) => (k === null ? 0n : typeof k === 'bigint' ? k : BigInt(k as number))
  }
  const codec = codecOf(d)
  const { size } = layoutOf(d)
  const owned = needsDrop(d)
  return (k) => {
    // koffi writes the result into JS memory; an owned result is dropped right there
    // (its vtable functions take the header's address, which this buffer provides).
    // koffi writes the result into native memory, where an owned result is dropped in place
    // (its vtable functions take the header's address). Encoding into a JS typed array
    // instead was seen to hand the destructor stale bytes under GC pressure.
    const block = koffi.alloc('uint8_t', Math.max(size, 8)) as bigint
    try {
      koffi.encode(block, t, k)
      if (asHandle) return new Handle(d, readNative(block, size))
      try {
        // The result is dropped right after: parts that stay native in JS hands move out first.
        return owned ? readTaking(() => codec.read(readNative(block, size), 0)) : codec.read(readNative(block, size), 0)
      } finally {
        if (owned) dropRuntime().dropInPlace(block, d)
      }
    } finally {
      koffi.free(block)
    }
  }
}

