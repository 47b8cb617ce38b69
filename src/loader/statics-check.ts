// Checks the values a library's statics hold before the loader follows them (reads through a
// pointer, calls a function pointer): each must lie in mapped memory of the right kind, and
// the texts must have plausible lengths and be UTF-8. A corrupt or hostile library then gives a
// CorruptLibraryError naming the field instead of a crash. What cannot be checked this way (a
// pointer into the wrong, but mapped, bytes) is listed in docs/loading.md.
import { layoutOf, readAt, readNativeBytes, readPrefix, t, type PrefixDesc } from '../abi/index.ts'
import { AbiHeaderMismatchError, CorruptLibraryError } from './errors.ts'
import {
  ABI_MAGIC,
  ABI_VERSION,
  AbiHeader,
  LateStaticRef,
  LibHeader,
  ROOT_LAYOUT_SYMBOL,
  RootLayoutDescriptor,
  magicText,
  readAbiHeader,
  readLibHeader,
  type LibHeaderValue,
} from './header.ts'
import type { MemoryMap } from '../abi/mapped-memory.ts'
import { TypeLayoutDesc } from './type-layout.ts'

/** Longer than any base name, name or version a library would carry. */
export const MAX_HEADER_TEXT = 4096

const RawRStr = t.struct('RawRStr', { data: t.ptr(), length: t.usize })
/** RootModuleConsts with its texts as raw pointer and length, and IsLayoutChecked as tag + pointer. */
const RawRootModuleConsts = t.struct('RawRootModuleConsts', {
  base_name: RawRStr,
  name: RawRStr,
  version_strings: RawRStr,
  layout: t.struct('RawIsLayoutChecked', { tag: t.u8, layout: t.ptr() }),
  c_abi_testing_fns: t.ptr(),
})
const RawLibHeader = t.struct('RawLibHeader', {
  header: AbiHeader,
  root_mod_consts: RawRootModuleConsts,
  init_globals_with: t.ptr(),
  module: LateStaticRef,
  constructor: t.ptr(),
})

type AbiHeaderValue = ReturnType<typeof readAbiHeader>
const hex = (a: bigint) => `0x${a.toString(16)}`
const utf8 = new TextDecoder('utf-8', { fatal: true })

/**
 * Reads the LibHeader at `address` (reference 4.2) as the loader uses it: its AbiHeader must be
 * abi_stable 0.11's (AbiHeaderMismatchError), and everything else it holds must pass
 * checkLibHeader (CorruptLibraryError) before its texts are read.
 */
export function readLibraryHeader(path: string, map: MemoryMap, address: bigint): { abi: AbiHeaderValue; consts: LibHeaderValue['root_mod_consts'] } {
  if (!map.readable(address, layoutOf(LibHeader).size)) {
    throw new CorruptLibraryError(path, 'LibHeader', `at ${hex(address)} is not in readable memory`)
  }
  const abi = readAbiHeader(address)
  const magic = magicText(abi.magic_string)
  // abi_stable's AbiHeader::is_compatible: same magic, same major, and for 0.x the same minor.
  if (magic !== ABI_MAGIC || abi.abi_major !== ABI_VERSION.major || (abi.abi_major === 0 && abi.abi_minor !== ABI_VERSION.minor)) {
    throw new AbiHeaderMismatchError(path, { magic: ABI_MAGIC, ...ABI_VERSION }, { magic, major: abi.abi_major, minor: abi.abi_minor })
  }
  checkLibHeader(path, map, address)
  return { abi, consts: readLibHeader(address).root_mod_consts }
}

/** Longest layout string our layout descriptor may carry. */
const MAX_LAYOUT_TEXT = 1 << 20

/** Checks our root-layout descriptor (abi_stable_node_root_layout) and its text before they are read. */
export function checkRootLayoutDescriptor(path: string, map: MemoryMap, address: bigint): void {
  if (!map.readable(address, layoutOf(RootLayoutDescriptor).size)) {
    throw new CorruptLibraryError(path, ROOT_LAYOUT_SYMBOL, `at ${hex(address)} is not in readable memory`)
  }
  const { data, length } = readAt(RawRStr, address + 8n)
  const len = BigInt(length)
  if (len > BigInt(MAX_LAYOUT_TEXT)) throw new CorruptLibraryError(path, `${ROOT_LAYOUT_SYMBOL}.layout`, `is ${len} bytes long, more than ${MAX_LAYOUT_TEXT}`)
  if (len > 0n && !map.readable(data, len)) throw new CorruptLibraryError(path, `${ROOT_LAYOUT_SYMBOL}.layout`, `points at ${hex(data)}, ${len} bytes that are not in readable memory`)
}

