// A plugin's future polled by the host (reference 6.4), as a Promise. It is polled once at once,
// while the call that returned it is read: a future ready at its first poll (the common case of a
// plugin answering from what it has) resolves from that poll, in one runtime call, with no task
// kept and no wake-up awaited. A pending one keeps its task, whose waker is native
// (src/native/async_waker.c): a plugin thread that wakes it only queues the task's id; the next
// poll runs here, on the main thread, when the wake-up pipe says so (wake-loop.ts). Ready
// resolves, Panicked rejects with FuturePanickedError, an AbortSignal rejects with
// FutureAbortedError; in every case the future is dropped through its own drop_fn exactly once
// and never polled again. While the future is pending it holds the event loop.
import { setAbortScope } from '../abi/index.ts'
import { FutureAbortedError, FuturePanickedError } from './errors.ts'
import { asyncNative } from './native.ts'
import { pollerAt, type Poller } from './poll-call.ts'
import type { FfiPollDesc, PollValue } from './poll.ts'
import { holdLoop, nextWakeId, registerAs, unregister, type Wakeable } from './wake-loop.ts'

// One poller per (FfiPoll type, address): plugins have a handful of future types.
const pollers = new WeakMap<FfiPollDesc<any>, Map<bigint, Poller>>()

function pollerFor(poll: FfiPollDesc<any>, address: bigint): Poller {
  let byAddress = pollers.get(poll)
  if (!byAddress) pollers.set(poll, (byAddress = new Map()))
  let p = byAddress.get(address)
  if (!p) byAddress.set(address, (p = pollerAt(poll, address)))
  return p
}

let signalForNextFuture: AbortSignal | undefined

/**
 * Runs `call` (a call of a bound function returning an FfiFuture) so that the future it returns
 * is abandoned when `signal` fires: its Promise rejects with FutureAbortedError and the plugin's
 * future is dropped at once.
 */
export function withAbortSignal<R>(signal: AbortSignal, call: () => R): R {
  const outer = signalForNextFuture
  signalForNextFuture = signal
  try {
    return call()
  } finally {
    signalForNextFuture = outer
  }
}
// Bound functions returning a future take `{ signal }` (as an option, or per call) through this.
setAbortScope(withAbortSignal)

let pendingCount = 0
let pollCount = 0
/** Plugin futures not yet settled, and polls made so far. */
export const futureStats = (): { pending: number; polls: number } => ({ pending: pendingCount, polls: pollCount })

/** The Promise of a plugin future `{ futPtr, pollFn, dropFn }` whose ownership moved to the host. */
export function awaitPluginFuture<T>(typeName: string, pollType: FfiPollDesc<any>, futPtr: bigint, pollFn: bigint, dropFn: bigint): Promise<T> {
  const signal = signalForNextFuture
  if (signal?.aborted) {
    asyncNative().callDrop(futPtr, dropFn)
    return Promise.reject(new FutureAbortedError(typeName, signal.reason))
  }
  const poller = pollerFor(pollType, pollFn)
  const id = nextWakeId()
  let first: ReturnType<Poller['start']>
  pollCount++
  try {
    first = poller.start(id, futPtr, dropFn)
  } catch (e) {
    // Our failure to read the result (a bad tag, a value that does not fit T): the future is over.
    return Promise.reject(e)
  }
  const { task, result } = first
  if (task) return new PendingFuture<T>(typeName, poller, id, task, futPtr, dropFn, signal).promise
  return settled(typeName, result as PollValue<T>)
}

function settled<T>(typeName: string, result: PollValue<T>): Promise<T> {
  return result.state === 'ready' ? Promise.resolve(result.value) : Promise.reject(new FuturePanickedError(typeName))
}

/** A future that was Pending at its first poll: polled again on each wake-up of its task. */
class PendingFuture<T> implements Wakeable {
  readonly promise: Promise<T>
  private resolve!: (v: T) => void
  private reject!: (e: unknown) => void
  private settled = false
  private polling = false
  private again = false
  private onAbort: (() => void) | undefined

  constructor(
    private readonly typeName: string,
    private readonly poller: Poller,
    private readonly id: number,
    private readonly task: bigint,
    private readonly futPtr: bigint,
    private readonly dropFn: bigint,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    // Wakes queued since the first poll are delivered on the main thread later, so registering now is in time.
    registerAs(id, this)
    pendingCount++
    holdLoop(1)
    if (signal) signal.addEventListener('abort', (this.onAbort = () => this.abort()), { once: true })
  }

  woken(): void {
    this.step()
  }

  private step(): void {
    if (this.settled) return
    if (this.polling) {
      this.again = true
      return
    }
    this.polling = true
    let result: PollValue<T>
    try {
      do {
        this.again = false
        pollCount++
        result = this.poller.poll(this.task, this.futPtr) as PollValue<T>
      } while (result.state === 'pending' && this.again && !this.settled)
    } catch (e) {
      // Our failure to read the result (a bad tag, a value that does not fit T): not the plugin's
      // panic, but the future cannot go on either.
      this.polling = false
      return this.finish(() => this.reject(e))
    }
    this.polling = false
    if (this.settled) return // abandoned while polling (the Ready value, if any, was already dropped)
    if (result.state === 'ready') this.finish(() => this.resolve(result.value))
    else if (result.state === 'panicked') this.finish(() => this.reject(new FuturePanickedError(this.typeName)))
  }

  private abort(): void {
    if (this.settled) return
    const reason = this.signal?.reason
    if (this.polling) {
      // Inside poll_fn (it called back into JS): drop after it returns.
      this.settled = true
      queueMicrotask(() => this.release())
      this.reject(new FutureAbortedError(this.typeName, reason))
      return
    }
    this.finish(() => this.reject(new FutureAbortedError(this.typeName, reason)))
  }

  private finish(settle: () => void): void {
    this.settled = true
    this.release()
    settle()
  }

  /** drop_fn once, the task's waker let go (later wakes do nothing), the loop released. */
  private release(): void {
    unregister(this.id)
    try {
      asyncNative().taskEnd(this.task, this.futPtr, this.dropFn)
    } finally {
      if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort)
      pendingCount--
      holdLoop(-1)
    }
  }
}
