// NonExhaustive values JS makes before any plugin value of their type was read carry the host's
// own NonExhaustiveVtable (src/native/ne_host.c): the plugin formats, serializes, compares,
// clones and drops them through it, natively, and runs them as its own commands. A command the
// plugin's Command does not have (a newer host's) comes back inside the shop's InvalidCommand,
// still under the host's vtable, and the plugin's Error Display formats it through that vtable.
import { beforeAll, describe, expect, it } from 'vitest'
import { UnknownVariant, UnsupportedError, encode, t } from '../../src/index.ts'
import { CommandDisplay, CommandInterface, CommandStorage, CommandV2, ErrorInterface, ErrorStorage, bindAll, erasedPlugins, loadErasedPlugin, shopApi, shopErrors, shopStateApi, type Api, watchErasedSuite } from './api.ts'

describe.each(erasedPlugins())('%s plugin: NonExhaustives made in JS under the host vtable', (_lang, path) => {
  let p: Api
  /** A fresh declaration: it has read no plugin value, so it writes with the host's vtable. */
  const fresh = () => {
    const Cmd = t.NonExhaustive(CommandV2, CommandStorage, CommandInterface, { display: CommandDisplay })
    return { Cmd, f: bindAll(path, shopApi(Cmd)) }
  }
  beforeAll(() => {
    p = loadErasedPlugin(path)
  })
  watchErasedSuite(() => p)

  it('the plugin formats, serializes, compares and clones a JS-made command through the host vtable', () => {
    const { f } = fresh()
    const live = f.sh_made() - f.sh_drops()
    expect(f.sh_describe({ tag: 'AddItem', id: 9n, count: 1 }, { tag: 'AddItem', id: 9n, count: 1 })).toBe(
      'AddItem { id: 9, count: 1 } | add 1 of #9 | {"AddItem":{"id":9,"count":1}} | eq other | eq clone | AddItem {\n    id: 9,\n    count: 1,\n} | eq own',
    )
    expect(f.sh_describe({ tag: 'CreateItem', name: 'kiwi "gold"\n', price: 3 }, { tag: 'CreateItem', name: 'kiwi', price: 3 })).toBe(
      'CreateItem { name: "kiwi \\"gold\\"\\n", price: 3 } | create kiwi "gold"\n for 3 | {"CreateItem":{"name":"kiwi \\"gold\\"\\n","price":3}} | ne other | eq clone | CreateItem {\n    name: "kiwi \\"gold\\"\\n",\n    price: 3,\n} | eq own',
    )
    expect(f.sh_describe({ tag: 'RenameItem', id: 2n, name: 'pear' }, { tag: 'DeleteItem', id: 2n })).toContain('rename #2 to pear | {"RenameItem":{"id":2,"name":"pear"}} | ne other | eq clone')
    // The plugin's own copies were dropped by it; the JS-made values and clones by the host vtable.
    expect(f.sh_made() - f.sh_drops()).toBe(live)
  })

  it('the plugin runs a JS-made command as its own, and reads it back', () => {
    const { f } = fresh()
    expect(f.sh_run({ tag: 'CreateItem', name: 'fig', price: 2 })).toBe('ran: create fig for 2')
    expect(f.sh_run({ tag: 'DeleteItem', id: 4n })).toBe('ran: delete #4')
  })

  it('a newer host command comes back in InvalidCommand under the host vtable, formatted through it', () => {
    const CommandV3 = t.enum(
      'Command',
      {
        CreateItem: { name: t.RString, price: t.u32 },
        DeleteItem: { id: t.u64 },
        AddItem: { id: t.u64, count: t.u32 },
        RenameItem: { id: t.u64, name: t.RString },
        RemoveItem: { id: t.u64, count: t.u32 },
      },
      { repr: 'u8' },
    )
    const Cmd = t.NonExhaustive(CommandV3, CommandStorage, CommandInterface, { display: { ...CommandDisplay, RemoveItem: 'remove {count} of #{id}' } })
    const Err = t.NonExhaustive(shopErrors(Cmd).ErrorV2, ErrorStorage, ErrorInterface)
    // An older Error declaration: InvalidCommand is unknown to it, so its Display runs in the plugin.
    const Opaque = t.NonExhaustive(t.enum('Error', { ItemAlreadyExists: { id: t.u64, name: t.RString }, ItemIdNotFound: { id: t.u64 } }, { repr: 'u8' }), ErrorStorage, ErrorInterface)
    const f = bindAll(path, shopStateApi(Cmd, Err))
    const g = bindAll(path, shopStateApi(Cmd, Opaque))
    const shop = f.sh_shop_new()
    try {
      expect(f.sh_shop_run(shop, { tag: 'RemoveItem', id: 1n, count: 2 })).toEqual({ ok: false, error: { tag: 'InvalidCommand', cmd: { tag: 'RemoveItem', id: 1n, count: 2 } } })
      const r = g.sh_shop_run(shop, { tag: 'RemoveItem', id: 3n, count: 4 }) as { ok: false; error: UnknownVariant }
      expect(r.error.variant).toBe('InvalidCommand')
      expect(String(r.error)).toBe('invalid command: RemoveItem { id: 3, count: 4 }')
      expect(r.error.debug()).toBe('InvalidCommand { cmd: RemoveItem { id: 3, count: 4 } }')
      const copy = r.error.clone()
      expect(copy.equals(r.error)).toBe(true)
      copy.drop()
      r.error.drop()
      expect(f.sh_errors_live()).toBe(0n)
    } finally {
      f.sh_shop_free(shop)
    }
  })
})

describe('the host NonExhaustive vtable: what it refuses', () => {
  it('Display without a template per variant, traits it cannot serve, fields it cannot read', () => {
    const NoTemplates = t.NonExhaustive(CommandV2, CommandStorage, CommandInterface)
    expect(() => encode(NoTemplates, { tag: 'DeleteItem', id: 1n })).toThrow(UnsupportedError)
    expect(() => encode(NoTemplates, { tag: 'DeleteItem', id: 1n })).toThrow(/needs a template for each variant \(options\.display\.CreateItem/)
    const Hashed = t.NonExhaustive(CommandV2, CommandStorage, { Debug: true, Hash: true })
    expect(() => encode(Hashed, { tag: 'DeleteItem', id: 1n })).toThrow(/also declares Hash, which only the plugin's vtable can serve/)
    const Boxed = t.NonExhaustive(t.enum('Job', { Run: { payload: t.RBox(t.u32) } }, { repr: 'u8' }), CommandStorage, { Debug: true })
    expect(() => encode(Boxed, { tag: 'Run', payload: 1 })).toThrow(/Job_NE::Run\.payload: .*this field is a RBox/)
    const BadTemplate = t.NonExhaustive(CommandV2, CommandStorage, { Display: true }, { display: { ...CommandDisplay, AddItem: 'add {amount}' } })
    expect(() => encode(BadTemplate, { tag: 'DeleteItem', id: 1n })).toThrow(/names \{amount\}, which is not one of its fields/)
  })
})
