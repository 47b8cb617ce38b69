// Turns case graphs into one C program that computes every query with sizeof,
// _Alignof and offsetof, keeps the numbers in a named section and prints them.
import type { ArrayDesc, Desc, EnumDesc, FnDesc, Member, PrefixDesc, PtrDesc, RefDesc, StructDesc, TransparentDesc, UnionDesc } from '../abi/index.ts'
import { tagIntOf } from '../abi/kinds/enum.ts'
import { prefixIds, type CaseGraph, type TypeNode } from './graph.ts'
import type { Query } from './queries.ts'

/** Name of the section holding `[count, value...]` as uint64, read back when the program cannot run. */
export const C_SECTION = 'conformance_data'

const C_PRIMS: Record<string, string> = {
  u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
  i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
  usize: 'size_t', isize: 'intptr_t', f32: 'float', f64: 'double', bool: 'bool',
}

const C_KEYWORDS = new Set(
  ('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict ' +
    'return short signed sizeof static struct switch typedef union unsigned void volatile while bool true false asm typeof ' +
    '_Alignas _Alignof _Atomic _Bool _Complex _Generic _Imaginary _Noreturn _Static_assert _Thread_local').split(' '),
)

/** A field name as C can spell it: tuple fields `0` become `_0`, keywords get a trailing `_`. */
export function cField(name: string): string {
  if (/^[0-9]/.test(name)) return `_${name}`
  return C_KEYWORDS.has(name) ? `${name}_` : name
}

const isVoidUnit = (d: Desc): boolean => d.kind === 'zst' && d.name === '()'

/** The C spelling of one case's types and queries. */
export class CCase {
  constructor(readonly g: CaseGraph) {}

  type(d: Desc): string {
    const node = this.g.node(d)
    if (node.desc.kind === 'prim') return C_PRIMS[node.desc.name]
    return node.desc.kind === 'prefix' ? prefixIds(node).ref : node.id
  }

  private fields(members: readonly Member[], indent: string): string {
    return members.map((m) => `${indent}${this.type(m.type)} ${cField(m.name)};\n`).join('')
  }

  /** The declaration(s) of one node, or '' for primitives. */
  declare(node: TypeNode): string {
    const d = node.desc
    const id = node.id
    switch (d.kind) {
      case 'prim':
        return ''
      case 'zst':
        return `typedef struct {} ${id};\n` // GNU C: an empty struct has size 0
      case 'ptr':
      case 'ref': {
        const p = d as PtrDesc | RefDesc
        const target = p.target && !node.opaque ? this.type(p.target) : 'void'
        return `typedef ${p.mutable ? '' : 'const '}${target} *${id};\n`
      }
      case 'fn': {
        const f = d as FnDesc
        if (node.opaque) return `typedef void (*${id})(void);\n`
        let ret0 = this.g.node(f.ret).desc
        while (ret0.kind === 'transparent') ret0 = this.g.node((ret0 as TransparentDesc).inner).desc
        if (ret0.kind === 'array') throw new Error(`${this.g.case.name}: ${f.name} returns an array, which C cannot express`)
        const ret = isVoidUnit(f.ret) ? 'void' : this.type(f.ret)
        const args = f.args.length ? f.args.map((a) => this.type(a)).join(', ') : 'void'
        return `typedef ${ret} (*${id})(${args});\n`
      }
      case 'array': {
        const a = d as ArrayDesc
        return `typedef ${this.type(a.element)} ${id}[${a.length}];\n` // length 0: GNU zero-length array
      }
      case 'struct':
        return `typedef struct ${id} {\n${this.fields((d as StructDesc).members, '  ')}} ${id};\n`
      case 'union':
        return `typedef union ${id} {\n${this.fields((d as UnionDesc).members, '  ')}} ${id};\n`
      case 'transparent':
        return `typedef ${this.type((d as TransparentDesc).inner)} ${id};\n`
      case 'enum':
        return this.declareEnum(d as EnumDesc, id)
      case 'prefix': {
        const { wm, ref } = prefixIds(node)
        return (
          `typedef struct ${id} {\n  size_t _align[0];\n${this.fields((d as PrefixDesc).members, '  ')}} ${id};\n` +
          `typedef struct ${wm} {\n  uint64_t field_accessibility;\n  const void *type_layout;\n  ${id} value;\n} ${wm};\n` +
          `typedef const ${wm} *${ref};\n`
        )
      }
      default:
        throw new Error(`${this.g.case.name}: no C mirror for kind ${d.kind}`)
    }
  }

