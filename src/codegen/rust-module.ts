// `abi-stable rust`: a Rust module for plugins built with the dependency-free mirror crate
// (plugins-rust/abi_stable_mirror), generated from the host's declarations. Std types are the
// mirror's own (RString, ROption<Value>, ...); traits become `sabi_trait!` declarations; the
// user's types are written out `#[repr(C)]`, with compile-time asserts of the sizes the host
// computes, and a root module gets its layout string and an `export_…!` macro around the
// mirror's `export_root_module!`. Include it with `include!` or `#[macro_use] mod`.
import {
  alignOf,
  layoutFingerprint,
  layoutOf,
  layoutString,
  models,
  resolveLazy,
  sizeOf,
  type ArrayDesc,
  type CustomDesc,
  type Desc,
  type EnumDesc,
  type FnDesc,
  type Member,
  type PrefixDesc,
  type PtrDesc,
  type RefDesc,
  type StructDesc,
  type TransparentDesc,
  type UnionDesc,
} from '../abi/index.ts'
import { prefixStructName } from '../abi/kinds/prefix.ts'
import { rustField } from '../conformance/rust-probe.ts'
import { cIdent, type CodegenInput } from './common.ts'
import { CodegenError } from './errors.ts'
import { stdTypeOf } from './std.ts'
import type { PointerKind, TraitInfo } from '../trait/index.ts'
import { RDuration } from '../types/index.ts'

const M = 'abi_stable_mirror'
const x64 = models.x86_64
/** Where a type is spelled: inside a fn pointer's signature (lifetimes elided) or elsewhere ('static). */
type Place = 'sig' | 'own'
const lifetime = (place: Place): string => (place === 'sig' ? "'_" : "'static")
const isUnit = (d: Desc): boolean => d.kind === 'zst' && d.name === '()'
const ALLOW = '#[allow(dead_code, non_camel_case_types, non_snake_case)]'
/** The const the generated module's layouts name as their `item_info.package_and_version`. */
const PACKAGE = 'ABI_STABLE_INTERFACE_PACKAGE'

/** `ConnectorMod` -> `connector_mod`. */
export const snakeCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()

class RustModule {
  private readonly names = new Map<Desc, string>()
  private readonly taken = new Set<string>()
  private readonly items: string[] = []
  /** Each trait's sabi_trait! item: its slot in `items`, filled by renderTraits. */
  private readonly traitItems = new Map<string, { slot: number; object: string; autoTraits: TraitInfo['autoTraits']; pointers: Set<PointerKind>; methods: string; supertraits: string }>()
  private readonly asserts: string[] = []
  /** While set, \`type()\` spells every fn pointer as the placeholder \`extern "C" fn()\` (layout entries). */
  private placeholderFns = false

  constructor(private readonly input: CodegenInput) {}

  type(d: Desc, place: Place, where: string): string {
    d = resolveLazy(d)
    switch (d.kind) {
      case 'prim':
        return d.name
      case 'zst':
        return isUnit(d) ? '()' : 'core::marker::PhantomData<()>'
      case 'ptr': {
        const p = d as PtrDesc
        return `*${p.mutable ? 'mut' : 'const'} ${p.target ? this.type(p.target, place, where) : 'core::ffi::c_void'}`
      }
      case 'ref': {
        const r = d as RefDesc
        return `&${place === 'sig' ? '' : "'static "}${r.mutable ? 'mut ' : ''}${this.type(r.target, place, where)}`
      }
      case 'fn': {
        const f = d as FnDesc
        if (this.placeholderFns) return 'extern "C" fn()'
        const args = f.args.map((a, i) => this.type(a, 'sig', `${where} argument ${i}`)).join(', ')
        // A return borrows from nothing the signature names: 'static (an elided one would not compile).
        return `extern "C" fn(${args})${isUnit(f.ret) ? '' : ` -> ${this.type(f.ret, 'own', `${where} return`)}`}`
      }
      case 'array': {
        const a = d as ArrayDesc
        return `[${this.type(a.element, place, where)}; ${a.length}]`
      }
      case 'custom':
        return this.custom(d as CustomDesc, place, where)
      case 'prefix':
        // A prefix type is used through a pointer to its header; only a root is declared bare.
        return `${M}::prefix::PrefixRef<${this.named(d, where)}>`
      default:
        return d === RDuration ? `${M}::RDuration` : this.named(d, where)
    }
  }