/**
 * Checks the RootModuleConsts texts, the layout pointer, and what building the module will
 * follow (the stored module pointer, else the constructor), after the AbiHeader was accepted.
 */
function checkLibHeader(path: string, map: MemoryMap, address: bigint): void {
  const raw = readAt(RawLibHeader, address)
  const consts = raw.root_mod_consts
  for (const field of ['base_name', 'name', 'version_strings'] as const) {
    const where = `LibHeader.root_mod_consts.${field}`
    const { data, length } = consts[field]
    const len = BigInt(length)
    if (len > BigInt(MAX_HEADER_TEXT)) throw new CorruptLibraryError(path, where, `is ${len} bytes long, more than the ${MAX_HEADER_TEXT} any name or version needs`)
    if (len === 0n) continue
    if (!map.readable(data, len)) throw new CorruptLibraryError(path, where, `points at ${hex(data)}, ${len} bytes that are not in readable memory`)
    try {
      utf8.decode(readNativeBytes(data, Number(len)))
    } catch {
      throw new CorruptLibraryError(path, where, 'is not valid UTF-8')
    }
  }
  const { tag, layout } = consts.layout
  if (tag !== 0 && tag !== 1) throw new CorruptLibraryError(path, 'LibHeader.root_mod_consts.layout', `has tag ${tag}, neither Yes (0) nor No (1)`)
  if (tag === 0 && !map.readable(layout, layoutOf(TypeLayoutDesc).size)) {
    throw new CorruptLibraryError(path, 'LibHeader.root_mod_consts.layout', `points at ${hex(layout)}, not at a TypeLayout in readable memory`)
  }
  const stored = raw.module.pointer
  if (stored !== 0n) {
    if (!map.readable(stored, 16)) throw new CorruptLibraryError(path, 'LibHeader.module.pointer', `holds ${hex(stored)}, not a module in readable memory`)
  } else if (raw.constructor === 0n) {
    throw new CorruptLibraryError(path, 'LibHeader.constructor', 'is NULL')
  } else if (!map.executable(raw.constructor)) {
    throw new CorruptLibraryError(path, 'LibHeader.constructor', `points at ${hex(raw.constructor)}, which is not code`)
  }
}

/**
 * Checks the root module at `address` as `Module` will read it: the header and every field the
 * library claims to have are in readable memory, and each such function field points at code.
 * Nested modules are checked the same way.
 */
export function checkModule(path: string, map: MemoryMap, Module: PrefixDesc, address: bigint, where = Module.name.slice(0, -'_Ref'.length)): void {
  if (!map.readable(address, 8)) throw new CorruptLibraryError(path, where, `is at ${hex(address)}, not in readable memory`)
  const accessible = BigInt(readAt(t.u64, address))
  const p = layoutOf(Module).prefix!
  let end = p.valueOffset
  Module.members.forEach((m, i) => {
    if (i <= Module.lastPrefixIndex || ((accessible >> BigInt(i)) & 1n) === 1n) end = Math.max(end, p.fields[m.name] + layoutOf(m.type).size)
  })
  if (!map.readable(address, end)) {
    throw new CorruptLibraryError(path, where, `at ${hex(address)} claims fields (accessibility bits ${hex(accessible)}) that run past readable memory`)
  }
  const raw = readPrefix(Module, address) as unknown as Record<string, unknown> & { $has(n: string): boolean }
  for (const m of Module.members) {
    if (!raw.$has(m.name)) continue
    const value = raw[m.name]
    if (m.type.kind === 'fn' && value !== 0n && !map.executable(value as bigint)) {
      throw new CorruptLibraryError(
        path,
        `${where}.${m.name}`,
        `points at ${hex(value as bigint)}, which is not code (accessibility bits ${hex(accessible)}: does the library really have this field?)`,
      )
    }
    if (m.type.kind === 'prefix') checkModule(path, map, m.type as PrefixDesc, (value as { $address: bigint }).$address, `${where}.${m.name}`)
  }
}

