// DynTrait in a function signature's TypeLayout: the Rust erased plugin's `DynMod`
// (plugins-rust/erased-plugin/src/dyn_signatures.rs, built with the mirror crate) takes and returns
// Texts (RBox/RRef/RMut), Words (an iterator) and Shared (RArc). The mirror emits abi_stable's
// `DynTrait { object, vtable, extra_value, _marker, _marker2 }` with the interface's RequiredTraits
// in `extra_checks` (reference 11.D D.1): the loader compares the declared pointer, interface name
// and traits, and reports each mismatch at its path with the declaration to write.
// The C erased plugin exports no TypeLayouts (the C kit emits none for DynTrait), so only the Rust
// plugin is checked here.
import koffi from 'koffi'
import { describe, expect, inject, it } from 'vitest'
import { bindFunction, parseVersion, t, type Desc, type PrefixDesc } from '../../src/index.ts'
import { checkRootSignatures } from '../../src/loader/signature-check.ts'
import { declareFromTypeLayout } from '../../src/cli/declare.ts'
import { Shared, Text, TextInterface, TextMut, TextRef, Words, WordsInterface } from '../erased/api.ts'

const plugin = (): string => {
  const path = inject('erasedPlugins').Rust
  if (!path) throw new Error('the Rust erased plugin was not built')
  return path
}
const VERSION = parseVersion('0.1.0')!
const layoutOf = (fn: string): bigint => BigInt(koffi.load(plugin()).func(fn, 'uint64', [])() as number | bigint)

const members = {
  text_new: t.fn([t.RStr], Text),
  text_len: t.fn([TextRef], t.usize),
  text_push: t.fn([TextMut, t.RStr], t.unit),
  shared_text: t.fn([t.RStr], Shared),
}
const module = (changes: Partial<Record<keyof typeof members, Desc>> = {}): PrefixDesc =>
  t.prefixModule('DynMod', { ...members, ...changes }, { lastPrefixField: 'shared_text' })
const check = (Module: PrefixDesc) => checkRootSignatures(layoutOf('er_dyn_mod_layout'), Module, VERSION)
const iterModule = (words: Desc = t.fn([t.RStr], Words)) => t.prefixModule('DynIterMod', { words }, { lastPrefixField: 'words' })
const checkIter = (Module: PrefixDesc) => checkRootSignatures(layoutOf('er_dyn_iter_mod_layout'), Module, VERSION)

describe('DynTrait in a signature', () => {
  it('matches the declarations the erased tests use (pointers, interface names and traits)', () => {
    const r = check(module())
    expect(r.checked).toBe(true)
    expect(r.differences).toEqual([])
    expect(checkIter(iterModule()).differences).toEqual([])
  })

  it('declaring fewer regular traits than the plugin has passes (abi_stable: expected ⊆ found)', () => {
    const r = check(module({ text_new: t.fn([t.RStr], t.DynTrait('RBox', { name: 'TextInterface', Send: true, Sync: true, Display: true })) }))
    expect(r.differences).toEqual([])
  })

  it('another pointer is refused at .object, naming the pointer to declare', () => {
    const r = check(module({ text_len: t.fn([t.DynTrait('RMut', TextInterface)], t.usize) }))
    expect(r.differences).toEqual([
      { path: 'DynMod.text_len.args[0] (DynTrait).object', expected: "a DynTrait over RMut<()> (declared pointer: 'RMut')", found: "over RRef<()>: declare t.DynTrait('RRef', ..)" },
    ])
  })

  it('a RBox DynTrait declared over RArc is refused (the bytes differ in owner, not size)', () => {
    const r = check(module({ shared_text: t.fn([t.RStr], t.DynTrait('RBox', { name: 'SharedInterface', Send: true, Sync: true, Clone: true, Display: true, Debug: true })) }))
    expect(r.differences).toEqual([
      { path: 'DynMod.shared_text.returns (DynTrait).object', expected: "a DynTrait over RBox<()> (declared pointer: 'RBox')", found: "over RArc<()>: declare t.DynTrait('RArc', ..)" },
    ])
  })

  it('a trait the plugin does not implement is refused, with the declaration to write', () => {
    const r = check(module({ text_new: t.fn([t.RStr], t.DynTrait('RBox', { ...TextInterface, Default: true, IoWrite: true })) }))
    expect(r.differences).toEqual([
      {
        path: 'DynMod.text_new.returns (DynTrait) interface traits of TextInterface',
        expected: "Default + IoWrite among the plugin's traits",
        found:
          "Clone + Display + Debug + Serialize + PartialEq + Ord + PartialOrd + Hash (regular_traits 0x3fa): declare t.DynTrait('RBox', { name: 'TextInterface', Send: true, Sync: true, Clone: true, Display: true, Debug: true, Serialize: true, PartialEq: true, Ord: true, PartialOrd: true, Hash: true })",
      },
    ])
  })

  it('other auto traits are refused (abi_stable requires them equal)', () => {
    const r = checkIter(iterModule(t.fn([t.RStr], t.DynTrait('RBox', { ...WordsInterface, Sync: false }))))
    expect(r.differences).toEqual([
      {
        path: 'DynIterMod.words.returns (DynTrait) interface traits of WordsInterface',
        expected: 'auto traits Send (auto_traits 1), as declared',
        found: "Send + Sync (auto_traits 3): declare t.DynTrait('RBox', { name: 'WordsInterface', Send: true, Sync: true, Iterator: RString, DoubleEndedIterator: true })",
      },
    ])
  })

  it('another interface name is refused at ._marker; an unnamed interface is not compared by name', () => {
    const renamed = check(module({ text_push: t.fn([t.DynTrait('RMut', { ...TextInterface, name: 'TOState' }), t.RStr], t.unit) }))
    expect(renamed.differences).toEqual([{ path: 'DynMod.text_push.args[0] (DynTrait)._marker', expected: 'the interface TOState', found: "TextInterface: declare { name: 'TextInterface', .. }" }])
    const { name: _, ...unnamed } = TextInterface
    expect(check(module({ text_push: t.fn([t.DynTrait('RMut', unnamed), t.RStr], t.unit) })).differences).toEqual([])
  })

  it('another type where a DynTrait is declared is refused by name', () => {
    const r = check(module({ text_new: t.fn([t.RStr], t.RString) }))
    expect(r.differences).toEqual([{ path: 'DynMod.text_new.returns', expected: 'RString', found: 'DynTrait' }])
  })

  it('the module functions are the ones the layout describes, callable with the same declarations', () => {
    const lib = koffi.load(plugin())
    const newText = bindFunction(lib, 'er_text_new', members.text_new)
    const len = bindFunction(lib, 'er_text_len', members.text_len)
    const text = newText('hello')
    try {
      expect(len(text)).toBe(5n)
      expect(String(text)).toBe('hello')
    } finally {
      ;(text as unknown as { drop(): void }).drop()
    }
  })
})