  private custom(d: CustomDesc, place: Place, where: string): string {
    const std = stdTypeOf(d)
    const arg = (i: number) => this.type(std.args[i], place, `${where} > ${d.name}`)
    switch (std.std) {
      case 'RString':
      case 'Value':
      case 'RDuration':
      case 'RCmpOrdering':
      // RBoxError_<M> under its three aliases (SyncSend, UnsyncSend, UnsyncUnsend markers).
      case 'RBoxError':
      case 'SendRBoxError':
      case 'UnsyncRBoxError':
        return `${M}::${std.std}`
      case 'RStr':
        return `${M}::RStr<${lifetime(place)}>`
      case 'RSlice':
      case 'RSliceMut':
        return `${M}::${std.std}<${lifetime(place)}, ${arg(0)}>`
      case 'RVec':
      case 'ROption':
      case 'RBox':
      case 'RArc':
        return `${M}::${std.std}<${arg(0)}>`
      case 'RResult':
      case 'RHashMap':
      case 'RCow':
        return `${M}::${std.std}<${arg(0)}, ${arg(1)}>`
      case 'FfiFuture':
      case 'LocalFfiFuture':
        return `${M}::async_ffi::${std.std}<${arg(0)}>`
      case 'BorrowingFfiFuture':
      case 'LocalBorrowingFfiFuture':
        return `${M}::async_ffi::${std.std}<${lifetime(place)}, ${arg(0)}>`
      case 'EventSender':
        return `${M}::async_ffi::EventSender`
      case 'RSender':
      case 'RReceiver':
        return `${M}::external_types::crossbeam_channel::${std.std}<${arg(0)}>`
      case 'trait':
        return this.trait(std.trait, d, place, where)
      case 'opaque':
        throw new CodegenError(`${where || d.name}: t.opaque('${std.opaqueName}') is the plugin's own type behind an RBox; declare that field as RBox<YourType> by hand`)
    }
  }

