// RBoxError through the C and the Rust test plugins: read as a BoxedError (Display as the
// message, Debug kept) wherever it sits, formatted before the value is dropped (once), and made by
// JS from an Error or a string for a plugin to format and drop.
import { inspect } from 'node:util'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { BoxedError, InvalidValueError, liveAllocations, t } from '../../src/index.ts'
import type { Plugin } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')

describe.each(Object.entries(plugins))('%s plugin', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  let p: Plugin
  beforeAll(() => {
    p = plugin()
  })

  describe('plugin-made errors', () => {
    it('read as a BoxedError: Display is the message, Debug is kept, both taken before the drop', () => {
      const before = p.fns.tp_live_allocations()
      const e = p.fns.tp_error_new('disk full')
      expect(e).toBeInstanceOf(BoxedError)
      expect(e).toBeInstanceOf(Error)
      expect(e.message).toBe('disk full')
      expect(e.debug).toBe('Formatted("disk full")')
      expect(inspect(e)).toBe('BoxedError(Formatted("disk full"))')
      expect(p.fns.tp_live_allocations()).toBe(before)
    })

    it('an error that lends no texts is formatted through display and debug', () => {
      const e = p.fns.tp_error_plain('no route')
      expect(e.message).toBe('no route')
      expect(e.debug).toBe('PlainError("no route")')
    })

    it('inside RResult, ROption and RVec', () => {
      expect(p.fns.tp_error_result(21)).toEqual({ ok: true, value: 42 })
      const r = p.fns.tp_error_result(0)
      expect(r.ok).toBe(false)
      if (!r.ok) expect([r.error.message, r.error.debug]).toEqual(['zero is not allowed', 'PlainError("zero is not allowed")'])
      expect(p.fns.tp_error_option(false)).toBeUndefined()
      expect(p.fns.tp_error_option(true)?.message).toBe('optional failure')
      const all = p.fns.tp_error_vec(4)
      expect(all.map((e) => e.message)).toEqual(['error 0', 'error 1', 'error 2', 'error 3'])
      expect(all.map((e) => e.debug)).toEqual(['Formatted("error 0")', 'PlainError("error 1")', 'Formatted("error 2")', 'PlainError("error 3")'])
    })

    it('inside an RBox of a struct: formatted while the box is alive, then the box and the error dropped once', () => {
      // Once crashed the process: the box was dropped before the error in it was formatted.
      const before = p.fns.tp_live_allocations()
      for (let i = 0; i < 50; i++) {
        const held = p.fns.tp_error_boxed(`broken pipe ${i}`)
        expect(held.code).toBe(7)
        expect(held.error.message).toBe(`broken pipe ${i}`)
      }
      expect(p.fns.tp_live_allocations()).toBe(before)
    })

    it('kept as a handle, formatted on each read, dropped once', () => {
      const before = p.fns.tp_live_allocations()
      const h = p.handle('tp_error_new')('later')
      expect(p.fns.tp_live_allocations()).toBeGreaterThan(before)
      expect(h.value().message).toBe('later')
      expect(h.value().debug).toBe('Formatted("later")')
      h.drop()
      expect(p.fns.tp_live_allocations()).toBe(before)
    })
  })

  describe('host-made errors', () => {
    it('from a string: the plugin formats it through the host vtable, then drops it', () => {
      const before = liveAllocations()
      expect(p.fns.tp_error_display('timed out')).toBe('timed out')
      expect(p.fns.tp_error_debug('timed out')).toBe('"timed out" | timed out')
      expect(liveAllocations()).toBe(before)
    })

    it('from an Error, and a BoxedError read back keeps its Debug text', () => {
      expect(p.fns.tp_error_display(new TypeError('bad input'))).toBe('bad input')
      expect(p.fns.tp_error_debug(new TypeError('bad input'))).toBe('TypeError: bad input | bad input')
      const roundTrip = p.fns.tp_error_new('again')
      expect(p.fns.tp_error_debug(roundTrip)).toBe('Formatted("again") | again')
    })

    it('non-ASCII text survives both directions', () => {
      expect(p.fns.tp_error_display('échec: 失敗')).toBe('échec: 失敗')
      expect(p.fns.tp_error_new('échec: 失敗').message).toBe('échec: 失敗')
    })

    it('anything else is refused with a path, and nothing is made', () => {
      const before = liveAllocations()
      expect(() => p.fns.tp_error_display(42 as never)).toThrow(InvalidValueError)
      expect(() => p.fns.tp_error_display(42 as never)).toThrow(/tp_error_display, argument 0 \(RBoxError\): expected RBoxError \(an Error or a string\), got number/)
      expect(liveAllocations()).toBe(before)
    })
  })
})

describe('declarations', () => {
  it('RBoxError and its Send/Unsync flavours are 24 bytes, pointer-aligned', async () => {
    const { layoutOf } = await import('../../src/index.ts')
    for (const d of [t.RBoxError, t.SendRBoxError, t.UnsyncRBoxError]) expect([layoutOf(d).size, layoutOf(d).align]).toEqual([24, 8])
    expect(layoutOf(t.RResult(t.unit, t.RBoxError)).size).toBe(32)
    expect(layoutOf(t.RResult(t.RString, t.RBoxError)).size).toBe(40)
  })
})
