// NonExhaustive over a `#[repr(u16)]` enum (plugins-rust/erased-plugin/src/wide_ne.rs): the
// discriminant is two bytes, so a variant's fields start after them. The older declaration (no
// `Max`) reads known variants as JS values and `Max` as an UnknownVariant, formatted through the
// plugin's vtable and passed back; JS-made values go with the plugin's vtable; every value is
// dropped once by the plugin. Rust only: the C erased plugin has no u16 enum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UnknownVariant, liveAllocations, t } from '../../src/index.ts'
import { bindAll, erasedPlugins } from './api.ts'

const built = Object.fromEntries(erasedPlugins()).Rust
if (!built) throw new Error('the Rust erased plugin was not built')
const path: string = built
const LevelV1 = t.enum('Level', { Low: {}, Small: { n: t.u8 } }, { repr: 'u16' })
const LevelV2 = t.enum('Level', { Low: {}, Small: { n: t.u8 }, Max: { limit: t.u64 } }, { repr: 'u16' })
const Storage = t.array(t.u64, 2)
const LevelInterface = { name: 'Level_Interface', Debug: true, Display: true }
const api = (ne: ReturnType<typeof t.NonExhaustive>) => ({
  er_level: t.fn([t.u32, t.u8], ne),
  er_level_take: t.fn([ne], t.RString),
  er_level_drops: t.fn([], t.i64),
  er_live_allocations: t.fn([], t.i64),
})

describe('Rust plugin: NonExhaustive of a repr(u16) enum', () => {
  const old = bindAll(path, api(t.NonExhaustive(LevelV1, Storage, LevelInterface)))
  const cur = bindAll(path, api(t.NonExhaustive(LevelV2, Storage, LevelInterface)))
  let allocations = 0n
  let runtime = 0n
  beforeAll(() => {
    allocations = old.er_live_allocations()
    runtime = liveAllocations()
  })
  afterAll(() => {
    expect(old.er_live_allocations()).toBe(allocations)
    expect(liveAllocations()).toBe(runtime)
  })

  it('reads the u16 discriminant and the field after it', () => {
    const drops = old.er_level_drops()
    expect(old.er_level(1, 7)).toEqual({ tag: 'Small', n: 7 })
    expect(old.er_level(0, 0)).toEqual({ tag: 'Low' })
    expect(cur.er_level(2, 3)).toEqual({ tag: 'Max', limit: 3000n })
    expect(old.er_level_drops() - drops).toBe(3n)
  })

  it('a variant the older declaration lacks is an UnknownVariant, shown and passed back through the vtable', () => {
    const drops = old.er_level_drops()
    const u = old.er_level(2, 9) as UnknownVariant
    expect(u).toBeInstanceOf(UnknownVariant)
    expect([u.discriminant, u.variant, String(u)]).toEqual([2n, 'Max', 'max 9000'])
    expect(old.er_level_take(u)).toBe('discriminant=2 max 9000')
    expect(u.alive).toBe(false)
    expect(old.er_level_take({ tag: 'Small', n: 5 })).toBe('discriminant=1 small 5')
    expect(old.er_level_drops() - drops).toBe(2n)
  })
})
