// A small, independent decoder of abi_stable 0.11's TypeLayout statics (reference 5.1 and 5.3),
// for the encoding tests: raw x86-64 offsets read with the library's memory readers, every
// `type_layouts` entry called through bindPointer. Deliberately not src/loader/type-layout.ts, so
// these tests check the Rust mirror's output against the reference, not against the loader.
import koffi from 'koffi'
import { bindPointer, readNativeBytes, t } from '../../../src/abi/index.ts'

const decoder = new TextDecoder('utf-8', { fatal: true })
const layoutFn = t.fn([], t.ptr())

export const view = (address: bigint, size: number): DataView => {
  const bytes = readNativeBytes(address, size)
  return new DataView(bytes.buffer, bytes.byteOffset, size)
}
export const u64 = (address: bigint): bigint => view(address, 8).getBigUint64(0, true)
const text = (address: bigint, length: number): string => (length === 0 ? '' : decoder.decode(readNativeBytes(address, length)))
/** A NUL-terminated string (a `NulStr`). */
function nulStr(address: bigint): string {
  const out: number[] = []
  for (let i = 0n; ; i++) {
    const b = readNativeBytes(address + i, 1)[0]
    if (b === 0) return decoder.decode(new Uint8Array(out))
    out.push(b)
  }
}

/** `StartLen`: bits 0-15 start, 16-31 length. */
export const startLen = (v: number) => ({ start: v & 0xffff, len: v >>> 16 })

/** `CompTLField` bits (reference 5.3.2). */
export interface Field {
  raw: bigint
  name: string
  nameStart: number
  nameLen: number
  lifetimes: number
  accessor: number
  typeIndex: number
  isFunction: boolean
}

export function decodeField(raw: bigint, strings: Uint8Array): Field {
  const nameStart = Number(raw & 0xffffn)
  const nameLen = Number((raw >> 16n) & 0x3ffn)
  return {
    raw,
    name: decoder.decode(strings.subarray(nameStart, nameStart + nameLen)),
    nameStart,
    nameLen,
    lifetimes: Number((raw >> 26n) & 0x1fffffn),
    accessor: Number((raw >> 47n) & 7n),
    typeIndex: Number((raw >> 50n) & 0x3ffn),
    isFunction: ((raw >> 60n) & 1n) === 1n,
  }
}

/** `CompTLFunction` (28 bytes), decoded with the owner's blob. */
export interface Fn {
  name: string
  cs: number
  boundLifetimes: string
  paramNames: string
  returnIndex: number
  lifetimeRange: number
  lo: number
  hi: number
  qualifiers: number
  paramCount: number
  paramIndices: number[]
}

/** A `TypeLayoutRange` (`lo`, `hi`): count, then up to five 10-bit indices. */
export function typeLayoutRange(lo: number, hi: number): number[] {
  const count = lo & 0x3ff
  const idx = [(lo >>> 10) & 0x3ff, (lo >>> 20) & 0x3ff, hi & 0x3ff, (hi >>> 10) & 0x3ff, (hi >>> 20) & 0x3ff]
  return Array.from({ length: count }, (_, i) => (i < 5 ? idx[i] : idx[4] + (i - 4)))
}

/** An inline `LifetimeRange` (bit 20 clear): up to five nibbles, ending at the first 0. */
export function inlineLifetimes(range: number): number[] {
  if (range & (1 << 20)) throw new Error('range-form lifetimes')
  const out: number[] = []
  for (let i = 0; i < 5; i++) {
    const n = (range >>> (4 * i)) & 0xf
    if (n === 0) break
    out.push(n)
  }
  return out
}

export interface Layout {
  address: bigint
  mono: bigint
  sharedVars: bigint
  name: string
  packageAndVersion: string
  modPath: string
  size: number
  align: number
  isNonzero: boolean
  /** MonoTLData tag (0 Primitive, 1 Opaque, 2 Struct, 3 Union, 4 Enum, 5 PrefixType). */
  kind: number
  /** GenericTLData's C-int tag (must equal `kind`). */
  genericTag: number
  primitive: number
  repr: [number, number]
  strings: string
  stringBytes: Uint8Array
  fields: Field[]
  phantomFields: Field[]
  /** null when `CompTLFields.functions` is NULL. */
  functions: Fn[] | null
  fieldFnRanges: { start: number; len: number }[]
  typeLayoutsLen: number
  /** `SharedVars.mono` (a MonoSharedVars; inside the MonoTypeLayout for derive-made types). */
  sharedVarsMono: bigint
  genericTypes: { start: number; len: number }
  lifetimeCount: number
  lifetimeNames: string
  prefix?: { firstSuffixField: number; conditional: bigint; accessible: bigint }
  enum?: { variantNames: string[]; fieldCounts: number[]; discriminantType: number; discriminants: bigint[]; exhaustiveness: bigint }
  /** Calls `type_layouts[i]`. */
  type(i: number): Layout
}

const cache = new Map<bigint, Layout>()

