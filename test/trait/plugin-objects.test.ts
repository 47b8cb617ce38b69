// Trait objects a plugin makes, held and called by JS: methods through the vtable with the erased
// object as self (&self and &mut self), an older plugin's missing method, ownership (drop once,
// move by value, lend by reference, safety net) and trait objects inside returned containers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BorrowedObjectError, InvalidValueError, MissingMethodError, UseAfterMoveError, bindFunction, decode, encode, forgottenObjects, liveAllocations, t } from '../../src/index.ts'
import { Bag, Counter, api, loadTraitPlugin, traitPlugins, type TraitPlugin } from './api.ts'

const gc = (globalThis as { gc?: () => void }).gc

describe.each(traitPlugins())('%s plugin: plugin-made trait objects', (_lang, path) => {
  let p: TraitPlugin
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  beforeAll(() => {
    p = loadTraitPlugin(path)
    pluginBaseline = p.fns.tr_live_allocations()
    runtimeBaseline = liveAllocations()
  })
  afterAll(() => {
    expect(p.fns.tr_live_allocations()).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })

  it('calls &mut self and &self methods through the vtable', () => {
    using c = p.fns.tr_counter_new(5n)
    expect(c.incr(2n)).toBe(7n)
    expect(c.incr(-10n)).toBe(-3n)
    expect(c.get()).toBe(-3n)
    c.reset()
    expect(c.get()).toBe(0n)
    expect(c.$trait).toBe('Counter')
    expect(c.owned).toBe(true)
  })

  it('i64 results are exact BigInts on both sides of the small-BigInt table and at the extremes', () => {
    // -128 ..= 1023 come from a table of BigInts (src/abi/call-shim.ts); the rest are made per call.
    const starts = [-(2n ** 63n), -(2n ** 53n) - 1n, -129n, -128n, -1n, 0n, 1n, 1023n, 1024n, 2n ** 53n + 1n, 2n ** 63n - 1n]
    for (const start of starts) {
      using c = p.fns.tr_counter_new(start)
      const got = c.get()
      expect(typeof got).toBe('bigint')
      expect(got).toBe(start)
    }
    using c = p.fns.tr_counter_new(1022n)
    expect([c.incr(1n), c.incr(1n), c.incr(-1n)]).toEqual([1023n, 1024n, 1023n])
  })

  it('a method called with the wrong number of arguments is a typed error naming it', () => {
    using c = p.fns.tr_counter_new(0n)
    expect(() => (c.get as (...a: unknown[]) => unknown)(1)).toThrow(/Counter\.get: expected 0 arguments, got 1/)
    expect(() => (c.incr as (...a: unknown[]) => unknown)()).toThrow(/Counter\.incr: expected 1 argument, got 0/)
    expect(() => c.incr('one' as never)).toThrow(InvalidValueError)
    expect(c.get()).toBe(0n)
  })

  it('each object keeps its own state behind its own data pointer', () => {
    using a = p.fns.tr_counter_new(1n)
    using b = p.fns.tr_counter_new(100n)
    a.incr(1n)
    b.incr(5n)
    expect([a.get(), b.get()]).toEqual([2n, 105n])
  })

  it('drops through _sabi_drop exactly once: drop(), then every later use is a typed error', () => {
    const drops = p.fns.tr_counter_drops()
    const c = p.fns.tr_counter_new(1n)
    c.drop()
    expect(p.fns.tr_counter_drops()).toBe(drops + 1n)
    expect(c.alive).toBe(false)
    expect(() => c.drop()).toThrow(UseAfterMoveError)
    expect(() => c.get()).toThrow(UseAfterMoveError)
    expect(() => c.get()).toThrow(/Counter trait object handle was dropped/)
    c[Symbol.dispose]()
    expect(p.fns.tr_counter_drops()).toBe(drops + 1n)
  })

  it('`using` drops at the end of the block', () => {
    const drops = p.fns.tr_counter_drops()
    {
      using c = p.fns.tr_counter_new(1n)
      c.incr(1n)
    }
    expect(p.fns.tr_counter_drops()).toBe(drops + 1n)
  })

  it("an older plugin's vtable without a method: a typed error naming it, the rest still works", () => {
    using old = p.fns.tr_counter_new_v1(3n)
    expect(old.$has('reset')).toBe(false)
    expect(old.$has('get')).toBe(true)
    expect(old.incr(1n)).toBe(4n)
    let error: unknown
    try {
      old.reset()
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(MissingMethodError)
    expect(error).toMatchObject({ code: 'ERR_ABI_MISSING_METHOD', trait: 'Counter', method: 'reset' })
    expect((error as Error).message).toMatch(/Counter\.reset .*older version of the Counter trait/)
    expect(old.get()).toBe(4n)
    using current = p.fns.tr_counter_new(0n)
    expect(current.$has('reset')).toBe(true)
  })

  it('passed by value, it moves: the plugin drops it and JS can no longer use it', () => {
    const drops = p.fns.tr_counter_drops()
    const c = p.fns.tr_counter_new(41n)
    c.incr(1n)
    expect(p.fns.tr_counter_take(c)).toBe(42n)
    expect(p.fns.tr_counter_drops()).toBe(drops + 1n)
    expect(c.alive).toBe(false)
    expect(() => c.get()).toThrow(/moved into a call/)
    expect(() => p.fns.tr_counter_take(c)).toThrow(UseAfterMoveError)
  })

  it('passed by reference, it is lent: the plugin calls it and JS still owns it', () => {
    using c = p.fns.tr_counter_new(1n)
    expect(p.fns.tr_counter_add(c, 10n)).toBe(11n)
    expect(c.get()).toBe(11n)
    expect(c.alive).toBe(true)
  })

  it('a call abandoned on a bad argument moves nothing', () => {
    using c = p.fns.tr_counter_new(1n)
    expect(() => p.fns.tr_counter_add(c, 'x' as never)).toThrow(InvalidValueError)
    expect(c.get()).toBe(1n)
  })

  it('trait objects inside a returned ROption and RVec become JS owners; the containers are dropped around them', () => {
    const drops = p.fns.tr_counter_drops()
    const some = p.fns.tr_counter_maybe(7n, true)
    expect(p.fns.tr_counter_maybe(7n, false)).toBeUndefined()
    expect(some!.get()).toBe(7n)
    const vec = p.fns.tr_counter_vec(3)
    expect(vec.map((c) => c.get())).toEqual([0n, 10n, 20n])
    vec[1].incr(5n)
    expect(vec[1].get()).toBe(15n)
    expect(p.fns.tr_counter_drops()).toBe(drops)
    for (const c of vec) c.drop()
    some!.drop()
    expect(p.fns.tr_counter_drops()).toBe(drops + 4n)
  })

  it('kept native as a Handle: value() borrows, take() moves into a JS owner, drop() drops once', () => {
    const drops = p.fns.tr_counter_drops()
    const newHandle = bindFunction(p.lib, 'tr_counter_new', api.tr_counter_new, { returns: 'handle' })
    const h = newHandle(4n)
    const view = h.value()
    expect(view.owned).toBe(false)
    expect(view.incr(1n)).toBe(5n)
    const owner = h.take()
    expect(h.alive).toBe(false)
    expect(owner.owned).toBe(true)
    expect(owner.get()).toBe(5n)
    expect(p.fns.tr_counter_drops()).toBe(drops)
    owner.drop()
    newHandle(0n).drop()
    expect(p.fns.tr_counter_drops()).toBe(drops + 2n)
  })

  it('a trait object JS forgot is dropped by the FinalizationRegistry and counted', async () => {
    expect(gc, 'tests run with --expose-gc').toBeDefined()
    const before = forgottenObjects()
    const drops = p.fns.tr_counter_drops()
    ;(() => {
      for (let i = 0; i < 10; i++) p.fns.tr_counter_new(BigInt(i)).incr(1n)
    })()
    for (let i = 0; i < 30 && forgottenObjects() - before < 10; i++) {
      gc!()
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(forgottenObjects() - before).toBe(10)
    expect(p.fns.tr_counter_drops()).toBe(drops + 10n)
  })

  it('an object written by value twice into one value is refused, and stays JS-owned', () => {
    using c = p.fns.tr_counter_new(1n)
    // Two by-value copies would make two owners, each dropping it.
    expect(() => encode(t.Tuple2(Counter, Counter), [c, c])).toThrow(/passed by value once per call/)
    expect(c.alive).toBe(true)
    expect(c.get()).toBe(1n)
  })

  it('read through a reference it is borrowed: callable, but its owner drops or moves it', () => {
    using owner = p.fns.tr_counter_new(3n)
    const borrowed = decode(t.ref(Counter), pointerBytes(owner.$address))
    expect(borrowed.owned).toBe(false)
    expect(borrowed.incr(1n)).toBe(4n)
    expect(owner.get()).toBe(4n)
    expect(() => borrowed.drop()).toThrow(BorrowedObjectError)
    expect(() => p.fns.tr_counter_take(borrowed)).toThrow(BorrowedObjectError)
    expect(owner.alive).toBe(true)
  })
})

describe.each(traitPlugins())('%s plugin: opaque handles', (_lang, path) => {
  let p: TraitPlugin
  let baseline: bigint
  beforeAll(() => {
    p = loadTraitPlugin(path)
    baseline = p.fns.tr_live_allocations()
  })
  afterAll(() => expect(p.fns.tr_live_allocations()).toBe(baseline))

  it('the host holds a value it cannot see, passes it back by reference, and drops it once', () => {
    const dropped = p.fns.tr_bags_dropped()
    const bag = p.fns.tr_bag_new()
    p.fns.tr_bag_insert(bag, 'a', 1n)
    p.fns.tr_bag_insert(bag, 'b', 2n)
    p.fns.tr_bag_insert(bag, 'a', 3n)
    expect(p.fns.tr_bag_len(bag)).toBe(2n)
    expect(p.fns.tr_bag_get(bag, 'a')).toBe(3n)
    expect(p.fns.tr_bag_get(bag, 'zz')).toBeUndefined()
    bag.drop()
    expect(p.fns.tr_bags_dropped()).toBe(dropped + 1n)
    expect(() => bag.drop()).toThrow(UseAfterMoveError)
    expect(() => p.fns.tr_bag_len(bag)).toThrow(/Bag opaque handle handle was dropped/)
  })

  it('passed by value it moves into the plugin, which drops it', () => {
    const dropped = p.fns.tr_bags_dropped()
    const bag = p.fns.tr_bag_new()
    p.fns.tr_bag_insert(bag, 'k', 1n)
    expect(p.fns.tr_bag_into_len(bag)).toBe(1n)
    expect(bag.alive).toBe(false)
    expect(p.fns.tr_bags_dropped()).toBe(dropped + 1n)
    expect(() => p.fns.tr_bag_into_len(bag)).toThrow(UseAfterMoveError)
  })

  it('only a handle the plugin made is accepted', () => {
    expect(() => p.fns.tr_bag_into_len({} as never)).toThrow(/a Bag opaque handle \(only the plugin can make one\)/)
    using c = p.fns.tr_counter_new(0n)
    expect(() => p.fns.tr_bag_into_len(c as never)).toThrow(InvalidValueError)
  })

  it('read through a reference it is borrowed: usable, not droppable or movable', () => {
    using bag = p.fns.tr_bag_new()
    const view = decode(t.ref(Bag), pointerBytes(bag.$address))
    p.fns.tr_bag_insert(view, 'x', 9n)
    expect(p.fns.tr_bag_get(bag, 'x')).toBe(9n)
    expect(() => view.drop()).toThrow(BorrowedObjectError)
    expect(() => p.fns.tr_bag_into_len(view)).toThrow(BorrowedObjectError)
  })
})

function pointerBytes(address: bigint): Uint8Array {
  const bytes = new Uint8Array(8)
  new DataView(bytes.buffer).setBigUint64(0, address, true)
  return bytes
}
