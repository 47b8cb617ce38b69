// How the native trampolines carry a JS-implemented trait's calls (src/native/abs_trait.h), worked
// out once per trait when it is declared: where each argument sits in the captured registers and
// stack words, which return family the slot uses, whether a call from a plugin thread can be
// queued, and what the plugin gets back when the JS side cannot answer.
//
// x86-64 System V (Linux, macOS on Intel), classified as the convention does (abi-reference 1):
// - an argument over 16 bytes is passed in memory: in the caller's stack argument area;
// - one of up to 16 bytes is split into eightbytes, each INTEGER (any integer byte) or SSE (floats
//   only); it goes in the integer and float registers left when all its eightbytes fit there, else
//   wholly on the stack (later arguments may still use registers);
// - the trampolines read the integer registers, the 8 float registers and the first 256 bytes of
//   the stack argument area (ABS_TRAIT_STACK_WORDS): that is the only limit on arguments.
// - returns: up to 16 bytes in registers by eightbyte class (rax/rdx, xmm0/xmm1, mixed), anything
//   larger through the hidden result pointer.
// - at most 62 methods (a trait vtable has 64 prefix fields).
import { DeclarationError, byteClassesOf, layoutOf, ByteClass, resolveLazy, type CustomDesc, type Desc, type StructDesc, type EnumDesc } from '../../abi/index.ts'
import { RStr, RString } from '../../types/index.ts'
import { UnsupportedSignatureError } from '../errors.ts'
import type { MethodDesc, Methods } from '../method.ts'

/** The native call record (abs_trait_call), byte offsets on 64-bit targets. */
export const Record = { size: 400, next: 0, kind: 8, method: 12, trait: 16, waiting: 20, object: 24, ret: 32, floats: 40, words: 104 } as const
export const CallKind = { Call: 0, Release: 1, Refused: 2, TimedOut: 3 } as const
export const RetClass = { Regs: 0, Float: 1, Memory: 2, IntFloat: 3, FloatInt: 4 } as const

const MAX_METHODS = 62
/** Integer registers after `self` (a method) or from the first (a plain function pointer). */
const REG_WORDS = 5
const STACK_WORDS = 32
const MAX_WORDS = REG_WORDS + STACK_WORDS
const MAX_FLOATS = 8
const MAX_COPIES = 8

export interface ArgPlan {
  readonly type: Desc
  /** Where its bytes start in the call record when they are contiguous there, else -1. */
  readonly recordOffset: number
  /** Where each of its eightbytes is in the call record (a float register or a word). */
  readonly parts: readonly number[]
  readonly size: number
}

/** What a plugin gets when the method cannot answer: nothing to give, `RErr(message)`, or a fallback. */
export type ErrorPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'rerr'; readonly offset: number }
  | { readonly kind: 'fallback'; readonly value: unknown }
  /** It returns an FfiFuture: a future that completes with the error (RErr when T carries one, else Panicked). */
  | { readonly kind: 'future'; readonly future: FutureReturn }

/** A returned `FfiFuture<T>` (any flavour) as the planner sees it (src/async/future.ts). */
export interface FutureReturn {
  readonly name: string
  readonly poll: Desc
}

/** The future a method returns, when its return type is one of the four FfiFuture flavours. */
export function futureReturn(d: Desc): FutureReturn | null {
  d = resolveLazy(d)
  if (d.kind !== 'custom' || !/^(Local)?(Borrowing)?FfiFuture</.test(d.name)) return null
  const poll = (d as { poll?: Desc }).poll
  return poll ? { name: d.name, poll } : null
}

export interface MethodPlan {
  readonly name: string
  readonly method: MethodDesc
  readonly retClass: number
  readonly retSize: number
  readonly words: number
  readonly floats: number
  readonly args: readonly ArgPlan[]
  /** Borrowed runs a queued call carries copies of: data pointer word, element size. */
  readonly copies: readonly { readonly word: number; readonly elemSize: number }[]
  /** Why calls from plugin threads are refused rather than queued (null: they are queued). */
  readonly notQueued: string | null
  /** Off-thread calls of a value-returning method wait this long for the main thread (0: refused). */
  readonly waitMs: number
  readonly error: ErrorPlan
}

export interface HostPlan {
  readonly methods: readonly MethodPlan[]
}

/** Whether the trampolines can run here at all. */
export const hostingSupported = (): boolean => process.arch === 'x64' && process.platform !== 'win32'

/** The hosting plan of a trait, or a typed error naming the method that cannot be hosted and why. */
export function checkHostable(trait: string, methods: Methods): HostPlan {
  const names = Object.keys(methods)
  if (names.length > MAX_METHODS) {
    throw new DeclarationError(`${trait}: a trait vtable holds at most ${MAX_METHODS} methods (64 prefix fields, two taken by _sabi_tys and _sabi_vtable)`)
  }
  return { methods: names.map((name) => planMethod(trait, name, methods[name])) }
}

