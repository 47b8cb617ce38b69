// The async test plugins' API (plugins-c/async-plugin and plugins-rust/async-plugin export the
// same functions), declared once and bound against a compiled plugin.
import koffi from 'koffi'
import { bindFunction, pinLibrary, t, type BoundFn, type FnDesc } from '../../src/index.ts'

export const api = {
  ap_live_allocations: t.fn([], t.i64),
  ap_futures_made: t.fn([], t.u64),
  ap_futures_dropped: t.fn([], t.u64),
  ap_polls: t.fn([], t.u64),
  ap_sleep_then: t.fn([t.u64, t.u64, t.u64], t.FfiFuture(t.u64)),
  ap_ready: t.fn([t.u64], t.FfiFuture(t.u64)),
  ap_panics: t.fn([], t.FfiFuture(t.u64)),
  ap_text_later: t.fn([t.u64, t.RStr], t.FfiFuture(t.RString)),
  ap_add_to_host: t.fn([t.FfiFuture(t.u64), t.u64], t.FfiFuture(t.u64)),
  ap_await_host_on_thread: t.fn([t.FfiFuture(t.u64), t.u64], t.FfiFuture(t.u64)),
  ap_forward_result: t.fn([t.FfiFuture(t.RResult(t.u64, t.RString))], t.FfiFuture(t.RResult(t.u64, t.RString))),
  ap_detach_host_future: t.fn([t.FfiFuture(t.u64)], t.unit),
  ap_drop_host_future: t.fn([t.FfiFuture(t.u64)], t.unit),
  ap_full_seen: t.fn([], t.u64),
  ap_spawn_streams: t.fn([t.EventSender, t.u32, t.u64], t.unit),
  ap_spawn_string_streams: t.fn([t.EventSender, t.u32, t.u64], t.unit),
  ap_send_strings: t.fn([t.EventSender, t.u64, t.u32], t.u64),
  ap_send_forever: t.fn([t.EventSender], t.unit),
} as const

export type AsyncApi = { [K in keyof typeof api]: BoundFn<(typeof api)[K]> }

/** Binds the API against the plugin at `path` (pinned: its threads may outlive Node's teardown). */
export function loadAsyncPlugin(path: string): AsyncApi {
  const lib = koffi.load(path)
  if (!pinLibrary(path)) throw new Error(`${path} was loaded but could not be pinned`)
  return Object.fromEntries(Object.entries(api).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)])) as unknown as AsyncApi
}

/** Polls `read` until it returns `expected` (or 3 s pass); returns the last value. */
export async function settled<T>(read: () => T, expected: T): Promise<T> {
  let value = read()
  for (let i = 0; i < 300 && value !== expected; i++) {
    await new Promise((r) => setTimeout(r, 10))
    value = read()
  }
  return value
}