describe('DynTrait extra_checks that are no RequiredTraits (hardening)', () => {
  const bad = (name: string) => t.DynTrait('RBox', { name, Send: true, Display: true })
  const BadMod = t.prefixModule('DynBadMod', { no_checks: t.fn([], bad('NoChecks')), wild_checks: t.fn([], bad('WildChecks')), garbled_checks: t.fn([], bad('GarbledChecks')) }, { lastPrefixField: 'garbled_checks' })

  it('NULL, wild and garbled extra_checks are typed differences, not crashes', () => {
    const r = checkRootSignatures(layoutOf('er_dyn_bad_mod_layout'), BadMod, VERSION)
    const byPath = Object.fromEntries(r.differences.map((d) => [d.path, d.found]))
    expect(Object.keys(byPath).sort()).toEqual([
      'DynBadMod.garbled_checks.returns (DynTrait) interface traits of GarbledChecks',
      'DynBadMod.no_checks.returns (DynTrait) interface traits of NoChecks',
      'DynBadMod.wild_checks.returns (DynTrait) interface traits of WildChecks',
    ])
    expect(byPath['DynBadMod.no_checks.returns (DynTrait) interface traits of NoChecks']).toMatch(/^no extra_checks \(abi_stable refuses a DynTrait without them\)/)
    expect(byPath['DynBadMod.wild_checks.returns (DynTrait) interface traits of WildChecks']).toMatch(/DynTrait's extra_checks \(0x18, 16 bytes\) is not in readable memory/)
    expect(byPath['DynBadMod.garbled_checks.returns (DynTrait) interface traits of GarbledChecks']).toMatch(/holds no RequiredTraits \(auto_traits 0xff00, regular_traits 0xffffffffffffffff/)
  })
})

describe('abi-stable declare', () => {
  it('names each DynTrait with its pointer, interface and traits, and the result checks clean', () => {
    const { root } = declareFromTypeLayout(layoutOf('er_dyn_mod_layout'))
    expect(root.code).toContain(
      "text_new: t.fn([t.RStr], t.DynTrait('RBox', { name: 'TextInterface', Send: true, Sync: true, Clone: true, Display: true, Debug: true, Serialize: true, PartialEq: true, Ord: true, PartialOrd: true, Hash: true }))",
    )
    expect(root.code).toContain("text_len: t.fn([t.DynTrait('RRef', { name: 'TextInterface',")
    expect(root.code).toContain("shared_text: t.fn([t.RStr], t.DynTrait('RArc', { name: 'SharedInterface', Send: true, Sync: true, Clone: true, Display: true, Debug: true }))")
    expect(check(root.desc as PrefixDesc).differences).toEqual([])
  })

  it('refuses an iterator whose item type the layout does not record, naming where and what to write', () => {
    expect(() => declareFromTypeLayout(layoutOf('er_dyn_iter_mod_layout'))).toThrow(
      "DynIterMod.words.returns (DynTrait): an Iterator whose item type its layout does not record (VTable_Ref is opaque); declare it by hand: t.DynTrait('RBox', { ..., Iterator: <item type> })",
    )
  })
})
