// Builds abi_stable TypeLayout statics in native memory, laid out exactly as reference 5.1/5.3
// describe them (TypeLayout 88, MonoTypeLayout 152, SharedVars 32, CompTLField bit fields,
// TLFunctions / CompTLFunction 28, StartLen, TypeLayoutRange), so the decoder and the signature
// check can be tested before (and independently of) a plugin carrying them. The `type_layouts`
// constructors are koffi callbacks returning the built layout's address.
import koffi from 'koffi'
import { allocNative, layoutOf, t, writeNative, type Desc } from '../../src/index.ts'

export interface FnSpec {
  params: TySpec[]
  returns?: TySpec
  unsafe?: boolean
  paramNames?: string
}
export interface FieldSpec {
  name: string
  type: TySpec
  /** bit 60: the field is itself a fn pointer (its type is AFunctionPointer). */
  isFunction?: boolean
  functions?: FnSpec[]
  accessor?: number
}
export interface TySpec {
  name: string
  pkg?: string
  size: number
  align: number
  kind: 'primitive' | 'opaque' | 'struct' | 'union' | 'enum' | 'prefix'
  prim?: number
  nonzero?: boolean
  repr?: [number, number]
  typeArgs?: TySpec[]
  fields?: FieldSpec[]
  phantom?: FieldSpec[]
  variants?: { name: string; fields: number }[]
  discType?: number
  discs?: bigint[]
  exhaustive?: boolean
  firstSuffixField?: number
  accessible?: bigint
  /** `extra_checks`: an ExtraChecks_CTO whose RequiredTraits are these words (reference 5.3.8). */
  requiredTraits?: { auto: number; regular?: bigint }
  /** `extra_checks` written as is (hardening tests: misaligned, dangling). */
  rawExtraChecks?: bigint
}

const KIND_TAG = { primitive: 0, opaque: 1, struct: 2, union: 3, enum: 4, prefix: 5 }
const keep: unknown[] = []
const proto = koffi.pointer(koffi.proto('uint64_t abs_test_type_layout_fn(void)'))

function text(s: string): bigint {
  const bytes = new TextEncoder().encode(s)
  const b = allocNative(bytes.length + 1)
  writeNative(b.address, bytes.length + 1, (v) => bytes.forEach((x, i) => v.setUint8(i, x)))
  return b.address
}
function block(size: number, fill: (v: DataView) => void): bigint {
  const b = allocNative(size)
  writeNative(b.address, size, fill)
  return b.address
}

const built = new Map<TySpec, bigint>()

