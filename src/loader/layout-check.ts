// Compares what a library says about its root module with the host's declaration. Two sources:
// our layout descriptor (the full canonical layout string, every field's whole type), and
// abi_stable's TypeLayout (names, prefix length, function-pointer flags, sizes), which is all a
// library built with the real crate carries.
import { layoutOf, layoutString, type PrefixDesc } from '../abi/index.ts'
import { LayoutMismatchError, type LayoutCheckName } from './errors.ts'
import { ROOT_LAYOUT_MAGIC, ROOT_LAYOUT_VERSION } from './header.ts'
import { allLayoutDifferences } from './layout-diff.ts'
import type { ModuleLayoutInfo } from './type-layout.ts'

const structName = (d: PrefixDesc) => d.name.slice(0, -'_Ref'.length)

export interface RootLayoutDescriptorValue {
  readonly magic: number
  readonly version: number
  readonly layout: string
  readonly fingerprint: bigint
}

const REGENERATE = 'Copy the layout string and fingerprint the host prints for its declaration (layoutString / layoutFingerprint) into the plugin again.'

/** Checks the library's layout descriptor against `layoutString(module)`. */
export function checkLayoutString(path: string, module: PrefixDesc, descriptor: RootLayoutDescriptorValue): void {
  const root = structName(module)
  const fail = (fieldPath: string, expected: string, found: string, hint?: string): never => {
    throw new LayoutMismatchError(path, 'layout-string', fieldPath, expected, found, hint)
  }
  if (descriptor.magic !== ROOT_LAYOUT_MAGIC || descriptor.version !== ROOT_LAYOUT_VERSION) {
    fail(
      `${root} (layout descriptor)`,
      `magic 0x${ROOT_LAYOUT_MAGIC.toString(16)} version ${ROOT_LAYOUT_VERSION}`,
      `magic 0x${descriptor.magic.toString(16)} version ${descriptor.version}`,
      'The plugin exports abi_stable_node_root_layout in a format this host does not know; rebuild it with this version of the C header or Rust mirror.',
    )
  }
  const own = BigInt(`0x${fingerprintOf(descriptor.layout)}`)
  if (descriptor.fingerprint !== own) {
    fail(
      `${root} (layout descriptor)`,
      `fingerprint 0x${own.toString(16).padStart(16, '0')} (of its own layout string)`,
      `0x${descriptor.fingerprint.toString(16).padStart(16, '0')}`,
      `The descriptor's string was edited without its fingerprint, or the other way round. ${REGENERATE}`,
    )
  }
  const all = allLayoutDifferences(layoutString(module), descriptor.layout)
  if (all.length > 0) throw new LayoutMismatchError(path, 'layout-string', all[0].path, all[0].expected, all[0].found, undefined, all)
}

/** FNV-1a 64 of a string's UTF-8 bytes: what layoutFingerprint computes from a declaration's layout string. */
function fingerprintOf(text: string): string {
  let h = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte)
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn
  }
  return h.toString(16).padStart(16, '0')
}

/**
 * Checks names, count and prefix length of the module's fields against the declaration. Like
 * the layout string check, a library may have more fields (newer) or fewer suffix fields (older).
 */
export function checkFieldNames(path: string, module: PrefixDesc, info: Omit<ModuleLayoutInfo, 'accessibleFields'>, check: LayoutCheckName): void {
  const root = structName(module)
  // Every difference, not only the first; the error carries them all.
  const found: { path: string; expected: string; found: string; hint?: string }[] = []
  const fail = (fieldPath: string, expected: string, foundText: string, hint?: string): void => {
    found.push({ path: fieldPath, expected, found: foundText, hint })
  }
  if (info.typeName !== root) fail(root, `a module named ${root}`, `one named ${info.typeName}`)
  const prefixLen = module.lastPrefixIndex + 1
  if (info.firstSuffixField !== prefixLen) {
    fail(root, `${prefixLen} prefix fields (up to ${module.members[prefixLen - 1]?.name ?? 'none'})`, `${info.firstSuffixField}`)
  }
  if (info.conditionalPrefixFields !== 0n) {
    fail(root, 'no conditional prefix fields', `mask 0x${info.conditionalPrefixFields.toString(16)}`, 'Fields with #[sabi(accessible_if)] are not supported by this host.')
  }
  const common = Math.min(module.members.length, info.fields.length)
  for (let i = 0; i < common; i++) {
    const m = module.members[i]
    const f = info.fields[i]
    if (m.name !== f.name) {
      fail(`${root}.${m.name}`, `field ${i} named ${m.name}`, `field ${i} named ${f.name}`)
      continue
    }
    const isFn = m.type.kind === 'fn'
    if (isFn !== f.isFunction) fail(`${root}.${m.name}`, isFn ? 'a function pointer' : `a ${m.type.name}`, f.isFunction ? 'a function pointer' : 'not a function pointer')
  }
  if (info.fields.length < prefixLen) {
    fail(`${root}.${module.members[info.fields.length].name}`, 'a prefix field, which every version has', `no such field (the module has ${info.fields.length})`)
  }
  if (found.length > 0) {
    const [first] = found
    throw new LayoutMismatchError(path, check, first.path, first.expected, first.found, first.hint, found.map(({ hint: _, ...d }) => d))
  }
}

/** Checks each common field's type size and alignment (function pointers are all `AFunctionPointer`). */
export function checkFieldSizes(path: string, module: PrefixDesc, info: ModuleLayoutInfo): void {
  const root = structName(module)
  const common = Math.min(module.members.length, info.fields.length)
  for (let i = 0; i < common; i++) {
    const m = module.members[i]
    const type = info.fields[i].type
    if (!type) continue
    const { size, align } = layoutOf(m.type)
    if (size !== type.size || align !== type.align) {
      throw new LayoutMismatchError(
        path,
        'type-layout-field-sizes',
        `${root}.${m.name}`,
        `${m.type.name} (${size} bytes, align ${align})`,
        `${type.name} (${type.size} bytes, align ${type.align})`,
      )
    }
  }
}
