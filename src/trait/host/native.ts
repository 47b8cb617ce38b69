// The native runtime's part for trait objects (src/native/abs_trait.h), loaded on first use:
// host trait vtables and objects, the queue of calls from plugin threads, inert vtables.
import type { LibraryHandle } from 'koffi'
import { allocNative, bindFunction, copyToNative, t, type NativeBlock } from '../../abi/index.ts'
import { runtimeLibrary } from '../../types/runtime.ts'

const p = t.ptr()

function bind(lib: LibraryHandle) {
  return {
    start: bindFunction(lib, 'abs_trait_start', t.fn([p], t.i32)),
    vtable: bindFunction(lib, 'abs_trait_vtable', t.fn([t.u32, p, p, t.u32], p)),
    object: bindFunction(lib, 'abs_trait_object', t.fn([p, p, t.u64], t.unit)),
    take: bindFunction(lib, 'abs_trait_take', t.fn([], p)),
    free: bindFunction(lib, 'abs_trait_free', t.fn([p], t.unit)),
    pending: bindFunction(lib, 'abs_trait_pending', t.fn([], t.u64)),
    refused: bindFunction(lib, 'abs_trait_refused', t.fn([], t.u64)),
    waitPending: bindFunction(lib, 'abs_trait_wait_pending', t.fn([p], t.i32)),
    answer: bindFunction(lib, 'abs_trait_answer', t.fn([p], t.i32)),
    inertTrait: bindFunction(lib, 'abs_inert_trait_vtable', t.fn([], p)),
    inertBox: bindFunction(lib, 'abs_inert_box_vtable', t.fn([], p)),
    pin: bindFunction(lib, 'abs_pin_library', t.fn([p], t.i32)),
  }
}

type Native = ReturnType<typeof bind>
let native: Native | undefined

export function traitNative(): Native {
  if (native) return native
  native = bind(runtimeLibrary()) // throws RuntimeNotBuiltError, saying what to do, when the runtime is missing
  return native
}

const pointerBytes = (address: bigint): Uint8Array => {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, address, true)
  return bytes
}

let inertTrait: Uint8Array | undefined
let inertBox: Uint8Array | undefined
let inertTraitAddress: bigint | undefined

/** The bytes of a pointer to the RObject vtable whose drop does nothing. */
export function inertTraitVTable(): Uint8Array {
  if (!inertTrait) {
    inertTraitAddress = traitNative().inertTrait()
    inertTrait = pointerBytes(inertTraitAddress)
  }
  return inertTrait
}

/** Whether `vtable` is the inert one (the remains of a value whose object was taken). */
export const isInertTraitVTable = (vtable: bigint): boolean => {
  inertTraitVTable()
  return vtable === inertTraitAddress
}

/** The bytes of a pointer to the RBox vtable whose destructor does nothing. */
export function inertBoxVTable(): Uint8Array {
  return (inertBox ??= pointerBytes(traitNative().inertBox()))
}

/** A NUL-terminated UTF-8 copy of `s` in native memory (free it when native code is done with it). */
export function cString(s: string): NativeBlock {
  const bytes = new TextEncoder().encode(`${s}\0`)
  const block = allocNative(bytes.length)
  copyToNative(block.address, bytes)
  return block
}

/**
 * Keeps the already-loaded library at `path` mapped until the process ends. Node unloads the
 * libraries koffi loaded when it exits; a plugin thread still running in one (a sender, a timer)
 * then crashes the process instead of letting it exit. Returns false when `path` is not loaded.
 */
export function pinLibrary(path: string): boolean {
  const name = cString(path)
  try {
    return traitNative().pin(name.address) === 0
  } finally {
    name.free()
  }
}
