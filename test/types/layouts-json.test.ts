// The std types' layouts against the sizes and offsets measured from the real
// abi_stable 0.11.3 crate (x86_64), in ../shared/docs/abi_stable-0.11.3-layouts.json.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { layoutOf, models, t, type CustomDesc, type Desc } from '../../src/index.ts'

interface Measured {
  name: string
  size: number
  align: number
  fields?: { name: string; offset: number }[]
  tag?: { offset: number; size: number }
  variants?: { name: string; discriminant: number; fields: { name: string; offset: number }[] }[]
}

const file = fileURLToPath(new URL('../../../shared/docs/abi_stable-0.11.3-layouts.json', import.meta.url))
const measured: Measured[] = JSON.parse(readFileSync(file, 'utf8')).types

const ours: Record<string, Desc> = {
  RStr: t.RStr,
  'RSlice<u8>': t.RSlice(t.u8),
  'RSlice<i64>': t.RSlice(t.i64),
  RString: t.RString,
  'RVec<u8>': t.RVec(t.u8),
  'RVec<u32>': t.RVec(t.u32),
  'ROption<i32>': t.ROption(t.i32),
  'ROption<u64>': t.ROption(t.u64),
  'ROption<u32>': t.ROption(t.u32),
  'ROption<RString>': t.ROption(t.RString),
  'RResult<u64,RString>': t.RResult(t.u64, t.RString),
  'RResult<(),RString>': t.RResult(t.unit, t.RString),
  'RBox<u64>': t.RBox(t.u64),
  'Tuple2<u8,u64>': t.Tuple2(t.u8, t.u64),
  'Tuple3<u8,u16,u32>': t.Tuple3(t.u8, t.u16, t.u32),
  'RHashMap<RString,u32>': t.RHashMap(t.RString, t.u32),
}

/** The descriptor whose members carry the offsets: a custom type's native representation. */
const reprOf = (d: Desc): Desc & { members?: readonly { name: string }[] } => (d.kind === 'custom' ? reprOf((d as CustomDesc).repr) : d)

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