export function readLayout(address: bigint): Layout {
  const known = cache.get(address)
  if (known) return known
  const tl = view(address, 88)
  const sharedVars = tl.getBigUint64(0, true)
  const mono = tl.getBigUint64(8, true)
  const m = view(mono, 152)
  const stringsPtr = m.getBigUint64(0, true)
  const stringsLen = m.getUint16(16, true)
  const stringBytes = stringsLen ? readNativeBytes(stringsPtr, stringsLen).slice() : new Uint8Array(0)
  const kind = m.getUint8(64)
  // Where the CompTLFields sit: @72 for Struct/Union, @88 for Enum and PrefixType.
  const fieldsAt = kind === 2 || kind === 3 ? 72 : kind === 4 || kind === 5 ? 88 : -1
  let fields: Field[] = []
  let functions: Fn[] | null = null
  let fieldFnRanges: { start: number; len: number }[] = []
  if (fieldsAt >= 0) {
    const ptr = m.getBigUint64(fieldsAt, true)
    const fnsPtr = m.getBigUint64(fieldsAt + 8, true)
    const len = m.getUint16(fieldsAt + 16, true)
    const raw = len ? view(ptr, len * 8) : undefined
    fields = Array.from({ length: len }, (_, i) => decodeField(raw!.getBigUint64(i * 8, true), stringBytes))
    if (fnsPtr !== 0n) {
      const tf = view(fnsPtr, 24)
      const fnCount = tf.getUint16(16, true)
      const rangeCount = tf.getUint16(18, true)
      const ranges = rangeCount ? view(tf.getBigUint64(8, true), rangeCount * 4) : undefined
      fieldFnRanges = Array.from({ length: rangeCount }, (_, i) => startLen(ranges!.getUint32(i * 4, true)))
      const fv = fnCount ? view(tf.getBigUint64(0, true), fnCount * 28) : undefined
      const slice = (s: number, l: number) => decoder.decode(stringBytes.subarray(s, s + l))
      functions = Array.from({ length: fnCount }, (_, i) => {
        const o = i * 28
        const name = startLen(fv!.getUint32(o, true))
        const cs = fv!.getUint16(o + 4, true)
        const bl = fv!.getUint16(o + 6, true)
        const pl = fv!.getUint16(o + 8, true)
        const lo = fv!.getUint32(o + 16, true)
        const hi = fv!.getUint32(o + 20, true)
        return {
          name: slice(name.start, name.len),
          cs,
          boundLifetimes: slice(cs, bl),
          paramNames: slice(cs + bl, pl),
          returnIndex: fv!.getUint16(o + 10, true),
          lifetimeRange: fv!.getUint32(o + 12, true),
          lo,
          hi,
          qualifiers: fv!.getUint16(o + 24, true),
          paramCount: lo & 0x3ff,
          paramIndices: typeLayoutRange(lo, hi),
        }
      })
    }
  }
  const phantomPtr = m.getBigUint64(136, true)
  const phantomLen = m.getUint8(144)
  const phantomRaw = phantomLen ? view(phantomPtr, phantomLen * 8) : undefined
  const phantomFields = Array.from({ length: phantomLen }, (_, i) => decodeField(phantomRaw!.getBigUint64(i * 8, true), stringBytes))
  const sv = view(sharedVars, 32)
  const typeLayouts = sv.getBigUint64(8, true)
  const typeLayoutsLen = sv.getUint16(24, true)
  const layout: Layout = {
    address,
    mono,
    sharedVars,
    name: text(m.getBigUint64(24, true), m.getUint16(150, true)),
    packageAndVersion: text(m.getBigUint64(32, true), Number(m.getBigUint64(40, true))),
    modPath: nulStr(m.getBigUint64(56, true)),
    size: Number(tl.getBigUint64(24, true)),
    align: 2 ** tl.getUint8(17),
    isNonzero: tl.getUint8(16) === 1,
    kind,
    genericTag: tl.getUint32(40, true),
    primitive: m.getUint8(65),
    repr: [m.getUint8(145), m.getUint8(146)],
    strings: decoder.decode(stringBytes),
    stringBytes,
    fields,
    phantomFields,
    functions,
    fieldFnRanges,
    typeLayoutsLen,
    sharedVarsMono: sv.getBigUint64(0, true),
    genericTypes: startLen(m.getUint32(120, true)),
    lifetimeCount: m.getUint8(128),
    lifetimeNames: nulStr(m.getBigUint64(112, true)),
    type(i: number): Layout {
      if (i >= typeLayoutsLen) throw new Error(`${this.name}: type index ${i} past type_layouts (${typeLayoutsLen})`)
      const fn = u64(typeLayouts + BigInt(i * 8))
      return readLayout(bindPointer(fn, layoutFn)() as bigint)
    },
  }
  if (kind === 5) {
    layout.prefix = { firstSuffixField: m.getUint8(72), conditional: m.getBigUint64(80, true), accessible: tl.getBigUint64(48, true) }
  }
  if (kind === 4) {
    const names = startLen(m.getUint32(84, true))
    const countsLen = m.getUint16(80, true)
    const counts = countsLen ? readNativeBytes(m.getBigUint64(72, true), countsLen) : new Uint8Array(0)
    const dType = tl.getUint8(56)
    const dLen = tl.getUint16(58, true)
    const width = [1, 1, 2, 2, 4, 4, 8, 8, 8, 8][dType]
    const dv = dLen ? view(tl.getBigUint64(64, true), dLen * width) : undefined
    const readD = (i: number): bigint =>
      width === 1 ? BigInt(dType === 1 ? dv!.getInt8(i) : dv!.getUint8(i)) : width === 2 ? BigInt(dType === 3 ? dv!.getInt16(i * 2, true) : dv!.getUint16(i * 2, true)) : width === 4 ? BigInt(dType === 5 ? dv!.getInt32(i * 4, true) : dv!.getUint32(i * 4, true)) : dType % 2 === 1 ? dv!.getBigInt64(i * 8, true) : dv!.getBigUint64(i * 8, true)
    layout.enum = {
      variantNames: decoder.decode(stringBytes.subarray(names.start, names.start + names.len)).split(';').filter((s) => s !== ''),
      fieldCounts: [...counts],
      discriminantType: dType,
      discriminants: Array.from({ length: dLen }, (_, i) => readD(i)),
      exhaustiveness: tl.getBigUint64(48, true),
    }
  }
  cache.set(address, layout)
  return layout
}

