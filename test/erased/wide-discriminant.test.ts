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

// EnumInfo names the creator's variants in declaration order, with no discriminants: with explicit
// discriminants (0x100, 0x200, 0x300) the host matches its variants by position, and an unknown
// variant has no name it can tell (`#768`), though the plugin's vtable still formats it.
const GaugeV1 = t.enum('Gauge', { Off: {}, On: { level: t.u8 } }, { repr: 'u16', discriminants: { Off: 0x100, On: 0x200 } })
const GaugeInterface = { name: 'Gauge_Interface', Debug: true, Display: true }

describe('Rust plugin: NonExhaustive of an enum with explicit discriminants', () => {
  const gauge = t.NonExhaustive(GaugeV1, Storage, GaugeInterface)
  const api = bindAll(path, {
    er_gauge: t.fn([t.u32, t.u8], gauge),
    er_gauge_take: t.fn([gauge], t.RString),
    er_live_allocations: t.fn([], t.i64),
  })

  it('checks the declaration by position and reads known variants by discriminant', () => {
    expect(api.er_gauge(1, 4)).toEqual({ tag: 'On', level: 4 })
    expect(api.er_gauge(0, 0)).toEqual({ tag: 'Off' })
    expect(api.er_gauge_take({ tag: 'On', level: 9 })).toBe('discriminant=0x200 on at 9')
  })

  it('an unknown variant keeps its discriminant, is not named by index, and formats through the vtable', () => {
    const u = api.er_gauge(2, 5) as UnknownVariant
    expect(u).toBeInstanceOf(UnknownVariant)
    expect([u.discriminant, u.variant, String(u)]).toEqual([0x300n, '#768', 'boost by 5'])
    expect(api.er_gauge_take(u)).toBe('discriminant=0x300 boost by 5')
  })

  it('a declaration whose variants are out of the plugin\'s order is refused', () => {
    const swapped = t.enum('Gauge', { On: { level: t.u8 }, Off: {} }, { repr: 'u16', discriminants: { Off: 0x100, On: 0x200 } })
    const bad = bindAll(path, { er_gauge: t.fn([t.u32, t.u8], t.NonExhaustive(swapped, Storage, GaugeInterface)) })
    expect(() => bad.er_gauge(0, 0)).toThrow(/variant On \(discriminant 512\) is not in the plugin's erased_plugin::wide_ne::Gauge, whose variants are Off, On, Boost/)
  })
})

