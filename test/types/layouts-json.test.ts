// The std types' layouts against the sizes and offsets measured from the real
// abi_stable 0.11.3 crate (x86_64), in test/fixtures/abi_stable-0.11.3-layouts.json (see test/fixtures/README.md).
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { layoutOf, models, t, type CustomDesc } from '../../src/index.ts'
import { measuredStdTypes, reprOf } from './std-instances.ts'

interface Measured {
  name: string
  size: number
  align: number
  fields?: { name: string; offset: number }[]
  tag?: { offset: number; size: number }
  variants?: { name: string; discriminant: number; fields: { name: string; offset: number }[] }[]
}

const file = fileURLToPath(new URL('../fixtures/abi_stable-0.11.3-layouts.json', import.meta.url))
const measured: Measured[] = JSON.parse(readFileSync(file, 'utf8')).types

// Every measured std type we declare, except those the JSON does not list.
const ours = Object.fromEntries(Object.entries(measuredStdTypes).filter(([name]) => measured.some((m) => m.name === name)))

describe('std type layouts equal the ones measured from abi_stable 0.11.3', () => {
  it('covers every std type the measurements list', () => {
    const stdNames = measured.map((m) => m.name).filter((n) => /^(R[A-Z]|Tuple)/.test(n) && !n.startsWith('RObject') && !n.startsWith('RootModule'))
    expect(stdNames.filter((n) => !(n in ours))).toEqual([])
  })

  for (const [name, desc] of Object.entries(ours)) {
    it(name, () => {
      const m = measured.find((x) => x.name === name)!
      expect(m, `${name} is in the measurements`).toBeDefined()
      const l = layoutOf(desc, models.x86_64)
      expect({ size: l.size, align: l.align }).toEqual({ size: m.size, align: m.align })
      const repr = reprOf(desc)
      const rl = layoutOf(repr, models.x86_64)
      for (const f of m.fields ?? []) {
        expect(rl.fields?.[f.name], `${name}.${f.name}`).toBe(f.offset)
      }
      if (m.tag) expect(rl.tag).toEqual({ offset: m.tag.offset, size: m.tag.size })
      for (const v of m.variants ?? []) {
        for (const f of v.fields) expect(rl.variants?.[v.name]?.[f.name], `${name}::${v.name}.${f.name}`).toBe(f.offset)
      }
    })
  }

  it('RDuration is 16 bytes on x86_64 and 12 on i686 Linux (reference 1.8)', () => {
    expect(layoutOf(t.RDuration, models.x86_64)).toMatchObject({ size: 16, align: 8 })
    expect(layoutOf(t.RDuration, models['i686-linux'])).toMatchObject({ size: 12, align: 4 })
    expect(layoutOf(t.RDuration, models.armv7)).toMatchObject({ size: 16, align: 8 })
  })

  it('RCow has a 4-byte tag and its payload at 8 (reference 1.7)', () => {
    expect(layoutOf(t.RCowStr, models.x86_64).size).toBe(40)
    expect(layoutOf((t.RCowStr as CustomDesc).repr, models.x86_64).variants).toEqual({ Borrowed: { 0: 8 }, Owned: { 0: 8 } })
  })

  it('Value is 40 bytes, payload at 8 except Bool at 1 (docs/std-test-plugin.md)', () => {
    const l = layoutOf((t.Value as CustomDesc).repr, models.x86_64)
    expect({ size: l.size, align: l.align }).toEqual({ size: 40, align: 8 })
    expect(l.variants).toMatchObject({ Bool: { 0: 1 }, I64: { 0: 8 }, String: { 0: 8 }, Object: { 0: 8 } })
  })
})
