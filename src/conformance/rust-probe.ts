// Turns case graphs into one Rust program (real repr(C) structs, unions and enums)
// whose constants hold size_of, align_of and offset_of for every query, and prints them.
import type { ArrayDesc, Desc, EnumDesc, FnDesc, Member, PrefixDesc, PtrDesc, RefDesc, StructDesc, TransparentDesc, UnionDesc } from '../abi/index.ts'
import type { ProbeSource } from './c-probe.ts'
import { prefixIds, type CaseGraph, type TypeNode } from './graph.ts'
import type { Query } from './queries.ts'

const RUST_KEYWORDS = new Set(
  ('as async await break const continue crate dyn else enum extern false fn for if impl in let loop match mod move mut pub ref ' +
    'return self Self static struct super trait true type unsafe use where while abstract become box do final gen macro override ' +
    'priv try typeof unsized virtual yield union').split(' '),
)
const UNRAWABLE = new Set(['self', 'Self', 'super', 'crate', '_'])

/** A field name as Rust spells it: tuple fields by index, keywords as raw identifiers. */
export function rustField(name: string): string {
  if (/^[0-9]+$/.test(name)) return name
  if (UNRAWABLE.has(name)) throw new Error(`field name ${name} cannot be spelled in Rust`)
  return RUST_KEYWORDS.has(name) ? `r#${name}` : name
}

/** Queries Rust can answer: all but the enum tag's offset and size (Rust has no way to name the tag). */
export const rustAnswers = (q: Query): boolean => q.q !== 'tagOffset' && q.q !== 'tagSize'

const DERIVE = '#[derive(Clone, Copy)]'

/** Why Rust cannot declare a case's types, or undefined when it can. */
export function rustUnsupported(g: CaseGraph): string | undefined {
  for (const { desc } of g.nodes) {
    if (desc.kind !== 'enum') continue
    const e = desc as EnumDesc
    if (e.repr === 'C' && e.variants.some((v) => v.members.length > 0) && e.variants.some((v, i) => v.discriminant !== BigInt(i))) {
      return `${e.name}: a repr(C) enum with data variants cannot have explicit discriminants in Rust (E0732; use repr(C, i32))`
    }
  }
  return undefined
}

class RustCase {
  constructor(readonly g: CaseGraph) {}

  type(d: Desc): string {
    const node = this.g.node(d)
    if (node.desc.kind === 'prim') return node.desc.name
    return node.desc.kind === 'prefix' ? prefixIds(node).ref : node.id
  }

  private body(members: readonly Member[], tuple: boolean, lead: string[] = []): string {
    if (tuple && lead.length === 0) return `(${members.map((m) => this.type(m.type)).join(', ')});`
    return ` { ${[...lead, ...members.map((m) => `${rustField(m.name)}: ${this.type(m.type)}`)].join(', ')} }`
  }

  declare(node: TypeNode): string {
    const d = node.desc
    const id = node.id
    switch (d.kind) {
      case 'prim':
        return ''
      case 'zst':
        return `type ${id} = ${d.name === '()' ? '()' : 'core::marker::PhantomData<u8>'};\n`
      case 'ptr':
      case 'ref': {
        const p = d as PtrDesc | RefDesc
        const target = p.target && !node.opaque ? this.type(p.target) : 'core::ffi::c_void'
        return `type ${id} = *${p.mutable ? 'mut' : 'const'} ${target};\n`
      }
      case 'fn': {
        // Option<fn> has the layout of the bare pointer and allows the null the C side may hold.
        const f = d as FnDesc
        if (node.opaque) return `type ${id} = Option<extern "C" fn()>;\n`
        const ret = f.ret.kind === 'zst' && f.ret.name === '()' ? '' : ` -> ${this.type(f.ret)}`
        return `type ${id} = Option<extern "C" fn(${f.args.map((a) => this.type(a)).join(', ')})${ret}>;\n`
      }
      case 'array': {
        const a = d as ArrayDesc
        return `type ${id} = [${this.type(a.element)}; ${a.length}];\n`
      }
      case 'struct': {
        const s = d as StructDesc
        return `#[repr(C)] ${DERIVE} struct ${id}${this.body(s.members, s.tuple)}\n`
      }
      case 'union':
        return `#[repr(C)] ${DERIVE} union ${id}${this.body((d as UnionDesc).members, false)}\n`
      case 'transparent': {
        const t = d as TransparentDesc
        return `#[repr(transparent)] ${DERIVE} struct ${id}(${[t.inner, ...t.markers].map((x) => this.type(x)).join(', ')});\n`
      }
      case 'enum':
        return this.declareEnum(d as EnumDesc, id)
      case 'prefix': {
        const { wm, ref } = prefixIds(node)
        return (
          `#[repr(C)] ${DERIVE} struct ${id}${this.body((d as PrefixDesc).members, false, ['_align: [usize; 0]'])}\n` +
          `#[repr(C)] ${DERIVE} struct ${wm} { field_accessibility: u64, type_layout: *const u8, value: ${id} }\n` +
          `type ${ref} = *const ${wm};\n`
        )
      }
      default:
        throw new Error(`${this.g.case.name}: no Rust mirror for kind ${d.kind}`)
    }
  }

