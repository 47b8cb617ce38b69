// Decodes abi_stable's TypeLayout statics completely (reference 5.1 and 5.3): every type's name,
// package, version, size, alignment, kind, primitive, repr, generic type arguments, fields,
// phantom fields, enum variants and discriminants, prefix-type data, and each field's functions
// (TLFunctions / CompTLFunction: parameters, return type, qualifiers, names, lifetimes).
//
// Nodes are decoded lazily (types are recursive: `Value` holds `RVec<Value>`) and memoized by
// the TypeLayout's address, which is stable for the life of the process (a plugin is never
// unloaded). The only calls into the plugin are the `type_layouts` constructors (5.1).
//
// Offsets are the 64-bit ones of the reference; every pointer is checked against the process's
// mappings before it is followed, so corrupt statics give a TypeLayoutReadError, not a crash.
import koffi from 'koffi'
import { readNative } from '../abi/index.ts'
import { memoryMap, type MemoryMap } from '../abi/mapped-memory.ts'
import { TypeLayoutReadError } from './type-layout.ts'

export type TLKind = 'primitive' | 'opaque' | 'struct' | 'union' | 'enum' | 'prefix'
const KINDS: readonly TLKind[] = ['primitive', 'opaque', 'struct', 'union', 'enum', 'prefix']

/** TLPrimitive codes (tl_other.rs:177-214). */
export const TL_PRIMITIVES = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'usize', 'isize', 'f32', 'f64', 'bool', '&', '&mut', '*const', '*mut', 'array'] as const
/** ReprAttr tags (tl_other.rs:11-34) and DiscriminantRepr codes (tl_enums.rs:395). */
export const REPR_TAGS = ['OptionNonZero', 'Primitive', 'C', 'CAndInt', 'Transparent', 'Int', 'Packed'] as const
export const DISCRIMINANT_REPRS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'i128', 'usize', 'isize'] as const
const DISCRIMINANT_WIDTH = [1, 1, 2, 2, 4, 4, 8, 8, 8, 8] // TLDiscriminants types: U8..Isize (no 128)
const DISCRIMINANT_SIGNED = [false, true, false, true, false, true, false, true, false, true]
export const ACCESSORS = ['Direct', 'Method', 'MethodNamed', 'MethodOption', 'Opaque'] as const

export interface TLFunction {
  /** The function's name (the field's name, or `fn_<k>`). */
  readonly name: string
  readonly unsafe: boolean
  readonly paramCount: number
  /** The raw parameter-name run (`",,"`, `"count,total,"`, `"_self,param_0,"`). */
  readonly paramNames: string
  /** The raw `for<..>` run (`"a,b,"`). */
  readonly boundLifetimes: string
  /** LifetimeIndex values of the parameters then the return type (5.3.2). */
  readonly lifetimes: readonly number[]
  /** Parameter types (type_layouts constructors are called on first access). */
  readonly params: readonly TLNode[]
  /** The return type, or undefined for `()` (index 0xFFFF). */
  readonly returns: TLNode | undefined
}

export interface TLField {
  readonly name: string
  readonly isFunction: boolean
  readonly accessor: (typeof ACCESSORS)[number] | 'Unknown'
  readonly typeIndex: number
  readonly lifetimes: readonly number[]
  /** The field's type. */
  readonly type: TLNode
  /** The functions of the field (bit 60 set: exactly one, the field's own signature). */
  readonly functions: readonly TLFunction[]
}

export interface TLVariant {
  readonly name: string
  readonly fields: readonly TLField[]
  readonly discriminant: bigint | undefined
}

