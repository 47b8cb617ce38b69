// A zero-copy view (viewOf) borrows the vector's memory: the plugin's vector goes back to the
// plugin when its handle is dropped, at once, not when the view is collected. What Node keeps
// per view (the external ArrayBuffer's bookkeeping) waits for a GC and then a turn of the event
// loop; bench/settle.ts runs both between benchmark rows (issue 17: rows after the view rows ran
// slower while the leftovers of a loop that never yielded were still allocated).
import { expect, inject, it } from 'vitest'
import { settle } from '../../bench/settle.ts'
import { viewOf } from '../../src/index.ts'
import { loadTestPlugin } from './api.ts'

const VIEWS = 20_000

it.each(Object.entries(inject('stdTestPlugins')))('%s plugin: views of dropped handles hold no plugin memory, and nothing once settled', async (_lang, path) => {
  const p = loadTestPlugin(path)
  const range = p.handle('tp_range_u32')
  await settle()
  const pluginBefore = BigInt(p.fns.tp_live_allocations())
  const externalBefore = process.memoryUsage().external
  let wrong = 0
  for (let i = 0; i < VIEWS; i++) {
    const h = range(1000)
    const v = viewOf(h) as Uint32Array
    if (v.length !== 1000 || v[0] !== 0 || v[999] !== 999) wrong++
    h.drop()
  }
  expect(wrong).toBe(0)
  // Every vector is back with the plugin although none of the views was collected yet.
  expect(BigInt(p.fns.tp_live_allocations())).toBe(pluginBefore)
  // Node's bookkeeping of the views is still there (released only from the event loop: at
  // least the size of one tracking record per view) ...
  const pending = process.memoryUsage().external - externalBefore
  expect(pending).toBeGreaterThan(VIEWS * 64)
  // ... and gone once a GC and the event loop have run: the views keep nothing alive.
  await settle()
  const left = process.memoryUsage().external - externalBefore
  expect(left).toBeLessThan(pending / 10)
  expect(left).toBeLessThan(256 * 1024)
})
