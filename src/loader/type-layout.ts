// Reads the root module's `TypeLayout` out of a library built with abi_stable (or a plugin
// emitting the same statics), as far as reference section 5 shows it can be read: the module's
// name, package and version, field names, which are function pointers, prefix length,
// conditional fields, the creator's accessibility mask, and each field type's name, size and
// alignment. Function signatures and nested types are decoded in full by tl-node.ts and
// compared by signature-check.ts (reference 5.3). The structs are declared with the layout engine, so offsets follow the
// data model (the reference gives the 64-bit ones, which the tests compare against).
import { bindPointer, layoutOf, readAt, readNativeBytes, t } from '../abi/index.ts'
import { RStr } from '../types/index.ts'

const ptr = t.ptr()

export const TypeLayoutDesc = t.struct('TypeLayout', {
  shared_vars: ptr,
  mono: ptr,
  is_nonzero: t.u8,
  alignment_power_of_two: t.u8,
  size: t.usize,
  tag: ptr,
  /** `GenericTLData`: a C-int tag, then a union (for `PrefixType`, the accessibility mask). */
  data: t.struct('GenericTLData', { tag: t.u32, payload: t.array(t.u64, 3) }),
  extra_checks: ptr,
  type_id: ptr,
})

export const SharedVarsDesc = t.struct('SharedVars', {
  mono: ptr,
  /** Array of `extern "C" fn() -> &'static TypeLayout`: functions, to be called. */
  type_layouts: ptr,
  constants: ptr,
  type_layouts_len: t.u16,
  constants_len: t.u16,
})

const MonoSharedVars = t.struct('MonoSharedVars', { strings: ptr, lifetime_indices: ptr, strings_len: t.u16, lifetime_indices_len: t.u16 })
const CompTLFields = t.struct('CompTLFields', { comp_fields: ptr, functions: ptr, comp_fields_len: t.u16 })
const PrefixTypePayload = t.struct('MonoTLPrefixType', { first_suffix_field: t.u8, conditional_prefix_fields: t.u64, fields: CompTLFields })

export const MonoTypeLayoutDesc = t.struct('MonoTypeLayout', {
  shared_vars: MonoSharedVars,
  name: ptr,
  package_and_version: RStr,
  line: t.u32,
  mod_path: ptr,
  /** `MonoTLData`, a `repr(u8)` enum: tag, then (aligned) the variant's payload; 48 bytes on 64-bit. */
  data: t.struct('MonoTLData', { tag: t.u8, payload: t.array(ptr, 5) }),
  generics: t.struct('CompGenericParams', { lifetimes: ptr, counts: t.array(t.u16, 8) }),
  phantom_fields: ptr,
  phantom_fields_len: t.u8,
  repr_attr: t.array(t.u8, 2),
  mod_refl_mode: t.array(t.u8, 2),
  name_len: t.u16,
})

/** `PTStructLayout`, what a prefix value's header points at: `{ generics: RStr, mono_layout }`. */
export const PTStructLayoutDesc = t.struct('PTStructLayout', { generics: RStr, mono_layout: ptr })

export const MonoTLTag = { Primitive: 0, Opaque: 1, Struct: 2, Union: 3, Enum: 4, PrefixType: 5 } as const
const GENERIC_TL_PREFIX_TYPE = 5

export interface FieldTypeInfo {
  readonly name: string
  readonly size: number
  readonly align: number
}

export interface TypeLayoutField {
  readonly name: string
  readonly isFunction: boolean
  /** Read only from a TypeLayout (not from a module header, which has no type table). */
  readonly type?: FieldTypeInfo
}

/** What the library says its root module is. */
export interface ModuleLayoutInfo {
  readonly typeName: string
  readonly packageAndVersion: string
  readonly firstSuffixField: number
  readonly conditionalPrefixFields: bigint
  readonly fields: readonly TypeLayoutField[]
  /** The creator's accessibility mask (`GenericTLData`); only a TypeLayout has it. */
  readonly accessibleFields?: bigint
}

/** A TypeLayout the reader cannot make sense of. */
export class TypeLayoutReadError extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: false })
const readText = (address: bigint, length: number): string => (length === 0 ? '' : decoder.decode(readNativeBytes(address, length)))

// The payload of MonoTLData starts at its own alignment after the u8 tag.
const payloadOffset = (desc: Parameters<typeof layoutOf>[0]) => layoutOf(t.struct('TagThen', { tag: t.u8, payload: desc })).fields!.payload

interface CompField {
  name: string
  typeIndex: number
  isFunction: boolean
}

function decodeCompFields(address: bigint, count: number, strings: string): CompField[] {
  if (count === 0) return []
  const view = new DataView(readNativeBytes(address, count * 8).buffer)
  const bytes = new TextEncoder().encode(strings)
  return Array.from({ length: count }, (_, i) => {
    const bits = view.getBigUint64(i * 8, true)
    const start = Number(bits & 0xffffn)
    const len = Number((bits >> 16n) & 0x3ffn)
    if (start + len > bytes.length) throw new TypeLayoutReadError(`field ${i}'s name lies outside the string table`)
    return {
      name: decoder.decode(bytes.subarray(start, start + len)),
      typeIndex: Number((bits >> 50n) & 0x3ffn),
      isFunction: ((bits >> 60n) & 1n) === 1n,
    }
  })
}