export interface TLNode {
  /** The TypeLayout's address: its identity. */
  readonly address: bigint
  readonly name: string
  readonly package: string
  readonly version: string
  readonly modPath: string
  readonly size: number
  readonly align: number
  readonly isNonzero: boolean
  readonly kind: TLKind
  /** TLPrimitive name, for `primitive` nodes. */
  readonly primitive?: (typeof TL_PRIMITIVES)[number]
  /** `[tag, payload]` of ReprAttr. */
  readonly repr: readonly [number, number]
  readonly lifetimeCount: number
  readonly lifetimeNames: string
  /** Generic type arguments from `generics.types` (std pointer-like types; empty for derived ones). */
  readonly typeArgs: readonly TLNode[]
  readonly constCount: number
  readonly fields: readonly TLField[]
  readonly phantomFields: readonly TLField[]
  readonly enum?: {
    readonly exhaustive: boolean
    readonly discriminantType: (typeof DISCRIMINANT_REPRS)[number]
    readonly variants: readonly TLVariant[]
  }
  readonly prefix?: {
    readonly firstSuffixField: number
    readonly conditionalFields: bigint
    /** The creator's accessibility mask (GenericTLData). */
    readonly accessible: bigint
  }
  /** Whether `extra_checks` is set (RObject's RequiredTraits, etc.). */
  readonly hasExtraChecks: boolean
  /** The `extra_checks` pointer (0 when none). */
  readonly extraChecks: bigint
}

/**
 * What RObject's `extra_checks` says (reference 5.3.8, 11.D D.1): the RequiredTraits words, no
 * extra checks at all (NULL), or why what is there cannot be a RequiredTraits.
 */
export type RequiredTraitsRead =
  | { readonly state: 'none' }
  | { readonly state: 'unreadable'; readonly why: string }
  | { readonly state: 'ok'; readonly autoTraits: number; readonly regularTraits: bigint }

/** `auto_traits` bits (Send 1, Sync 2, Unpin 4) and the highest `regular_traits` bit (17, Deserialize). */
export const AUTO_TRAIT_BITS = { Send: 1, Sync: 2, Unpin: 4 } as const
const REGULAR_TRAITS_MASK = (1n << 18n) - 1n

const decoder = new TextDecoder('utf-8', { fatal: false })
// `extern "C" fn() -> &'static TypeLayout`, called with koffi.call (no binding per pointer).
let typeLayoutProto: unknown
const callTypeLayoutFn = (fn: bigint): bigint => {
  typeLayoutProto ??= koffi.proto('uint64_t abs_type_layout_fn(void)')
  return BigInt((koffi as unknown as { call(ptr: unknown, type: unknown): number | bigint }).call(fn, typeLayoutProto))
}

/** StartLen: bits 0-15 start, 16-31 length. */
const startLen = (v: number): [number, number] => [v & 0xffff, v >>> 16]

/** Decodes a LifetimeRange (21 bits) against a `lifetime_indices` byte table. */
function lifetimeList(range: number, pairs: Uint8Array): number[] {
  const out: number[] = []
  if ((range & (1 << 20)) === 0) {
    for (let k = 0; k < 5; k++) {
      const v = (range >>> (4 * k)) & 0xf
      if (v === 0) break
      out.push(v)
    }
    return out
  }
  const start = range & 0x1fff
  const count = (range >>> 13) & 0x7f
  for (let k = 0; k < count; k++) {
    const b = pairs[start + k] ?? 0
    out.push(b & 0xf)
    if (b >> 4) out.push(b >> 4)
  }
  return out
}

/** Reads TypeLayouts out of a process; one per check (it holds a snapshot of the memory map). */
export class TypeLayoutReader {
  private readonly nodes = new Map<bigint, TLNode>()
  private map: MemoryMap
  constructor(map: MemoryMap = memoryMap()) {
    this.map = map
  }

  /** Pages already found readable: the statics of one library sit in a few pages. */
  private readonly pages = new Set<bigint>()

  private readable(address: bigint, length: number): boolean {
    const first = address >> 12n
    const last = (address + BigInt(Math.max(1, length)) - 1n) >> 12n
    if (this.pages.has(first) && this.pages.has(last)) return true
    if (!this.map.readable(address, length)) return false
    for (let p = first; p <= last; p++) this.pages.add(p)
    return true
  }

  private view(address: bigint, length: number, what: string): DataView {
    if (address === 0n) throw new TypeLayoutReadError(`${what} is a NULL pointer`)
    if (!this.readable(address, length)) {
      // The plugin may have mapped memory since the snapshot: look again once.
      this.map = memoryMap()
      if (!this.map.readable(address, length)) throw new TypeLayoutReadError(`${what} (0x${address.toString(16)}, ${length} bytes) is not in readable memory`)
    }
    return readNative(address, length)
  }

