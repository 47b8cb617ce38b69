// The native runtime's callback pool (src/native/abs_callback.h), bound on first use.
import type { LibraryHandle } from 'koffi'
import { bindFunction, t } from '../abi/index.ts'
import { runtimeLibrary } from '../types/runtime.ts'

const p = t.ptr()

function bind(lib: LibraryHandle) {
  return {
    acquire: bindFunction(lib, 'abs_callback_acquire', t.fn([p, t.u64], p)),
    release: bindFunction(lib, 'abs_callback_release', t.fn([p], t.i32)),
    expiredCalls: bindFunction(lib, 'abs_callback_expired_calls', t.fn([], t.u64)),
    live: bindFunction(lib, 'abs_callback_live', t.fn([], t.u32)),
  }
}

let native: ReturnType<typeof bind> | undefined

export const callbackNative = (): ReturnType<typeof bind> => (native ??= bind(runtimeLibrary()))

/** Trampolines per return family (ABS_CALLBACK_SLOTS): live callbacks of one family at once. */
export const CALLBACK_SLOTS = 64
