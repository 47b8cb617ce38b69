// RBoxError in a function signature's TypeLayout: the Rust trait plugin's `ErrorsMod`
// (plugins-rust/trait-plugin/src/error_results.rs, built with the mirror crate) returns
// RResult<u16, RBoxError> / <.., SendRBoxError> / <.., UnsyncRBoxError>. The mirror emits abi_stable's
// `RBoxError_<M>` (reference 1.13, 11.E): the loader's signature check accepts the matching
// t.RBoxError / t.SendRBoxError / t.UnsyncRBoxError, and refuses another type or another marker
// at the error's path. A library has one root module (the trait plugin's is SignaturesMod), so this
// module's `PrefixRef<ErrorsMod>` layout comes from an exported function and goes through the
// check loadLibrary runs on `RootModuleConsts.layout`.
import koffi from 'koffi'
import { describe, expect, inject, it } from 'vitest'
import { BoxedError, bindFunction, parseVersion, t, type Desc, type PrefixDesc } from '../../src/index.ts'
import { checkRootSignatures, typeLayoutReader } from '../../src/loader/signature-check.ts'
import { declareFromTypeLayout } from '../../src/cli/declare.ts'
import { rErrorVTableDifferences } from '../../src/loader/rerror-vtable-check.ts'
import { throughPrefixRef, type TLNode } from '../../src/loader/tl-node.ts'

const plugin = (): string => {
  const path = inject('traitPlugins').Rust
  if (!path) throw new Error('the Rust trait plugin was not built')
  return path
}
const VERSION = parseVersion('0.1.0')!
const layout = (): bigint => BigInt(koffi.load(plugin()).func('tr_errors_mod_layout', 'uint64', [])() as number | bigint)

const members = {
  parse_port: t.fn([t.RStr], t.RResult(t.u16, t.RBoxError)),
  parse_port_send: t.fn([t.RStr], t.RResult(t.u16, t.SendRBoxError)),
  parse_port_unsync: t.fn([t.RStr], t.RResult(t.u16, t.UnsyncRBoxError)),
}
const module = (changes: Partial<Record<keyof typeof members, Desc>> = {}): PrefixDesc =>
  t.prefixModule('ErrorsMod', { ...members, ...changes }, { lastPrefixField: 'parse_port_unsync' })
const check = (Module: PrefixDesc) => checkRootSignatures(layout(), Module, VERSION)

