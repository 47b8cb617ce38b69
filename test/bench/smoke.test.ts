// One call of every benchmark case and of each of its baselines, checked: the benchmark
// itself (`npm run bench`) is not part of `npm test`, but its cases must stay right.
import { beforeAll, describe, expect, it } from 'vitest'
import { buildFloor } from '../../bench/build-floor.ts'
import { makeCases, type Case } from '../../bench/cases.ts'
import { buildStdTestPlugins } from '../setup/plugins.ts'
import { buildTraitPlugins } from '../setup/trait-plugins.ts'
import { buildAsyncPlugins } from '../setup/async-plugins.ts'
import { buildConnectorPlugins } from '../setup/connectors.ts'

let cases: Case[] = []
beforeAll(async () => {
  const { Rust } = await buildStdTestPlugins()
  const { Rust: traitPluginPath } = await buildTraitPlugins()
  const { asyncPlugins } = await buildAsyncPlugins()
  const { rust } = await buildConnectorPlugins()
  cases = makeCases({ pluginPath: Rust, floorPath: buildFloor(), traitPluginPath, asyncPluginPath: asyncPlugins.Rust, connectorPluginPath: rust.example_connector })
}, 300_000)

describe('benchmark cases (smoke run, one iteration each)', () => {
  it('every case and every baseline gives the right result', async () => {
    expect(cases.length).toBeGreaterThan(5)
    // The future round trip and the two channel rows, I64 and String events (bench/async-cases.ts), are among them.
    expect(cases.filter((c) => c.async).map((c) => c.name.split(':')[0])).toEqual(['future round trip', 'channel', 'channel'])
    // So is the signature check of a load (bench/check-cases.ts).
    expect(cases.some((c) => c.name.startsWith('signature check'))).toBe(true)
    for (const c of cases) {
      c.reset?.()
      expect(c.check(c.async ? await c.run() : c.run()), c.name).toBe(true)
      for (const b of [c.baseline, ...c.others]) {
        const check = c.checkBaseline ?? c.check
        if (b.name.startsWith('plain JS')) continue
        c.reset?.()
        expect(check(c.async ? await b.run() : b.run()), `${c.name} / ${b.name}`).toBe(true)
      }
    }
  })
})
