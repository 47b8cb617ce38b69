// A JS object handed to a plugin as a trait object (reference 3.4): the trait's vtable is built
// natively once per declaration (slots are trampolines, src/native/trait_vtable.c); each object is
// an id in the registry plus a small native block the RBox points at. `implement()` adds options.
import {
  DeclarationError,
  InvalidValueError,
  allocNative,
  copyToNative,
  dropRuntime,
  encode,
  readNativeBytes,
  t,
  codecOf,
  withScope,
  type NativeBlock,
} from '../../abi/index.ts'
import { describeValue } from '../../abi/errors.ts'
import { checkOptions } from '../../abi/options.ts'
import { liveAllocations } from '../../types/index.ts'
import { UnsupportedSignatureError } from '../errors.ts'
import type { Methods, TraitImpl } from '../method.ts'
import type { TraitDesc } from '../trait.ts'
import { hostFutureSpec } from '../../async/host-future.ts'
import type { FfiPollDesc } from '../../async/poll.ts'
import { startHosting } from './dispatch.ts'
import { holdLoop } from './keep-alive.ts'
import { cString, traitNative } from './native.ts'
import type { HostPlan } from './plan.ts'
import { addObject, hostedTraits, type HostedTrait } from './registry.ts'

export interface HostOptions {
  /**
   * Keep Node's event loop alive for as long as a plugin holds the object (until it drops it), so
   * calls its threads make later are delivered even if nothing else keeps the script running.
   * Without it the loop is kept alive only while queued calls wait for delivery.
   */
  keepAlive?: boolean
}

/** A JS implementation with options, accepted wherever the trait object is. */
export class HostedObject<M extends Methods = Methods> {
  readonly trait: TraitDesc<M>
  readonly impl: TraitImpl<M>
  readonly keepAlive: boolean
  constructor(trait: TraitDesc<M>, impl: TraitImpl<M>, options: HostOptions) {
    this.trait = trait
    this.impl = impl
    this.keepAlive = options.keepAlive === true
  }
}

/** `impl` as a `trait` object for plugins, with options; checked now. */
export function implement<M extends Methods>(trait: TraitDesc<M>, impl: TraitImpl<M>, options: HostOptions = {}): HostedObject<M> {
  checkOptions(`implement(${trait.trait.name})`, options, ['keepAlive'])
  if (!trait.trait.host) throw new DeclarationError(`${trait.trait.name} was declared with { jsImplementable: false }: only plugins implement it`)
  checkImpl(trait, impl)
  return new HostedObject(trait, impl, options)
}

function checkImpl(trait: TraitDesc, impl: unknown): asserts impl is Record<string, (...a: unknown[]) => unknown> {
  const { name, names } = trait.trait
  if (typeof impl !== 'object' || impl === null) {
    throw new InvalidValueError(`a ${name} trait object, or an object implementing ${names.join(', ')}`, describeValue(impl))
  }
  const missing = names.filter((m) => typeof (impl as Record<string, unknown>)[m] !== 'function')
  if (missing.length) {
    throw new InvalidValueError(`an implementation of ${name} (methods ${names.join(', ')})`, `an object without ${missing.map((m) => `${m}()`).join(', ')}`)
  }
}

const TraitCopy = t.struct('abs_trait_copy', { word: t.u32, elem_size: t.u32 })
const TraitMethodNative = t.struct('abs_trait_method', {
  name: t.ptr(),
  ret_class: t.u32,
  ret_size: t.u32,
  words: t.u32,
  floats: t.u32,
  queueable: t.u32,
  copy_count: t.u32,
  copies: t.array(TraitCopy, 8),
  error_kind: t.u32,
  error_offset: t.u32,
  error_bytes: t.ptr(),
  wait_ms: t.u32,
  by_value: t.u32,
})
const METHOD_SIZE = 120 // sizeof(abs_trait_method), asserted in src/native/trait_queue.c

const hosted = new WeakMap<TraitDesc, HostedTrait>()
let nextTrait = 1
// Blocks native vtables point at for the life of the process (error values of fallbacks).
const forever: NativeBlock[] = []


