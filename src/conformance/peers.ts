// Other JS FFI libraries' idea of the same layouts (koffi, ref-struct-di), built by hand
// from the descriptors of plain C structs and arrays and compared with gcc's numbers.
import { createRequire } from 'node:module'
import type { ArrayDesc, Desc, PrimDesc, StructDesc } from '../abi/index.ts'
import { cField } from './c-probe.ts'
import type { CaseGraph } from './graph.ts'
import { labelOf, type Query } from './queries.ts'

export interface PeerFinding {
  readonly peer: string
  readonly case: string
  readonly label: string
  /** The peer's number, or the message it threw while building the type. */
  readonly peerValue: number | string
  readonly gcc?: number
}

export interface PeerReport {
  readonly peer: string
  /** Why the peer did not run, when it did not. */
  readonly skipped?: string
  readonly cases: number
  readonly checked: number
  readonly findings: PeerFinding[]
}

const PLAIN = new Set(['prim', 'ptr', 'ref', 'fn', 'struct', 'array'])

/** Whether a case is plain C both peers can express: no zero-sized types, zero-length arrays, unions, enums or prefix types. */
export function isPlainC(g: CaseGraph): boolean {
  return g.nodes.every(({ desc: d }) => {
    if (!PLAIN.has(d.kind)) return false
    if (d.kind === 'struct') return (d as StructDesc).members.length > 0
    if (d.kind === 'array') return (d as ArrayDesc).length > 0
    return true
  })
}

/** A peer's view of one case: size/align of some of its types and offsets of struct fields. */
interface PeerLayouts {
  size(d: Desc): number | undefined
  align(d: Desc): number | undefined
  offset(d: Desc, field: string): number | undefined
}

type Builder = (g: CaseGraph) => PeerLayouts

const require = createRequire(import.meta.url)

const KOFFI_PRIMS: Record<string, string> = {
  u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t', i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
  usize: 'size_t', isize: 'intptr_t', f32: 'float', f64: 'double', bool: 'bool',
}

function koffiBuilder(): Builder {
  const koffi = require('koffi') as typeof import('koffi')
  return (g) => {
    const types = new Map<Desc, string | import('koffi').TypeObject>()
    for (const { desc: d } of g.nodes) {
      const of = (x: Desc) => types.get(g.node(x).desc)!
      if (d.kind === 'prim') types.set(d, KOFFI_PRIMS[(d as PrimDesc).name])
      else if (d.kind === 'array') types.set(d, koffi.array(of((d as ArrayDesc).element), (d as ArrayDesc).length))
      else if (d.kind === 'struct') types.set(d, koffi.struct(Object.fromEntries((d as StructDesc).members.map((m) => [cField(m.name), of(m.type)]))))
      else types.set(d, 'void *')
    }
    return {
      size: (d) => koffi.sizeof(types.get(d)!),
      align: (d) => koffi.alignof(types.get(d)!),
      offset: (d, field) => koffi.offsetof(types.get(d)!, cField(field)),
    }
  }
}

interface RefType {
  size: number
  alignment?: number
  indirection: number
}
interface RefStructType extends RefType {
  defineProperty(name: string, type: RefType): void
  fields: Record<string, { offset: number }>
}

const REF_PRIMS: Record<string, string> = {
  u8: 'uint8', u16: 'uint16', u32: 'uint32', u64: 'uint64', i8: 'int8', i16: 'int16', i32: 'int32', i64: 'int64',
  usize: 'size_t', isize: 'long', f32: 'float', f64: 'double', bool: 'bool',
}

function refStructBuilder(): Builder {
  const ref = require('@2060.io/ref-napi') as { types: Record<string, RefType>; refType(t: RefType): RefType }
  const StructType = (require('ref-struct-di') as (ref: unknown) => () => RefStructType)(ref)
  return (g) => {
    const types = new Map<Desc, RefType>()
    for (const { desc: d } of g.nodes) {
      const of = (x: Desc) => types.get(g.node(x).desc)!
      if (d.kind === 'prim') types.set(d, ref.types[REF_PRIMS[(d as PrimDesc).name]])
      else if (d.kind === 'array') {
        // Shaped as ref-array-di's fixed-length array type (which ref-struct-di special-cases);
        // ref-array-di itself is not a dependency, so only struct layouts are compared for this peer.
        const a = d as ArrayDesc
        const element = of(a.element)
        const pointer = element.indirection !== 1 // ref-napi pointer types carry no size; they take a pointer's
        const [size, alignment] = pointer ? [8, 8] : [element.size, element.alignment]
        types.set(d, { size: size * a.length, alignment, indirection: 1, fixedLength: a.length, type: element, get() {}, set() {} } as RefType)
      } else if (d.kind === 'struct') {
        const S = StructType()
        for (const m of (d as StructDesc).members) S.defineProperty(cField(m.name), of(m.type))
        types.set(d, S)
      } else types.set(d, ref.refType(ref.types.void))
    }
    const struct = (d: Desc) => (d.kind === 'struct' ? (types.get(d) as RefStructType) : undefined)
    return {
      size: (d) => struct(d)?.size,
      align: (d) => struct(d)?.alignment,
      offset: (d, field) => struct(d)?.fields[cField(field)]?.offset,
    }
  }
}

const PEERS: [string, () => Builder][] = [
  ['koffi', koffiBuilder],
  ['ref-struct-di', refStructBuilder],
]

/** Runs every peer over the plain-C cases and lists where it disagrees with gcc (`gcc` maps each query to gcc's number). */
export function runPeers(graphs: readonly CaseGraph[], queries: readonly (readonly Query[])[], gcc: ReadonlyMap<Query, number>): PeerReport[] {
  const plain = graphs.map((g, i) => [g, queries[i]] as const).filter(([g]) => isPlainC(g))
  return PEERS.map(([peer, load]): PeerReport => {
    let build: Builder
    try {
      build = load()
    } catch (e) {
      return { peer, skipped: `cannot load it: ${(e as Error).message.split('\n')[0]}`, cases: 0, checked: 0, findings: [] }
    }
    const findings: PeerFinding[] = []
    let checked = 0
    for (const [g, qs] of plain) {
      let layouts: PeerLayouts
      try {
        layouts = build(g)
      } catch (e) {
        findings.push({ peer, case: g.case.name, label: `${g.root.desc.name}`, peerValue: `threw: ${(e as Error).message.split('\n')[0]}` })
        continue
      }
      for (const q of qs) {
        const d = q.node.desc
        if (d.kind !== 'struct' && d.kind !== 'array') continue
        let value: number | undefined
        try {
          value = q.q === 'size' ? layouts.size(d) : q.q === 'align' ? layouts.align(d) : q.q === 'field' ? layouts.offset(d, q.member.name) : undefined
        } catch (e) {
          findings.push({ peer, case: g.case.name, label: labelOf(q), peerValue: `threw: ${(e as Error).message.split('\n')[0]}`, gcc: gcc.get(q) })
          continue
        }
        const theirs = gcc.get(q)
        if (value === undefined || theirs === undefined) continue
        checked++
        if (value !== theirs) findings.push({ peer, case: g.case.name, label: labelOf(q), peerValue: value, gcc: theirs })
      }
    }
    return { peer, cases: plain.length, checked, findings }
  })
}