  private bytes(address: bigint, length: number, what: string): Uint8Array {
    if (length === 0) return new Uint8Array(0)
    const v = this.view(address, length, what)
    return new Uint8Array(v.buffer, v.byteOffset, length)
  }

  private text(address: bigint, length: number, what: string): string {
    return length === 0 ? '' : decoder.decode(this.bytes(address, length, what))
  }

  nulStr(address: bigint, what: string): string {
    if (address === 0n) return ''
    // NulStr: read up to 256 bytes (names and module paths are short).
    let len = 0
    const chunk = 64
    const parts: Uint8Array[] = []
    for (let i = 0; i < 16; i++) {
      const b = this.bytes(address + BigInt(i * chunk), chunk, what)
      const z = b.indexOf(0)
      if (z >= 0) {
        parts.push(b.subarray(0, z))
        len += z
        break
      }
      parts.push(b)
      len += chunk
    }
    const all = new Uint8Array(len)
    let o = 0
    for (const p of parts) {
      all.set(p, o)
      o += p.length
    }
    return decoder.decode(all)
  }

  /** Calls type_layouts[index] of the SharedVars at `sharedVars`. */
  private typeLayoutAt(shared: { table: bigint; len: number }, index: number, owner: string): bigint {
    if (index >= shared.len) throw new TypeLayoutReadError(`${owner}: type index ${index} is past its type table (${shared.len} entries)`)
    const fn = this.view(shared.table + BigInt(index * 8), 8, `${owner}'s type table`).getBigUint64(0, true)
    if (fn === 0n || !this.map.executable(fn)) {
      this.map = memoryMap()
      if (fn === 0n || !this.map.executable(fn)) throw new TypeLayoutReadError(`${owner}: type-layout function ${index} is not code (0x${fn.toString(16)})`)
    }
    const layout = callTypeLayoutFn(fn)
    if (layout === 0n) throw new TypeLayoutReadError(`${owner}: type-layout function ${index} returned NULL`)
    return layout
  }

  /**
   * Reads `extra_checks` blind as abi_stable's RObject and DynTrait have it: an `ExtraChecks_CTO`
   * `{ vtable @0, RRef<RequiredTraits> @8 }`, the RequiredTraits `{ auto_traits: u16 @0,
   * regular_traits: u64 @8 }`. No plugin code is called; every pointer is checked first, and
   * words outside the defined bits mean it is no RequiredTraits.
   */
  requiredTraits(node: TLNode): RequiredTraitsRead {
    const at = node.extraChecks
    if (at === 0n) return { state: 'none' }
    const where = `${node.name}'s extra_checks`
    try {
      if (at % 8n !== 0n) return { state: 'unreadable', why: `${where} (0x${at.toString(16)}) is not 8-byte aligned` }
      const cto = this.view(at, 16, where)
      const vtable = cto.getBigUint64(0, true)
      const data = cto.getBigUint64(8, true)
      if (vtable === 0n || vtable % 8n !== 0n || !this.readable(vtable, 24)) return { state: 'unreadable', why: `${where}: its vtable pointer (0x${vtable.toString(16)}) is not readable` }
      if (data % 8n !== 0n) return { state: 'unreadable', why: `${where}: its data pointer (0x${data.toString(16)}) is not 8-byte aligned` }
      const words = this.view(data, 16, `${where}'s RequiredTraits`)
      const autoTraits = words.getUint16(0, true)
      const regularTraits = words.getBigUint64(8, true)
      if (autoTraits > 7 || (regularTraits & ~REGULAR_TRAITS_MASK) !== 0n) {
        return { state: 'unreadable', why: `${where} holds no RequiredTraits (auto_traits 0x${autoTraits.toString(16)}, regular_traits 0x${regularTraits.toString(16)}: bits outside Send/Sync/Unpin and the 18 regular traits)` }
      }
      return { state: 'ok', autoTraits, regularTraits }
    } catch (e) {
      if (e instanceof TypeLayoutReadError) return { state: 'unreadable', why: e.message }
      throw e
    }
  }