function readMono(address: bigint) {
  if (address === 0n) throw new TypeLayoutReadError('a NULL MonoTypeLayout pointer')
  const mono = readAt(MonoTypeLayoutDesc, address)
  const strings = readText(mono.shared_vars.strings, mono.shared_vars.strings_len)
  const name = readText(mono.name, mono.name_len)
  const dataAt = address + BigInt(layoutOf(MonoTypeLayoutDesc).fields!.data)
  return { mono, strings, name, dataAt }
}

/** The module described by the MonoTypeLayout at `address` (a prefix type), without field types. */
export function readModuleMono(address: bigint): Omit<ModuleLayoutInfo, 'accessibleFields'> & { fieldTypeIndices: number[] } {
  const { mono, strings, name, dataAt } = readMono(address)
  if (mono.data.tag !== MonoTLTag.PrefixType) {
    throw new TypeLayoutReadError(`${name} is not a prefix type (MonoTLData tag ${mono.data.tag}), so it is not a root module`)
  }
  const payload = readAt(PrefixTypePayload, dataAt + BigInt(payloadOffset(PrefixTypePayload)))
  const fields = decodeCompFields(payload.fields.comp_fields, payload.fields.comp_fields_len, strings)
  return {
    typeName: name,
    packageAndVersion: mono.package_and_version,
    firstSuffixField: payload.first_suffix_field,
    conditionalPrefixFields: payload.conditional_prefix_fields,
    fields: fields.map((f) => ({ name: f.name, isFunction: f.isFunction })),
    fieldTypeIndices: fields.map((f) => f.typeIndex),
  }
}

const typeLayoutFn = t.fn([], ptr)

/** Calls entry `index` of a SharedVars' type table (functions returning `&'static TypeLayout`). */
function typeLayoutAt(sharedVarsAddress: bigint, index: number): bigint {
  const shared = readAt(SharedVarsDesc, sharedVarsAddress)
  if (index >= shared.type_layouts_len) throw new TypeLayoutReadError(`type index ${index} is past the type table (${shared.type_layouts_len} entries)`)
  const fn = readAt(ptr, shared.type_layouts + BigInt(index * layoutOf(ptr).size))
  const layout = bindPointer(fn, typeLayoutFn)()
  if (layout === 0n) throw new TypeLayoutReadError(`type-layout function ${index} returned NULL`)
  return layout
}

function fieldType(sharedVarsAddress: bigint, index: number): FieldTypeInfo {
  const tl = readAt(TypeLayoutDesc, typeLayoutAt(sharedVarsAddress, index))
  return { name: readMono(tl.mono).name, size: Number(tl.size), align: 2 ** tl.alignment_power_of_two }
}

/**
 * The root module described by `RootModuleConsts.layout`: the layout of `PrefixRef<Module>`,
 * whose phantom field's type is the module's own TypeLayout (or the module's layout itself).
 */
export function readRootModuleTypeLayout(address: bigint): ModuleLayoutInfo {
  let tl = readAt(TypeLayoutDesc, address)
  let { mono, strings, name } = readMono(tl.mono)
  if (mono.data.tag !== MonoTLTag.PrefixType) {
    // PrefixRef<Module>: follow its phantom field "0" to the module.
    const phantoms = decodeCompFields(mono.phantom_fields, mono.phantom_fields_len, strings)
    const index = phantoms[0]?.typeIndex ?? 0
    const moduleAddress = typeLayoutAt(tl.shared_vars, index)
    tl = readAt(TypeLayoutDesc, moduleAddress)
    ;({ mono, strings, name } = readMono(tl.mono))
    if (mono.data.tag !== MonoTLTag.PrefixType) throw new TypeLayoutReadError(`the root module's layout (${name}) is not a prefix type`)
  }
  const module = readModuleMono(tl.mono)
  const fields = module.fields.map((f, i) => ({ ...f, type: fieldType(tl.shared_vars, module.fieldTypeIndices[i]) }))
  const accessibleFields = tl.data.tag === GENERIC_TL_PREFIX_TYPE ? tl.data.payload[0] : undefined
  return { ...module, fields, accessibleFields }
}

/** The module as its own header describes it (WM + 8 → PTStructLayout → MonoTypeLayout); no calls. */
export function readModuleHeaderLayout(moduleAddress: bigint): ReturnType<typeof readModuleMono> | undefined {
  const typeLayout = readAt(ptr, moduleAddress + 8n)
  if (typeLayout === 0n) return undefined
  const pt = readAt(PTStructLayoutDesc, typeLayout)
  return readModuleMono(pt.mono_layout)
}
