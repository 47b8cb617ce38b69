// The part of the trait test plugins' API that consumes and shares JS implementations
// (plugins-c/trait-plugin/consume.c, plugins-rust/trait-plugin/src/consume.rs): by-value `self`
// and RArc objects cloned through `_sabi_clone`. Used by consume.test.ts and the memory scenario.
import { bindFunction, t, type BoundFn, type FnDesc } from '../../src/index.ts'
import { Ticket, type TraitPlugin } from './api.ts'

export const Session = t.trait('Session', {
  touch: t.method([t.u64], t.unit),
  close: t.method([t.u64], t.unit, { self: 'value' }),
})
/** Ticket with `redeem` answered for plugin threads that wait (offThread: 'wait'). */
export const TicketWait = t.trait('Ticket', {
  id: t.method([], t.u64),
  redeem: t.method([t.RStr], t.RString, { self: 'value', offThread: 'wait', timeoutMs: 10_000 }),
})
export const Tally = t.trait('Tally', { add: t.method([t.u64], t.unit), total: t.method([], t.u64) }, { pointer: 'RArc' })

export const consumeApi = {
  tr_ticket_redeem: t.fn([Ticket, t.RStr], t.RString),
  tr_ticket_redeem_on_thread: t.fn([Ticket, t.RStr], t.RString),
  tr_ticket_echo: t.fn([Ticket], Ticket),
  tr_ticket_redeem_detached: t.fn([TicketWait, t.RStr], t.unit),
  tr_ticket_redeemed_ready: t.fn([], t.bool),
  tr_ticket_redeemed_take: t.fn([], t.RString),
  tr_session_close: t.fn([Session, t.u64], t.unit),
  tr_session_close_on_thread: t.fn([Session, t.u64], t.unit),
  tr_tally_share: t.fn([Tally, t.u64], t.u64),
  tr_tally_clones: t.fn([Tally], t.u64),
  tr_tally_echo: t.fn([Tally], Tally),
} as const

export type ConsumeApi = { [K in keyof typeof consumeApi]: BoundFn<(typeof consumeApi)[K]> }

export function bindConsumeApi(p: TraitPlugin): ConsumeApi {
  return Object.fromEntries(Object.entries(consumeApi).map(([n, f]) => [n, bindFunction(p.lib, n, f as FnDesc)])) as unknown as ConsumeApi
}