  /** The node of the TypeLayout at `address` (memoized). */
  node(address: bigint): TLNode {
    const known = this.nodes.get(address)
    if (known) return known
    const node = this.decode(address)
    this.nodes.set(address, node)
    return node
  }

  private decode(address: bigint): TLNode {
    const tl = this.view(address, 88, 'a TypeLayout')
    const sharedAt = tl.getBigUint64(0, true)
    const monoAt = tl.getBigUint64(8, true)
    const isNonzero = tl.getUint8(16) !== 0
    const alignPow = tl.getUint8(17)
    const size = Number(tl.getBigUint64(24, true))
    const dataTag = tl.getUint32(40, true)
    const extraChecks = tl.getBigUint64(72, true)
    const mono = this.view(monoAt, 152, 'a MonoTypeLayout')
    const sv = this.view(sharedAt, 32, 'a SharedVars')
    const shared = { table: sv.getBigUint64(8, true), len: sv.getUint16(24, true) }
    const strings = this.bytes(mono.getBigUint64(0, true), mono.getUint16(16, true), 'a string table')
    const lifetimePairs = this.bytes(mono.getBigUint64(8, true), mono.getUint16(18, true), 'a lifetime table')
    const name = this.text(mono.getBigUint64(24, true), mono.getUint16(150, true), 'a type name')
    const pv = this.text(mono.getBigUint64(32, true), Number(mono.getBigUint64(40, true)), 'a package and version')
    const semi = pv.indexOf(';')
    const pkg = semi < 0 ? pv : pv.slice(0, semi)
    const version = semi < 0 ? '' : pv.slice(semi + 1)
    const tag = mono.getUint8(64)
    const kind = KINDS[tag]
    if (!kind) throw new TypeLayoutReadError(`${name}: unknown MonoTLData tag ${tag}`)
    if (dataTag !== tag) throw new TypeLayoutReadError(`${name}: GenericTLData tag ${dataTag} differs from MonoTLData tag ${tag}`)
    const str = (start: number, len: number): string => {
      if (start + len > strings.length) throw new TypeLayoutReadError(`${name}: a string range (${start}+${len}) lies outside its string table (${strings.length} bytes)`)
      return decoder.decode(strings.subarray(start, start + len))
    }
    const reader = this
    const lazyType = (index: number): (() => TLNode) => {
      let n: TLNode | undefined
      return () => (n ??= reader.node(reader.typeLayoutAt(shared, index, name)))
    }

    // CompTLFields and their functions.
    const compFields = (at: number): TLField[] => {
      const ptr = mono.getBigUint64(at, true)
      const fnsAt = mono.getBigUint64(at + 8, true)
      const count = mono.getUint16(at + 16, true)
      return this.fields(ptr, count, fnsAt, str, lifetimePairs, lazyType, name)
    }
    let fields: TLField[] = []
    let enumInfo: TLNode['enum']
    let prefix: TLNode['prefix']
    let primitive: TLNode['primitive']
    if (kind === 'primitive') {
      primitive = TL_PRIMITIVES[mono.getUint8(65)]
      if (!primitive) throw new TypeLayoutReadError(`${name}: unknown TLPrimitive ${mono.getUint8(65)}`)
    } else if (kind === 'struct' || kind === 'union') fields = compFields(72)
    else if (kind === 'prefix') {
      fields = compFields(88)
      prefix = { firstSuffixField: mono.getUint8(72), conditionalFields: mono.getBigUint64(80, true), accessible: tl.getBigUint64(48, true) }
    } else if (kind === 'enum') {
      fields = compFields(88)
      const variantCount = mono.getUint16(80, true)
      const counts = this.bytes(mono.getBigUint64(72, true), variantCount, `${name}'s variant field counts`)
      const [ns, nl] = startLen(mono.getUint32(84, true))
      const names = str(ns, nl).split(';')
      const discType = tl.getUint8(56)
      const discCount = tl.getUint16(58, true)
      const width = DISCRIMINANT_WIDTH[discType]
      if (width === undefined) throw new TypeLayoutReadError(`${name}: unknown discriminant type ${discType}`)
      const discs = discCount ? this.view(tl.getBigUint64(64, true), discCount * width, `${name}'s discriminants`) : undefined
      const disc = (i: number): bigint | undefined => {
        if (!discs || i >= discCount) return undefined
        const signed = DISCRIMINANT_SIGNED[discType]
        switch (width) {
          case 1:
            return BigInt(signed ? discs.getInt8(i) : discs.getUint8(i))
          case 2:
            return BigInt(signed ? discs.getInt16(i * 2, true) : discs.getUint16(i * 2, true))
          case 4:
            return BigInt(signed ? discs.getInt32(i * 4, true) : discs.getUint32(i * 4, true))
          default:
            return signed ? discs.getBigInt64(i * 8, true) : discs.getBigUint64(i * 8, true)
        }
      }
      let at = 0
      const variants: TLVariant[] = []
      for (let i = 0; i < variantCount; i++) {
        variants.push({ name: names[i] ?? `variant_${i}`, fields: fields.slice(at, at + counts[i]), discriminant: disc(i) })
        at += counts[i]
      }
      enumInfo = { exhaustive: tl.getBigUint64(48, true) === 0n, discriminantType: DISCRIMINANT_REPRS[discType], variants }
    }
    const [ts, tlen] = startLen(mono.getUint32(120, true))
    const typeArgFns = Array.from({ length: tlen }, (_, i) => lazyType(ts + i))
    const [, clen] = startLen(mono.getUint32(124, true))
    const phantomFields = this.fields(mono.getBigUint64(136, true), mono.getUint8(144), 0n, str, lifetimePairs, lazyType, name)
    let typeArgs: TLNode[] | undefined
    let modPath: string | undefined
    let lifetimeNames: string | undefined
    const modPathAt = mono.getBigUint64(56, true)
    const lifetimeNamesAt = mono.getBigUint64(112, true)
    return {
      address,
      name,
      package: pkg,
      version,
      get modPath() {
        return (modPath ??= reader.nulStr(modPathAt, `${name}'s module path`))
      },
      size,
      align: 2 ** alignPow,
      isNonzero,
      kind,
      primitive,
      repr: [mono.getUint8(145), mono.getUint8(146)],
      lifetimeCount: mono.getUint8(128),
      get lifetimeNames() {
        return (lifetimeNames ??= reader.nulStr(lifetimeNamesAt, `${name}'s lifetime names`))
      },
      get typeArgs() {
        return (typeArgs ??= typeArgFns.map((f) => f()))
      },
      constCount: clen,
      fields,
      phantomFields,
      enum: enumInfo,
      prefix,
      hasExtraChecks: extraChecks !== 0n,
      extraChecks,
    }
  }

