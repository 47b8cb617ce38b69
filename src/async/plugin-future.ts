// A plugin's future polled by the host (reference 6.4), as a Promise. The task's waker is native
// (src/native/async_waker.c): a plugin thread that wakes it only queues the task's id; the poll runs
// here, on the main thread, when the wake-up pipe says so (wake-loop.ts). Ready resolves, Panicked
// rejects with FuturePanickedError, an AbortSignal rejects with FutureAbortedError; in every case
// the future is dropped through its own drop_fn exactly once and never polled again. While the
// future is pending it holds the event loop.
import { setAbortScope } from '../abi/index.ts'
import { FutureAbortedError, FuturePanickedError } from './errors.ts'
import { asyncNative } from './native.ts'
import { pollCallAt, type PollCall } from './poll-call.ts'
import type { FfiPollDesc, PollValue } from './poll.ts'
import { holdLoop, register, unregister, type Wakeable } from './wake-loop.ts'

type PollFn = PollCall
// One poll function per (FfiPoll type, address): plugins have a handful of future types.
const pollFns = new WeakMap<FfiPollDesc<any>, Map<bigint, PollFn>>()

function pollFnAt(poll: FfiPollDesc<any>, address: bigint): PollFn {
  let byAddress = pollFns.get(poll)
  if (!byAddress) pollFns.set(poll, (byAddress = new Map()))
  let f = byAddress.get(address)
  if (!f) byAddress.set(address, (f = pollCallAt(poll, address)))
  return f
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

export class PluginFuture<T> implements Wakeable {
  readonly promise: Promise<T>
  private resolve!: (v: T) => void
  private reject!: (e: unknown) => void
  private readonly id: number
  private readonly task: bigint
  private readonly cx: bigint
  private readonly futPtr: bigint
  private readonly dropFn: bigint
  private readonly poll: PollFn
  private readonly signal: AbortSignal | undefined
  private settled = false
  private polling = false
  private again = false
  private onAbort: (() => void) | undefined

  constructor(
    private readonly typeName: string,
    pollType: FfiPollDesc<any>,
    futPtr: bigint,
    pollFn: bigint,
    dropFn: bigint,
  ) {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    const native = asyncNative()
    // drop_fn is called through the runtime (one crossing, no binding per plugin function).
    this.futPtr = futPtr
    this.dropFn = dropFn
    this.id = register(this)
    this.task = native.taskNew(this.id)
    this.cx = native.taskContext(this.task)
    this.poll = pollFnAt(pollType, pollFn)
    pendingCount++
    holdLoop(1)
    this.signal = signalForNextFuture
    if (this.signal?.aborted) {
      queueMicrotask(() => this.abort())
      return
    }
    if (this.signal) this.signal.addEventListener('abort', (this.onAbort = () => this.abort()), { once: true })
    // First poll after the call returns (never inside the call layer's read of the result).
    queueMicrotask(() => this.step())
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
        result = this.poll(this.futPtr, this.cx) as PollValue<T>
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
    const native = asyncNative()
    unregister(this.id)
    try {
      native.callDrop(this.futPtr, this.dropFn)
    } finally {
      native.taskFinish(this.task)
      if (this.onAbort) this.signal?.removeEventListener('abort', this.onAbort)
      pendingCount--
      holdLoop(-1)
    }
  }
}