  private claim(d: Desc, wanted: string): string {
    let name = wanted
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`
    this.taken.add(name)
    this.names.set(d, name)
    return name
  }

  /**
   * A trait object type: the trait's `sabi_trait!` item is emitted once per trait name, with the
   * RArc/RMut/RRef object types (`pointers = (..)`) when any declaration uses them, and the
   * declared auto traits as supertraits (they become the objects' RequiredTraits).
   */
  private trait(t: TraitInfo, d: Desc, place: Place, where: string): string {
    let entry = this.traitItems.get(t.name)
    if (!entry) {
      const object = this.claim(d, `${t.name}_TO`)
      const methods = t.names.map((m) => {
        const md = t.methods[m]
        const args = md.args.map((a, i) => `, a${i}: ${this.type(a, 'sig', `${t.name}.${m} argument ${i}`)}`).join('')
        const ret = isUnit(md.ret) ? '' : ` -> ${this.type(md.ret, 'own', `${t.name}.${m} return`)}`
        return `        fn ${rustField(m)}(${md.byValue ? '' : md.mutable ? '&mut ' : '&'}self${args})${ret};\n`
      })
      const autos = [t.autoTraits.send && 'Send', t.autoTraits.sync && 'Sync'].filter(Boolean)
      const slot = this.items.push('') - 1
      entry = { slot, object, autoTraits: t.autoTraits, pointers: new Set(), methods: methods.join(''), supertraits: autos.length ? `: ${autos.join(' + ')}` : '' }
      this.traitItems.set(t.name, entry)
    } else if (entry.autoTraits.send !== t.autoTraits.send || entry.autoTraits.sync !== t.autoTraits.sync) {
      throw new CodegenError(`${where || t.name}: trait ${t.name} is declared with different send/sync options; a trait's objects have one set of auto traits`)
    }
    entry.pointers.add(t.pointer)
    const lt = lifetime(place)
    switch (t.pointer) {
      case 'RBox':
        return entry.object
      case 'RArc':
        return `${t.name}Arc_TO`
      case 'RMut':
        return `${t.name}Mut_TO<${lt}>`
      case 'RRef':
        return `${t.name}Ref_TO<${lt}>`
    }
  }

  /** The `sabi_trait!` items, now that every pointer kind each trait is used with is known. */
  private renderTraits(): void {
    for (const [name, e] of this.traitItems) {
      const pointers = [...e.pointers].some((p) => p !== 'RBox') ? `, pointers = (${name}Arc_TO, ${name}Mut_TO, ${name}Ref_TO)` : ''
      this.items[e.slot] =
        `${M}::sabi_trait! {\n    /// \`${e.object}\` is this trait's object (\`${e.object}::from_value(x)\` for any \`T: ${name}\`).\n    #[allow(dead_code)]\n` +
        `    pub trait ${name}${e.supertraits} [object = ${e.object}, vtable = ${name}VTable, package = ${PACKAGE}${pointers}] {\n${e.methods}    }\n}\n`
    }
  }

  private fields(owner: string, ms: readonly Member[], tuple: boolean, indent: string): string {
    if (tuple) return ms.map((m) => `pub ${this.type(m.type, 'own', `${owner}.${m.name}`)}`).join(', ')
    return ms.map((m) => `${indent}pub ${rustField(m.name)}: ${this.type(m.type, 'own', `${owner}.${m.name}`)},\n`).join('')
  }


  /** A type as a layout entry: fn pointers become the placeholder, lifetimes as `place` spells them. */
  private entry(d: Desc, place: Place, where: string): string {
    const was = this.placeholderFns
    this.placeholderFns = true
    try {
      return this.type(d, place, where)
    } finally {
      this.placeholderFns = was
    }
  }

  /** One field of `impl_stable_abi!`: a bare fn pointer carries its signature (reference 5.3.4). */
  private layoutField(name: string, t: Desc, accessor: number, where: string): string {
    const d = resolveLazy(t)
    if (d.kind === 'fn') {
      const f = d as FnDesc
      const params = f.args.map((a, i) => this.entry(a, 'sig', `${where} argument ${i}`)).join(', ')
      const ret = isUnit(f.ret) ? '' : this.entry(f.ret, 'own', `${where} return`)
      return `        { ${JSON.stringify(name)}, ${accessor}, true, [extern "C" fn()], [{ [${params}], [${ret}], Unnamed, false }] },\n`
    }
    // A field that merely contains fn pointers (an ROption of one, say): each, in syntactic order,
    // is the next function of the field (reference 5.3.4, step 5); user types carry their own.
    const fns = this.containedFns(d).map((f, i) => {
      const params = f.args.map((a, j) => this.entry(a, 'sig', `${where} fn ${i} argument ${j}`)).join(', ')
      const ret = isUnit(f.ret) ? '' : this.entry(f.ret, 'own', `${where} fn ${i} return`)
      return `{ [${params}], [${ret}], Unnamed, false }`
    })
    return `        { ${JSON.stringify(name)}, ${accessor}, false, [${this.entry(d, 'own', where)}], [${fns.join(', ')}] },\n`
  }

  /** The fn pointers inside \`d\`'s own spelling (std type arguments, pointers, arrays, tuples), outermost first. */
  private containedFns(t: Desc): FnDesc[] {
    const d = resolveLazy(t)
    switch (d.kind) {
      case 'fn':
        return [d as FnDesc]
      case 'ptr':
        return (d as PtrDesc).target ? this.containedFns((d as PtrDesc).target!) : []
      case 'ref':
        return this.containedFns((d as RefDesc).target)
      case 'array':
        return this.containedFns((d as ArrayDesc).element)
      case 'custom': {
        const std = stdTypeOf(d as CustomDesc)
        return std.std === 'trait' || std.std === 'opaque' ? [] : std.args.flatMap((a) => this.containedFns(a))
      }
      case 'struct': {
        const tuple = /^Tuple([1-4])</.exec(d.name)
        const s = d as StructDesc
        return tuple && s.tuple && s.members.length === Number(tuple[1]) ? s.members.flatMap((m) => this.containedFns(m.type)) : []
      }
      default:
        return []
    }
  }

  /** `impl_stable_abi!` for a user type: its TypeLayout as `#[derive(StableAbi)]` writes it. */
  private layoutImpl(name: string, data: string, repr: string, fields: string[]): void {
    this.items.push(
      `${M}::impl_stable_abi! {\n    type: ${name},\n    name: ${JSON.stringify(name)},\n` +
        `    package: ${PACKAGE},\n    mod_path: concat!(module_path!(), "\\0"),\n` +
        `    data: ${data},\n    repr: ${M}::stable_abi::repr::${repr},\n    nonzero: false,\n    fields: [${fields.length ? `\n${fields.join('')}    ` : ''}],\n}\n`,
    )
  }

  private assertLayout(name: string, d: Desc): void {
    this.asserts.push(`    assert!(size_of::<${name}>() == ${sizeOf(d, x64)} && align_of::<${name}>() == ${alignOf(d, x64)});\n`)
  }

  private named(d: Desc, where: string): string {
    const known = this.names.get(d)
    if (known) return known
    // The mirror's tuples are generic structs of its own.
    const tuple = /^Tuple([1-4])</.exec(d.name)
    if (d.kind === 'struct' && tuple && (d as StructDesc).tuple && (d as StructDesc).members.length === Number(tuple[1])) {
      const s = d as StructDesc
      return `${M}::Tuple${tuple[1]}<${s.members.map((m) => this.type(m.type, 'own', where)).join(', ')}>`
    }
    const base = d.kind === 'prefix' ? prefixStructName(d as PrefixDesc) : d.name
    const name = this.claim(d, /^[A-Za-z_][A-Za-z0-9_]*$/.test(base) ? base : cIdent(base))
    const owner = where ? `${where} > ${name}` : name
    switch (d.kind) {
      case 'struct': {
        const s = d as StructDesc
        const body = s.tuple ? `(${this.fields(name, s.members, true, '')});` : s.members.length ? ` {\n${this.fields(name, s.members, false, '    ')}}` : ' {}'
        this.items.push(`${ALLOW}\n#[repr(C)]\npub struct ${name}${body}\n`)
        this.layoutImpl(name, 'struct', 'C', s.members.map((m, i) => this.layoutField(s.tuple ? `field_${i}` : m.name, m.type, 0, `${name}.${m.name}`)))
        this.assertLayout(name, d)
        break
      }
      case 'union': {
        // Union fields must not need dropping: ManuallyDrop has the field's layout exactly.
        const u = d as UnionDesc
        const fields = u.members.map((m) => `    pub ${rustField(m.name)}: core::mem::ManuallyDrop<${this.type(m.type, 'own', `${name}.${m.name}`)}>,\n`)
        this.items.push(`${ALLOW}\n#[repr(C)]\npub union ${name} {\n${fields.join('')}}\n`)
        this.layoutImpl(name, 'union', 'C', u.members.map((m) => this.layoutField(m.name, m.type, 0, `${name}.${m.name}`)))
        this.assertLayout(name, d)
        break
      }
      case 'transparent': {
        const t = d as TransparentDesc
        this.items.push(`${ALLOW}\n#[repr(transparent)]\npub struct ${name}(${[t.inner, ...t.markers].map((x) => `pub ${this.type(x, 'own', owner)}`).join(', ')});\n`)
        this.layoutImpl(name, 'struct', 'TRANSPARENT', [t.inner, ...t.markers].map((x, i) => this.layoutField(`field_${i}`, x, 0, owner)))
        break
      }
      case 'enum':
        this.items.push(this.enumItem(d as EnumDesc, name))
        this.enumLayout(d as EnumDesc, name)
        this.assertLayout(name, d)
        break
      case 'prefix': {
        const p = d as PrefixDesc
        this.items.push(this.prefixItem(p, name, owner))
        const mask = p.members.length >= 64 ? 'u64::MAX' : `0x${((1n << BigInt(p.members.length)) - 1n).toString(16)}`
        // Size and alignment cover only the fields up to the last prefix field (reference 10, item 2).
        this.layoutImpl(name, `prefix(${p.lastPrefixIndex + 1}, ${mask}, [${p.members.map((m) => rustField(m.name)).join(', ')}])`, 'C', p.members.map((m) => this.layoutField(m.name, m.type, 1, `${owner}.${m.name}`)))
        break
      }
      default:
        throw new CodegenError(`${owner}: no Rust spelling for a ${d.kind}`)
    }
    return name
  }

  private enumItem(e: EnumDesc, name: string): string {
    const fieldless = e.variants.every((v) => v.members.length === 0)
    // repr(C, Int) on a fieldless enum is rejected by rustc; its layout is repr(Int)'s.
    const repr = !e.repr.startsWith('C,') ? e.repr : fieldless ? e.repr.slice(2) : `C, ${e.repr.slice(2)}`
    const spell = !(e.repr === 'C' && !fieldless)
    if (!spell && e.variants.some((v, i) => v.discriminant !== BigInt(i))) {
      throw new CodegenError(`${e.name}: a repr(C) enum with data cannot have explicit discriminants in Rust (E0732); declare it repr('C,i32')`)
    }
    const variants = e.variants.map((v) => {
      const tuple = v.tuple || v.members.length === 0
      const body = v.members.length === 0 ? '' : tuple ? `(${v.members.map((m) => this.type(m.type, 'own', `${name}::${v.name}`)).join(', ')})` : ` { ${v.members.map((m) => `${rustField(m.name)}: ${this.type(m.type, 'own', `${name}::${v.name}`)}`).join(', ')} }`
      return `    ${v.name}${body}${spell ? ` = ${v.discriminant}` : ''},\n`
    })
    return `${ALLOW}\n#[repr(${repr})]\npub enum ${name} {\n${variants.join('')}}\n`
  }

  /** The enum's layout: variant names first, then every variant's fields flattened. */
  private enumLayout(e: EnumDesc, name: string): void {
    const int = /(u8|i8|u16|i16|u32|i32|u64|i64)$/.exec(e.repr)?.[1]
    const code = int ? int.toUpperCase() : 'DISC_ISIZE'
    const elem = int ?? 'isize'
    const repr = !int ? 'C' : e.repr.startsWith('C,') ? `c_and_int(${M}::stable_abi::repr::${code})` : `int(${M}::stable_abi::repr::${code})`
    const names = e.variants.map((v) => `${v.name};`).join('')
    const counts = e.variants.map((v) => v.members.length).join(', ')
    const discs = e.variants.map((v) => String(v.discriminant)).join(', ')
    const fields = e.variants.flatMap((v) => v.members.map((m, i) => this.layoutField(v.tuple || /^\d+$/.test(m.name) ? `field_${i}` : m.name, m.type, 0, `${name}::${v.name}`)))
    this.layoutImpl(name, `enum(${JSON.stringify(names)}, &[${counts}], ${M}::stable_abi::repr::${code}, ${elem}, [${discs}])`, repr, fields)
  }

  private prefixItem(p: PrefixDesc, name: string, owner: string): string {
    const maxAlign = Math.max(1, ...p.members.map((m) => alignOf(m.type, x64)))
    const align = maxAlign < x64.pointerSize ? '#[cfg_attr(target_pointer_width = "64", repr(align(8)))]\n#[cfg_attr(target_pointer_width = "32", repr(align(4)))]\n' : ''
    const fields = p.members.map((m, i) => {
      const note = i === p.lastPrefixIndex ? ' // last prefix field' : ''
      return `    pub ${rustField(m.name)}: ${this.type(m.type, 'own', `${owner}.${m.name}`)},${note}\n`
    })
    const l = layoutOf(p, x64).prefix!
    this.asserts.push(`    assert!(size_of::<${name}>() == ${l.valueSize} && align_of::<${name}>() == ${l.valueAlign});\n`)
    return `/// A prefix type: fields after the last prefix field may be absent in libraries built before them.\n${ALLOW}\n#[repr(C)]\n${align}pub struct ${name} {\n${fields.join('')}}\n`
  }

  private rootItems(p: PrefixDesc): string {
    const name = this.names.get(p)!
    const version = this.input.version
    const consts =
      `${ALLOW}\nimpl ${name} {\n` +
      `    /// \`layoutString(${name})\`: the host compares it with its declaration when it loads the library.\n` +
      `    pub const LAYOUT: &'static str = ${JSON.stringify(layoutString(p))};\n` +
      `    pub const FINGERPRINT: u64 = 0x${layoutFingerprint(p)};\n` +
      (version ? `    pub const VERSION: &'static str = ${JSON.stringify(version)};\n` : '') +
      `}\n`
    if (!version || p.lastPrefixIndex < 0) return consts
    const fields = p.members.map((m) => {
      const t = resolveLazy(m.type)
      if (t.kind !== 'fn') return `${rustField(m.name)}: data(${this.entry(t, 'own', m.name)})`
      const f = t as FnDesc
      const params = f.args.map((a, i) => this.entry(a, 'sig', `${m.name} argument ${i}`)).join(', ')
      return `${rustField(m.name)}: fn(${params})${isUnit(f.ret) ? '' : ` -> ${this.entry(f.ret, 'own', `${m.name} return`)}`}`
    })
    const macro = `export_${snakeCase(name)}`
    return (
      consts +
      `\n/// Exports \`${name}\` as the library's root module, as abi_stable's \`#[export_root_module]\` does, with\n` +
      `/// the host's layout string: \`${macro}!(base_name: "…", name: "…", package: "…", constructor: path)\`,\n` +
      `/// where the constructor returns \`Result<${name}, RBoxError>\`; invoke it where this module's items are in\n` +
      `/// scope (in the module, or after \`use <module>::*\`).\n` +
      `#[allow(unused_macros)]\nmacro_rules! ${macro} {\n` +
      `    (base_name: $base_name:literal, name: $name:literal, package: $package:literal, constructor: $constructor:path $(,)?) => {\n` +
      `        ${M}::export_root_module! {\n` +
      `            module: ${name},\n            base_name: $base_name,\n            name: $name,\n            version: ${JSON.stringify(version)},\n` +
      `            package: $package,\n            last_prefix_field: ${rustField(p.members[p.lastPrefixIndex].name)},\n` +
      `            fields: [\n${fields.map((f) => `                ${f},\n`).join('')}            ],\n            constructor: $constructor,\n            node_layout: ${name}::LAYOUT,\n        }\n    };\n}\n`
    )
  }

  render(): string {
    const roots = this.input.roots.map((r) => resolveLazy(r))
    for (const r of roots) r.kind === 'prefix' ? this.named(r, '') : this.type(r, 'own', '')
    const rootPrefixes = roots.filter((r): r is PrefixDesc => r.kind === 'prefix')
    const rootItems = rootPrefixes.map((p) => `\n${this.rootItems(p)}`).join('')
    this.renderTraits()
    return (
      `// Generated by \`abi-stable rust ${this.input.source}\` from the host's declarations: do not edit,\n` +
      `// regenerate. For a crate depending on abi_stable_mirror (plugins-rust/abi_stable_mirror).\n\n` +
      `/// \`item_info\` of this interface's types in their TypeLayouts (\`"package;version"\`): the crate that\n` +
      `/// includes this module, at the interface's version.\n#[allow(dead_code)]\n` +
      `const ${PACKAGE}: &str = concat!(env!("CARGO_PKG_NAME"), ";", ${this.input.version ? JSON.stringify(this.input.version) : 'env!("CARGO_PKG_VERSION")'});\n\n` +
      this.items.join('\n') +
      rootItems +
      (this.asserts.length
        ? `\n// Sizes and alignments the host computes for x86_64.\n#[cfg(all(target_arch = "x86_64", not(windows)))]\nconst _: () = {\n    use core::mem::{align_of, size_of};\n${this.asserts.join('')}};\n`
        : '')
    )
  }
}

/** The Rust module for the declarations of `input`. */
export function rustModule(input: CodegenInput): string {
  return new RustModule(input).render()
}
