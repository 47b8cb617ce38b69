// The canonical layout string of a descriptor: the whole type written out in one
// line, with every repr, field name and type, and no offsets (those follow from the
// rules and the data model). Two declarations have the same layout on every target
// exactly when their strings are equal, which is what layout checks compare.
import type { Desc, Member } from './descriptor.ts'
import type { ArrayDesc } from './kinds/array.ts'
import type { EnumDesc } from './kinds/enum.ts'
import type { FnDesc, PtrDesc } from './kinds/pointer.ts'
import { prefixStructName, type PrefixDesc } from './kinds/prefix.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { RefDesc } from './kinds/ref.ts'

const cache = new WeakMap<Desc, string>()

export function layoutString(d: Desc): string {
  let s = cache.get(d)
  if (s === undefined) {
    s = build(d)
    cache.set(d, s)
  }
  return s
}

const fields = (ms: readonly Member[]): string => `{${ms.map((m) => `${m.name}:${layoutString(m.type)}`).join(',')}}`

function build(d: Desc): string {
  switch (d.kind) {
    case 'prim':
    case 'zst':
      return d.name
    case 'ptr': {
      // Pointees are named, not expanded: a pointer's layout does not depend on them, and types may be recursive.
      const p = d as PtrDesc
      return `*${p.mutable ? 'mut' : 'const'} ${p.target ? p.target.name : 'c_void'}`
    }
    case 'fn': {
      const f = d as FnDesc
      return `fn(${f.args.map(layoutString).join(',')})->${layoutString(f.ret)}`
    }
    case 'ref': {
      const r = d as RefDesc
      return `&${r.mutable ? 'mut ' : ''}${layoutString(r.target)}`
    }
    case 'custom':
      return (d as CustomDesc).layoutText()
    case 'lazy':
      // Named, not expanded: lazy references exist to make recursive types possible.
      return d.name
    case 'struct':
      return `struct ${d.name}${fields((d as StructDesc).members)}`
    case 'array':
      return `[${layoutString((d as ArrayDesc).element)};${(d as ArrayDesc).length}]`
    case 'union':
      return `union ${d.name}${fields((d as UnionDesc).members)}`
    case 'transparent': {
      const t = d as TransparentDesc
      return `transparent ${d.name}(${[t.inner, ...t.markers].map(layoutString).join(',')})`
    }
    case 'enum': {
      const e = d as EnumDesc
      const vs = e.variants.map((v) => `${v.name}=${v.discriminant}${v.members.length ? fields(v.members) : ''}`)
      return `enum ${d.name} repr(${e.repr}){${vs.join(',')}}`
    }
    case 'prefix': {
      const p = d as PrefixDesc
      return `prefix ${prefixStructName(p)} prefix_len=${p.lastPrefixIndex + 1}${fields(p.members)}`
    }
  }
}

/** A short stable digest of the layout string (FNV-1a, 64 bits, hex), for embedding and quick comparison. */
export function layoutFingerprint(d: Desc): string {
  let h = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(layoutString(d))) {
    h ^= BigInt(byte)
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}
