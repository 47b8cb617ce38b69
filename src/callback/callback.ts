// JS functions as plain `extern "C" fn` pointers (docs/trait-objects.md, Callbacks). A function (or
// `callback(fn, signature)`) written where a `t.fn(...)` value is expected becomes a slot of the
// runtime's callback pool, bound to the signature's hosting plan (the same trampolines and thread
// rules as a JS trait object's method) for the length of that call; `callback(fn, signature,
// { keepAlive: true })` holds its slot until close(), for plugins that keep callbacks.
import { AbiError, DeclarationError, InvalidValueError, activeScope, type Desc, type FnDesc, type Infer, type InferInput } from '../abi/index.ts'
import { CALLBACK, setCallbackHook } from '../abi/callback-hook.ts'
import { describeValue } from '../abi/errors.ts'
import { checkOptions } from '../abi/options.ts'
import { method } from '../trait/method.ts'
import { buildHostedTrait } from '../trait/host/host-object.ts'
import { holdLoop } from '../trait/host/keep-alive.ts'
import { checkCallable } from '../trait/host/plan.ts'
import { addObject, releaseObject, type HostedTrait } from '../trait/host/registry.ts'
import { CALLBACK_SLOTS, callbackNative } from './native.ts'

type Args<A extends readonly Desc[]> = { [I in keyof A]: A[I] extends Desc ? Infer<A[I]> : never }
type Ret<R extends Desc> = R extends { kind: 'zst' } ? void | Promise<void> : InferInput<R>
/** A JS implementation of signature `F`: the arguments as JS values, the return value's JS value. */
export type CallbackFn<F extends FnDesc> = F extends FnDesc<infer A, infer R> ? (...args: Args<A>) => Ret<R> : never

export interface CallbackOptions<F extends FnDesc = FnDesc> {
  /**
   * Hold the slot (and Node's event loop) until close(): for plugins that keep the pointer and
   * call it after the call it was passed to (from their threads, later). Without it the pointer is
   * valid for the duration of each call it is passed to.
   */
  keepAlive?: boolean
  /** What the plugin gets when the function throws or is called from a plugin thread (see t.method). */
  fallback?: InferInput<F['ret']>
  /** Returning a value, called on a plugin thread: refuse at once (default), or wait for the main thread (see t.method). */
  offThread?: 'refuse' | 'wait'
  /** The longest a plugin thread waits with offThread: 'wait' (default 1000 ms). */
  timeoutMs?: number
}

// The hosting plan of each signature without a fallback of its own, made once.
const plans = new WeakMap<FnDesc, HostedTrait>()

function hostedSignature(signature: FnDesc, options: CallbackOptions): HostedTrait {
  const own = 'fallback' in options || options.offThread !== undefined
  const cached = own ? undefined : plans.get(signature)
  if (cached) return cached
  const { keepAlive: _, ...methodOptions } = options
  const m = method(signature.args, signature.ret, methodOptions)
  const made = buildHostedTrait(signature.name, checkCallable(signature.name, m))
  if (!own) plans.set(signature, made)
  return made
}

/** Binds a slot to `fn`; the slot's release (native) lets JS release the registry entry. */
function acquire(hosted: HostedTrait, fn: (...a: unknown[]) => unknown, keepAlive: boolean): bigint {
  const id = addObject({ impl: { call: fn }, trait: hosted, keepAlive })
  const address = callbackNative().acquire(hosted.vtable, BigInt(id))
  if (address === 0n) {
    releaseObject(id)
    throw new AbiError(
      'ERR_ABI_CALLBACKS_EXHAUSTED',
      `every one of the ${CALLBACK_SLOTS} callback trampolines returning like ${hosted.name} is in use; close() long-lived callbacks (callback(fn, signature, { keepAlive: true })) the plugins no longer need`,
    )
  }
  if (keepAlive) holdLoop(1)
  return address
}

