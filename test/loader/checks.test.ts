// The pieces of the checks on their own: the version rule, the layout strings' parser and first
// difference, the header declarations against abi_stable's measured layouts, and the TypeLayout
// reader on a library that carries one.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import { ConnectorMod } from '../../examples/connector/interface.ts'
import { LayoutMismatchError, firstLayoutDifference, loadLibrary, layoutOf, layoutString, parseVersion, readAt, t, versionIncompatibility } from '../../src/index.ts'
import { LibHeader, ROOT_MODULE_LOADER_SYMBOL, RootModuleConsts, AbiHeader, LateStaticRef } from '../../src/loader/header.ts'
import { checkFieldSizes } from '../../src/loader/layout-check.ts'
import { parseLayout } from '../../src/loader/layout-tree.ts'
import { RootModuleResult } from '../../src/loader/root-module.ts'
import { readModuleHeaderLayout, readRootModuleTypeLayout } from '../../src/loader/type-layout.ts'
import { plugins } from './plugins.ts'

describe('version rule', () => {
  it('parses as abi_stable does', () => {
    expect(parseVersion('0.1.0')).toEqual({ major: 0, minor: 1, patch: 0 })
    expect(parseVersion('1.2')).toEqual({ major: 1, minor: 2, patch: 0 })
    expect(parseVersion('1.2.3-beta.4')).toEqual({ major: 1, minor: 2, patch: 3 })
    expect(parseVersion('1.2.rc7')).toEqual({ major: 1, minor: 2, patch: 7 })
    for (const bad of ['', '1', 'x.1.0', '1.x.0', 'v1.0.0']) expect(parseVersion(bad)).toBeUndefined()
  })
  it.each([
    ['0.1.0', '0.1.0', true],
    ['0.1.0', '0.1.5', true],
    ['0.1.7', '0.1.0', true],
    ['0.1.0', '0.2.0', false],
    ['0.2.0', '0.1.0', false],
    ['0.1.0', '1.0.0', false],
    ['1.0.0', '1.9.3', true],
    ['1.4.0', '1.0.0', true],
    ['1.0.0', '2.0.0', false],
  ])('host %s, library %s: %s', (host, library, ok) => {
    expect(versionIncompatibility(parseVersion(host)!, parseVersion(library)!) === undefined).toBe(ok)
  })
})

describe('layout strings', () => {
  const s = layoutString(ConnectorMod)

  it('parse back into the declared tree', () => {
    const tree = parseLayout(s)
    expect([tree.kind, tree.name, tree.prefixLen]).toEqual(['prefix', 'ConnectorMod', 2])
    expect(tree.children.map((c) => c.label)).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'])
    const odd = t.struct('W', {
      a: t.struct('Tuple2<u8, u64>', [t.u8, t.ptr(t.struct('Q<u8, u16>', { a: t.u8 }))]),
      b: t.array(t.fn([t.ref(t.u8)], t.unit), 3),
      c: t.enum('E', { A: null, B: [t.i8] }, { repr: 'C', discriminants: { A: -2 } }),
      d: t.transparent('T', t.u32, [t.phantom()]),
      e: t.union('U', { x: t.f32, y: t.u32 }),
    })
    expect(parseLayout(layoutString(odd)).text).toBe(layoutString(odd))
  })

  it('name the first difference by its path', () => {
    expect(firstLayoutDifference(s, s)).toBeUndefined()
    expect(firstLayoutDifference(s, s.replace('RSlice<i64>', 'RSlice<u64>'))).toEqual({ path: 'ConnectorMod.sum.args[0]<0>', expected: 'i64', found: 'u64' })
    expect(firstLayoutDifference(s, s.replace('String=5{0:RString}', 'String=5{0:RStr}'))).toEqual({
      path: 'ConnectorMod.from_config.args[1]<0>::String.0',
      expected: 'RString',
      found: 'RStr',
    })
    expect(firstLayoutDifference(s, s.replace(',RString>,echo:', ',u32>,echo:'))?.path).toBe('ConnectorMod.from_config.returns<1>')
    expect(firstLayoutDifference(s, s.replace('on_event:fn(*mut c_void,RStr)', 'on_event:fn(*const c_void,RStr)'))?.path).toMatch(/^ConnectorMod\.from_config\.returns<0>.*on_event/)
    expect(firstLayoutDifference(s, s.replace('Bool=1', 'Bool=9'))).toMatchObject({ path: 'ConnectorMod.from_config.args[1]<0>::Bool', expected: 'Bool=1{0:bool}' })
    expect(firstLayoutDifference(s, s.replace('repr(u8)', 'repr(u32)'))?.path).toBe('ConnectorMod.from_config.args[1]<0>')
    expect(firstLayoutDifference(s, s.replace('echo:', 'ekko:'))).toMatchObject({ path: 'ConnectorMod.echo', expected: 'field 2 echo: fn(RString)->RString' })
    expect(firstLayoutDifference(s, s.replace('prefix_len=2', 'prefix_len=1'))?.expected).toBe('2 prefix fields (up to from_config)')
  })

  it('let a prefix type have more fields, or fewer past its prefix, but not fewer in it', () => {
    expect(firstLayoutDifference(s, s.replace(/}$/, ',extra:fn()->()}'))).toBeUndefined()
    expect(firstLayoutDifference(s, s.replace(',word_count:fn(RStr)->RHashMap<RString,u32>', ''))).toBeUndefined()
    const onlyFirst = s.slice(0, s.indexOf(',from_config')) + '}'
    expect(firstLayoutDifference(s, onlyFirst)).toMatchObject({ path: 'ConnectorMod.from_config', found: 'no such field (the module ends after 1 fields)' })
  })

  it('report text that is not a layout string', () => {
    expect(firstLayoutDifference(s, 'garbage{')?.found).toMatch(/not a layout string/)
    expect(firstLayoutDifference(s, s.slice(0, 50))?.found).toMatch(/not a layout string/)
  })

  it('parse for every kind a root module can hold: std types, trait objects, opaque handles, futures, senders', () => {
    const Tick = t.trait('Tick', { at: t.method([], t.u64) })
    const Every = t.prefixModule('Every', {
      std: t.fn([t.RVec(t.Tuple3(t.RStr, t.RCowStr, t.RDuration)), t.RBox(t.ROption(t.u8))], t.RResult(t.RHashMap(t.RString, t.Value), t.RString)),
      object: t.fn([t.ref(Tick), t.refMut(Tick)], Tick),
      opaque: t.fn([t.opaque('Bag')], t.unit),
      future: t.fn([t.FfiFuture(t.RString), t.LocalBorrowingFfiFuture(t.u64)], t.FfiFuture(t.FfiPoll(t.u32))),
      sender: t.fn([t.EventSender], t.unit),
    })
    const text = layoutString(Every)
    expect(parseLayout(text).children.map((c) => c.label)).toEqual(['std', 'object', 'opaque', 'future', 'sender'])
    expect(firstLayoutDifference(text, text)).toBeUndefined()
    expect(firstLayoutDifference(text, text.replace('channel:*mut c_void', 'channel:*const c_void'))?.path).toBe('Every.sender.args[0].channel')
  })
})