const hint = (trait: string) => `; if only plugins implement ${trait}, declare it with { jsImplementable: false }`

function planMethod(trait: string, name: string, m: MethodDesc, callback = false): MethodPlan {
  const fail = (why: string): never => {
    throw new UnsupportedSignatureError(trait, name, why + (callback ? '' : hint(trait)))
  }
  const call = planCall(m.args, m.ret, callback ? REG_WORDS + 1 : REG_WORDS, fail)
  const future = futureReturn(m.ret)
  if (future) {
    if (m.offThread === 'wait') fail(`offThread: 'wait' is not needed for a method returning ${future.name}: a plugin thread gets the future at once and it completes when the JS promise settles`)
    if (call.borrows) fail(`it returns ${future.name}, so a plugin thread's call is queued while the plugin's own call has returned, and ${call.borrows}`)
    return { name, method: m, ...call, notQueued: null, waitMs: 0, error: { kind: 'future', future } }
  }
  let waitMs = 0
  if (m.offThread === 'wait') {
    if (call.retSize === 0) fail(`offThread: 'wait' is for methods that return a value; calls returning nothing from plugin threads are queued without waiting`)
    if (call.borrows) fail(`offThread: 'wait' needs arguments a queued call can carry (a waiting thread may give up before JS reads them), and ${call.borrows}`)
    waitMs = m.timeoutMs
  }
  return { name, method: m, ...call, waitMs, error: errorPlan(trait, name, m, resolveLazy(m.ret), call.retSize, callback ? CALLBACK_FALLBACK : METHOD_FALLBACK) }
}

/**
 * The plan of a plain function pointer JS implements (a callback): one method, `call`, whose
 * arguments start in the first integer register (there is no `self`).
 */
export function checkCallable(name: string, m: MethodDesc): HostPlan {
  return { methods: [planMethod(name, 'call', m, true)] }
}

export interface CallPlan {
  readonly retClass: number
  readonly retSize: number
  readonly words: number
  readonly floats: number
  readonly args: readonly ArgPlan[]
  readonly copies: readonly { readonly word: number; readonly elemSize: number }[]
  readonly notQueued: string | null
  /** The first argument a queued call cannot carry (a borrow it cannot copy), or null. */
  readonly borrows: string | null
}

type Eightbyte = 'int' | 'sse'

/** The System V class of each eightbyte of a value of at most 16 bytes. */
function eightbytes(d: Desc, size: number): Eightbyte[] {
  const classes = byteClassesOf(d)
  return Array.from({ length: Math.ceil(size / 8) }, (_, e) => {
    const part = classes.subarray(e * 8, e * 8 + 8)
    return part.includes(ByteClass.Integer) || !part.includes(ByteClass.Float) ? 'int' : 'sse'
  })
}

/**
 * Where a call's arguments and result travel. `registers` is how many integer registers the
 * arguments may use when the result comes back in registers (one fewer with a hidden result
 * pointer); the record's words are those registers, then the stack words, up to MAX_WORDS.
 */
export function planCall(argTypes: readonly Desc[], retType: Desc, registers: number, fail: (why: string) => never): CallPlan {
  const ret = resolveLazy(retType)
  const retSize = layoutOf(ret).size
  let retClass: number = RetClass.Regs
  if (retSize > 0) {
    if (borrowKind(ret) !== null) fail(`it returns ${ret.name}, which borrows memory; JS cannot lend memory past the call (return an owned type such as RString or RVec)`)
    if (retSize > 16) retClass = RetClass.Memory
    else {
      const [lo, hi = lo] = eightbytes(ret, retSize)
      retClass = lo === 'int' ? (hi === 'int' ? RetClass.Regs : RetClass.IntFloat) : hi === 'sse' ? RetClass.Float : RetClass.FloatInt
    }
  }
  const intRegisters = retClass === RetClass.Memory ? registers - 1 : registers
  let nextInt = 0
  let nextFloat = 0
  let nextSlot = 0
  let words = 0
  const args: ArgPlan[] = []
  const copies: { word: number; elemSize: number }[] = []
  let borrows: string | null = null
  argTypes.forEach((raw, i) => {
    const a = resolveLazy(raw)
    const { size, align } = layoutOf(a)
    if (size === 0) return
    const where = `parameter ${i} (${a.name})`
    const classes = size <= 16 ? eightbytes(a, size) : null
    const ints = classes?.filter((c) => c === 'int').length ?? 0
    const sses = classes ? classes.length - ints : 0
    let parts: number[]
    if (classes && nextInt + ints <= intRegisters && nextFloat + sses <= MAX_FLOATS) {
      parts = classes.map((c) => (c === 'int' ? Record.words + 8 * nextInt++ : Record.floats + 8 * nextFloat++))
    } else {
      // In memory: the next stack words, aligned as the type is (16-byte types on an even word).
      if (align > 8 && nextSlot % 2 === 1) nextSlot++
      const count = Math.ceil(size / 8)
      const first = intRegisters + nextSlot
      nextSlot += count
      if (first + count > MAX_WORDS) {
        fail(`its arguments take more than ${(MAX_WORDS - intRegisters) * 8} bytes of the caller's stack, all the trampolines read; pass the large ones by reference (t.ref) or in an RBox`)
      }
      parts = Array.from({ length: count }, (_, e) => Record.words + 8 * (first + e))
    }
    for (const p of parts) if (p >= Record.words) words = Math.max(words, (p - Record.words) / 8 + 1)
    const contiguous = parts.every((p, e) => p === parts[0] + 8 * e)
    args.push({ type: a, recordOffset: contiguous ? parts[0] : -1, parts, size })
    const borrow = borrowKind(a)
    if (borrow && typeof borrow === 'object' && contiguous && parts[0] >= Record.words) {
      if (copies.length < MAX_COPIES) copies.push({ word: (parts[0] - Record.words) / 8, elemSize: borrow.elemSize })
      else borrows ??= `${where} is its ${MAX_COPIES + 1}th borrowed run, more than a queued call carries copies of`
    } else if (borrow) borrows ??= `${where} borrows memory that is gone once the plugin's call returns`
  })
  const notQueued = retSize > 0 ? 'it returns a value, and JS can only produce one on the main thread' : borrows
  return { retClass, retSize, words, floats: nextFloat, args, copies, notQueued, borrows }
}

