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
import { checkRootSignatures } from '../../src/loader/signature-check.ts'
import { declareFromTypeLayout } from '../../src/cli/declare.ts'

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
})
