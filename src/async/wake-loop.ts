// The JS end of the async wake-up queue (src/native/async_wake.c): a socket watches the runtime's
// pipe; when a plugin thread wakes a task or fills a channel, the pipe gets a byte, and here, on
// the main thread, the woken ids are taken in batches and handed to whoever registered them. No
// native thread ever calls into JS.
//
// The socket is also the handle that keeps Node alive: referenced while anything registered says
// it waits for a plugin (a pending future, an open channel with senders) or ids are queued, and
// unreferenced otherwise, so a script whose last future resolved exits by itself.
import net from 'node:net'
import { allocNative, nativeView, type NativeBlock } from '../abi/index.ts'
import { UnsupportedError } from '../types/index.ts'
import { asyncNative } from './native.ts'

/** Something a plugin thread can wake: a future's task, a channel. */
export interface Wakeable {
  /** Called on the main thread after a wake (several wakes may arrive as one call). */
  woken(): void
}

const BATCH = 1024
let socket: net.Socket | null = null
let ids: NativeBlock | undefined
let idView: DataView | undefined
let referenced = false
let holds = 0
let nextId = 1
const registered = new Map<number, Wakeable>()

function start(): void {
  if (socket) return
  const native = asyncNative()
  const fd = native.start()
  if (fd < 0) throw new UnsupportedError('the native runtime could not make its async wake-up pipe')
  ids = allocNative(BATCH * 8)
  idView = nativeView(ids.address, BATCH * 8)
  const s = new net.Socket({ fd, readable: true, writable: false })
  // The bytes carry nothing but "the queue is not empty": reading them drains the queue.
  s.on('data', onWake)
  s.on('error', (e) => console.error('abi-stable: the async wake-up pipe failed:', e))
  s.unref()
  socket = s
  process.on('beforeExit', () => {
    if (BigInt(asyncNative().queued()) > 0n) drain()
  })
}

/** Registers `w` and returns the id native code will queue when it is woken. */
export function register(w: Wakeable): number {
  const id = nextWakeId()
  registered.set(id, w)
  return id
}

/** An id for something to be registered later (registerAs), before any wake-up for it is delivered. */
export function nextWakeId(): number {
  start()
  return nextId++
}

/** Registers `w` under an id from nextWakeId. */
export function registerAs(id: number, w: Wakeable): void {
  registered.set(id, w)
}

/** Forgets `id`: wakes that still arrive for it are ignored. */
export function unregister(id: number): void {
  registered.delete(id)
}

/** Keeps the event loop alive (+1) or lets it go (-1): one hold per pending future or open channel. */
export function holdLoop(delta: 1 | -1): void {
  holds += delta
  updateRef()
}

function updateRef(): void {
  if (!socket) return
  const wanted = holds > 0
  if (wanted && !referenced) socket.ref()
  else if (!wanted && referenced) socket.unref()
  referenced = wanted
}

function onWake(): void {
  try {
    drain()
  } catch (e) {
    console.error('abi-stable: internal error while delivering async wake-ups:', e)
  }
}

/** Hands every queued wake-up to its owner, oldest first, on the main thread. */
export function drain(): void {
  const native = asyncNative()
  for (;;) {
    const n = Number(native.take(ids!.address, BATCH))
    for (let i = 0; i < n; i++) {
      const w = registered.get(Number(idView!.getBigUint64(i * 8, true)))
      if (!w) continue // a task that finished or a channel released since
      try {
        w.woken()
      } catch (e) {
        console.error('abi-stable: internal error in an async wake-up:', e)
      }
    }
    if (n < BATCH) break
  }
  updateRef()
}

/** Pending holds (futures and channels waiting for plugins): for tests and diagnostics. */
export const loopHolds = (): number => holds