  private declareEnum(e: EnumDesc, id: string): string {
    const tagInt = tagIntOf(e.repr)
    if (e.repr === 'C' || e.repr.startsWith('C,')) {
      // RFC 2195 repr(C) / repr(C, Int): the tag, then a union of the variants' field structs.
      const tag = e.repr === 'C' ? 'int' : C_PRIMS[tagInt]
      const arms = e.variants.map((v) => `    struct {\n${this.fields(v.members, '      ')}    } v_${v.name};\n`).join('')
      return `typedef struct ${id} {\n  ${tag} tag;\n  union {\n${arms}  } payload;\n} ${id};\n`
    }
    // RFC 2195 repr(Int): a union of structs that each start with the tag.
    const arms = e.variants.map((v) => `  struct {\n    ${C_PRIMS[tagInt]} tag;\n${this.fields(v.members, '    ')}  } v_${v.name};\n`).join('')
    return `typedef union ${id} {\n${arms}} ${id};\n`
  }

  /** The C expression answering a query. */
  expr(query: Query): string {
    const node = query.node
    const T = this.type(node.desc)
    switch (query.q) {
      case 'size':
        return `sizeof(${T})`
      case 'align':
        return `_Alignof(${T})`
      case 'field':
        return `offsetof(${T}, ${cField(query.member.name)})`
      case 'variantField': {
        const arm = (node.desc as EnumDesc).repr.startsWith('C') ? `payload.v_${query.variant.name}` : `v_${query.variant.name}`
        return `offsetof(${T}, ${arm}.${cField(query.member.name)})`
      }
      case 'tagOffset':
      case 'tagSize': {
        const e = node.desc as EnumDesc
        const tag = e.repr.startsWith('C') ? 'tag' : `v_${e.variants[0].name}.tag`
        return query.q === 'tagOffset' ? `offsetof(${T}, ${tag})` : `sizeof(((${T} *)0)->${tag})`
      }
      case 'valueOffset':
        return `offsetof(${prefixIds(node).wm}, value)`
      case 'blockSize':
        return `sizeof(${prefixIds(node).wm})`
      case 'blockAlign':
        return `_Alignof(${prefixIds(node).wm})`
      case 'valueSize':
        return `sizeof(${node.id})`
      case 'valueAlign':
        return `_Alignof(${node.id})`
      case 'prefixField':
        return `offsetof(${prefixIds(node).wm}, value.${cField(query.member.name)})`
    }
  }
}

export interface ProbeSource {
  readonly source: string
  /** The queries the program answers, per case, in the order it prints them. */
  readonly queries: readonly (readonly Query[])[]
  /** Per case, why the program leaves it out (undefined when it is in). */
  readonly skipped?: readonly (string | undefined)[]
}

/** One C program for all cases. */
export function cProbe(graphs: readonly CaseGraph[], queries: readonly (readonly Query[])[]): ProbeSource {
  const decls: string[] = []
  const values: string[] = []
  let total = 0
  graphs.forEach((g, i) => {
    const c = new CCase(g)
    decls.push(`/* case ${i}: ${g.case.name.replace(/\*\//g, '* /')} */\n`, ...g.nodes.map((n) => c.declare(n)))
    values.push(`  /* case ${i} */\n`, ...queries[i].map((q) => `  ${c.expr(q)},\n`))
    total += queries[i].length
  })
  const source =
    `/* Generated by src/conformance/c-probe.ts: layout probes. GNU C (empty structs, zero-length arrays). */\n` +
    `#include <stdint.h>\n#include <stddef.h>\n#include <stdbool.h>\n#include <stdio.h>\n\n` +
    decls.join('') +
    `\n__attribute__((used, section("${C_SECTION}")))\nconst uint64_t conformance_values[] = {\n  ${total},\n${values.join('')}};\n\n` +
    `int main(void) {\n  size_t n = sizeof conformance_values / sizeof conformance_values[0];\n` +
    `  for (size_t i = 1; i < n; i++) printf("%llu\\n", (unsigned long long)conformance_values[i]);\n  return 0;\n}\n`
  return { source, queries }
}
