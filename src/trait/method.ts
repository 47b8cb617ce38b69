// One method of a #[sabi_trait] trait: its parameters after `self`, its return type, whether
// `self` is `&mut self` (a `void *`) or `&self` (a `const void *`; both are the erased object,
// reference 3.2), and, for JS implementations, the value a plugin gets when the method cannot
// produce one (see host/errors-out.ts).
import { DeclarationError, type Desc, type Infer, type InferInput } from '../abi/index.ts'
import { checkOptions } from '../abi/options.ts'
import { isDesc } from '../abi/kinds/members.ts'

export interface MethodDesc<A extends readonly Desc[] = readonly Desc[], R extends Desc = Desc> {
  readonly kind: 'method'
  readonly args: A
  readonly ret: R
  /** `&mut self` (true) or `&self` (false). */
  readonly mutable: boolean
  /** Whether a fallback was declared (`undefined` is a valid one: `RNone`). */
  readonly hasFallback: boolean
  readonly fallback: unknown
}

export interface MethodOptions<R extends Desc> {
  /** `&mut self` instead of `&self`. */
  mut?: boolean
  /**
   * What a plugin receives when a JS implementation throws, or when the method is called on a
   * thread where JS cannot run, and the return type has no error path of its own (an
   * `RResult<_, RString>` gets `RErr(message)` instead). Must own no memory (`''`, `[]`, a number).
   */
  fallback?: InferInput<R>
}

export type Methods = { readonly [name: string]: MethodDesc }

/** `t.method([args], ret, { mut })`: a trait method taking `&self` (or `&mut self`) then `args`. */
export function method<const A extends readonly Desc[], R extends Desc>(args: A, ret: R, options: MethodOptions<R> = {}): MethodDesc<A, R> {
  if (!Array.isArray(args)) throw new DeclarationError('t.method(args, ret): args must be an array of type descriptors (the parameters after self)')
  args.forEach((a, i) => {
    if (!isDesc(a)) throw new DeclarationError(`t.method: parameter ${i} is not a type descriptor`)
  })
  if (!isDesc(ret)) throw new DeclarationError('t.method: the return type is not a type descriptor (use t.unit for none)')
  checkOptions('t.method', options, ['mut', 'fallback'])
  return Object.freeze({
    kind: 'method',
    args: Object.freeze([...args]) as unknown as A,
    ret,
    mutable: options.mut === true,
    hasFallback: 'fallback' in options,
    fallback: options.fallback,
  })
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
