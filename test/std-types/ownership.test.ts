// Ownership paths from JS: borrow, move, return, drop by the host, drop by the
// plugin, handles used after a move or a drop, a call abandoned half-way, and the
// FinalizationRegistry safety net for handles JS forgot.
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { InvalidValueError, UseAfterMoveError, forgottenHandles, liveAllocations } from '../../src/index.ts'
import type { Plugin } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')
const gc = (globalThis as { gc?: () => void }).gc

describe.each(Object.entries(plugins))('%s plugin', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  let p: Plugin
  beforeAll(() => {
    p = plugin()
  })

  it('a returned value converted at once is dropped at once', () => {
    const before = p.fns.tp_live_allocations()
    expect(p.fns.tp_split_words('a b c')).toEqual(['a', 'b', 'c'])
    expect(p.fns.tp_live_allocations()).toBe(before)
  })

  it('a returned value kept as a handle stays alive until dropped, exactly once', () => {
    const before = p.fns.tp_live_allocations()
    const h = p.handle('tp_split_words')('a b c')
    expect(p.fns.tp_live_allocations()).toBeGreaterThan(before)
    expect(h.value()).toEqual(['a', 'b', 'c'])
    expect(h.value()).toEqual(['a', 'b', 'c'])
    h.drop()
    expect(p.fns.tp_live_allocations()).toBe(before)
    expect(() => h.drop()).toThrow(UseAfterMoveError)
    expect(() => h.value()).toThrow(/dropped/)
  })

  it('take() converts and drops', () => {
    const h = p.handle('tp_range_u32')(3)
    expect([...h.take()]).toEqual([0, 1, 2])
    expect(h.alive).toBe(false)
  })

  it('Symbol.dispose drops, and a second dispose is harmless', () => {
    const before = p.fns.tp_live_allocations()
    {
      using h = p.handle('tp_box_new')(1n)
      expect(h.value()).toBe(1n)
    }
    expect(p.fns.tp_live_allocations()).toBe(before)
  })

  it('a borrowed handle (&T) is not consumed; a moved one (T) is', () => {
    const h = p.handle('tp_range_u32')(2)
    p.fns.tp_vec_push_on_thread(h, 1)
    expect(h.alive).toBe(true)
    expect([...h.value()]).toEqual([0, 1, 0])
    expect([...p.fns.tp_vec_push_u32(h as never, 1)]).toEqual([0, 1, 0, 0])
    expect(h.alive).toBe(false)
    expect(() => p.fns.tp_vec_push_on_thread(h, 1)).toThrow(UseAfterMoveError)
  })

  it('a handle of another type is refused with a typed error, and stays alive', () => {
    using h = p.handle('tp_range_u32')(2)
    expect(() => p.fns.tp_vec_drop_strings(h as never)).toThrow(InvalidValueError)
    expect(h.alive).toBe(true)
  })

  it('a call abandoned on a bad later argument releases what the earlier ones made, and moves no handle', () => {
    const before = liveAllocations()
    expect(() => p.fns.tp_vec_push_u32(['x'] as never, 1)).toThrow(/tp_vec_push_u32, argument 0 \(RVec<u32>\): \[0\]: /)
    expect(() => p.fns.tp_vec_push_u32([1, 2, 3], -1 as never)).toThrow(/tp_vec_push_u32, argument 1 \(u32\): expected integer in u32 range/)
    expect(liveAllocations()).toBe(before)
    using h = p.handle('tp_range_u32')(2)
    expect(() => p.fns.tp_vec_push_u32(h as never, 'many' as never)).toThrow(InvalidValueError)
    expect(h.alive).toBe(true)
  })

  it('handles JS forgot are dropped by the FinalizationRegistry and counted', async () => {
    expect(gc, 'tests run with --expose-gc').toBeDefined()
    const before = forgottenHandles()
    const live = p.fns.tp_live_allocations()
    ;(() => {
      for (let i = 0; i < 20; i++) p.handle('tp_split_words')('forgotten words')
    })()
    for (let i = 0; i < 20 && forgottenHandles() - before < 20; i++) {
      gc!()
      await new Promise((r) => setTimeout(r, 10))
    }
    expect(forgottenHandles() - before).toBe(20)
    expect(p.fns.tp_live_allocations()).toBe(live)
  })
})
