// Rust enums with a defined layout (RFC 2195), unit and data variants mixed:
// - `repr(u8 | u16 | u32 | u64 | i8 | i16 | i32 | i64)`: a union of `repr(C)` structs,
//   each starting with the tag, so every variant aligns its own payload.
// - `repr(C)`: a C `int` tag followed by a union of the variants' field structs.
// - `repr(C, u8)` and the like: that integer tag followed by the union.
// Read as `{ tag: 'Variant', ...fields }` (tuple variants use keys '0', '1', ...).
import type { Desc, Fields, FieldsIn, FieldsOut, IndexedIn, IndexedOut, Member, TupleFields } from '../descriptor.ts'
import { DeclarationError } from '../errors.ts'
import { checkOptions } from '../options.ts'
import { checkTypeName, toMembers } from './members.ts'
import { intInfo, type IntName } from './primitive.ts'

export type IntRepr = Exclude<IntName, 'usize' | 'isize'>
export type EnumRepr = IntRepr | 'C' | `C,${IntRepr}`

/** A variant: its fields as an object, a tuple, or null for a unit variant. */
export type VariantFields = Fields | TupleFields | null

type VariantOut<F> = F extends null ? {} : F extends TupleFields ? IndexedOut<F> : FieldsOut<F>
type VariantIn<F> = F extends null ? {} : F extends TupleFields ? IndexedIn<F> : FieldsIn<F>
type EnumOut<V> = { [K in keyof V]: { tag: K } & VariantOut<V[K]> }[keyof V]
type EnumIn<V> = { [K in keyof V]: { tag: K } & VariantIn<V[K]> }[keyof V]

export interface Variant {
  readonly name: string
  readonly discriminant: bigint
  readonly members: readonly Member[]
  readonly tuple: boolean
}

export interface EnumDesc<V extends { readonly [name: string]: VariantFields } = { readonly [name: string]: VariantFields }>
  extends Desc<EnumOut<V>, EnumIn<V>> {
  readonly kind: 'enum'
  readonly repr: EnumRepr
  readonly variants: readonly Variant[]
}

export interface EnumOptions<V> {
  repr: EnumRepr
  /** Explicit discriminants; variants without one follow the previous variant's value + 1, as in Rust. */
  discriminants?: { [K in keyof V]?: number | bigint }
}

/** The integer type of the tag, given the enum's repr; `C` means a C `int` (i32). */
export function tagIntOf(repr: EnumRepr): IntRepr {
  if (repr === 'C') return 'i32'
  return (repr.startsWith('C,') ? repr.slice(2) : repr) as IntRepr
}

function tagRange(tag: IntRepr): [bigint, bigint] {
  const { bits, signed } = intInfo[tag]
  const b = BigInt(bits as number)
  return signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n]
}

export function enumOf<const V extends { readonly [name: string]: VariantFields }>(name: string, variants: V, options: EnumOptions<V>): EnumDesc<V> {
  checkTypeName(name)
  checkOptions(name, options, ['repr', 'discriminants'])
  const repr = options?.repr
  const valid = ['u8', 'u16', 'u32', 'u64', 'i8', 'i16', 'i32', 'i64']
  if (!(valid.includes(repr) || repr === 'C' || (typeof repr === 'string' && repr.startsWith('C,') && valid.includes(repr.slice(2))))) {
    throw new DeclarationError(`${name}: repr must be one of ${valid.join(', ')}, C, or C,<int> (got ${String(repr)})`)
  }
  const entries = Object.entries(variants)
  if (entries.length === 0) throw new DeclarationError(`${name}: an enum with no variants has no values; declare at least one`)
  const [lo, hi] = tagRange(tagIntOf(repr))
  const explicit = (options.discriminants ?? {}) as Record<string, number | bigint | undefined>
  for (const key of Object.keys(explicit)) {
    if (!Object.hasOwn(variants, key)) throw new DeclarationError(`${name}: discriminant given for unknown variant ${key}`)
  }
  const seen = new Map<bigint, string>()
  let next = 0n
  const list: Variant[] = entries.map(([vname, fields]) => {
    checkTypeName(vname)
    const given = explicit[vname]
    const discriminant = given === undefined ? next : BigInt(given)
    if (discriminant < lo || discriminant > hi) {
      throw new DeclarationError(`${name}::${vname}: discriminant ${discriminant} does not fit the ${tagIntOf(repr)} tag`)
    }
    const clash = seen.get(discriminant)
    if (clash !== undefined) throw new DeclarationError(`${name}::${vname}: discriminant ${discriminant} is already used by ${clash}`)
    seen.set(discriminant, vname)
    next = discriminant + 1n
    const { members, tuple } = fields === null ? { members: [], tuple: false } : toMembers(`${name}::${vname}`, fields)
    if (members.some((m) => m.name === 'tag')) {
      throw new DeclarationError(`${name}::${vname}: a field may not be called 'tag', which holds the variant name in JS`)
    }
    return Object.freeze({ name: vname, discriminant, members: Object.freeze(members), tuple })
  })
  return Object.freeze({ kind: 'enum', name, repr, variants: Object.freeze(list) }) as EnumDesc<V>
}
