// Setup shared by the std-types suites: the plugin under test, loaded once per suite, and the
// check that the suite left both allocation counters where it found them (nothing leaked,
// nothing freed twice: a double free would drive a counter below its baseline).
import { afterAll, beforeAll, expect } from 'vitest'
import { liveAllocations } from '../../src/index.ts'
import { loadTestPlugin, type Plugin } from './api.ts'

/** Loads the plugin at `path` before the suite's tests; returns a getter for it. */
export function pluginWithoutLeaks(path: string): () => Plugin {
  let p: Plugin
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  beforeAll(() => {
    p = loadTestPlugin(path)
    pluginBaseline = p.fns.tp_live_allocations()
    runtimeBaseline = liveAllocations()
  })
  afterAll(() => {
    expect(p.fns.tp_live_allocations()).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })
  return () => p
}
