// Keeping Node's event loop alive while calls from plugin threads wait to be delivered. They
// arrive through the runtime's wake-up pipe, watched by a socket (dispatch.ts) that is referenced
// only while deliveries are pending (or while a plugin holds an object hosted with keepAlive), so
// scripts still exit when the work is done. A call a plugin thread queues after Node has found
// nothing left to do is too late to keep it running: on 'beforeExit' whatever is queued is still
// delivered, but a plugin thread that has not queued anything yet cannot be waited for without
// keepAlive.
import type { Socket } from 'node:net'
import { traitNative } from './native.ts'

let wake: Socket | null = null
let referenced = false
let holders = 0
let beforeExitHook: (() => void) | null = null

/** The socket watching the wake-up pipe: the handle that keeps the loop alive when needed. */
export function setWakeHandle(socket: Socket): void {
  wake = socket
  referenced = true
  updateKeepAlive()
}

/** Counts an object that keeps the loop alive while a plugin holds it (keepAlive: true). */
export function holdLoop(delta: 1 | -1): void {
  holders += delta
  updateKeepAlive()
}

export function updateKeepAlive(): void {
  if (!wake) return
  const wanted = holders > 0 || traitNative().pending() > 0n
  if (wanted && !referenced) wake.ref()
  else if (!wanted && referenced) wake.unref()
  referenced = wanted
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