  private fields(
    ptr: bigint,
    count: number,
    fnsAt: bigint,
    str: (s: number, l: number) => string,
    lifetimePairs: Uint8Array,
    lazyType: (i: number) => () => TLNode,
    owner: string,
  ): TLField[] {
    if (count === 0) return []
    const raw = this.view(ptr, count * 8, `${owner}'s fields`)
    let fnTable: { fns: DataView; ranges: DataView; fnCount: number; rangeCount: number } | undefined
    if (fnsAt !== 0n) {
      const h = this.view(fnsAt, 24, `${owner}'s TLFunctions`)
      const fnCount = h.getUint16(16, true)
      const rangeCount = h.getUint16(18, true)
      fnTable = {
        fnCount,
        rangeCount,
        fns: fnCount ? this.view(h.getBigUint64(0, true), fnCount * 28, `${owner}'s functions`) : new DataView(new ArrayBuffer(0)),
        ranges: rangeCount ? this.view(h.getBigUint64(8, true), rangeCount * 4, `${owner}'s function ranges`) : new DataView(new ArrayBuffer(0)),
      }
    }
    const out: TLField[] = []
    for (let i = 0; i < count; i++) {
      const bits = raw.getBigUint64(i * 8, true)
      const lo = Number(bits & 0xffffffffn)
      const hi = Number(bits >> 32n)
      const name = str(lo & 0xffff, (lo >>> 16) & 0x3ff)
      const lifetimeRange = ((lo >>> 26) | (hi << 6)) & 0x1fffff
      const accessor = ACCESSORS[(hi >>> 15) & 7] ?? 'Unknown'
      const typeIndex = (hi >>> 18) & 0x3ff
      const isFunction = ((hi >>> 28) & 1) === 1
      const functions: TLFunction[] = []
      if (fnTable && i < fnTable.rangeCount) {
        const [start, len] = startLen(fnTable.ranges.getUint32(i * 4, true))
        for (let k = start; k < start + len; k++) {
          if (k >= fnTable.fnCount) throw new TypeLayoutReadError(`${owner}.${name}: function ${k} is past its function table (${fnTable.fnCount})`)
          functions.push(this.fn(fnTable.fns, k * 28, str, lifetimePairs, lazyType))
        }
      }
      const type = lazyType(typeIndex)
      out.push({
        name,
        isFunction,
        accessor,
        typeIndex,
        lifetimes: lifetimeList(lifetimeRange, lifetimePairs),
        get type() {
          return type()
        },
        functions,
      })
    }
    return out
  }

