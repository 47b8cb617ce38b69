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
}

export interface PrefixOptions<F> {
  /** The last field that existed in the first version (abi_stable's `#[sabi(last_prefix_field)]`). */
  lastPrefixField?: keyof F & string
  /**
   * For a root module: abi_stable's `RootModule::BASE_NAME`, the library's file name without the
   * platform's prefix and suffix (`example_connector` for `libexample_connector.so`).
   */
  baseName?: string
}

export function prefix<const F extends Fields>(name: string, fields: F, options: PrefixOptions<F> = {}): PrefixDesc<F> {
  checkTypeName(name)
  checkOptions(name, options, ['lastPrefixField', 'baseName'])
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
  const base = options.baseName === undefined ? {} : { baseName: options.baseName }
  return Object.freeze({ kind: 'prefix', name: `${name}_Ref`, fields, members: Object.freeze(members), lastPrefixIndex, ...base }) as PrefixDesc<F>
}

/** The struct's own name (`Foo` for the descriptor of `Foo_Ref`). */
export function prefixStructName(d: PrefixDesc): string {
  return d.name.slice(0, -'_Ref'.length)
}
