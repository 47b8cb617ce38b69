// Trait objects over every pointer kind (reference 3.1, 11.B), through the C and the Rust trait
// plugins (plugins-c/trait-plugin/pointers.c, plugins-rust/trait-plugin/src/pointers.rs):
// RArc objects clone and drop through their vtables, RMut/RRef objects are lent and never dropped
// by the borrower, a JS implementation lent as RMut lives for the call only, and an RMut object a
// plugin lends to a JS method expires when the method returns.
import { describe, expect, it } from 'vitest'
import {
  BorrowedObjectError,
  DeclarationError,
  ExpiredBorrowError,
  InvalidValueError,
  NotCloneableError,
  bindFunction,
  hostStats,
  layoutOf,
  t,
  type FnDesc,
  type TraitObject,
} from '../../src/index.ts'
import { api, loadTraitPlugin, traitPlugins } from './api.ts'

const methods = {
  incr: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
  reset: t.method([], t.unit, { mut: true }),
}
const SharedCounter = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RArc', send: true, sync: true })
const CounterMut = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RMut' })
const CounterRef = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RRef' })
const Visitor = t.trait('Visitor', { visit: t.method([CounterMut], t.i64, { mut: true }) }, { pointer: 'RMut' })

const pointerApi = {
  tr_shared_counter_new: t.fn([t.i64], SharedCounter),
  tr_shared_live: t.fn([], t.i64),
  tr_arc_strong: t.fn([t.ref(SharedCounter)], t.u64),
  tr_shared_take: t.fn([SharedCounter], t.i64),
  tr_counter_ref_get: t.fn([CounterRef], t.i64),
  tr_counter_mut_incr: t.fn([CounterMut, t.i64], t.i64),
  tr_visit_counter: t.fn([Visitor, t.i64], t.i64),
  tr_shared_keep: t.fn([SharedCounter], t.u64),
  tr_shared_kept_get: t.fn([], t.i64),
  tr_shared_drop_kept: t.fn([], t.unit),
} as const

describe('pointer kinds: declarations', () => {
  it('lays out RBox and RArc objects in 24 bytes, RMut and RRef in 16', () => {
    expect(layoutOf(api.tr_counter_new.ret).size).toBe(24)
    expect(layoutOf(SharedCounter).size).toBe(24)
    expect(layoutOf(CounterMut).size).toBe(16)
    expect(layoutOf(CounterRef).size).toBe(16)
  })

  it('records the pointer and the auto traits; refuses unknown pointers and options by name', () => {
    expect(SharedCounter.trait.pointer).toBe('RArc')
    expect(SharedCounter.trait.autoTraits).toEqual({ send: true, sync: true })
    expect(CounterMut.trait.autoTraits).toEqual({ send: false, sync: false })
    expect(() => t.trait('Counter', methods, { pointer: 'Box' as never })).toThrow(/Counter: pointer must be one of 'RBox', 'RArc', 'RMut', 'RRef', got "Box"/)
    expect(() => t.trait('Counter', methods, { send: 'yes' as never })).toThrow(DeclarationError)
    expect(() => t.trait('Counter', methods, { pointr: 'RArc' } as never)).toThrow(/pointr/)
    expect(() => t.trait('Cloner', { clone: t.method([], t.u8) })).toThrow(/Cloner.clone: the name is taken/)
  })
})

