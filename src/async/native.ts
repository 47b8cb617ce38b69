// The native runtime's async part (src/native/abs_async.h), loaded on first use: the wake-up
// queue, host wakers, host futures, event channels. Bound with plain koffi signatures (pointers
// and integers only), as the runtime's other hot internal entry points are.
import type { LibraryHandle } from 'koffi'
import { runtimeLibrary } from '../types/runtime.ts'

type Ptr = bigint
type Int64 = number | bigint

function bind(lib: LibraryHandle) {
  const f = <T>(signature: string) => lib.func(signature) as unknown as T
  return {
    start: f<() => number>('int abs_async_start()'),
    take: f<(ids: Ptr, cap: number) => number>('size_t abs_async_take(void *ids, size_t cap)'),
    queued: f<() => Int64>('uint64_t abs_async_queued()'),
    taskNew: f<(id: number) => Ptr>('void *abs_async_task_new(uint64_t id)'),
    taskContext: f<(task: Ptr) => Ptr>('void *abs_async_task_context(void *task)'),
    taskFinish: f<(task: Ptr) => void>('void abs_async_task_finish(void *task)'),
    taskStart: f<(id: number, futPtr: Ptr, pollFn: Ptr, dropFn: Ptr, retClass: number, out: Ptr) => Ptr | null>(
      'void *abs_async_task_start(uint64_t id, void *fut_ptr, void *poll_fn, void *drop_fn, uint32_t ret_class, void *out)',
    ),
    taskPoll: f<(task: Ptr, futPtr: Ptr, pollFn: Ptr, retClass: number, out: Ptr) => number>(
      'uint32_t abs_async_task_poll(void *task, void *fut_ptr, void *poll_fn, uint32_t ret_class, void *out)',
    ),
    taskEnd: f<(task: Ptr, futPtr: Ptr, dropFn: Ptr) => void>('void abs_async_task_end(void *task, void *fut_ptr, void *drop_fn)'),
    futureDrop: f<(future: Ptr) => void>('void abs_async_future_drop(void *future)'),
    callDrop: f<(futPtr: Ptr, dropFn: Ptr) => void>('void abs_async_call_drop(void *fut_ptr, void *drop_fn)'),
    liveWakers: f<() => Int64>('int64_t abs_async_live_wakers()'),
    hostFutureNew: f<(id: number, pollSize: number, retClass: number, ops: Ptr, opsLen: number, out: Ptr) => Ptr>(
      'void *abs_host_future_new(uint64_t id, uint32_t poll_size, uint32_t ret_class, void *ops, size_t ops_len, void *out)',
    ),
    hostFutureComplete: f<(future: Ptr, poll: Ptr) => void>('void abs_host_future_complete(void *future, void *poll)'),
    hostFutureDropped: f<(future: Ptr) => number>('int abs_host_future_dropped(void *future)'),
    hostFuturesLive: f<() => Int64>('int64_t abs_host_futures_live()'),
    channelNew: f<(id: number, capacity: number) => Ptr>('void *abs_channel_new(uint64_t id, size_t capacity)'),
    channelSender: f<(channel: Ptr, out: Ptr) => void>('void abs_channel_sender(void *channel, void *out)'),
    channelTakeBatch: f<(channel: Ptr, batch: Ptr, events: Ptr, cap: number) => number>('size_t abs_channel_take_batch(void *channel, void *batch, void *events, size_t cap)'),
    channelDropEvents: f<(events: Ptr, n: number) => void>('void abs_channel_drop_events(void *events, size_t n)'),
    channelState: f<(channel: Ptr) => number>('uint32_t abs_channel_state(void *channel)'),
    channelRefused: f<(channel: Ptr) => Int64>('uint64_t abs_channel_refused(void *channel)'),
    channelClose: f<(channel: Ptr) => void>('void abs_channel_close(void *channel)'),
    channelRelease: f<(channel: Ptr) => void>('void abs_channel_release(void *channel)'),
    channelsLive: f<() => Int64>('int64_t abs_channels_live()'),
    inertDrop: f<() => Ptr>('void *abs_async_inert_drop()'),
  }
}

type Native = ReturnType<typeof bind>
let native: Native | undefined

export function asyncNative(): Native {
  if (native) return native
  native = bind(runtimeLibrary()) // throws RuntimeNotBuiltError, saying what to do, when the runtime is missing
  return native
}

let inertDrop: bigint | undefined
/** The address of a drop_fn that does nothing (left in a future whose ownership moved to JS). */
export function inertDropAddress(): bigint {
  if (inertDrop === undefined) inertDrop = asyncNative().inertDrop()
  return inertDrop
}

/** Native async objects alive now: wakers (tasks and plugins' clones), host futures, channels. */
export function asyncLive(): { wakers: bigint; hostFutures: bigint; channels: bigint } {
  const n = asyncNative()
  return { wakers: BigInt(n.liveWakers()), hostFutures: BigInt(n.hostFuturesLive()), channels: BigInt(n.channelsLive()) }
}