describe('header declarations', () => {
  interface Measured { name: string; size: number; fields?: { name: string; offset: number }[] }
  const file = fileURLToPath(new URL('../fixtures/abi_stable-0.11.3-layouts.json', import.meta.url))
  const measured: Measured[] = JSON.parse(readFileSync(file, 'utf8')).types
  const find = (name: string) => measured.find((m) => m.name === name)!

  it.each([
    ['AbiHeader', AbiHeader],
    ['RootModuleConsts', RootModuleConsts],
    ['LibHeader', LibHeader],
    ['LateStaticRef<PrefixRef<ErasedPrefix>>', LateStaticRef],
  ] as const)('%s matches abi_stable 0.11.3 as measured', (name, desc) => {
    const m = find(name)
    const l = layoutOf(desc)
    expect(l.size).toBe(m.size)
    for (const f of m.fields ?? []) if (l.fields![f.name] !== undefined) expect([f.name, l.fields![f.name]]).toEqual([f.name, f.offset])
  })

  it('RootModuleResult is 40 bytes with the module at 8 and the error at 8 (its RBoxError at 16)', () => {
    const l = layoutOf(RootModuleResult)
    expect(l.size).toBe(find('RootModuleResult').size)
    expect(l.variants).toMatchObject({ ROk: { 0: 8 }, RErr: { 0: 8 } })
  })
})

describe('reading a TypeLayout', () => {
  it("gives the root module's names, prefix, mask and field types", () => {
    const file = plugins().rust.connector_abi_stable_shaped
    const header = koffi.load(file).symbol(ROOT_MODULE_LOADER_SYMBOL) as bigint
    const consts = readAt(LibHeader, header).root_mod_consts
    expect(consts.layout.tag).toBe('Yes')
    const info = readRootModuleTypeLayout(consts.layout.tag === 'Yes' ? consts.layout[0] : 0n)
    expect(info.typeName).toBe('ConnectorMod')
    expect(info.packageAndVersion).toBe('connector_interface;0.1.0')
    expect(info.firstSuffixField).toBe(2)
    expect(info.conditionalPrefixFields).toBe(0n)
    expect(info.accessibleFields).toBe(0x1fn)
    expect(info.fields.map((f) => [f.name, f.isFunction, f.type?.name, f.type?.size])).toEqual(
      ['connector_type', 'from_config', 'echo', 'sum', 'word_count'].map((n) => [n, true, 'AFunctionPointer', 8]),
    )
  })

  it("reads the module's own header the same way (names, prefix; no types, no mask)", () => {
    const lib = loadLibrary(plugins().rust.connector_no_layout_constant, ConnectorMod, { version: '0.1.0' })
    const info = readModuleHeaderLayout(lib.module.$address)!
    expect([info.typeName, info.firstSuffixField]).toEqual(['ConnectorMod', 2])
    expect(info.fields).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'].map((name) => ({ name, isFunction: true })))
  })

  it('the sizes check compares each common field', () => {
    const M = t.prefixModule('M', { id: t.u32, name: t.RStr }, { lastPrefixField: 'name' })
    const info = (size: number) => ({
      typeName: 'M',
      packageAndVersion: 'm;0.1.0',
      firstSuffixField: 2,
      conditionalPrefixFields: 0n,
      fields: [
        { name: 'id', isFunction: false, type: { name: 'u32', size: 4, align: 4 } },
        { name: 'name', isFunction: false, type: { name: 'RStr', size, align: 8 } },
      ],
    })
    expect(() => checkFieldSizes('lib.so', M, info(16))).not.toThrow()
    const e = (() => {
      try {
        checkFieldSizes('lib.so', M, info(8))
      } catch (err) {
        return err as LayoutMismatchError
      }
    })()
    expect(e).toBeInstanceOf(LayoutMismatchError)
    expect([e!.fieldPath, e!.expected, e!.found]).toEqual(['M.name', 'RStr (16 bytes, align 8)', 'RStr (8 bytes, align 8)'])
  })
})