describe.each(traitPlugins())('%s plugin: trait objects over every pointer', (_lang, path) => {
  const p = loadTraitPlugin(path)
  const f = Object.fromEntries(Object.entries(pointerApi).map(([n, d]) => [n, bindFunction(p.lib, n, d as FnDesc)])) as {
    [K in keyof typeof pointerApi]: (...a: any[]) => any
  }

  it('an RArc object clones (strong + 1) and each clone drops once through the vtable', () => {
    const live = f.tr_shared_live()
    const a: TraitObject<typeof methods> = f.tr_shared_counter_new(5n)
    expect(a.$pointer).toBe('RArc')
    expect(f.tr_shared_live()).toBe(live + 1n)
    expect(f.tr_arc_strong(a)).toBe(1n)
    const b = a.clone()
    expect(f.tr_arc_strong(a)).toBe(2n)
    expect(b.get()).toBe(5n)
    expect(b.owned).toBe(true)
    a.drop()
    expect(f.tr_arc_strong(b)).toBe(1n)
    expect(f.tr_shared_live()).toBe(live + 1n)
    expect(() => a.get()).toThrow(/dropped/)
    b.drop()
    expect(f.tr_shared_live()).toBe(live)
  })

  it('an RArc object passed by value moves (the plugin drops its reference); &mut methods are refused', () => {
    const live = f.tr_shared_live()
    const a = f.tr_shared_counter_new(7n)
    const b = a.clone()
    expect(() => a.incr(1n)).toThrow(InvalidValueError)
    expect(() => a.incr(1n)).toThrow(/an RArc object, which shares its value/)
    expect(f.tr_shared_take(a)).toBe(7n)
    expect(a.alive).toBe(false)
    expect(f.tr_arc_strong(b)).toBe(1n)
    b.drop()
    expect(f.tr_shared_live()).toBe(live)
  })

  it('lends RBox and RArc objects as RRef / RMut without moving or dropping them', () => {
    const drops = p.fns.tr_counter_drops()
    using c = p.fns.tr_counter_new(10n)
    expect(f.tr_counter_ref_get(c)).toBe(10n)
    expect(f.tr_counter_mut_incr(c, 3n)).toBe(13n)
    expect(c.alive && c.owned).toBe(true)
    expect(c.get()).toBe(13n)
    expect(p.fns.tr_counter_drops()).toBe(drops)
    using shared = f.tr_shared_counter_new(4n)
    expect(f.tr_counter_ref_get(shared)).toBe(4n)
    expect(f.tr_arc_strong(shared)).toBe(1n)
  })

  it('a JS implementation lent as RMut serves the call and is released when it returns', () => {
    const before = hostStats().liveObjects
    let value = 1n
    const impl = { incr: (by: bigint) => (value += by), get: () => value, reset: () => void (value = 0n) }
    expect(f.tr_counter_mut_incr(impl, 41n)).toBe(42n)
    expect(value).toBe(42n)
    expect(f.tr_counter_ref_get(impl)).toBe(42n)
    expect(hostStats().liveObjects).toBe(before)
  })

  it('an RMut counter a plugin lends to a JS method is borrowed for that call and expires after it', () => {
    const before = hostStats().liveObjects
    let kept: TraitObject<typeof methods> | undefined
    const visitor = {
      visit(c: TraitObject<typeof methods>) {
        expect(c.$pointer).toBe('RMut')
        expect(c.owned).toBe(false)
        expect(() => c.drop()).toThrow(BorrowedObjectError)
        expect(() => c.clone()).toThrow(NotCloneableError)
        kept = c
        c.incr(5n)
        return c.get()
      },
    }
    expect(f.tr_visit_counter(visitor, 10n)).toBe(15n * 1000n + 15n)
    expect(kept!.alive).toBe(false)
    expect(() => kept!.get()).toThrow(ExpiredBorrowError)
    expect(() => kept!.incr(1n)).toThrow(/lent to JS for one call, which has returned/)
    expect(hostStats().liveObjects).toBe(before)
  })

  it('a JS implementation handed over as RArc is cloned and dropped by the plugin, then released', () => {
    const before = hostStats().liveObjects
    const impl = { incr: (by: bigint) => by, get: () => 99n, reset: () => {} }
    expect(f.tr_shared_keep(impl)).toBe(2n)
    expect(hostStats().liveObjects).toBe(before + 1)
    expect(f.tr_shared_kept_get()).toBe(99n)
    f.tr_shared_drop_kept()
    expect(hostStats().liveObjects).toBe(before)
    expect(f.tr_shared_kept_get()).toBe(-1n)
  })

  it('refuses an object over another owning pointer where one is moved', () => {
    using c = p.fns.tr_counter_new(1n)
    expect(() => f.tr_shared_take(c)).toThrow(/over RArc/)
    expect(c.alive).toBe(true)
    expect(() => c.clone()).toThrow(/no _sabi_clone/)
  })
})
