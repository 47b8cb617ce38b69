// One method of a #[sabi_trait] trait: its parameters after `self`, its return type, its receiver
// (`&self`: a `const void *`, `&mut self`: a `void *`, both the erased object, reference 3.2; or
// `self` by value: a `*mut ()` the method moves the value out of, reference 11.B), and, for JS
// implementations, the value a plugin gets when the method cannot produce one.
import { DeclarationError, type Desc, type Infer, type InferInput } from '../abi/index.ts'
import { checkOptions } from '../abi/options.ts'
import { isDesc } from '../abi/kinds/members.ts'

export interface MethodDesc<A extends readonly Desc[] = readonly Desc[], R extends Desc = Desc> {
  readonly kind: 'method'
  readonly args: A
  readonly ret: R
  /** `&mut self` or `self` (true: the slot takes a `*mut`), or `&self` (false). */
  readonly mutable: boolean
  /** `self` by value: the call consumes the object (the method moves the value out; the caller frees the storage). */
  readonly byValue: boolean
  /** Whether a fallback was declared (`undefined` is a valid one: `RNone`). */
  readonly hasFallback: boolean
  readonly fallback: unknown
  /** A JS implementation called from a plugin thread: refuse at once, or wait for the main thread (up to `timeoutMs`). */
  readonly offThread: 'refuse' | 'wait'
  readonly timeoutMs: number
}

export interface MethodOptions<R extends Desc> {
  /** `&mut self` instead of `&self`. */
  mut?: boolean
  /** `'value'`: `self` by value, as `fn close(self)`: calling it consumes the object. */
  self?: 'value'
  /**
   * What a plugin receives when a JS implementation throws, or when the method is called on a
   * thread where JS cannot run, and the return type has no error path of its own (an
   * `RResult<_, RString>` gets `RErr(message)` instead). Must own no memory (`''`, `[]`, a number).
   */
  fallback?: InferInput<R>
  /**
   * For a JS implementation returning a value, called on a plugin thread: `'refuse'` (default) gives
   * the plugin the error value at once; `'wait'` makes the thread wait until the main thread has run
   * the method, for at most `timeoutMs` (default 1000), then gives the error value.
   */
  offThread?: 'refuse' | 'wait'
  timeoutMs?: number
}

export type Methods = { readonly [name: string]: MethodDesc }

/** `t.method([args], ret, { mut })`: a trait method taking `&self` (or `&mut self`) then `args`. */
export function method<const A extends readonly Desc[], R extends Desc>(args: A, ret: R, options: MethodOptions<R> = {}): MethodDesc<A, R> {
  if (!Array.isArray(args)) throw new DeclarationError('t.method(args, ret): args must be an array of type descriptors (the parameters after self)')
  args.forEach((a, i) => {
    if (!isDesc(a)) throw new DeclarationError(`t.method: parameter ${i} is not a type descriptor`)
  })
  if (!isDesc(ret)) throw new DeclarationError('t.method: the return type is not a type descriptor (use t.unit for none)')
  checkOptions('t.method', options, ['mut', 'fallback', 'self', 'offThread', 'timeoutMs'])
  checkOffThread('t.method', options)
  if (options.self !== undefined && options.self !== 'value') throw new DeclarationError(`t.method: self must be 'value' (by-value self); &self is the default and &mut self is { mut: true }, got ${JSON.stringify(options.self)}`)
  if (options.self === 'value' && options.mut) throw new DeclarationError("t.method: { self: 'value' } and { mut: true } are two receivers; choose one")
  return Object.freeze({
    kind: 'method',
    args: Object.freeze([...args]) as unknown as A,
    ret,
    mutable: options.mut === true || options.self === 'value',
    byValue: options.self === 'value',
    hasFallback: 'fallback' in options,
    fallback: options.fallback,
    offThread: options.offThread ?? 'refuse',
    timeoutMs: options.timeoutMs ?? 1000,
  })
}

/** Checks `offThread` / `timeoutMs` options (of t.method and callback()). */
export function checkOffThread(where: string, options: { offThread?: unknown; timeoutMs?: unknown }): void {
  if (options.offThread !== undefined && options.offThread !== 'refuse' && options.offThread !== 'wait') {
    throw new DeclarationError(`${where}: offThread must be 'refuse' or 'wait', got ${JSON.stringify(options.offThread)}`)
  }
  const ms = options.timeoutMs
  if (ms !== undefined && (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1 || ms > 3_600_000)) {
    throw new DeclarationError(`${where}: timeoutMs must be a whole number of milliseconds from 1 to 3600000, got ${String(ms)}`)
  }
  if (ms !== undefined && options.offThread !== 'wait') throw new DeclarationError(`${where}: timeoutMs is the deadline of offThread: 'wait'; set offThread: 'wait' too`)
}

export const isMethod = (value: unknown): value is MethodDesc =>
  typeof value === 'object' && value !== null && (value as MethodDesc).kind === 'method'

type CallArgs<A extends readonly Desc[]> = { [I in keyof A]: A[I] extends Desc ? InferInput<A[I]> : never }
type ImplArgs<A extends readonly Desc[]> = { [I in keyof A]: A[I] extends Desc ? Infer<A[I]> : never }
type ImplReturn<R extends Desc> = R extends { kind: 'zst' } ? void | Promise<void> : InferInput<R>

/** The methods of a trait object JS calls: JS values in, the return type's JS value out. */
export type CallableMethods<M extends Methods> = {
  [K in keyof M]: M[K] extends MethodDesc<infer A, infer R> ? (...args: CallArgs<A>) => Infer<R> : never
}

/** What a JS implementation of the trait provides: the arguments as JS values, a JS value back. */
export type TraitImpl<M extends Methods> = {
  [K in keyof M]: M[K] extends MethodDesc<infer A, infer R> ? (...args: ImplArgs<A>) => ImplReturn<R> : never
}
