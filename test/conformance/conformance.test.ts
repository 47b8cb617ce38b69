// Runs the layout conformance suite (hand-picked + 200 random cases) against gcc and
// rustc, and checks that the comparison catches a layout that is wrong on purpose.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { layoutOf, models, t, type DataModel, type Desc, type Layout } from '../../src/abi/index.ts'
import { randomCases } from '../../src/conformance/arbitrary.ts'
import { compareTarget } from '../../src/conformance/compare.ts'
import { buildGraph } from '../../src/conformance/graph.ts'
import { runPeers } from '../../src/conformance/peers.ts'
import { oursOf, queriesOf } from '../../src/conformance/queries.ts'
import { failed, summaryLine } from '../../src/conformance/report.ts'
import { runConformance, type ConformanceResult } from '../../src/conformance/run.ts'
import { skipWithout } from '../setup/tools.ts'

const workDir = () => mkdtempSync(join(tmpdir(), 'abi-conformance-'))

/** The run over hand-picked and 200 random types, shared by the tests that check its targets. */
let run: Promise<ConformanceResult> | undefined
const run200 = () => (run ??= runConformance({ random: { seed: 7, count: 200, generate: randomCases }, peers: runPeers, workDir: workDir() }))

describe('layout conformance', () => {
  const withRustc = 'agrees with gcc -m64 and rustc on hand-picked and 200 random types'
  it.skipIf(skipWithout('rustc', `test/conformance/conformance.test.ts > ${withRustc}`))(withRustc, async () => {
    const r = await run200()
    const ran = r.targets.filter((x) => !x.skipped && !x.error).map((x) => x.name)
    expect(r.missing).toEqual([])
    expect(r.targets.filter((x) => x.error)).toEqual([])
    expect(ran).toContain('x86_64 / gcc -m64')
    expect(ran).toContain('x86_64 / rustc (host)')
    expect(r.mismatches).toEqual([])
    expect(r.comparisons).toBeGreaterThanOrEqual(2 * (200 + r.handPicked) - 1)
    expect(failed(r)).toBe(false)
    expect(summaryLine(r)).toBe(`conformance: ${r.comparisons} cases, 0 mismatches`)
  })

  const m32 = 'agrees with gcc -m32 (i686) on the same types'
  it.skipIf(skipWithout('gcc -m32', `test/conformance/conformance.test.ts > ${m32}`))(m32, async () => {
    const r = await run200()
    const i686 = r.targets.find((x) => x.name === 'i686-linux / gcc -m32')
    expect(i686?.skipped).toBeUndefined()
    expect(i686?.error).toBeUndefined()
    expect(i686?.mismatches).toEqual([])
    expect(i686?.cases).toBeGreaterThanOrEqual(200)
  })

  const onPurpose = 'reports a layout that is wrong on purpose, for every compiler'
  it.skipIf(skipWithout('rustc', `test/conformance/conformance.test.ts > ${onPurpose}`))(onPurpose, async () => {
    // Our layout with Point.y moved by 4 bytes.
    const wrong = (d: Desc, model: DataModel): Layout => {
      const l = layoutOf(d, model)
      return d.kind === 'struct' && d.name === 'Point' ? { ...l, fields: { ...l.fields, y: l.fields!.y + 4 } } : l
    }
    const r = await runConformance({ layout: wrong, workDir: workDir() })
    const tools = new Set(r.mismatches.map((m) => m.tool))
    expect(r.mismatches.length).toBeGreaterThan(0)
    expect(r.mismatches.every((m) => m.label === 'Point.y' && m.ours === m.theirs + 4)).toBe(true)
    expect(tools).toEqual(new Set(['gcc', 'rustc']))
    expect(failed(r)).toBe(true)
  })

  it('the comparer flags exactly the wrong number', () => {
    const g = buildGraph({ name: 'one struct', root: t.struct('Pt', { a: t.u8, b: t.u64 }) }, 0)
    const queries = [queriesOf(g)]
    const model = models['i686-linux']
    const values = queries[0].map((q) => oursOf(q, model)!)
    expect(compareTarget({ name: 'i686', tool: 'gcc', model }, [g], queries, values).mismatches).toEqual([])
    const b = queries[0].findIndex((q) => q.q === 'field' && q.member.name === 'b')
    values[b] = 8 // what x86_64 would say; i686 puts b at 4
    const { mismatches } = compareTarget({ name: 'i686', tool: 'gcc', model }, [g], queries, values)
    expect(mismatches).toEqual([{ target: 'i686', tool: 'gcc', case: 'one struct', label: 'Pt.b', ours: 4, theirs: 8 }])
    expect(() => compareTarget({ name: 'i686', tool: 'gcc', model }, [g], queries, values.slice(1))).toThrow(/printed/)
  })

  it('random cases are reproducible from their seed', () => {
    const names = (seed: number) => randomCases(seed, 30).map((c) => `${c.root.kind}:${c.root.name}:${layoutOf(c.root, models.x86_64).size}`)
    expect(names(42)).toEqual(names(42))
    expect(names(42)).not.toEqual(names(43))
  })
})