/** A JS function as a `signature` function pointer, made with `callback()`. */
export class Callback<F extends FnDesc = FnDesc> {
  readonly [CALLBACK] = true
  readonly signature: F
  readonly fn: CallbackFn<F>
  readonly keepAlive: boolean
  readonly #hosted: HostedTrait
  #address: bigint | null = null

  constructor(fn: CallbackFn<F>, signature: F, options: CallbackOptions<F>) {
    this.fn = fn
    this.signature = signature
    this.keepAlive = options.keepAlive === true
    this.#hosted = hostedSignature(signature, options)
    if (this.keepAlive) this.#address = acquire(this.#hosted, fn as (...a: unknown[]) => unknown, true)
  }

  /** The function pointer of a long-lived callback (throws once closed, or for a per-call one). */
  get address(): bigint {
    if (!this.keepAlive) throw new AbiError('ERR_ABI_CALLBACK_PER_CALL', `this ${this.signature.name} callback gets a pointer only while a call it is passed to runs; make it with { keepAlive: true } for a lasting address`)
    if (this.#address === null) throw new AbiError('ERR_ABI_CALLBACK_CLOSED', `this ${this.signature.name} callback was closed`)
    return this.#address
  }

  get closed(): boolean {
    return this.keepAlive && this.#address === null
  }

  /** The pointer to write for one call: the lasting one, or a slot released when the call's scope ends. */
  pointerFor(signature: FnDesc): bigint {
    if (signature !== this.signature && signature.name !== this.signature.name) {
      throw new InvalidValueError(`a callback of ${signature.name}`, `one of ${this.signature.name}`)
    }
    if (this.keepAlive) return this.address
    return perCall(this.#hosted, this.fn as (...a: unknown[]) => unknown)
  }

  /** Expires the pointer: the plugin must not call it afterwards (such calls are reported, not run). Idempotent. */
  close(): void {
    const address = this.#address
    if (address === null) return
    this.#address = null
    callbackNative().release(address)
  }

  [Symbol.dispose](): void {
    this.close()
  }
}

function perCall(hosted: HostedTrait, fn: (...a: unknown[]) => unknown): bigint {
  const scope = activeScope()
  if (!scope || !scope.allowsTemporaries) {
    throw new AbiError(
      'ERR_ABI_NO_SCOPE',
      `a JS function passed as ${hosted.name} lives for one call: pass it as a call argument, or make a lasting one with callback(fn, signature, { keepAlive: true })`,
    )
  }
  const address = acquire(hosted, fn, false)
  scope.temporary(() => void callbackNative().release(address))
  return address
}

/** `fn` as a `signature` function pointer; with `{ keepAlive: true }` valid until close(). */
export function callback<F extends FnDesc>(fn: CallbackFn<F>, signature: F, options: CallbackOptions<F> = {}): Callback<F> {
  checkOptions('callback', options, ['keepAlive', 'fallback', 'offThread', 'timeoutMs'])
  if (typeof fn !== 'function') throw new InvalidValueError('a function', describeValue(fn), ['callback(fn)'])
  if (typeof signature !== 'object' || signature === null || (signature as FnDesc).kind !== 'fn') {
    throw new DeclarationError(`callback(fn, signature): signature must be a t.fn(args, ret) descriptor, got ${describeValue(signature)}`)
  }
  return new Callback(fn, signature, options)
}

/** Live callback slots and calls of expired ones so far. */
export function callbackStats(): { live: number; expiredCalls: bigint } {
  const n = callbackNative()
  return { live: n.live(), expiredCalls: n.expiredCalls() }
}

setCallbackHook((signature, value) => {
  if (value instanceof Callback) return value.pointerFor(signature)
  if (typeof value === 'function') return perCall(hostedSignature(signature, {}), value as (...a: unknown[]) => unknown)
  throw new InvalidValueError(`function pointer (a bigint address, null, a JS function or a callback())`, describeValue(value))
})