  private fn(v: DataView, o: number, str: (s: number, l: number) => string, pairs: Uint8Array, lazyType: (i: number) => () => TLNode): TLFunction {
    const [ns, nl] = startLen(v.getUint32(o, true))
    const cs = v.getUint16(o + 4, true)
    const bl = v.getUint16(o + 6, true)
    const pl = v.getUint16(o + 8, true)
    const ret = v.getUint16(o + 10, true)
    const lifetimes = lifetimeList(v.getUint32(o + 12, true) & 0x1fffff, pairs)
    const lo = v.getUint32(o + 16, true)
    const hi = v.getUint32(o + 20, true)
    const count = lo & 0x3ff
    const idx = [(lo >>> 10) & 0x3ff, (lo >>> 20) & 0x3ff, hi & 0x3ff, (hi >>> 10) & 0x3ff, (hi >>> 20) & 0x3ff]
    const paramFns = Array.from({ length: count }, (_, i) => lazyType(i < 5 ? idx[i] : idx[4] + (i - 4)))
    const retFn = ret === 0xffff ? undefined : lazyType(ret)
    let params: TLNode[] | undefined
    let returns: TLNode | undefined | null = null
    return {
      name: str(ns, nl),
      unsafe: (v.getUint16(o + 24, true) & 1) === 1,
      paramCount: count,
      boundLifetimes: str(cs, bl),
      paramNames: str(cs + bl, pl),
      lifetimes,
      get params() {
        return (params ??= paramFns.map((f) => f()))
      },
      get returns() {
        if (returns === null) returns = retFn?.()
        return returns
      },
    }
  }
}

/** Follows `PrefixRef<M>` (phantom field `0`, or type argument 0) to the prefix type M. */
export function throughPrefixRef(node: TLNode): TLNode {
  if (node.kind === 'prefix') return node
  const phantom = node.phantomFields[0]
  if (phantom) return phantom.type
  if (node.typeArgs[0]) return node.typeArgs[0]
  throw new TypeLayoutReadError(`${node.name} is neither a prefix type nor a PrefixRef to one`)
}

/** A one-line rendering of a node, as Rust would spell it (generic arguments recovered as in 5.3.6). */
export function typeText(node: TLNode | undefined, depth = 0): string {
  if (!node) return '()'
  if (depth > 6) return node.name
  const d = depth + 1
  const arg = (i: number) => typeText(node.typeArgs[i], d)
  switch (node.name) {
    case '&':
      return `&${arg(0)}`
    case '&mut':
      return `&mut ${arg(0)}`
    case '*const':
    case '*mut':
      return `${node.name} ${node.typeArgs[0] ? arg(0) : 'c_void'}`
    case 'AFunctionPointer':
      return 'extern "C" fn'
  }
  const args = stdTypeArgs(node)
  if (args) return `${node.name}<${args.map((a) => (a ? typeText(a, d) : '_')).join(', ')}>`
  if (node.kind === 'primitive' && node.primitive === 'array' && node.typeArgs[0]) return `[${arg(0)}; ${node.size / Math.max(1, node.typeArgs[0].size)}]`
  return node.name
}

