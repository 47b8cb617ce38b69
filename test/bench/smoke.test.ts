// One call of every benchmark case and of each of its baselines, checked: the benchmark
// itself (`npm run bench`) is not part of `npm test`, but its cases must stay right.
import { beforeAll, describe, expect, it } from 'vitest'
import { buildFloor } from '../../bench/build-floor.ts'
import { makeCases, type Case } from '../../bench/cases.ts'
import { buildStdTestPlugins } from '../setup/plugins.ts'
import { buildTraitPlugins } from '../setup/trait-plugins.ts'

let cases: Case[] = []
beforeAll(async () => {
  const { Rust } = await buildStdTestPlugins()
  const { Rust: traitPluginPath } = await buildTraitPlugins()
  cases = makeCases({ pluginPath: Rust, floorPath: buildFloor(), traitPluginPath })
}, 300_000)

describe('benchmark cases (smoke run, one iteration each)', () => {
  it('every case and every baseline gives the right result', () => {
    expect(cases.length).toBeGreaterThan(5)
    for (const c of cases) {
      c.reset?.()
      expect(c.check(c.run()), c.name).toBe(true)
      for (const b of [c.baseline, ...c.others]) {
        const check = c.checkBaseline ?? c.check
        if (b.name.startsWith('plain JS')) continue
        c.reset?.()
        expect(check(b.run()), `${c.name} / ${b.name}`).toBe(true)
      }
    }
  })
})
