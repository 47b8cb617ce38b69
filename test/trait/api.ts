// The trait test plugins' API (plugins-c/trait-plugin and plugins-rust/trait-plugin export the
// same functions), declared once and bound against a compiled plugin.
import koffi from 'koffi'
import { inject } from 'vitest'
import type { LibraryHandle } from 'koffi'
import { bindFunction, pinLibrary, t, type BoundFn, type FnDesc } from '../../src/index.ts'

/** A counter the plugin makes; `reset` came in a later version (an older plugin lacks it). */
export const Counter = t.trait(
  'Counter',
  {
    incr: t.method([t.i64], t.i64, { mut: true }),
    get: t.method([], t.i64),
    reset: t.method([], t.unit, { mut: true }),
  },
  { lastPrefixField: 'get' },
)

/** A logger JS implements and the plugin calls. */
export const Logger = t.trait('Logger', {
  log: t.method([t.u8, t.RStr], t.RResult(t.unit, t.RString)),
  name: t.method([], t.RString),
  level: t.method([], t.u8, { fallback: 255 }),
  flush: t.method([], t.unit, { mut: true }),
})

/** A sender JS implements and a plugin thread calls. */
export const Sender = t.trait('Sender', {
  send: t.method([t.u64, t.RStr], t.unit),
  close: t.method([t.u64], t.unit),
})

/** The connector of a Tremor-style plugin. */
export const Connector = t.trait('Connector', {
  id: t.method([], t.RString),
  describe: t.method([], t.RString),
  on_event: t.method([t.RStr], t.RResult(t.u64, t.RString), { mut: true }),
  events: t.method([], t.u64),
})

/** Every argument and return shape JS implementations support, called by tr_probe. */
export const Probe = t.trait('Probe', {
  mixed: t.method([t.u64, t.u64, t.u64, t.u64, t.RStr, t.f32, t.f64, t.bool], t.u64),
  note: t.method([t.u64, t.u64, t.u64, t.u64, t.RStr, t.f32, t.f64, t.bool], t.unit),
  floats: t.method([t.f64, t.f32], t.f64),
  single: t.method([t.f32], t.f32),
  pair: t.method([t.Tuple2(t.u32, t.u64)], t.Tuple2(t.u64, t.u64), { fallback: [0n, 0n] }),
  wide: t.method([t.u64, t.u64, t.u64, t.u64, t.u64], t.RString),
  narrow: t.method([t.i8, t.u16, t.i32, t.bool], t.i32),
})

/** A ticket the plugin makes; `redeem` takes it by value (reference 11.B). */
export const Ticket = t.trait('Ticket', {
  id: t.method([], t.u64),
  redeem: t.method([t.RStr], t.RString, { self: 'value' }),
})

/** A plugin-side map behind RBox<Bag>. */
export const Bag = t.opaque('Bag')

export const api = {
  tr_live_allocations: t.fn([], t.i64),
  tr_counter_new: t.fn([t.i64], Counter),
  tr_counter_new_v1: t.fn([t.i64], Counter),
  tr_counter_drops: t.fn([], t.u64),
  tr_ticket_new: t.fn([t.u64], Ticket),
  tr_ticket_drops: t.fn([], t.u64),
  tr_ticket_redeem: t.fn([Ticket, t.RStr], t.RString),
  tr_counter_add: t.fn([t.refMut(Counter), t.i64], t.i64),
  tr_counter_take: t.fn([Counter], t.i64),
  tr_counter_maybe: t.fn([t.i64, t.bool], t.ROption(Counter)),
  tr_counter_vec: t.fn([t.u32], t.RVec(Counter)),
  tr_log_lines: t.fn([t.ref(Logger), t.u32], t.RResult(t.u32, t.RString)),
  tr_logger_name: t.fn([t.ref(Logger)], t.RString),
  tr_logger_level: t.fn([t.ref(Logger)], t.u8),
  tr_logger_echo: t.fn([Logger], Logger),
  tr_logger_keep: t.fn([Logger], t.unit),
  tr_logger_drop_kept: t.fn([], t.unit),
  tr_logger_drop_kept_on_thread: t.fn([], t.unit),
  tr_log_on_thread: t.fn([t.refMut(Logger)], t.RResult(t.unit, t.RString)),
  tr_level_on_thread: t.fn([t.refMut(Logger)], t.u8),
  tr_flush_on_thread: t.fn([t.refMut(Logger)], t.unit),
  tr_spawn_sender: t.fn([Sender, t.u64], t.unit),
  tr_send_and_join: t.fn([Sender, t.u64], t.unit),
  tr_spawn_paced_sender: t.fn([Sender, t.u64, t.u64], t.unit),
  tr_from_config: t.fn([t.RString, t.ROption(t.Value)], t.RResult(Connector, t.RString)),
  tr_connector_drops: t.fn([], t.u64),
  tr_probe: t.fn([t.ref(Probe)], t.RString),
  tr_probe_on_thread: t.fn([t.ref(Probe)], t.unit),
  tr_bag_new: t.fn([], Bag),
  tr_bag_insert: t.fn([t.refMut(Bag), t.RStr, t.u64], t.unit),
  tr_bag_get: t.fn([t.ref(Bag), t.RStr], t.ROption(t.u64)),
  tr_bag_len: t.fn([t.ref(Bag)], t.usize),
  tr_bag_into_len: t.fn([Bag], t.usize),
  tr_bags_dropped: t.fn([], t.u64),
} as const

export type Api = { [K in keyof typeof api]: BoundFn<(typeof api)[K]> }

/** The trait plugins the global setup built (test/setup/trait-plugins.ts), by language. */
export const traitPlugins = (): [string, string][] => Object.entries(inject('traitPlugins'))

export interface TraitPlugin {
  lib: LibraryHandle
  fns: Api
}

export function loadTraitPlugin(path: string): TraitPlugin {
  const lib = koffi.load(path)
  // Its threads may outlive Node's teardown (a sender still sending when a script ends).
  if (!pinLibrary(path)) throw new Error(`${path} was loaded but could not be pinned`)
  const fns = Object.fromEntries(Object.entries(api).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)])) as unknown as Api
  return { lib, fns }
}

declare module 'vitest' {
  export interface ProvidedContext {
    traitPlugins: Record<string, string>
  }
}

/**
 * Polls `read` until it returns `expected` (or 2 s pass) and returns the last value: a detached
 * plugin thread frees its own memory (thread bookkeeping) a moment after its last call into JS.
 */
export async function settled<T>(read: () => T, expected: T): Promise<T> {
  let value = read()
  for (let i = 0; i < 200 && value !== expected; i++) {
    await new Promise((r) => setTimeout(r, 10))
    value = read()
  }
  return value
}
