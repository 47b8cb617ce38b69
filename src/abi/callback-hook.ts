// JS functions where a function pointer (`t.fn(...)`) is expected: the callback pool (src/callback)
// registers how to turn one into a native address; the layout engine only asks. This keeps the
// dependency pointing downwards, as runtime-hook.ts does for drops.
import { describeValue, InvalidValueError } from './errors.ts'
import type { FnDesc } from './kinds/pointer.ts'

/** Marks objects (made by `callback()`) that stand for a JS function as a function pointer. */
export const CALLBACK = Symbol.for('abi-stable.callback')

export type CallbackHook = (signature: FnDesc, value: unknown) => bigint
let hook: CallbackHook | null = null

export function setCallbackHook(h: CallbackHook): void {
  hook = h
}

/** Whether `value` is a JS function (or a `callback()`) to pass as a function pointer. */
export const isCallbackValue = (value: unknown): boolean =>
  typeof value === 'function' || (typeof value === 'object' && value !== null && CALLBACK in value)

/** The native address standing for `value` as a `signature` pointer. */
export function callbackAddress(signature: FnDesc, value: unknown): bigint {
  if (!hook) throw new InvalidValueError(`function pointer (a bigint address, or null; JS functions need the package's callbacks: import 'abi-stable')`, describeValue(value))
  return hook(signature, value)
}
