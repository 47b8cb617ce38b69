// Walks one case's descriptor tree into a list of distinct type nodes, dependencies
// first, each with an identifier that is valid and unique in the generated C and Rust.
import type { Desc, Member } from '../abi/index.ts'
import type { ArrayDesc, EnumDesc, FnDesc, PrefixDesc, PtrDesc, StructDesc, TransparentDesc, UnionDesc } from '../abi/index.ts'
import type { CustomDesc, LazyDesc, RefDesc } from '../abi/index.ts'

/** A named type to check: a descriptor that a test declares, at the top of the tree. */
export interface Case {
  readonly name: string
  readonly root: Desc
}

export interface TypeNode {
  readonly desc: Desc
  /** Identifier used for this type in both probe programs (`c12_Point`). */
  readonly id: string
  /** A pointer back into a type still being declared (recursion): probed as `void *` or `void (*)(void)`, same layout. */
  readonly opaque?: boolean
}

/** A prefix type's three native types: the value struct (the node's id), its `WithMetadata` block and the `_Ref` pointer. */
export const prefixIds = (node: TypeNode): { value: string; wm: string; ref: string } => {
  const [, ns, stem] = /^(c\d+_)(.*)$/.exec(node.id) as RegExpExecArray
  return { value: node.id, wm: `${ns}WM_${stem}`, ref: `${node.id}_Ref` }
}

export interface CaseGraph {
  readonly case: Case
  readonly index: number
  /** Every distinct type of the case, each after the types it uses; the root is last. */
  readonly nodes: readonly TypeNode[]
  readonly root: TypeNode
  node(d: Desc): TypeNode
}

/** What a descriptor stands for natively: lazy references resolved, custom types by their layout. */
export function canonical(d: Desc): Desc {
  for (;;) {
    if (d.kind === 'lazy') d = (d as LazyDesc).resolve()
    else if (d.kind === 'custom') d = (d as CustomDesc).repr
    else return d
  }
}

/** The types a type is made of (by value or behind a pointer), in declaration order. */
export function childrenOf(d: Desc): Desc[] {
  switch (d.kind) {
    case 'struct':
    case 'union':
    case 'prefix':
      return (d as StructDesc | UnionDesc | PrefixDesc).members.map((m: Member) => m.type)
    case 'array':
      return [(d as ArrayDesc).element]
    case 'enum':
      return (d as EnumDesc).variants.flatMap((v) => v.members.map((m) => m.type))
    case 'transparent':
      return [(d as TransparentDesc).inner, ...(d as TransparentDesc).markers]
    case 'ptr': {
      const target = (d as PtrDesc).target
      return target ? [target] : []
    }
    case 'ref':
      return [(d as RefDesc).target]
    case 'fn':
      return [...(d as FnDesc).args, (d as FnDesc).ret]
    default:
      return []
  }
}

const baseName = (d: Desc): string => (d.kind === 'prefix' ? d.name.replace(/_Ref$/, '') : d.name)
const NAMED = new Set(['struct', 'union', 'enum', 'transparent', 'prefix'])
const ABBREV: Record<string, string> = { prim: 'p', zst: 'z', ptr: 'ptr', ref: 'ref', fn: 'fn', array: 'arr' }

export function buildGraph(c: Case, index: number): CaseGraph {
  const ids = new Map<Desc, TypeNode>()
  const used = new Set<string>()
  const nodes: TypeNode[] = []
  const visiting = new Set<Desc>()
  let anon = 0

  const identify = (d: Desc): string => {
    const stem = NAMED.has(d.kind) ? baseName(d).replace(/[^A-Za-z0-9_]/g, '_') : `${ABBREV[d.kind] ?? d.kind}${anon++}`
    // A prefix type also takes the names of its header block and its `_Ref` pointer.
    const taken = (id: string): string[] => (d.kind === 'prefix' ? Object.values(prefixIds({ desc: d, id })) : [id])
    let id = `c${index}_${stem}`
    for (let n = 2; taken(id).some((x) => used.has(x)); n++) id = `c${index}_${stem}_${n}`
    for (const x of taken(id)) used.add(x)
    return id
  }

  const visit = (raw: Desc, path: string): TypeNode => {
    const d = canonical(raw)
    const known = ids.get(d)
    if (known) return known
    if (visiting.has(d)) throw new Error(`${c.name}: ${path} holds ${d.name} inside itself by value`)
    visiting.add(d)
    let opaque = false
    for (const child of childrenOf(d)) {
      // Recursion is only possible behind a pointer; that pointer's target (or signature) is left opaque.
      if ((d.kind === 'ptr' || d.kind === 'ref' || d.kind === 'fn') && visiting.has(canonical(child))) opaque = true
      else visit(child, `${path} > ${child.name}`)
    }
    visiting.delete(d)
    const node: TypeNode = opaque ? { desc: d, id: identify(d), opaque } : { desc: d, id: identify(d) }
    ids.set(d, node)
    nodes.push(node)
    return node
  }

  const root = visit(c.root, c.root.name)
  return {
    case: c,
    index,
    nodes,
    root,
    node(d: Desc): TypeNode {
      const n = ids.get(canonical(d))
      if (!n) throw new Error(`${c.name}: ${d.name} is not part of the case`)
      return n
    },
  }
}
