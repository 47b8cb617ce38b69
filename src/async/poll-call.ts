// Polling a plugin future's poll_fn: `FfiPoll<T> poll_fn(void *fut_ptr, FfiContext *cx)`, on every
// poll, so it skips the general call layer. On x86-64 System V the runtime makes the call
// (abs_async_task_poll: the FfiPoll comes back in registers or through a hidden result pointer, as
// its register class says) and writes the FfiPoll into a reused native scratch block, read here in
// place; the first poll also makes the task and, unless Pending, drops the future, all in one
// crossing (abs_async_task_start). A Ready value is read into JS and then dropped there (ownership
// of T moved to us). Other platforms, and FfiPolls larger than the scratch, use the general call
// layer (bindPointer) and one runtime call per step.
import { ByteClass, bindPointer, allocNative, byteClassesOf, codecOf, dropRuntime, layoutOf, nativeView, needsDrop, readTaking, t } from '../abi/index.ts'
import { asyncNative } from './native.ts'
import type { FfiPollDesc, PollValue } from './poll.ts'
import { PollTag } from './poll.ts'

export interface Poller {
  /**
   * A task for wake-up id `id` and the future's first poll. `task` is null when the future is over
   * (Ready or Panicked): it was then dropped and its task finished.
   */
  start(id: number, futPtr: bigint, dropFn: bigint): { task: bigint | null; result: PollValue<unknown> }
  /** A later poll, with the task's context. */
  poll(task: bigint, futPtr: bigint): PollValue<unknown>
}

/** How poll_fn returns FfiPoll<T> on x86-64 System V (abs_async.h ABS_POLL_RET_*). */
export function returnClass(poll: FfiPollDesc<any>): number {
  const size = layoutOf(poll).size
  if (size <= 8) return 0
  if (size > 16) return 3
  const high = byteClassesOf(poll).subarray(8)
  if (high.includes(ByteClass.Integer)) return 1
  return high.includes(ByteClass.Float) ? 2 : 1
}

const nativePolls = process.arch === 'x64' && process.platform !== 'win32'

// One scratch block per nesting depth (a poll_fn may call into JS, which may poll another future).
const scratches: { address: bigint; view: DataView }[] = []
let depth = 0
const SCRATCH = 256

function enter(): { address: bigint; view: DataView } {
  let s = scratches[depth]
  if (!s) {
    const block = allocNative(SCRATCH) // kept for the life of the process
    s = scratches[depth] = { address: block.address, view: nativeView(block.address, SCRATCH) }
  }
  depth++
  return s
}

/** A poller for the poll_fn at `address`, whose FfiPoll values are of type `poll`. */
export function pollerAt(poll: FfiPollDesc<any>, address: bigint): Poller {
  const native = asyncNative()
  if (!nativePolls || layoutOf(poll).size > SCRATCH) {
    const call = bindPointer(address, t.fn([t.mutPtr(), t.mutPtr()], poll)) as (futPtr: bigint, cx: bigint) => PollValue<unknown>
    return {
      start(id, futPtr, dropFn) {
        const task = native.taskNew(id)
        let result: PollValue<unknown>
        try {
          result = call(futPtr, native.taskContext(task))
        } catch (e) {
          native.taskEnd(task, futPtr, dropFn)
          throw e
        }
        if (result.state === 'pending') return { task, result }
        native.taskEnd(task, futPtr, dropFn)
        return { task: null, result }
      },
      poll: (task, futPtr) => call(futPtr, native.taskContext(task)),
    }
  }
  const codec = codecOf(poll)
  const owned = needsDrop(poll)
  const cls = returnClass(poll)
  /** The FfiPoll in scratch `s`, read; a Ready value that owns memory is then dropped there. */
  const read = (s: { address: bigint; view: DataView }): PollValue<unknown> => {
    if (!owned || s.view.getUint8(0) !== PollTag.Ready) return codec.read(s.view, 0)
    try {
      return readTaking(() => codec.read(s.view, 0))
    } finally {
      dropRuntime().dropInPlace(s.address, poll)
    }
  }
  return {
    start(id, futPtr, dropFn) {
      const s = enter()
      try {
        const task = native.taskStart(id, futPtr, address, dropFn, cls, s.address) || null
        try {
          return { task, result: read(s) }
        } catch (e) {
          if (task) native.taskEnd(task, futPtr, dropFn) // the future is over for us too
          throw e
        }
      } finally {
        depth--
      }
    },
    poll(task, futPtr) {
      const s = enter()
      try {
        native.taskPoll(task, futPtr, address, cls, s.address)
        return read(s)
      } finally {
        depth--
      }
    },
  }
}
