// Ownership misuse from JS, across two plugins in one process (the C and the Rust std-types
// plugins, the C and the Rust trait plugins): double drops, use after a move, dropped or moved
// handles passed to functions (by value and by reference), and values of one library passed to
// the other's functions. Misuse is a UseAfterMoveError before any native call; a value passed
// across libraries is legitimate in abi_stable (it carries its vtable) and must be dropped
// through its own library's vtable exactly once. Random sequences of all of it (fast-check)
// leave every allocation counter where it began.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UseAfterMoveError, liveAllocations, type Handle } from '../../src/index.ts'
import { loadTestPlugin, type Plugin } from '../std-types/api.ts'
import { loadTraitPlugin, type TraitPlugin } from '../trait/api.ts'
import { inject } from 'vitest'

const std = inject('stdTestPlugins')
const traits = inject('traitPlugins')

describe('std values: C and Rust plugins in one process', () => {
  let libs: Plugin[]
  let baselines: bigint[]
  let runtime: bigint
  beforeAll(() => {
    libs = [loadTestPlugin(std.C), loadTestPlugin(std.Rust)]
    baselines = libs.map((p) => p.fns.tp_live_allocations())
    runtime = liveAllocations()
  })
  afterAll(() => {
    expect(libs.map((p) => p.fns.tp_live_allocations())).toEqual(baselines)
    expect(liveAllocations()).toBe(runtime)
  })

  it('a vector made by one plugin, grown by the other through its own vtable, and dropped by the first', () => {
    const [c, rust] = libs
    const v = c.handle('tp_range_u32')(3)
    rust.fns.tp_vec_push_on_thread(v, 2) // &mut, lent across: grows through the C plugin's vtable
    expect([...v.value()]).toEqual([0, 1, 2, 0, 1])
    expect([...rust.fns.tp_vec_push_u32(v as never, 1)]).toEqual([0, 1, 2, 0, 1, 0]) // moved across
    expect(v.alive).toBe(false)
    expect(c.fns.tp_live_allocations()).toBe(baselines[0])
  })

  it('a map made by the Rust plugin, changed and read by the C plugin', () => {
    const [c, rust] = libs
    const m = rust.handle('tp_word_count')('a b a')
    expect(c.fns.tp_map_insert(m, 'c', 7)).toBe(undefined)
    expect(c.fns.tp_map_entry_incr(m, 'a')).toBe(3)
    expect(c.fns.tp_map_sum(m)).toBe(11n)
    m.drop()
    expect(rust.fns.tp_live_allocations()).toBe(baselines[1])
  })

  it('a dropped or moved handle passed to either plugin, by value or by reference: UseAfterMoveError, no call', () => {
    for (const [from, to] of [libs, [...libs].reverse()]) {
      const dropped = from.handle('tp_range_u32')(2)
      dropped.drop()
      const moved = from.handle('tp_range_u32')(2)
      to.fns.tp_vec_shrink(moved as never)
      for (const h of [dropped, moved]) {
        expect(() => to.fns.tp_vec_push_on_thread(h, 1)).toThrow(UseAfterMoveError)
        expect(() => to.fns.tp_vec_push_u32(h as never, 1)).toThrow(UseAfterMoveError)
        expect(() => to.fns.tp_sum_i64(h as never)).toThrow() // wrong type as well as dead
        expect(() => h.drop()).toThrow(UseAfterMoveError)
        expect(() => h.value()).toThrow(/was (dropped|moved into a call)/)
      }
    }
  })

  it('random sequences of create, read, lend, move and drop across both plugins (300 runs)', () => {
    type State = { h: Handle; items: number[]; state: 'live' | 'moved' | 'dropped' }
    const op = fc.oneof(
      fc.record({ op: fc.constant('create' as const), lib: fc.nat(1), n: fc.nat(5) }),
      fc.record({ op: fc.constantFrom('drop' as const, 'read' as const), at: fc.nat(7) }),
      fc.record({ op: fc.constantFrom('lend' as const, 'move' as const), at: fc.nat(7), lib: fc.nat(1), n: fc.nat(3) }),
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const pool: State[] = []
        for (const o of ops) {
          if (o.op === 'create') {
            pool.push({ h: libs[o.lib].handle('tp_range_u32')(o.n), items: Array.from({ length: o.n }, (_, i) => i), state: 'live' })
            continue
          }
          const s = pool[o.at % Math.max(pool.length, 1)]
          if (!s) continue
          const act = () => {
            if (o.op === 'drop') s.h.drop()
            else if (o.op === 'read') expect([...(s.h.value() as Uint32Array)]).toEqual(s.items)
            else if (o.op === 'lend') libs[o.lib].fns.tp_vec_push_on_thread(s.h as Handle<never>, o.n)
            else if (o.op === 'move') expect([...libs[o.lib].fns.tp_vec_push_u32(s.h as never, o.n)]).toEqual([...s.items, ...Array.from({ length: o.n }, (_, i) => i)])
          }
          if (s.state !== 'live') {
            expect(act).toThrow(UseAfterMoveError)
            continue
          }
          act()
          if (o.op === 'drop') s.state = 'dropped'
          if (o.op === 'move') s.state = 'moved'
          if (o.op === 'lend') s.items.push(...Array.from({ length: o.n }, (_, i) => i))
        }
        for (const s of pool) if (s.state === 'live') s.h.drop()
        expect(libs.map((p) => p.fns.tp_live_allocations())).toEqual(baselines)
        expect(liveAllocations()).toBe(runtime)
      }),
      { seed: 99, numRuns: 300 },
    )
  })
})