/** The address of `spec`'s TypeLayout (built once per spec object). */
export function build(spec: TySpec): bigint {
  const known = built.get(spec)
  if (known !== undefined) return known
  // Reserve first: types may refer to themselves through their table (built lazily anyway).
  const tl = allocNative(88).address
  built.set(spec, tl)
  const mono = allocNative(152).address
  const sv = allocNative(32).address

  // type_layouts: generic args, then per field its type then its functions' params and returns, then phantoms.
  const table: TySpec[] = []
  const index = (s: TySpec): number => {
    let i = table.indexOf(s)
    if (i < 0) {
      table.push(s)
      i = table.length - 1
    }
    return i
  }
  const typeArgs = spec.typeArgs ?? []
  typeArgs.forEach((a) => table.push(a))
  let strings = ''
  const enc = (s: string) => new TextEncoder().encode(s).length
  const fields = spec.fields ?? []
  const fieldWords: bigint[] = []
  const fnWords: { name: [number, number]; cs: number; pl: number; ret: number; lo: number; hi: number; q: number }[] = []
  const ranges: number[] = []
  let anyFn = false
  for (const f of fields) {
    const nameStart = enc(strings)
    strings += `${f.name};`
    const ti = index(f.type)
    const rangeStart = fnWords.length
    for (const fn of f.functions ?? []) {
      anyFn = true
      const cs = enc(strings)
      const names = fn.paramNames ?? ','.repeat(fn.params.length)
      strings += names
      const idx = fn.params.slice(0, 4).map(index)
      if (fn.params.length > 4) {
        // Parameters 4.. are stored contiguously and not deduplicated.
        const first = table.length
        fn.params.slice(4).forEach((p) => table.push(p))
        idx.push(first)
      }
      while (idx.length < 5) idx.push(0)
      const ret = fn.returns ? index(fn.returns) : 0xffff
      fnWords.push({
        name: [nameStart, f.name.length],
        cs,
        pl: enc(names),
        ret,
        lo: fn.params.length | (idx[0] << 10) | (idx[1] << 20),
        hi: idx[2] | (idx[3] << 10) | (idx[4] << 20),
        q: fn.unsafe ? 1 : 0,
      })
    }
    ranges.push(rangeStart | ((fnWords.length - rangeStart) << 16))
    fieldWords.push(
      BigInt(nameStart) | (BigInt(f.name.length) << 16n) | (BigInt(f.accessor ?? 0) << 47n) | (BigInt(ti) << 50n) | (BigInt(f.isFunction ? 1 : 0) << 60n),
    )
  }
  const phantomWords: bigint[] = []
  for (const p of spec.phantom ?? []) {
    const nameStart = enc(strings)
    strings += `${p.name};`
    phantomWords.push(BigInt(nameStart) | (BigInt(p.name.length) << 16n) | (BigInt(index(p.type)) << 50n))
  }
  let variantNames: [number, number] = [0, 0]
  if (spec.variants) {
    const s = enc(strings)
    const run = spec.variants.map((v) => `${v.name};`).join('')
    strings += run
    variantNames = [s, enc(run)]
  }
  const stringsBytes = new TextEncoder().encode(strings)
  const stringsAt = block(Math.max(1, stringsBytes.length), (v) => stringsBytes.forEach((x, i) => v.setUint8(i, x)))
  const compFieldsAt = fieldWords.length ? block(fieldWords.length * 8, (v) => fieldWords.forEach((w, i) => v.setBigUint64(i * 8, w, true))) : 0n
  const phantomAt = phantomWords.length ? block(phantomWords.length * 8, (v) => phantomWords.forEach((w, i) => v.setBigUint64(i * 8, w, true))) : 0n
  let functionsAt = 0n
  if (anyFn) {
    const fnsAt = block(fnWords.length * 28, (v) =>
      fnWords.forEach((f, k) => {
        const o = k * 28
        v.setUint32(o, f.name[0] | (f.name[1] << 16), true)
        v.setUint16(o + 4, f.cs, true)
        v.setUint16(o + 6, 0, true)
        v.setUint16(o + 8, f.pl, true)
        v.setUint16(o + 10, f.ret, true)
        v.setUint32(o + 12, 0, true)
        v.setUint32(o + 16, f.lo >>> 0, true)
        v.setUint32(o + 20, f.hi >>> 0, true)
        v.setUint16(o + 24, f.q, true)
      }),
    )
    const rangesAt = block(ranges.length * 4, (v) => ranges.forEach((r, i) => v.setUint32(i * 4, r >>> 0, true)))
    functionsAt = block(24, (v) => {
      v.setBigUint64(0, fnsAt, true)
      v.setBigUint64(8, rangesAt, true)
      v.setUint16(16, fnWords.length, true)
      v.setUint16(18, ranges.length, true)
    })
  }
  // Built now, not inside the callback: koffi calls made from a callback nest on its small stack.
  const addresses = table.map((s) => build(s))
  const fns = addresses.map((address) => {
    const cb = koffi.register(() => address, proto)
    keep.push(cb)
    return BigInt(koffi.address(cb) as bigint)
  })
  const tableAt = fns.length ? block(fns.length * 8, (v) => fns.forEach((f, i) => v.setBigUint64(i * 8, f, true))) : 0n
  const nameAt = text(spec.name)
  const pkg = spec.pkg ?? 'std;1.0.0'
  const pkgAt = text(pkg)
  const writeCompFields = (v: DataView, at: number) => {
    v.setBigUint64(at, compFieldsAt, true)
    v.setBigUint64(at + 8, functionsAt, true)
    v.setUint16(at + 16, fieldWords.length, true)
  }
  let discAt = 0n
  const discWidth = [1, 1, 2, 2, 4, 4, 8, 8, 8, 8][spec.discType ?? 0]
  if (spec.discs?.length) {
    discAt = block(spec.discs.length * discWidth, (v) =>
      spec.discs!.forEach((d, i) => {
        if (discWidth === 1) v.setUint8(i, Number(BigInt.asUintN(8, d)))
        else if (discWidth === 2) v.setUint16(i * 2, Number(BigInt.asUintN(16, d)), true)
        else if (discWidth === 4) v.setUint32(i * 4, Number(BigInt.asUintN(32, d)), true)
        else v.setBigUint64(i * 8, BigInt.asUintN(64, d), true)
      }),
    )
  }
  const countsAt = spec.variants ? block(Math.max(1, spec.variants.length), (v) => spec.variants!.forEach((x, i) => v.setUint8(i, x.fields))) : 0n
  writeNative(mono, 152, (v) => {
    v.setBigUint64(0, stringsAt, true)
    v.setBigUint64(8, 0n, true)
    v.setUint16(16, stringsBytes.length, true)
    v.setBigUint64(24, nameAt, true)
    v.setBigUint64(32, pkgAt, true)
    v.setBigUint64(40, BigInt(new TextEncoder().encode(pkg).length), true)
    v.setUint8(64, KIND_TAG[spec.kind])
    if (spec.kind === 'primitive') v.setUint8(65, spec.prim ?? 0)
    if (spec.kind === 'struct' || spec.kind === 'union') writeCompFields(v, 72)
    if (spec.kind === 'prefix') {
      v.setUint8(72, spec.firstSuffixField ?? 0)
      v.setBigUint64(80, 0n, true)
      writeCompFields(v, 88)
    }
    if (spec.kind === 'enum') {
      v.setBigUint64(72, countsAt, true)
      v.setUint16(80, spec.variants!.length, true)
      v.setUint32(84, variantNames[0] | (variantNames[1] << 16), true)
      writeCompFields(v, 88)
    }
    v.setUint32(120, typeArgs.length << 16, true)
    v.setBigUint64(136, phantomAt, true)
    v.setUint8(144, phantomWords.length)
    v.setUint8(145, spec.repr?.[0] ?? 2)
    v.setUint8(146, spec.repr?.[1] ?? 0)
    v.setUint16(150, new TextEncoder().encode(spec.name).length, true)
  })
  writeNative(sv, 32, (v) => {
    v.setBigUint64(0, mono, true)
    v.setBigUint64(8, tableAt, true)
    v.setUint16(24, fns.length, true)
  })
  writeNative(tl, 88, (v) => {
    v.setBigUint64(0, sv, true)
    v.setBigUint64(8, mono, true)
    v.setUint8(16, spec.nonzero ? 1 : 0)
    v.setUint8(17, Math.log2(spec.align))
    v.setBigUint64(24, BigInt(spec.size), true)
    v.setUint32(40, KIND_TAG[spec.kind], true)
    if (spec.kind === 'prefix') v.setBigUint64(48, spec.accessible ?? (1n << BigInt(fields.length)) - 1n, true)
    if (spec.kind === 'enum') {
      v.setBigUint64(48, spec.exhaustive === false ? 1n : 0n, true)
      v.setUint8(56, spec.discType ?? 0)
      v.setUint16(58, spec.discs?.length ?? 0, true)
      v.setBigUint64(64, discAt, true)
    }
    if (spec.requiredTraits) v.setBigUint64(72, extraChecks(spec.requiredTraits), true)
    if (spec.rawExtraChecks !== undefined) v.setBigUint64(72, spec.rawExtraChecks, true)
  })
  return tl
}