const field = (node: TLNode, name: string): TLField | undefined => node.fields.find((f) => f.name === name)
const arg0 = (node: TLNode | undefined): TLNode | undefined => node?.typeArgs[0]

/**
 * The generic arguments of a std type, reached through its fields (5.3.6); undefined when the
 * node is not one of them. An entry is undefined when the path is not there.
 */
export function stdTypeArgs(node: TLNode): (TLNode | undefined)[] | undefined {
  switch (node.name) {
    case 'RSlice':
    case 'RSliceMut':
      return [arg0(field(node, 'data')?.type)]
    case 'RVec':
      return [arg0(field(node, 'buffer')?.type)]
    case 'RBox':
    case 'RArc':
      return [arg0(field(node, 'data')?.type)]
    case 'RRef':
    case 'RMut':
      return [arg0(field(node, 'ref_')?.type)]
    case 'NonNull':
    case 'ManuallyDrop':
    case 'Option':
    case 'MaybeUninit':
      return [arg0(node)]
    case 'ROption':
    case 'RResult':
    case 'RCow':
      return node.enum?.variants.filter((v) => v.fields.length > 0).map((v) => v.fields[0].type)
    case 'Tuple1':
    case 'Tuple2':
    case 'Tuple3':
    case 'Tuple4':
      return node.fields.map((f) => f.type)
    case 'RHashMap': {
      const kv = hashMapKV(node)
      return [kv?.[0], kv?.[1]]
    }
    case 'FfiFuture':
    case 'BorrowingFfiFuture':
    case 'LocalFfiFuture':
    case 'LocalBorrowingFfiFuture':
      return [futureOutput(node)]
    case 'RSender':
    case 'RReceiver':
      return [channelElement(node)]
  }
  return undefined
}

/** RHashMap: `map` (RBox) → `data` (NonNull) → ErasedMap → `field_0` = PhantomData<(K,V)>: types[0..2]. */
export function hashMapKV(node: TLNode): [TLNode | undefined, TLNode | undefined] | undefined {
  const box = field(node, 'map')?.type
  const nonNull = box && field(box, 'data')?.type
  const erased = arg0(nonNull)
  const phantom = erased?.fields[0]?.type
  if (!phantom) return undefined
  const args = phantom.typeArgs
  if (args.length >= 2) return [args[0], args[1]]
  // A PhantomData of a tuple type: its arguments are the tuple's.
  const tuple = args[0]
  if (tuple) return [tuple.typeArgs[0] ?? tuple.fields[0]?.type, tuple.typeArgs[1] ?? tuple.fields[1]?.type]
  return undefined
}

/** FfiFuture<T>: `field_0` (LocalBorrowingFfiFuture) → `poll_fn`'s function → return FfiPoll<T> → `field_0`. */
export function futureOutput(node: TLNode): TLNode | undefined {
  let inner: TLNode | undefined = node
  for (let i = 0; i < 3 && inner && !field(inner, 'poll_fn'); i++) inner = inner.fields[0]?.type
  const pollFn = inner && field(inner, 'poll_fn')
  const poll = pollFn?.functions[0]?.returns
  const ready = poll?.enum?.variants.find((v) => v.fields.length > 0) ?? (poll ? { fields: poll.fields } : undefined)
  return ready?.fields[0]?.type
}

/**
 * `RSender<T>` / `RReceiver<T>` (reference 11.C): like every derived type the layout has no type
 * arguments, so T is read where the derive records it: `vtable` (VTable_Ref) → `0` (PrefixRef) →
 * the prefix type VTable<T> → slot `send`, whose second parameter is T.
 */
export function channelElement(node: TLNode): TLNode | undefined {
  const prefixRef = field(node, 'vtable')?.type.fields[0]?.type
  if (!prefixRef || (prefixRef.kind !== 'prefix' && prefixRef.phantomFields.length === 0 && prefixRef.typeArgs.length === 0)) return undefined
  return field(throughPrefixRef(prefixRef), 'send')?.functions[0]?.params[1]
}