const METHOD_FALLBACK = (trait: string) => `declare t.method(args, ret, { fallback: value }) with a value that owns no memory, or return RResult<_, RString>${hint(trait)}`
const CALLBACK_FALLBACK = () => `make it with callback(fn, signature, { fallback: value }) with a value that owns no memory, or return RResult<_, RString>`

function errorPlan(trait: string, name: string, m: MethodDesc, ret: Desc, retSize: number, how = METHOD_FALLBACK): ErrorPlan {
  if (retSize === 0) return { kind: 'none' }
  const rerr = rstringErrOffset(ret)
  if (rerr !== null) return { kind: 'rerr', offset: rerr }
  if (m.hasFallback) return { kind: 'fallback', value: m.fallback }
  const value = defaultFallback(ret)
  if (value === NO_DEFAULT) {
    throw new UnsupportedSignatureError(
      trait,
      name,
      `it returns ${ret.name}, and when the JS implementation throws (or a plugin thread calls it) the plugin must still get a valid ${ret.name}; ` +
        how(trait),
    )
  }
  return { kind: 'fallback', value }
}

const NO_DEFAULT = Symbol('no default')

/** A value of `d` that owns nothing and means "nothing", when there is an obvious one. */
function defaultFallback(d: Desc): unknown {
  switch (d.kind) {
    case 'prim':
      if (d.name === 'bool') return false
      if (d.name === 'f32' || d.name === 'f64') return 0
      return /64|size/.test(d.name) ? 0n : 0
    case 'ptr':
    case 'fn':
      return null
    case 'custom':
      if (d === RString) return ''
      if (d.name.startsWith('ROption<')) return undefined
      if (d.name.startsWith('RVec<')) return []
      return NO_DEFAULT
    default:
      return NO_DEFAULT
  }
}

/** The offset of RErr's payload when `d` is `RResult<_, RString>`. */
function rstringErrOffset(d: Desc): number | null {
  if (d.kind !== 'custom' || !d.name.startsWith('RResult<')) return null
  const repr = (d as CustomDesc).repr as EnumDesc
  if (repr.kind !== 'enum') return null
  const err = repr.variants.find((v) => v.name === 'RErr')
  if (!err || err.members[0]?.type !== RString) return null
  return layoutOf(repr).variants!.RErr['0']
}

/**
 * Whether values of `d` borrow memory: a run whose elements a queued call can copy (RStr,
 * RSlice of primitives), other borrows, or nothing.
 */
function borrowKind(d: Desc): { elemSize: number } | 'borrowed' | null {
  d = resolveLazy(d)
  if (d === RStr) return { elemSize: 1 }
  if (d.kind === 'ref') return 'borrowed'
  if (d.kind === 'custom') {
    if (d.name.startsWith('RSliceMut<')) return 'borrowed'
    if (d.name.startsWith('RSlice<')) {
      const element = ((d as CustomDesc).repr as StructDesc).members[0].type as { target?: Desc }
      const e = element.target && resolveLazy(element.target)
      return e && e.kind === 'prim' ? { elemSize: layoutOf(e).size } : 'borrowed'
    }
    if (d.name.startsWith('RCow')) return 'borrowed'
    return null
  }
  if (d.kind === 'struct') {
    for (const m of (d as StructDesc).members) if (borrowKind(m.type) !== null) return 'borrowed'
  }
  return null
}