/** `size` zero bytes in native memory (their address). */
export const zeroes = (size: number): bigint =>
  block(size, (v) => {
    for (let i = 0; i < size; i++) v.setUint8(i, 0)
  })

/** `ExtraChecks_CTO { vtable @0, RRef<RequiredTraits> @8 }` and its RequiredTraits `{ auto_traits: u16, regular_traits: u64 }`. */
function extraChecks(r: { auto: number; regular?: bigint }): bigint {
  const required = block(16, (v) => {
    v.setUint16(0, r.auto, true)
    v.setBigUint64(8, r.regular ?? 0n, true)
  })
  // The vtable is never called by the host; a readable WM-sized block stands for it.
  const vtable = block(48, () => {})
  return block(16, (v) => {
    v.setBigUint64(0, vtable, true)
    v.setBigUint64(8, required, true)
  })
}

// ---- The std types as abi_stable 0.11 lays them out (5.3.6). ----

const AS = 'abi_stable;0.11.3'
const PRIMS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'usize', 'isize', 'f32', 'f64', 'bool'] as const
const primCache = new Map<string, TySpec>()
export function prim(name: (typeof PRIMS)[number]): TySpec {
  let s = primCache.get(name)
  if (!s) {
    const { size, align } = layoutOf((t as unknown as Record<string, Desc>)[name])
    primCache.set(name, (s = { name, size, align, kind: 'primitive', prim: PRIMS.indexOf(name) }))
  }
  return s
}
export const unit: TySpec = { name: '()', size: 0, align: 1, kind: 'struct', fields: [] }
export const cvoid: TySpec = { name: 'c_void', size: 1, align: 1, kind: 'opaque' }
export const AFunctionPointer: TySpec = { name: 'AFunctionPointer', pkg: AS, size: 8, align: 8, kind: 'opaque', nonzero: true }
const ptrOf = (name: string, code: number, to: TySpec): TySpec => ({ name, size: 8, align: 8, kind: 'primitive', prim: code, typeArgs: [to] })
export const constPtr = (to: TySpec) => ptrOf('*const', 15, to)
export const mutPtr = (to: TySpec) => ptrOf('*mut', 16, to)
export const ref = (to: TySpec) => ptrOf('&', 13, to)
export const nonNull = (to: TySpec): TySpec => ({ name: 'NonNull', size: 8, align: 8, kind: 'struct', nonzero: true, typeArgs: [to, constPtr(to)], fields: [] })
export const phantomData = (...args: TySpec[]): TySpec => ({ name: 'PhantomData', size: 0, align: 1, kind: 'struct', typeArgs: args, fields: [] })
export const array = (el: TySpec, n: number): TySpec => ({ name: 'array', size: el.size * n, align: el.align, kind: 'primitive', prim: 17, typeArgs: [el] })
const usize = () => prim('usize')
export const RSlice = (el: TySpec): TySpec => ({ name: 'RSlice', pkg: AS, size: 16, align: 8, kind: 'struct', fields: [{ name: 'data', type: constPtr(el) }, { name: 'length', type: usize() }] })
export const RSliceMut = (el: TySpec): TySpec => ({ name: 'RSliceMut', pkg: AS, size: 16, align: 8, kind: 'struct', fields: [{ name: 'data', type: mutPtr(el) }, { name: 'length', type: usize() }] })
const vecVTable: TySpec = { name: 'VecVTable_Ref', pkg: AS, size: 8, align: 8, kind: 'opaque' }
export const RVec = (el: TySpec): TySpec => ({
  name: 'RVec', pkg: AS, size: 32, align: 8, kind: 'struct',
  fields: [{ name: 'buffer', type: nonNull(el) }, { name: 'length', type: usize() }, { name: 'capacity', type: usize() }, { name: 'vtable', type: vecVTable }],
})
export const RStr: TySpec = { name: 'RStr', pkg: AS, size: 16, align: 8, kind: 'struct', fields: [{ name: 'inner', type: RSlice(prim('u8')) }] }
export const RString: TySpec = { name: 'RString', pkg: AS, size: 32, align: 8, kind: 'struct', fields: [{ name: 'inner', type: RVec(prim('u8')) }] }
export const RBox = (to: TySpec): TySpec => ({ name: 'RBox', pkg: AS, size: 16, align: 8, kind: 'struct', fields: [{ name: 'data', type: nonNull(to) }, { name: 'vtable', type: vecVTable }] })
const enumSize = (payloads: TySpec[], tagSize = 1) => {
  const align = Math.max(tagSize, ...payloads.map((p) => p.align))
  const body = Math.max(0, ...payloads.map((p) => p.size))
  const start = Math.ceil(tagSize / align) * align
  return { size: Math.ceil((start + body) / align) * align, align }
}
export const ROption = (v: TySpec): TySpec => ({
  name: 'ROption', pkg: AS, ...enumSize([v]), kind: 'enum', repr: [5, 0], discType: 0, discs: [0n, 1n],
  variants: [{ name: 'RSome', fields: 1 }, { name: 'RNone', fields: 0 }], fields: [{ name: 'field_0', type: v }],
})
export const RResult = (ok: TySpec, err: TySpec): TySpec => ({
  name: 'RResult', pkg: AS, ...enumSize([ok, err]), kind: 'enum', repr: [5, 0], discType: 0, discs: [0n, 1n],
  variants: [{ name: 'ROk', fields: 1 }, { name: 'RErr', fields: 1 }], fields: [{ name: 'field_0', type: ok }, { name: 'field_0', type: err }],
})
export const Tuple2 = (a: TySpec, b: TySpec, size: number, align: number): TySpec => ({
  name: 'Tuple2', pkg: AS, size, align, kind: 'struct', fields: [{ name: 'field_0', type: a }, { name: 'field_1', type: b }],
})
export const RHashMap = (k: TySpec, v: TySpec): TySpec => {
  const erased: TySpec = { name: 'ErasedMap', pkg: AS, size: 0, align: 1, kind: 'struct', fields: [{ name: 'field_0', type: phantomData(k, v) }] }
  return { name: 'RHashMap', pkg: AS, size: 24, align: 8, kind: 'struct', fields: [{ name: 'map', type: RBox(erased) }, { name: 'vtable', type: vecVTable }] }
}
export const FfiFuture = (out: TySpec): TySpec => {
  const poll: TySpec = {
    name: 'FfiPoll', pkg: 'async-ffi;0.5.1', ...enumSize([out]), kind: 'enum', repr: [3, 0], discType: 0, discs: [0n, 1n, 2n],
    variants: [{ name: 'Ready', fields: 1 }, { name: 'Pending', fields: 0 }, { name: 'Panicked', fields: 0 }], fields: [{ name: 'field_0', type: out }],
  }
  const local: TySpec = {
    name: 'LocalBorrowingFfiFuture', pkg: 'async-ffi;0.5.1', size: 24, align: 8, kind: 'struct',
    fields: [
      { name: 'fut_ptr', type: mutPtr(unit) },
      { name: 'poll_fn', type: AFunctionPointer, isFunction: true, functions: [{ params: [mutPtr(unit), mutPtr(unit)], returns: poll, unsafe: true }] },
      { name: 'drop_fn', type: AFunctionPointer, isFunction: true, functions: [{ params: [mutPtr(unit)], unsafe: true }] },
    ],
  }
  return { name: 'BorrowingFfiFuture', pkg: 'async-ffi;0.5.1', size: 24, align: 8, kind: 'struct', fields: [{ name: 'field_0', type: local }] }
}

