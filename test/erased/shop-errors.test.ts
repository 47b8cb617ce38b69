// The shop's errors as abi_stable's examples/2_nonexhaustive has them: Shop::run_command answers
// RResult<RString, NonExhaustiveFor<Error>>. A host that knows the newer Error reads each error as
// the enum's value; an older host reads the newer InvalidName as an UnknownVariant whose Debug,
// Display, PartialEq and Clone go through the plugin's vtable. Every error is dropped once.
import { inspect } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MissingTraitError, UnknownVariant, liveAllocations, sizeOf, t } from '../../src/index.ts'
import { CommandInterface, CommandStorage, CommandV1, CommandV2, ErrorInterface, ErrorStorage, bindAll, erasedPlugins, loadErasedPlugin, shopErrors, shopStateApi, type Api } from './api.ts'

describe.each(erasedPlugins())('%s plugin: the shop answers NonExhaustiveFor<Error>', (_lang, path) => {
  const CmdV1 = t.NonExhaustive(CommandV1, CommandStorage, CommandInterface)
  const CmdV2 = t.NonExhaustive(CommandV2, CommandStorage, CommandInterface)
  const ErrV1 = t.NonExhaustive(shopErrors(CmdV1).ErrorV1, ErrorStorage, ErrorInterface)
  const ErrV2 = t.NonExhaustive(shopErrors(CmdV2).ErrorV2, ErrorStorage, ErrorInterface)
  let p: Api
  let old: ReturnType<typeof bindAll<ReturnType<typeof shopStateApi<typeof CmdV1, typeof ErrV1>>>>
  let cur: ReturnType<typeof bindAll<ReturnType<typeof shopStateApi<typeof CmdV2, typeof ErrV2>>>>
  let allocations: bigint
  let runtime: bigint
  let shop: bigint
  beforeAll(() => {
    p = loadErasedPlugin(path)
    old = bindAll(path, shopStateApi(CmdV1, ErrV1))
    cur = bindAll(path, shopStateApi(CmdV2, ErrV2))
    allocations = p.er_live_allocations()
    runtime = liveAllocations()
    shop = cur.sh_shop_new()
    // A plugin-made command first, so JS-made ones carry the plugin's vtable (reference 11.A).
    const seed = bindAll(path, { sh_command_delete: t.fn([t.u64], CmdV2), sh_command_add: t.fn([t.u64, t.u32], CmdV1) })
    seed.sh_command_delete(0n)
    seed.sh_command_add(0n, 0)
  })
  afterAll(() => {
    cur.sh_shop_free(shop)
    expect(cur.sh_errors_live()).toBe(0n)
    expect(p.er_live_allocations()).toBe(allocations)
    expect(liveAllocations()).toBe(runtime)
  })

  it('lays out as the example: 48 bytes of storage, then the vtable', () => {
    expect(sizeOf(ErrV1)).toBe(56)
    expect(sizeOf(t.RResult(t.RString, ErrV2))).toBe(64)
  })

  it('runs commands and answers each failure with the Error the newer host knows, dropped once', () => {
    expect(cur.sh_shop_run(shop, { tag: 'CreateItem', name: 'apple', price: 5 })).toEqual({ ok: true, value: 'created #0 apple' })
    expect(cur.sh_shop_run(shop, { tag: 'AddItem', id: 0n, count: 4 })).toEqual({ ok: true, value: '#0 has 4' })
    expect(cur.sh_shop_run(shop, { tag: 'CreateItem', name: 'apple', price: 6 })).toEqual({ ok: false, error: { tag: 'ItemAlreadyExists', id: 0n, name: 'apple' } })
    expect(cur.sh_shop_run(shop, { tag: 'AddItem', id: 7n, count: 1 })).toEqual({ ok: false, error: { tag: 'ItemIdNotFound', id: 7n } })
    expect(cur.sh_shop_run(shop, { tag: 'RenameItem', id: 0n, name: '' })).toEqual({ ok: false, error: { tag: 'InvalidName', name: '' } })
    expect(cur.sh_errors_live()).toBe(0n)
  })

  it('an older host reads the newer InvalidName as an UnknownVariant answering through the vtable', () => {
    const r = old.sh_shop_run(shop, { tag: 'CreateItem', name: '', price: 1 })
    expect(r.ok).toBe(false)
    const e = (r as { error: unknown }).error as UnknownVariant
    expect(e).toBeInstanceOf(UnknownVariant)
    expect(e.variant).toBe('InvalidName')
    expect(e.discriminant).toBe(3n)
    expect(e.debug()).toBe('InvalidName { name: "" }')
    expect(String(e)).toBe('invalid name ""')
    expect(inspect(e)).toBe('InvalidName { name: "" }')
    const copy = e.clone()
    expect(cur.sh_errors_live()).toBe(2n)
    expect(copy.equals(e)).toBe(true)
    const other = (old.sh_shop_run(shop, { tag: 'CreateItem', name: '', price: 2 }) as { error: UnknownVariant }).error
    expect(other.equals(e)).toBe(true)
    // Error_Interface has no Serialize, Ord or Hash.
    expect(() => e.toJSON()).toThrow(MissingTraitError)
    expect(() => e.hash()).toThrow(MissingTraitError)
    for (const x of [copy, e, other]) x.drop()
    expect(cur.sh_errors_live()).toBe(0n)
  })

  it('an older host still reads the errors it knows as values', () => {
    expect(old.sh_shop_run(shop, { tag: 'DeleteItem', id: 9n })).toEqual({ ok: false, error: { tag: 'ItemIdNotFound', id: 9n } })
    expect(old.sh_shop_run(shop, { tag: 'CreateItem', name: 'apple', price: 1 })).toEqual({ ok: false, error: { tag: 'ItemAlreadyExists', id: 0n, name: 'apple' } })
    expect(old.sh_shop_run(shop, { tag: 'DeleteItem', id: 0n })).toEqual({ ok: true, value: 'deleted #0' })
    expect(cur.sh_errors_live()).toBe(0n)
  })
})