  private declareEnum(e: EnumDesc, id: string): string {
    const fieldless = e.variants.every((v) => v.members.length === 0)
    // Rust rejects repr(C, Int) on a fieldless enum (conflicting_repr_hints, rust#68585); its
    // RFC 2195 layout (the tag and an empty union) is that of repr(Int), so say that instead.
    const repr = !e.repr.startsWith('C,') ? e.repr : fieldless ? e.repr.slice(2) : `C, ${e.repr.slice(2)}`
    // A plain repr(C) enum with data may not spell discriminants out (E0732); rustUnsupported
    // has already set aside the ones whose discriminants are not the default 0, 1, 2...
    const spell = !(e.repr === 'C' && !fieldless)
    const variants = e.variants.map((v) => {
      const fields = v.members.length === 0 ? '' : this.body(v.members, v.tuple).replace(/;$/, '')
      return `  ${v.name}${fields}${spell ? ` = ${v.discriminant}` : ''},\n`
    })
    return `#[repr(${repr})] ${DERIVE} enum ${id} {\n${variants.join('')}}\n`
  }

  expr(query: Query): string {
    const node = query.node
    const T = this.type(node.desc)
    switch (query.q) {
      case 'size':
        return `size_of::<${T}>()`
      case 'align':
        return `align_of::<${T}>()`
      case 'field':
        return `offset_of!(${T}, ${rustField(query.member.name)})`
      case 'variantField':
        return `offset_of!(${T}, ${query.variant.name}.${rustField(query.member.name)})`
      case 'valueOffset':
        return `offset_of!(${prefixIds(node).wm}, value)`
      case 'blockSize':
        return `size_of::<${prefixIds(node).wm}>()`
      case 'blockAlign':
        return `align_of::<${prefixIds(node).wm}>()`
      case 'valueSize':
        return `size_of::<${node.id}>()`
      case 'valueAlign':
        return `align_of::<${node.id}>()`
      case 'prefixField':
        return `offset_of!(${prefixIds(node).wm}, value.${rustField(query.member.name)})`
      default:
        throw new Error(`Rust cannot answer ${query.q}`)
    }
  }
}

/**
 * One Rust program for all cases; only the queries `rustAnswers` accepts are kept, and
 * cases Rust cannot declare (see rustUnsupported) have none.
 */
export function rustProbe(graphs: readonly CaseGraph[], allQueries: readonly (readonly Query[])[]): ProbeSource {
  const decls: string[] = []
  const consts: string[] = []
  const skipped = graphs.map(rustUnsupported)
  const queries = allQueries.map((qs, i) => (skipped[i] ? [] : qs.filter(rustAnswers)))
  graphs.forEach((g, i) => {
    const r = new RustCase(g)
    if (!skipped[i]) decls.push(`// case ${i}: ${g.case.name}\n`, ...g.nodes.map((n) => r.declare(n)))
    consts.push(`const V${i}: &[usize] = &[${queries[i].map((q) => r.expr(q)).join(', ')}];\n`)
  })
  const source =
    `// Generated by src/conformance/rust-probe.ts: layout probes.\n` +
    `// offset_of! on enum variant fields is still unstable in rustc 1.95 (offset_of_enum); the\n` +
    `// runner sets RUSTC_BOOTSTRAP=1 for this one program instead of reading offsets at run time.\n` +
    `#![feature(offset_of_enum)]\n` +
    `// repr_c_enums_larger_than_int: rustc 1.95 warns (rust#124403) on repr(C, i64) enums whose\n` +
    `// discriminants exceed C int, though the tag is explicitly i64; the layout is still RFC 2195's.\n` +
    `#![allow(dead_code, non_camel_case_types, non_snake_case, improper_ctypes_definitions, repr_c_enums_larger_than_int)]\n` +
    `use core::mem::{align_of, offset_of, size_of};\n\n` +
    decls.join('') +
    '\n' +
    consts.join('') +
    `const ALL: &[&[usize]] = &[${graphs.map((_, i) => `V${i}`).join(', ')}];\n\n` +
    `fn main() {\n  use std::io::Write;\n  let mut out = String::new();\n` +
    `  for case in ALL {\n    for v in case.iter() {\n      out.push_str(&v.to_string());\n      out.push('\\n');\n    }\n  }\n` +
    `  std::io::stdout().write_all(out.as_bytes()).unwrap();\n}\n`
  return { source, queries, skipped }
}
