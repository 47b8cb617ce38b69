// Prefix types: abi_stable's extensible structs (root modules, vtables). A value
// lives behind a header `{ field_accessibility: u64, type_layout: *const _ }`, and a
// reference to it (`Foo_Ref`) is one pointer to that header. Fields up to
// `lastPrefixField` are always present; later ones exist only when their bit in
// `field_accessibility` is set, so older libraries can lack them.
import type { Desc, Fields, Infer, Member } from '../descriptor.ts'
import { DeclarationError } from '../errors.ts'
import { checkOptions } from '../options.ts'
import { checkTypeName, toMembers } from './members.ts'

/** A prefix value read from memory: present fields as properties; absent ones throw on access. */
export type PrefixValue<F extends Fields> = { readonly [K in keyof F]: Infer<F[K]> } & {
  /** Address of the header (`WithMetadata`), what a `Foo_Ref` holds. */
  readonly $address: bigint
  /** The `field_accessibility` bits as written by the value's creator. */
  readonly $accessible: bigint
  /** Whether field `name` is present in this value. */
  $has(name: keyof F & string): boolean
}

export interface PrefixDesc<F extends Fields = Fields> extends Desc<PrefixValue<F>, bigint | { readonly $address: bigint }> {
  readonly kind: 'prefix'
  readonly fields: F
  readonly members: readonly Member[]
  /** Index of the last field every version has; -1 when every field is checked. */
  readonly lastPrefixIndex: number
  /** A root module's `RootModule::BASE_NAME`: its library is `lib<baseName>.so` (loadFromDirectory). */
  readonly baseName?: string
  /** What a loaded library lacking a declared field means (`#[sabi(missing_field(...))]`): see MissingField. */
  readonly missingField: MissingField
  /** With `missingField: 'default'`: what each field after the prefix reads as when it is absent. */
  readonly defaults?: Readonly<Record<string, unknown>>
}

/**
 * abi_stable's `#[sabi(missing_field(...))]` for the fields after `lastPrefixField`:
 * - `'panic'` (abi_stable's default): loadLibrary refuses a library that lacks any declared field;
 * - `'option'`: an absent field reads as `undefined`;
 * - `'default'`: an absent field reads as its entry in `defaults`;
 * - `'throw'`: the library loads, and reading an absent field throws MissingFieldError naming it
 *   (`module.$has(name)` tells beforehand): more lenient than abi_stable, chosen explicitly.
 */
export type MissingField = 'panic' | 'option' | 'default' | 'throw'
const MISSING_FIELD: readonly MissingField[] = ['panic', 'option', 'default', 'throw']

export interface PrefixOptions<F> {
  /** The last field that existed in the first version (abi_stable's `#[sabi(last_prefix_field)]`). */
  lastPrefixField?: keyof F & string
  /**
   * For a root module: abi_stable's `RootModule::BASE_NAME`, the library's file name without the
   * platform's prefix and suffix (`example_connector` for `libexample_connector.so`).
   */
  baseName?: string
  /** What a library lacking a field after `lastPrefixField` means (default `'panic'`, as in abi_stable). */
  missingField?: MissingField
  /** With `missingField: 'default'`: the value each field after `lastPrefixField` reads as when absent. */
  defaults?: { readonly [K in keyof F]?: unknown }
}

export function prefix<const F extends Fields>(name: string, fields: F, options: PrefixOptions<F> = {}): PrefixDesc<F> {
  checkTypeName(name)
  checkOptions(name, options, ['lastPrefixField', 'baseName', 'missingField', 'defaults'])
  if (options.baseName !== undefined && (typeof options.baseName !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(options.baseName))) {
    throw new DeclarationError(`${name}: baseName must be a library base name (letters, digits, _ . -), got ${JSON.stringify(options.baseName)}`)
  }
  const { members } = toMembers(name, fields)
  if (members.length > 64) throw new DeclarationError(`${name}: a prefix type has at most 64 fields (one accessibility bit each), got ${members.length}`)
  let lastPrefixIndex = -1
  if (options.lastPrefixField !== undefined) {
    lastPrefixIndex = members.findIndex((m) => m.name === options.lastPrefixField)
    if (lastPrefixIndex < 0) throw new DeclarationError(`${name}: lastPrefixField ${options.lastPrefixField} is not one of its fields`)
  }
  for (const m of members) {
    if (m.name.startsWith('$')) throw new DeclarationError(`${name}.${m.name}: names starting with $ are reserved`)
  }
  const missingField = options.missingField ?? 'panic'
  if (!MISSING_FIELD.includes(missingField)) throw new DeclarationError(`${name}: missingField must be one of ${MISSING_FIELD.map((m) => `'${m}'`).join(', ')}, got ${JSON.stringify(missingField)}`)
  const defaults = options.defaults as Record<string, unknown> | undefined
  if ((missingField === 'default') !== (defaults !== undefined)) {
    throw new DeclarationError(`${name}: defaults go with missingField: 'default' (and it needs them: the value each field after lastPrefixField reads as when a library lacks it)`)
  }
  if (defaults) {
    const optional = members.slice(lastPrefixIndex + 1).map((m) => m.name)
    const unknown = Object.keys(defaults).filter((k) => !optional.includes(k))
    if (unknown.length) throw new DeclarationError(`${name}: defaults for ${unknown.join(', ')}, which ${unknown.length > 1 ? 'are' : 'is'} not a field after lastPrefixField (${optional.join(', ') || 'none'})`)
    const lacking = optional.filter((k) => !(k in defaults))
    if (lacking.length) throw new DeclarationError(`${name}: missingField 'default' needs a default for ${lacking.join(', ')}`)
  }
  const extra = { ...(options.baseName === undefined ? {} : { baseName: options.baseName }), ...(defaults ? { defaults: Object.freeze({ ...defaults }) } : {}) }
  return Object.freeze({ kind: 'prefix', name: `${name}_Ref`, fields, members: Object.freeze(members), lastPrefixIndex, missingField, ...extra }) as PrefixDesc<F>
}

/** The struct's own name (`Foo` for the descriptor of `Foo_Ref`). */
export function prefixStructName(d: PrefixDesc): string {
  return d.name.slice(0, -'_Ref'.length)
}
