// The statics a plugin exports, declared with the layout engine and read from the library
// (reference 4.1-4.2, measured in abi_stable-0.11.3-layouts.json): abi_stable's `LibHeader`
// behind the root-module loader symbol, and our own root-module layout descriptor.
import { readAt, type Infer } from '../abi/index.ts'
import { t } from '../types/index.ts'

/** abi_stable's mangling of `_as.lib_header.root module loader`: a data symbol, the LibHeader's address. */
export const ROOT_MODULE_LOADER_SYMBOL = '_1as_0lib_1header_0root_bmodule_bloader'
/** `abi stable library for Rust` padded with 5 spaces to 32 bytes. */
export const ABI_MAGIC = 'abi stable library for Rust     '
/** The ABI of abi_stable 0.11.x, which every 0.11 library carries (abi_stable_derive's version). */
export const ABI_VERSION = { major: 0, minor: 11 } as const

export const AbiHeader = t.struct('AbiHeader', {
  magic_string: t.array(t.u8, 32),
  abi_major: t.u32,
  abi_minor: t.u32,
  _priv: t.unit,
})

/** `IsLayoutChecked`: `Yes(&'static TypeLayout)` = 0, `No` = 1. */
export const IsLayoutChecked = t.enum('IsLayoutChecked', { Yes: [t.ptr()], No: null }, { repr: 'u8' })

export const RootModuleConsts = t.struct('RootModuleConsts', {
  base_name: t.RStr,
  name: t.RStr,
  /** `VersionStrings`: transparent over the interface crate's version, an RStr. */
  version_strings: t.RStr,
  layout: IsLayoutChecked,
  c_abi_testing_fns: t.ptr(),
  _priv: t.unit,
})

/** `LateStaticRef<PrefixRef<ErasedPrefix>>`: the module pointer (NULL until a Rust loader stores it), then an `RMutex<()>`. */
export const LateStaticRef = t.struct('LateStaticRef', {
  pointer: t.ptr(),
  raw_mutex: t.usize,
  mutex_vtable: t.ptr(),
  _marker: t.phantom(),
})

export const LibHeader = t.struct('LibHeader', {
  header: AbiHeader,
  root_mod_consts: RootModuleConsts,
  init_globals_with: t.ptr(),
  module: LateStaticRef,
  constructor: t.ptr(),
})

/** Our root-module layout descriptor, exported next to the LibHeader by the C header and the Rust mirror. */
export const ROOT_LAYOUT_SYMBOL = 'abi_stable_node_root_layout'
export const ROOT_LAYOUT_MAGIC = 0x4c4e4241 // "ABNL" as a little-endian u32
export const ROOT_LAYOUT_VERSION = 1
export const RootLayoutDescriptor = t.struct('RootLayoutDescriptor', {
  magic: t.u32,
  version: t.u32,
  layout: t.RStr,
  fingerprint: t.u64,
})

export type LibHeaderValue = Infer<typeof LibHeader>

/** The magic string as text (bytes outside ASCII shown as \xNN), for messages. */
export function magicText(bytes: readonly number[]): string {
  return bytes.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('')
}

export const readAbiHeader = (address: bigint) => readAt(AbiHeader, address)
export const readLibHeader = (address: bigint) => readAt(LibHeader, address)
export const readRootLayoutDescriptor = (address: bigint) => readAt(RootLayoutDescriptor, address)
