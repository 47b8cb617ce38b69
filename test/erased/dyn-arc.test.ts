// DynTraits over RArc: clones are more strong references to one plugin value (clone_ptr through
// the arc's vtable), each dropped once through drop_ptr, and the value goes with the last one.
import { beforeAll, describe, expect, it } from 'vitest'
import { UnsupportedError, UseAfterMoveError } from '../../src/index.ts'
import { erasedPlugins, loadErasedPlugin, type Api, watchErasedSuite } from './api.ts'

describe.each(erasedPlugins())('%s plugin: DynTrait<RArc<()>>', (_lang, path) => {
  let p: Api
  beforeAll(() => {
    p = loadErasedPlugin(path)
  })
  watchErasedSuite(() => p, { noLiveValues: true })

  it('clones share the value, which is dropped after the last clone', () => {
    const a = p.er_shared_text('shared')
    expect(String(a)).toBe('shared')
    expect(a.debug()).toBe('Shared("shared")')
    const b = a.clone()
    const c = b.clone()
    expect(c.$data).toBe(a.$data)
    expect(p.er_live()).toBe(1n)
    a.drop()
    expect(() => String(a)).toThrow(UseAfterMoveError)
    expect(String(c)).toBe('shared')
    expect(p.er_live()).toBe(1n)
    // Moved to the plugin, which counts the references left (b and c) and releases b.
    expect(p.er_shared_take(b)).toBe('shared|Shared("shared")|strong=2')
    expect(b.alive).toBe(false)
    expect(p.er_live()).toBe(1n)
    expect(p.er_shared_take(c)).toBe('shared|Shared("shared")|strong=1')
    expect(p.er_live()).toBe(0n)
  })

  it('a JS value cannot be an RArc DynTrait (its counts live in the plugin)', () => {
    expect(() => p.er_shared_take('text' as never)).toThrow(UnsupportedError)
  })
})
