// NonExhaustive enums (abi_stable's examples/2_nonexhaustive shop): a newer plugin's Command with
// a variant an older host does not know. Known variants read as the enum's JS value; the unknown
// one keeps its bytes, answers Debug/Display/Serialize/PartialEq/Clone through the plugin's
// vtable, and goes back to the plugin unchanged; every value is dropped once through the vtable.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeclarationError, InvalidValueError, MissingTraitError, UnknownVariant, UnsupportedError, UseAfterMoveError, encode, liveAllocations, sizeOf, t } from '../../src/index.ts'
import { CommandInterface, CommandStorage, CommandV1, CommandV2, bindAll, erasedPlugins, loadErasedPlugin, shopApi, type Api } from './api.ts'

describe.each(erasedPlugins())('%s plugin: NonExhaustive commands', (_lang, path) => {
  const V1 = t.NonExhaustive(CommandV1, CommandStorage, CommandInterface)
  const V2 = t.NonExhaustive(CommandV2, CommandStorage, CommandInterface)
  let p: Api
  let old: ReturnType<typeof bindAll<ReturnType<typeof shopApi<typeof V1>>>>
  let cur: ReturnType<typeof bindAll<ReturnType<typeof shopApi<typeof V2>>>>
  let allocations: bigint
  let runtime: bigint
  beforeAll(() => {
    p = loadErasedPlugin(path)
    old = bindAll(path, shopApi(V1))
    cur = bindAll(path, shopApi(V2))
    allocations = p.er_live_allocations()
    runtime = liveAllocations()
  })
  /** Commands the plugin made and has not dropped (host-made ones it dropped count against it). */
  const live = () => cur.sh_made() - cur.sh_drops()
  afterAll(() => {
    expect(p.er_live_allocations()).toBe(allocations)
    expect(liveAllocations()).toBe(runtime)
  })

  it('lays out as the storage then the vtable', () => {
    expect(sizeOf(V1)).toBe(72)
  })

  it('reads a known variant as the enum value and drops the plugin value once', () => {
    expect(old.sh_command_add(1n, 2)).toEqual({ tag: 'AddItem', id: 1n, count: 2 })
    expect(old.sh_command_create('apple', 5)).toEqual({ tag: 'CreateItem', name: 'apple', price: 5 })
    expect(cur.sh_command_rename(3n, 'pear')).toEqual({ tag: 'RenameItem', id: 3n, name: 'pear' })
    expect(live()).toBe(0n)
  })

  it('an older host reads the newer variant as an UnknownVariant answering through the vtable', () => {
    const r = old.sh_command_rename(4n, 'plum')
    expect(r).toBeInstanceOf(UnknownVariant)
    const u = r as UnknownVariant
    expect(u.variant).toBe('RenameItem')
    expect(u.discriminant).toBe(3n)
    expect(u.debug()).toBe('RenameItem { id: 4, name: "plum" }')
    expect(String(u)).toBe('rename #4 to plum')
    expect(inspect(u)).toBe('RenameItem { id: 4, name: "plum" }')
    expect(u.toJSON()).toEqual({ RenameItem: { id: 4, name: 'plum' } })
    const copy = u.clone()
    expect(live()).toBe(2n)
    expect(copy.equals(u)).toBe(true)
    expect(() => u.hash()).toThrow(MissingTraitError)
    copy.drop()
    u.drop()
    expect(live()).toBe(0n)
    expect(() => u.debug()).toThrow(UseAfterMoveError)
  })

  it('passes the unknown variant back unchanged (moved), and JS-made known ones with the plugin vtable', () => {
    const u = old.sh_command_rename(5n, 'fig') as UnknownVariant
    const drops = cur.sh_drops()
    expect(old.sh_run(u)).toBe('ran: rename #5 to fig')
    expect(u.alive).toBe(false)
    expect(old.sh_run({ tag: 'AddItem', id: 9n, count: 1 })).toBe('ran: add 1 of #9')
    expect(old.sh_run({ tag: 'CreateItem', name: 'kiwi', price: 3 })).toBe('ran: create kiwi for 3')
    expect(cur.sh_run({ tag: 'RenameItem', id: 1n, name: 'x' })).toBe('ran: rename #1 to x')
    // Each value, the plugin's and the three JS made, dropped once by the plugin through the vtable.
    expect(cur.sh_drops() - drops).toBe(4n)
  })

  it('reads NonExhaustives inside an RVec, known and unknown', () => {
    const list = old.sh_commands()
    expect(list[0]).toEqual({ tag: 'AddItem', id: 7n, count: 3 })
    const u = list[1] as UnknownVariant
    expect(u.variant).toBe('RenameItem')
    const before = live()
    expect(String(u)).toBe('rename #8 to eight')
    u.drop()
    expect(live()).toBe(before - 1n)
    expect(cur.sh_commands()).toEqual([
      { tag: 'AddItem', id: 7n, count: 3 },
      { tag: 'RenameItem', id: 8n, name: 'eight' },
    ])
    expect(live()).toBe(before - 1n)
  })

  it('an unknown discriminant with a null vtable is refused with a typed error', () => {
    expect(() => old.sh_bad_command()).toThrow(InvalidValueError)
    expect(() => old.sh_bad_command()).toThrow(/non-null vtable pointer.*discriminant 9/)
  })

  it('a declaration naming a variant the plugin does not have is a DeclarationError', () => {
    const Wrong = t.enum('Command', { CreateItem: { name: t.RString, price: t.u32 }, RemoveItem: { id: t.u64 } }, { repr: 'u8' })
    const f = bindAll(path, { sh_command_delete: t.fn([t.u64], t.NonExhaustive(Wrong, CommandStorage, CommandInterface)) })
    expect(() => f.sh_command_delete(1n)).toThrow(DeclarationError)
    const before = live()
    expect(() => f.sh_command_delete(1n)).toThrow(/variant RemoveItem \(discriminant 1\) is not in the plugin's/)
    expect(live()).toBe(before)
  })
})

describe('t.NonExhaustive declarations', () => {
  it('refuses storage too small for the enum, non-enums and unknown traits', () => {
    expect(() => t.NonExhaustive(CommandV2, t.array(t.usize, 4), CommandInterface)).toThrow(/storage \(32 bytes\) is smaller than the enum \(48 bytes\)/)
    expect(() => t.NonExhaustive(CommandV2, { size: 8 })).toThrow(DeclarationError)
    expect(() => t.NonExhaustive(t.u8 as never, CommandStorage)).toThrow(DeclarationError)
    expect(() => t.NonExhaustive(CommandV2, CommandStorage, { Iterator: t.u8 } as never)).toThrow(/unknown option 'Iterator'/)
    expect(() => t.NonExhaustive(CommandV2, CommandStorage, { Ord: true }).iface.traits.has('PartialEq')).not.toThrow()
    expect(t.NonExhaustive(CommandV2, CommandStorage, { Ord: true }).iface.traits.has('PartialEq')).toBe(false)
  })

  it('a JS-made value before any plugin value was read takes the host vtable, which needs Display templates', () => {
    const Fresh = t.NonExhaustive(CommandV1, CommandStorage, CommandInterface)
    expect(() => encode(Fresh, { tag: 'DeleteItem', id: 1n })).toThrow(UnsupportedError)
    expect(() => encode(Fresh, { tag: 'DeleteItem', id: 1n })).toThrow(/Display of a value JS makes needs a template for each variant/)
  })
})
