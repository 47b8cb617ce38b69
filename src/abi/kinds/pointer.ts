// Raw pointers and function pointers. Both read as a BigInt address (0n is NULL)
// and accept a BigInt or null when written. The pointee and the signature are part
// of the declaration, so layout strings and koffi prototypes can name them.
import type { Desc } from '../descriptor.ts'

export interface PtrDesc<T extends Desc | null = Desc | null> extends Desc<bigint, bigint | null> {
  readonly kind: 'ptr'
  readonly target: T
  readonly mutable: boolean
}

/** A JS function (or `callback()`) written where a function pointer goes: see src/callback. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CallbackInput = ((...args: any[]) => unknown) | { readonly signature: FnDesc; close(): void }

export interface FnDesc<A extends readonly Desc[] = readonly Desc[], R extends Desc = Desc> extends Desc<bigint, bigint | null | CallbackInput> {
  readonly kind: 'fn'
  readonly args: A
  readonly ret: R
}

/** `*const T` (or `*const c_void` when no target is given). */
export function ptr<T extends Desc | null = null>(target: T = null as T): PtrDesc<T> {
  return Object.freeze({ kind: 'ptr', name: `*const ${target ? target.name : 'c_void'}`, target, mutable: false }) as PtrDesc<T>
}

/** `*mut T` (or `*mut c_void`). */
export function mutPtr<T extends Desc | null = null>(target: T = null as T): PtrDesc<T> {
  return Object.freeze({ kind: 'ptr', name: `*mut ${target ? target.name : 'c_void'}`, target, mutable: true }) as PtrDesc<T>
}

/** `extern "C" fn(args) -> ret`: one pointer, with its signature. */
export function fn<const A extends readonly Desc[], R extends Desc>(args: A, ret: R): FnDesc<A, R> {
  const name = `extern "C" fn(${args.map((a) => a.name).join(', ')})${ret.kind === 'zst' && ret.name === '()' ? '' : ` -> ${ret.name}`}`
  return Object.freeze({ kind: 'fn', name, args: Object.freeze([...args]) as unknown as A, ret }) as FnDesc<A, R>
}