export const LIB_HEADER_SYMBOL = '_1as_0lib_1header_0root_bmodule_bloader'

/** The plugin's `RootModuleConsts.layout` (LibHeader @88 tag, @96 pointer, reference 5.3.10). */
export function rootLayout(path: string): Layout {
  const lib = koffi.load(path)
  const header = lib.symbol(LIB_HEADER_SYMBOL) as unknown as bigint
  if (typeof header !== 'bigint' || header === 0n) throw new Error(`${path} has no ${LIB_HEADER_SYMBOL}`)
  const h = view(header, 104)
  if (h.getUint8(88) !== 0) throw new Error(`${path}: the layout is not checked (tag ${h.getUint8(88)})`)
  return readLayout(h.getBigUint64(96, true))
}

/** The module behind a root `PrefixRef` layout (its phantom field "0"). */
export const moduleOf = (root: Layout): Layout => root.type(root.phantomFields[0].typeIndex)

/** A field by name, and the layout of its type. */
export function field(l: Layout, name: string): { field: Field; index: number; type: Layout } {
  const index = l.fields.findIndex((f) => f.name === name)
  if (index < 0) throw new Error(`${l.name} has no field ${name} (${l.fields.map((f) => f.name).join(', ')})`)
  return { field: l.fields[index], index, type: l.type(l.fields[index].typeIndex) }
}

/** The functions of field `name` (its `field_fn_ranges` entry). */
export function functionsOf(l: Layout, name: string): Fn[] {
  const { index } = field(l, name)
  const r = l.fieldFnRanges[index]
  return l.functions!.slice(r.start, r.start + r.len)
}

/** A compact rendering of a type, following the std types' paths of reference 5.3.6. */
export function render(l: Layout, depth = 0): string {
  if (depth > 8) return l.name
  const arg = (i: number) => render(l.type(i), depth + 1)
  switch (l.name) {
    case '&':
    case '&mut':
    case '*const':
    case '*mut':
    case 'NonNull':
      return `${l.name}${l.name.startsWith('&') ? '' : ' '}${arg(l.genericTypes.start)}`.replace('& ', '&')
    case 'RSlice':
    case 'RSliceMut':
    case 'RVec':
    case 'RBox':
    case 'RArc':
      return `${l.name}<${render(field(l, l.name === 'RVec' ? 'buffer' : 'data').type.type(0), depth + 1)}>`
    case 'RHashMap': {
      const erased = field(field(l, 'map').type, 'data').type.type(0)
      const kv = field(erased, 'field_0').type
      return `RHashMap<${arg2(kv, 0)},${arg2(kv, 1)}>`
    }
    case 'ROption':
    case 'RResult':
    case 'Tuple1':
    case 'Tuple2':
    case 'Tuple3':
    case 'Tuple4':
    case 'RCow':
      return `${l.name}<${l.fields.map((f) => render(l.type(f.typeIndex), depth + 1)).join(',')}>`
    default:
      return l.name
  }
  function arg2(pd: Layout, i: number) {
    return render(pd.type(pd.genericTypes.start + i), depth + 1)
  }
}

/** `name(params) -> ret` of a function, its types rendered. */
export function signature(owner: Layout, f: Fn): string {
  const params = f.paramIndices.map((i) => render(owner.type(i))).join(',')
  return `${f.qualifiers & 1 ? 'unsafe ' : ''}fn(${params})${f.returnIndex === 0xffff ? '' : `->${render(owner.type(f.returnIndex))}`}`
}
