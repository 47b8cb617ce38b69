// By-value `self` (reference 11.B): `t.method(args, ret, { self: 'value' })`. Calling it consumes
// the object: the plugin's method moves the value out, the caller frees only the storage
// (destructor(data, No, Yes)), `_sabi_drop` is never called, and JS can no longer use the object.
// Through the C and the Rust trait plugins (their Ticket counts each value's single drop).
import { describe, expect, it } from 'vitest'
import { BorrowedObjectError, HostedObject, InvalidValueError, UseAfterMoveError, bindFunction, implement, t } from '../../src/index.ts'
import { Ticket, api, loadTraitPlugin, traitPlugins } from './api.ts'

describe.each(traitPlugins())('%s plugin: by-value self', (_lang, path) => {
  const p = loadTraitPlugin(path)

  it('consumes the object: the value is dropped once (by the method), the storage freed, the object moved', () => {
    const live = p.fns.tr_live_allocations()
    const drops = p.fns.tr_ticket_drops()
    const ticket = p.fns.tr_ticket_new(7n)
    expect(ticket.id()).toBe(7n)
    expect(ticket.redeem('at the gate')).toBe('ticket 7 redeemed: at the gate')
    expect(p.fns.tr_ticket_drops() - drops).toBe(1n)
    expect(p.fns.tr_live_allocations()).toBe(live)
    expect(ticket.alive).toBe(false)
    expect(() => ticket.id()).toThrow(UseAfterMoveError)
    expect(() => ticket.redeem('twice')).toThrow(UseAfterMoveError)
    expect(() => ticket.drop()).toThrow(UseAfterMoveError)
    expect(p.fns.tr_ticket_drops() - drops).toBe(1n)
  })

  it('a ticket never redeemed is dropped once through _sabi_drop; one passed by value is the callee\'s to consume', () => {
    const live = p.fns.tr_live_allocations()
    const drops = p.fns.tr_ticket_drops()
    const kept = p.fns.tr_ticket_new(1n)
    kept.drop()
    expect(p.fns.tr_ticket_drops() - drops).toBe(1n)
    const moved = p.fns.tr_ticket_new(2n)
    expect(p.fns.tr_ticket_redeem(moved, 'by the plugin')).toBe('ticket 2 redeemed: by the plugin')
    expect(p.fns.tr_ticket_drops() - drops).toBe(2n)
    expect(() => moved.redeem('again')).toThrow(UseAfterMoveError)
    expect(p.fns.tr_live_allocations()).toBe(live)
  })

  it('an argument refused before the call leaves the object as it was', () => {
    const drops = p.fns.tr_ticket_drops()
    const ticket = p.fns.tr_ticket_new(3n)
    expect(() => ticket.redeem(42 as never)).toThrow(InvalidValueError)
    expect(() => (ticket.redeem as (...a: unknown[]) => unknown)()).toThrow(InvalidValueError)
    expect(ticket.alive).toBe(true)
    expect(ticket.redeem('later')).toBe('ticket 3 redeemed: later')
    expect(p.fns.tr_ticket_drops() - drops).toBe(1n)
  })

  it('an object read through a reference is not JS\'s to consume', () => {
    // Handle.value() of a kept result is a borrowed read: its owner is the handle.
    const h = bindFunction(p.lib, 'tr_ticket_new', api.tr_ticket_new, { returns: 'handle' })(5n)
    const borrowed = h.value()
    expect(() => borrowed.redeem('not mine')).toThrow(BorrowedObjectError)
    h.drop()
  })
})

describe('by-value self declarations', () => {
  it('the slot takes *mut () (its layout differs from &mut self); JS may implement it (test/trait/consume.test.ts)', () => {
    expect(t.method([], t.unit, { self: 'value' }).byValue).toBe(true)
    expect(() => t.method([], t.unit, { self: 'value', mut: true })).toThrow(/two receivers/)
    expect(() => t.method([], t.unit, { self: 'ref' } as never)).toThrow(/self must be 'value'/)
    const Mut = t.trait('Ticket', { id: t.method([], t.u64), redeem: t.method([t.RStr], t.RString, { mut: true }) })
    expect(Ticket.layoutText()).toContain('redeem:fn(*mut (),RStr)->RString')
    expect(Mut.layoutText()).toContain('redeem:fn(*mut c_void,RStr)->RString')
    expect(Ticket.trait.host?.methods.map((m) => [m.name, m.method.byValue])).toEqual([['id', false], ['redeem', true]])
    expect(implement(Ticket, { id: () => 1n, redeem: () => '' })).toBeInstanceOf(HostedObject)
    expect(t.trait('T2', { close: t.method([], t.unit, { self: 'value' }) }, { jsImplementable: true }).trait.host).not.toBeNull()
    expect(t.trait('T3', { close: t.method([], t.unit, { self: 'value' }) }, { jsImplementable: false }).trait.host).toBeNull()
  })
})
