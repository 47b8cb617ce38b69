// Memory lent to a plugin must not move while the plugin reads it. V8 keeps small typed
// arrays inside its heap, where a minor GC moves them; an address taken before the call
// and used after an allocation would then point at stale bytes.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, inject, it } from 'vitest'
import { loadTestPlugin } from './api.ts'

it.each(Object.entries(inject('stdTestPlugins')))('%s plugin: small lent typed arrays survive GC during argument conversion', (_lang, path) => {
  const p = loadTestPlugin(path)
  let wrong = 0
  for (let i = 0; i < 20_000; i++) {
    // Garbage between calls keeps the young generation busy.
    const junk = Array.from({ length: 16 }, (_, j) => ({ j, s: `x${j}` }))
    const values = new BigInt64Array([BigInt(i), 1n, 2n])
    if (p.fns.tp_sum_i64(values) !== BigInt(i) + 3n || junk.length !== 16) wrong++
    if (p.fns.tp_str_len(`s${i}`) !== BigInt(`s${i}`.length)) wrong++
  }
  expect(wrong).toBe(0)
})

// In a plain Node process (the conditions under which a bug in the result path showed, as a
// crash in free() after some 100,000 calls), every owned result is dropped exactly once.
it.each(Object.entries(inject('stdTestPlugins')))('%s plugin: 200,000 owned results, each dropped once, in a plain process', (_lang, path) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./results-stress.ts', import.meta.url)), path, '200000'], { encoding: 'utf8' })
  expect(`${r.stdout}${r.stderr}`.trim()).toBe('ok 200000')
  expect(r.status).toBe(0)
}, 120_000)
