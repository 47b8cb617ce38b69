// The numbers a case checks (sizes, alignments, offsets), as language-neutral
// queries over its type nodes, and our own answer to each from the layout engine.
import { layoutOf, type DataModel, type Desc, type EnumDesc, type Layout, type Member, type PrefixDesc, type StructDesc, type UnionDesc, type Variant } from '../abi/index.ts'
import type { CaseGraph, TypeNode } from './graph.ts'

export type LayoutFn = (d: Desc, model: DataModel) => Layout

export type Query =
  | { readonly q: 'size' | 'align'; readonly node: TypeNode }
  /** Offset of a struct or union field (a union field is always at 0). */
  | { readonly q: 'field'; readonly node: TypeNode; readonly member: Member }
  /** Offset of a variant's field from the start of the enum. */
  | { readonly q: 'variantField'; readonly node: TypeNode; readonly variant: Variant; readonly member: Member }
  | { readonly q: 'tagOffset' | 'tagSize'; readonly node: TypeNode }
  /** Prefix types: the `WithMetadata` block and the value struct inside it. */
  | { readonly q: 'valueOffset' | 'blockSize' | 'blockAlign' | 'valueSize' | 'valueAlign'; readonly node: TypeNode }
  /** A prefix field's offset from the header start. */
  | { readonly q: 'prefixField'; readonly node: TypeNode; readonly member: Member }

/** Every query of a case: size and alignment of each type, then its inner offsets. */
export function queriesOf(g: CaseGraph): Query[] {
  const out: Query[] = []
  for (const node of g.nodes) {
    out.push({ q: 'size', node }, { q: 'align', node })
    const d = node.desc
    switch (d.kind) {
      case 'struct':
      case 'union':
        for (const member of (d as StructDesc | UnionDesc).members) out.push({ q: 'field', node, member })
        break
      case 'enum':
        out.push({ q: 'tagOffset', node }, { q: 'tagSize', node })
        for (const variant of (d as EnumDesc).variants) {
          for (const member of variant.members) out.push({ q: 'variantField', node, variant, member })
        }
        break
      case 'prefix':
        for (const q of ['valueOffset', 'blockSize', 'blockAlign', 'valueSize', 'valueAlign'] as const) out.push({ q, node })
        for (const member of (d as PrefixDesc).members) out.push({ q: 'prefixField', node, member })
        break
    }
  }
  return out
}

/** How a query is named in reports: `Point.x`, `size(Point)`, `Shape::Circle.r`, `WithMetadata<Foo>.value`. */
export function labelOf(query: Query): string {
  const name = query.node.desc.name
  const base = name.replace(/_Ref$/, '')
  switch (query.q) {
    case 'size':
    case 'align':
      return `${query.q}(${name})`
    case 'field':
      return `${name}.${query.member.name}`
    case 'variantField':
      return `${name}::${query.variant.name}.${query.member.name}`
    case 'tagOffset':
      return `${name}.tag offset`
    case 'tagSize':
      return `${name}.tag size`
    case 'valueOffset':
      return `WithMetadata<${base}>.value`
    case 'blockSize':
      return `size(WithMetadata<${base}>)`
    case 'blockAlign':
      return `align(WithMetadata<${base}>)`
    case 'valueSize':
      return `size(${base})`
    case 'valueAlign':
      return `align(${base})`
    case 'prefixField':
      return `WithMetadata<${base}>.value.${query.member.name}`
  }
}

/** Our answer to a query under a data model; undefined when the layout lacks the number. */
export function oursOf(query: Query, model: DataModel, layout: LayoutFn = layoutOf): number | undefined {
  const l = layout(query.node.desc, model)
  switch (query.q) {
    case 'size':
      return l.size
    case 'align':
      return l.align
    case 'field':
      // Layouts list struct field offsets; every union field starts at 0 by definition.
      return query.node.desc.kind === 'union' ? 0 : l.fields?.[query.member.name]
    case 'variantField':
      return l.variants?.[query.variant.name]?.[query.member.name]
    case 'tagOffset':
      return l.tag?.offset
    case 'tagSize':
      return l.tag?.size
    case 'prefixField':
      return l.prefix?.fields[query.member.name]
    default:
      return l.prefix?.[query.q]
  }
}