describe('RResult<_, RBoxError> in a signature', () => {
  it('matches t.RBoxError, t.SendRBoxError and t.UnsyncRBoxError', () => {
    const r = check(module())
    expect(r.checked).toBe(true)
    expect(r.differences).toEqual([])
  })

  it('another error type (t.RString) is refused at the error, naming both sides', () => {
    const r = check(module({ parse_port: t.fn([t.RStr], t.RResult(t.u16, t.RString)) }))
    expect(r.differences).toEqual([{ path: 'ErrorsMod.parse_port.returns (RResult<u16, RBoxError_>)::RErr.field_0', expected: 'RString', found: 'RBoxError_' }])
  })

  it('another marker is refused at RBoxError_._sync_send', () => {
    const r = check(
      module({
        parse_port: t.fn([t.RStr], t.RResult(t.u16, t.UnsyncRBoxError)),
        parse_port_send: t.fn([t.RStr], t.RResult(t.u16, t.RBoxError)),
      }),
    )
    expect(r.differences).toEqual([
      { path: 'ErrorsMod.parse_port.returns (RResult<u16, RBoxError_>)::RErr.field_0 (RBoxError_)._sync_send', expected: 'PhantomData<UnsyncUnsend> (UnsyncRBoxError)', found: 'PhantomData<SyncSend>' },
      { path: 'ErrorsMod.parse_port_send.returns (RResult<u16, RBoxError_>)::RErr.field_0 (RBoxError_)._sync_send', expected: 'PhantomData<SyncSend> (RBoxError)', found: 'PhantomData<UnsyncSend>' },
    ])
  })

  it('the functions return the errors the check described', () => {
    const lib = koffi.load(plugin())
    for (const [name, err] of [['tr_errors_parse_port', t.RBoxError], ['tr_errors_parse_port_send', t.SendRBoxError], ['tr_errors_parse_port_unsync', t.UnsyncRBoxError]] as const) {
      const f = bindFunction(lib, name, t.fn([t.RStr], t.RResult(t.u16, err)))
      expect(f('8080')).toEqual({ ok: true, value: 8080 })
      const bad = f('80a') as { ok: false; error: BoxedError }
      expect(bad.ok).toBe(false)
      expect(bad.error).toBeInstanceOf(BoxedError)
      expect(bad.error.message).toBe('not a port: "80a"')
      expect(bad.error.debug).toBe('"not a port: \\"80a\\""')
    }
  })

  it('abi-stable declare names each RBoxError_ by its marker', () => {
    const { root } = declareFromTypeLayout(layout())
    expect(root.code).toContain('parse_port: t.fn([t.RStr], t.RResult(t.u16, t.RBoxError))')
    expect(root.code).toContain('parse_port_send: t.fn([t.RStr], t.RResult(t.u16, t.SendRBoxError))')
    expect(root.code).toContain('parse_port_unsync: t.fn([t.RStr], t.RResult(t.u16, t.UnsyncRBoxError))')
    expect(check(root.desc as PrefixDesc).differences).toEqual([])
  })

  describe("the error's RErrorVTable (described in full by the mirror)", () => {
    // RResult<u16, RBoxError>'s RErr payload, then its `vtable` field (RErrorVTable_Ref).
    const errorNode = (): TLNode => {
      const moduleNode = throughPrefixRef(typeLayoutReader().node(layout()))
      const result = moduleNode.fields[0].functions[0].returns!
      return result.enum!.variants.find((v) => v.name === 'RErr')!.fields[0].type
    }
    const vtableRef = () => errorNode().fields.find((f) => f.name === 'vtable')!.type

    it('is RErrorVTable_Ref → PrefixRef → RErrorVTable with the four slots and their signatures', () => {
      const ref = vtableRef()
      expect(ref.name).toBe('RErrorVTable_Ref')
      const vt = throughPrefixRef(ref.fields[0].type)
      expect([vt.name, vt.kind, vt.prefix?.firstSuffixField]).toEqual(['RErrorVTable', 'prefix', 4])
      const sig = (name: string) => {
        const fun = vt.fields.find((f) => f.name === name)!.functions[0]
        return `${fun.unsafe ? 'unsafe ' : ''}fn(${fun.params.map((p) => p.name).join(', ')}) -> ${fun.returns?.name}`
      }
      expect(vt.fields.map((f) => sig(f.name))).toEqual([
        'unsafe fn(RRef, FormattingMode, &mut) -> RResult',
        'unsafe fn(RRef, FormattingMode, &mut) -> RResult',
        'unsafe fn(RRef) -> ROption',
        'fn() -> UTypeId',
      ])
      const asDebugDisplay = vt.fields[2].functions[0].returns!
      expect(asDebugDisplay.enum!.variants[0].fields[0].type.fields.map((f) => f.name)).toEqual(['debug', 'display'])
      expect(vt.fields[3].functions[0].returns!.size).toBe(24)
      expect(rErrorVTableDifferences(ref, ' (RBoxError_)')).toEqual([])
    })

    it('another slot order, a missing signature, another return type or prefix length is reported at .vtable', () => {
      const ref = vtableRef()
      const vt = throughPrefixRef(ref.fields[0].type)
      // The same decoded layout with one thing changed, as a plugin built otherwise would have it.
      const withVTable = (changed: Partial<TLNode>): TLNode => {
        const prefixRef = { ...vt, ...changed } as TLNode
        return { ...ref, fields: [{ ...ref.fields[0], type: prefixRef }] }
      }
      const [debug, display, asDebugDisplay, typeId] = vt.fields
      const inside = ' (RBoxError_)'
      expect(rErrorVTableDifferences(withVTable({ fields: [display, debug, asDebugDisplay, typeId] }), inside)).toEqual([
        { path: ' (RBoxError_).vtable (RErrorVTable)', expected: 'fields debug, display, as_debug_display, type_id', found: 'fields display, debug, as_debug_display, type_id' },
      ])
      const noSignature = { ...typeId, functions: [] }
      const otherReturn = { ...asDebugDisplay, functions: [{ ...typeId.functions[0], params: asDebugDisplay.functions[0].params }] }
      expect(rErrorVTableDifferences(withVTable({ fields: [debug, display, otherReturn, noSignature], prefix: { ...vt.prefix!, firstSuffixField: 3 } }), inside)).toEqual([
        { path: ' (RBoxError_).vtable (RErrorVTable)', expected: '4 prefix fields (up to type_id)', found: '3' },
        { path: ' (RBoxError_).vtable.as_debug_display', expected: 'fn(RRef) -> ROption', found: 'fn(RRef) -> UTypeId' },
        { path: ' (RBoxError_).vtable.type_id', expected: 'fn() -> UTypeId', found: 'extern "C" fn with no recorded signature' },
      ])
    })
  })
})
