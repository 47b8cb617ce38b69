// The Tremor plugin channel as the trait test plugins declare it (plugins-c/trait-plugin/async_sender.c,
// plugins-rust/trait-plugin/src/async_sender.rs): the host implements SenderOpaque, whose send
// returns BorrowingFfiFuture<'_, RResult<(), RBoxError>>, and plugin tasks await it. Shared by
// test/trait/async-methods.test.ts and test/memory/async-method-scenario.ts.
import koffi from 'koffi'
import { bindFunction, pinLibrary, t, type BoundFn, type FnDesc } from '../../src/index.ts'

export const Reply = t.struct('Reply', { thread: t.u64, seq: t.u64, value: t.u64 })
export const SendResult = t.RResult(t.unit, t.RBoxError)
export const SenderOpaque = t.trait('SenderOpaque', {
  send: t.method([Reply], t.BorrowingFfiFuture(SendResult)),
})

export const api = {
  tr_live_allocations: t.fn([], t.i64),
  tr_async_send_spawn: t.fn([SenderOpaque, t.u32, t.u64], t.unit),
  tr_async_threads_done: t.fn([], t.u32),
  tr_async_sent_ok: t.fn([], t.u64),
  tr_async_sent_err: t.fn([], t.u64),
  tr_async_sent_panicked: t.fn([], t.u64),
  tr_async_wakes: t.fn([], t.u64),
  tr_async_live_wakers: t.fn([], t.i64),
  tr_async_last_error: t.fn([], t.RString),
  tr_async_send_main: t.fn([t.ref(SenderOpaque), t.u64, t.u64], t.i32),
  tr_async_poll_main: t.fn([t.i32], t.i32),
  tr_async_drop_main: t.fn([t.i32], t.i32),
  tr_async_release_main_waker: t.fn([], t.unit),
  tr_async_send_drop_early: t.fn([SenderOpaque], t.unit),
} as const
export type Api = { [K in keyof typeof api]: BoundFn<(typeof api)[K]> }

/** What the plugin's poll functions return. */
export const Sent = { Ok: 0, Pending: 1, Err: 2, Panicked: 3 } as const

/** Binds the async sender functions of the trait plugin at `path` (pinned: its threads may outlive teardown). */
export function bind(path: string): Api {
  const lib = koffi.load(path)
  if (!pinLibrary(path)) throw new Error(`${path} was loaded but could not be pinned`)
  return Object.fromEntries(Object.entries(api).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)])) as unknown as Api
}

