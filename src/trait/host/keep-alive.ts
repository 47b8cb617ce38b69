// Keeping Node's event loop alive while calls from plugin threads wait to be delivered. The FFI
// layer delivers the dispatcher's hand-over through an unreferenced handle, so without a handle of
// our own a script whose last statement awaits deliveries would exit first. The handle is held
// only while deliveries are pending (or while a plugin holds an object hosted with keepAlive), so
// scripts still exit when the work is done. Pending deliveries the loop has not heard about yet
// are caught on 'beforeExit', when Node is about to stop: they are delivered there.
import { traitNative } from './native.ts'

let timer: ReturnType<typeof setInterval> | null = null
let holders = 0
let beforeExitHook: (() => void) | null = null

/** Counts an object that keeps the loop alive while a plugin holds it (keepAlive: true). */
export function holdLoop(delta: 1 | -1): void {
  holders += delta
  updateKeepAlive()
}

export function updateKeepAlive(): void {
  const wanted = holders > 0 || traitNative().pending() > 0n
  if (wanted && !timer) {
    // An interval that never fires: a referenced handle and nothing else.
    timer = setInterval(() => {}, 1 << 30)
  } else if (!wanted && timer) {
    clearInterval(timer)
    timer = null
  }
}

/** Delivers what is queued when Node is about to exit (installed once, with `drain`). */
export function installBeforeExit(drain: () => void): void {
  if (beforeExitHook) return
  beforeExitHook = () => {
    if (traitNative().pending() > 0n) drain()
    updateKeepAlive()
  }
  process.on('beforeExit', beforeExitHook)
}