describe('trait objects: C and Rust trait plugins in one process', () => {
  let libs: TraitPlugin[]
  let baselines: bigint[]
  beforeAll(() => {
    libs = [loadTraitPlugin(traits.C), loadTraitPlugin(traits.Rust)]
    baselines = libs.map((p) => p.fns.tr_live_allocations())
  })
  afterAll(() => expect(libs.map((p) => p.fns.tr_live_allocations())).toEqual(baselines))

  it("a counter made by one plugin, used and consumed by the other, dropped once through its maker's vtable", () => {
    for (const [maker, user] of [libs, [...libs].reverse()]) {
      const drops = maker.fns.tr_counter_drops()
      const c = maker.fns.tr_counter_new(10n)
      expect(user.fns.tr_counter_add(c, 5n)).toBe(15n) // &mut, lent across
      expect(user.fns.tr_counter_take(c)).toBe(15n) // moved across: the user drops it
      expect(maker.fns.tr_counter_drops()).toBe(drops + 1n)
      expect(() => user.fns.tr_counter_add(c, 1n)).toThrow(UseAfterMoveError)
      expect(() => maker.fns.tr_counter_take(c)).toThrow(UseAfterMoveError)
      expect(() => c.drop()).toThrow(UseAfterMoveError)
      expect(() => c.get()).toThrow(UseAfterMoveError)
      expect(maker.fns.tr_counter_drops()).toBe(drops + 1n)
    }
  })

  it('a dropped counter passed to either plugin: UseAfterMoveError, nothing dropped twice', () => {
    for (const [maker, user] of [libs, [...libs].reverse()]) {
      const drops = maker.fns.tr_counter_drops()
      const c = maker.fns.tr_counter_new(1n)
      c.drop()
      expect(() => user.fns.tr_counter_add(c, 1n)).toThrow(UseAfterMoveError)
      expect(() => user.fns.tr_counter_take(c)).toThrow(UseAfterMoveError)
      expect(() => c.drop()).toThrow(UseAfterMoveError)
      expect(maker.fns.tr_counter_drops()).toBe(drops + 1n)
    }
  })

  it('opaque values: a moved or dropped Bag is refused; its drop runs once', () => {
    for (const p of libs) {
      const dropped = p.fns.tr_bags_dropped()
      const bag = p.fns.tr_bag_new()
      p.fns.tr_bag_insert(bag, 'k', 1n)
      expect(p.fns.tr_bag_into_len(bag)).toBe(1n)
      expect(() => p.fns.tr_bag_len(bag)).toThrow(UseAfterMoveError)
      expect(() => p.fns.tr_bag_into_len(bag)).toThrow(UseAfterMoveError)
      expect(() => bag.drop()).toThrow(UseAfterMoveError)
      expect(p.fns.tr_bags_dropped()).toBe(dropped + 1n)
    }
  })
})