/** A function field of a module or vtable (bit 60, one function). */
export const fnField = (name: string, params: TySpec[], returns?: TySpec, paramNames?: string): FieldSpec => ({
  name, type: AFunctionPointer, isFunction: true, accessor: 1, functions: [{ params, returns, paramNames }],
})

/** A prefix type (module or vtable). */
export const prefixType = (name: string, pkg: string, fields: FieldSpec[], firstSuffixField: number, accessible?: bigint): TySpec => ({
  name, pkg, size: 8 * Math.max(1, firstSuffixField) + 8, align: 8, kind: 'prefix', fields, firstSuffixField, accessible,
})
/** `PrefixRef<M>`: phantom field `0` of type M. */
export const prefixRef = (m: TySpec): TySpec => ({ name: 'PrefixRef', pkg: AS, size: 8, align: 8, kind: 'struct', nonzero: true, repr: [4, 0], fields: [], phantom: [{ name: '0', type: m }] })

const RRefUnit: TySpec = { name: 'RRef', pkg: AS, size: 8, align: 8, kind: 'struct', nonzero: true, fields: [{ name: 'ref_', type: nonNull(unit) }] }
const RMutUnit: TySpec = { name: 'RMut', pkg: AS, size: 8, align: 8, kind: 'struct', nonzero: true, fields: [{ name: 'ref_', type: nonNull(unit) }] }
export interface MethodSpec {
  name: string
  mut?: boolean
  params: TySpec[]
  returns?: TySpec
}
/** `Trait_TO<'lt, RBox<()>>`: obj (RObject: vtable PrefixRef<VTable>, ptr, _marker), _marker. */
export function traitObject(name: string, pkg: string, methods: MethodSpec[], firstSuffixField = 0, autoTraits = 0, rawExtraChecks?: bigint): TySpec {
  const objVtable: TySpec = { name: 'RObjectVtable', pkg: AS, size: 8, align: 8, kind: 'prefix', fields: [], firstSuffixField: 6 }
  const vtable = prefixType(
    'VTable',
    pkg,
    [
      { name: '_sabi_tys', type: unit },
      { name: '_sabi_vtable', type: prefixRef(objVtable) },
      ...methods.map((m) => ({
        name: m.name, type: AFunctionPointer, isFunction: true, accessor: 1,
        functions: [{ params: [m.mut ? RMutUnit : RRefUnit, ...m.params], returns: m.returns, unsafe: true, paramNames: `_self,${m.params.map((_, i) => `param_${i},`).join('')}` }],
      })),
    ],
    firstSuffixField,
  )
  vtable.size = 0
  const rboxUnit: TySpec = { name: 'RBox', pkg: AS, size: 16, align: 8, kind: 'struct', fields: [{ name: 'data', type: nonNull(unit) }, { name: 'vtable', type: vecVTable }] }
  const robject: TySpec = {
    name: 'RObject', pkg: AS, size: 24, align: 8, kind: 'struct', requiredTraits: { auto: autoTraits }, rawExtraChecks,
    fields: [{ name: 'vtable', type: prefixRef(vtable) }, { name: 'ptr', type: { name: 'ManuallyDrop', size: 16, align: 8, kind: 'struct', typeArgs: [rboxUnit], fields: [] } }, { name: '_marker', type: phantomData() }],
  }
  return { name: `${name}_TO`, pkg, size: 24, align: 8, kind: 'struct', fields: [{ name: 'obj', type: robject }, { name: '_marker', type: phantomData() }] }
}