/** The fallback's bytes, once; a fallback that owns memory could not be handed out twice. */
function fallbackBytes(traitName: string, plan: HostPlan['methods'][number]): Uint8Array | null {
  const error = plan.error
  if (error.kind !== 'fallback') return null
  const before = liveAllocations()
  // In a scope of its own: this runs while the trait object itself is being written, and in
  // that outer scope a refused fallback would be dropped once more when the write fails.
  const bytes = withScope(() => encode(plan.method.ret, error.value as never), false)
  if (liveAllocations() !== before) {
    const block = allocNative(bytes.length)
    copyToNative(block.address, bytes)
    dropRuntime().dropInPlace(block.address, plan.method.ret)
    block.free()
    throw new UnsupportedSignatureError(traitName, plan.name, `its fallback owns memory (a non-empty string or array?); a plugin may receive it many times, so use one that owns nothing ('' , [], 0, undefined)`)
  }
  return bytes
}

function hostedTraitOf(trait: TraitDesc): HostedTrait {
  const h = hosted.get(trait)
  if (h) return h
  const plan = trait.trait.host
  if (!plan) throw new DeclarationError(`${trait.trait.name} was declared with { jsImplementable: false }: only plugins implement it`)
  const made = buildHostedTrait(trait.trait.name, plan)
  hosted.set(trait, made)
  return made
}

/** The native vtable (trampoline slots) and registry record of a hosting plan, made once per declaration. */
export function buildHostedTrait(name: string, plan: HostPlan): HostedTrait {
  startHosting()
  const errorBytes = plan.methods.map((m) => fallbackBytes(name, m))
  const methods = allocNative(METHOD_SIZE * plan.methods.length)
  const temporary: NativeBlock[] = [methods]
  try {
    const view = new DataView(new ArrayBuffer(METHOD_SIZE * plan.methods.length))
    plan.methods.forEach((m, k) => {
      const name = cString(m.name)
      temporary.push(name)
      let errorAddress = 0n
      const bytes = m.error.kind === 'future' ? hostFutureSpec(m.error.future.poll as FfiPollDesc<any>) : errorBytes[k]
      if (bytes) {
        const block = allocNative(bytes.length)
        copyToNative(block.address, bytes)
        forever.push(block)
        errorAddress = block.address
      }
      const copies = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ word: m.copies[i]?.word ?? 0, elem_size: m.copies[i]?.elemSize ?? 0 }))
      codecOf(TraitMethodNative).write(view, k * METHOD_SIZE, {
        name: name.address,
        ret_class: m.retClass,
        ret_size: m.retSize,
        words: m.words,
        floats: m.floats,
        queueable: m.notQueued === null ? 1 : 0,
        copy_count: m.copies.length,
        copies,
        error_kind: m.error.kind === 'rerr' ? 1 : m.error.kind === 'future' ? 2 : 0,
        error_offset: m.error.kind === 'rerr' ? m.error.offset : 0,
        error_bytes: errorAddress,
        wait_ms: m.waitMs,
        // `self` by value: the runtime lets go of the object once the call is delivered.
        by_value: m.method.byValue ? 1 : 0,
      })
    })
    copyToNative(methods.address, new Uint8Array(view.buffer))
    const traitName = cString(name)
    temporary.push(traitName)
    const id = nextTrait++
    // The native side copies the names and method records; the vtable lives forever.
    const vtable = traitNative().vtable(id, traitName.address, methods.address, plan.methods.length)
    if (vtable === 0n) throw new Error(`abi-stable internal error: the runtime refused the trampoline plan of ${name}`)
    const h: HostedTrait = { id, name, plan, vtable, errorBytes }
    hostedTraits.set(id, h)
    return h
  } finally {
    for (const b of temporary) b.free()
  }
}

/** The RObject bytes of a new host object for `value` (an implementation, or `implement()`'s result). */
export function hostObjectBytes(trait: TraitDesc, value: unknown): Uint8Array {
  const options = value instanceof HostedObject ? value : null
  if (options && options.trait !== trait) {
    throw new InvalidValueError(`an implementation of ${trait.trait.name}`, `implement(${options.trait.trait.name}, ...)`)
  }
  const impl = options ? options.impl : value
  checkImpl(trait, impl)
  const h = hostedTraitOf(trait)
  const keepAlive = options?.keepAlive === true
  const id = addObject({ impl, trait: h, keepAlive })
  if (keepAlive) holdLoop(1)
  const out = allocNative(24)
  try {
    traitNative().object(out.address, h.vtable, BigInt(id))
    return readNativeBytes(out.address, 24)
  } finally {
    out.free()
  }
}

