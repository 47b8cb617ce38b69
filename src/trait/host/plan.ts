// How the native trampolines carry a JS-implemented trait's calls (src/native/abs_trait.h), worked
// out once per trait when it is declared: where each argument sits in the captured registers,
// which return family the slot uses, whether a call from a plugin thread can be queued, and what
// the plugin gets back when the JS side cannot answer.
//
// The limits, x86-64 System V (Linux, macOS on Intel):
// - arguments after `self`: integers, bool, pointers, references, and structs of up to 16 bytes
//   holding no floating-point data, in at most 7 integer eightbytes (registers, then the first
//   stack slots); f32/f64 in at most 8 float registers. Structs over 16 bytes (RString, RVec,
//   ROption<Value>, trait objects by value) travel in memory and are not captured: take them by
//   reference or in an RBox.
// - returns: nothing; up to 16 bytes without floats; one f32/f64 (or up to 8 bytes of floats);
//   or a multiple of 8 bytes from 24 to 128 through the hidden result pointer.
// - at most 32 methods.
import { DeclarationError, byteClassesOf, layoutOf, ByteClass, resolveLazy, type CustomDesc, type Desc, type StructDesc, type EnumDesc } from '../../abi/index.ts'
import { RStr, RString } from '../../types/index.ts'
import { UnsupportedSignatureError } from '../errors.ts'
import type { MethodDesc, Methods } from '../method.ts'

/** The native call record (abs_trait_call), byte offsets on 64-bit targets. */
export const Record = { size: 160, next: 0, kind: 8, method: 12, trait: 16, object: 24, words: 32, floats: 88, ret: 152 } as const
export const CallKind = { Call: 0, Release: 1, Refused: 2 } as const
export const RetClass = { Regs: 0, Float: 1, Memory: 2 } as const

const MAX_METHODS = 32
const MAX_WORDS = 7
const MAX_FLOATS = 8

export interface ArgPlan {
  readonly type: Desc
  /** Where its bytes start in the call record. */
  readonly recordOffset: number
  readonly size: number
}

/** What a plugin gets when the method cannot answer: nothing to give, `RErr(message)`, or a fallback. */
export type ErrorPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'rerr'; readonly offset: number }
  | { readonly kind: 'fallback'; readonly value: unknown }

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
    throw new DeclarationError(`${trait}: a JS implementation can have at most ${MAX_METHODS} methods (the trampoline pool's size); declare it with { jsImplementable: false } if only plugins implement it`)
  }
  return { methods: names.map((name) => planMethod(trait, name, methods[name])) }
}

const hint = (trait: string) => `; if only plugins implement ${trait}, declare it with { jsImplementable: false }`

function planMethod(trait: string, name: string, m: MethodDesc): MethodPlan {
  const fail = (why: string): never => {
    throw new UnsupportedSignatureError(trait, name, why + hint(trait))
  }
  const ret = resolveLazy(m.ret)
  const retSize = layoutOf(ret).size
  let retClass: number = RetClass.Regs
  if (retSize > 0) {
    if (borrowKind(ret) !== null) fail(`it returns ${ret.name}, which borrows memory; JS cannot lend memory past the call (return an owned type such as RString or RVec)`)
    const classes = byteClassesOf(ret)
    const hasFloat = classes.includes(ByteClass.Float)
    const allFloat = classes.every((c) => c !== ByteClass.Integer)
    if (retSize <= 8 && hasFloat && allFloat) retClass = RetClass.Float
    else if (retSize <= 16 && hasFloat) fail(`it returns ${ret.name}, a small struct with floating-point fields (returned in SSE registers); the trampolines return floats only as a single f32/f64`)
    else if (retSize > 16) {
      if (retSize % 8 !== 0 || retSize > 128) fail(`it returns ${ret.name} (${retSize} bytes); returns over 16 bytes must be a multiple of 8 bytes up to 128`)
      retClass = RetClass.Memory
    }
  }
  // Integer-class eightbytes: registers first (rdi holds self; with a hidden result pointer, rsi
  // does), then stack slots, in the order the trampoline's parameters read them.
  const registers = retClass === RetClass.Memory ? 4 : 5
  let nextRegister = 0
  let nextSlot = 0
  let nextFloat = 0
  let words = 0
  const args: ArgPlan[] = []
  const copies: { word: number; elemSize: number }[] = []
  let notQueued: string | null = null
  m.args.forEach((raw, i) => {
    const a = resolveLazy(raw)
    const { size } = layoutOf(a)
    if (size === 0) return
    const where = `parameter ${i} (${a.name})`
    if (size > 16) fail(`${where} is ${size} bytes, passed in memory, which the trampolines do not capture; take it by reference (t.ref) or in an RBox`)
    const classes = byteClassesOf(a)
    const eightbytes = Math.ceil(size / 8)
    const kinds = Array.from({ length: eightbytes }, (_, e) => {
      const part = classes.subarray(e * 8, e * 8 + 8)
      return part.includes(ByteClass.Integer) ? 'int' : part.includes(ByteClass.Float) ? 'float' : 'int'
    })
    if (kinds.every((k) => k === 'float') && eightbytes === 1) {
      if (nextFloat >= MAX_FLOATS) fail(`${where} is a float beyond the ${MAX_FLOATS} float registers`)
      args.push({ type: a, recordOffset: Record.floats + 8 * nextFloat++, size })
      return
    }
    if (kinds.includes('float')) fail(`${where} mixes floating-point and other data in registers; the trampolines capture such structs only when they hold no floats`)
    let word: number
    if (nextRegister + eightbytes <= registers) {
      word = nextRegister
      nextRegister += eightbytes
    } else {
      // No room in registers for all of it: System V passes it on the stack, later ones may still use registers.
      word = registers + nextSlot
      nextSlot += eightbytes
    }
    if (word + eightbytes > MAX_WORDS) fail(`its parameters take more than ${MAX_WORDS} integer registers and stack slots`)
    words = Math.max(words, word + eightbytes)
    args.push({ type: a, recordOffset: Record.words + 8 * word, size })
    const borrow = borrowKind(a)
    if (borrow && typeof borrow === 'object') copies.push({ word, elemSize: borrow.elemSize })
    else if (borrow === 'borrowed') notQueued ??= `${where} borrows memory that is gone once the plugin's call returns`
  })
  if (retSize > 0) notQueued = 'it returns a value, and JS can only produce one on the main thread'
  return { name, method: m, retClass, retSize, words, floats: nextFloat, args, copies, notQueued, error: errorPlan(trait, name, m, ret, retSize) }
}

function errorPlan(trait: string, name: string, m: MethodDesc, ret: Desc, retSize: number): ErrorPlan {
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
        `declare t.method(args, ret, { fallback: value }) with a value that owns no memory, or return RResult<_, RString>${hint(trait)}`,
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
