// The dependency-free Rust mirror crate (plugins-rust/abi_stable_mirror) against our
// declarations: every size, alignment, field offset and variant payload offset it
// reports (measured by rustc in its `layouts` example) must equal layoutOf().
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { layoutOf } from '../../src/index.ts'
import { measuredStdTypes, reprOf } from '../types/std-instances.ts'
import { repoRoot } from '../setup/paths.ts'
import { skipWithout } from '../setup/tools.ts'

interface Reported {
  name: string
  size: number
  align: number
  fields: Record<string, number>
  variants: Record<string, Record<string, number>>
}

const ours = measuredStdTypes

function mirrorReport(): Reported[] {
  const r = spawnSync('cargo', ['run', '--offline', '--release', '-q', '--example', 'layouts', '-p', 'abi_stable_mirror'], {
    cwd: path.join(repoRoot, 'plugins-rust'),
    encoding: 'utf8',
    env: { ...process.env, CARGO_TARGET_DIR: path.join(repoRoot, 'build', 'rust') },
  })
  if (r.error || r.status !== 0) throw new Error(`cargo (needed for the Rust mirror crate) failed: ${r.error?.message ?? r.stderr}`)
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line) as Reported)
}

const title = 'the Rust mirror crate lays out the std types exactly as the declarations do (rustc, x86_64)'
const noCargo = skipWithout('cargo', `test/conformance/mirror-crate.test.ts > ${title}`)

describe.skipIf(noCargo)(title, () => {
  // A skipped describe is still collected: without cargo there is no report to list.
  const reported = noCargo ? [] : mirrorReport()

  it('reports every std type we declare, and nothing we do not', () => {
    expect(reported.map((r) => r.name).sort()).toEqual(Object.keys(ours).sort())
  })

  for (const r of reported) {
    it(r.name, () => {
      const d = ours[r.name]
      const l = layoutOf(d)
      expect({ size: l.size, align: l.align }).toEqual({ size: r.size, align: r.align })
      const rl = layoutOf(reprOf(d))
      for (const [field, offset] of Object.entries(r.fields)) expect(rl.fields?.[field], `${r.name}.${field}`).toBe(offset)
      for (const [variant, fields] of Object.entries(r.variants)) {
        for (const [field, offset] of Object.entries(fields)) expect(rl.variants?.[variant]?.[field], `${r.name}::${variant}.${field}`).toBe(offset)
      }
    })
  }
})
