// The interface of a DynTrait (abi_stable's InterfaceType): which traits the erased object
// implements. Declared as `{ Display: true, Iterator: t.RString, ... }`; the traits implied by
// `impl_InterfaceType` (reference 11.D.1) are added, so `Ord` brings PartialEq, Eq and PartialOrd.
import { DeclarationError, type Desc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { checkOptions } from '../abi/options.ts'

/** The traits abi_stable's InterfaceType can list (auto traits, then the vtable's traits). */
export const TRAITS = [
  'Send', 'Sync', 'Unpin', 'Clone', 'Default', 'Display', 'Debug', 'Serialize', 'Deserialize', 'Eq', 'PartialEq',
  'Ord', 'PartialOrd', 'Hash', 'Iterator', 'DoubleEndedIterator', 'Error', 'FmtWrite', 'IoWrite', 'IoRead', 'IoBufRead', 'IoSeek',
] as const
export type TraitName = (typeof TRAITS)[number]

export interface DynInterfaceSpec {
  /** The interface type's name (`TOState`), for messages and the layout text. */
  name?: string
  Send?: boolean
  Sync?: boolean
  Unpin?: boolean
  Clone?: boolean
  Default?: boolean
  Display?: boolean
  Debug?: boolean
  /**
   * `true`: the serialize slot returns abi_stable's `RawValueBox` (an RString of JSON, as the
   * examples' interfaces choose), parsed by toJSON(). A descriptor: the proxy type, read as is.
   */
  Serialize?: boolean | Desc
  Deserialize?: boolean
  Eq?: boolean
  PartialEq?: boolean
  Ord?: boolean
  PartialOrd?: boolean
  Hash?: boolean
  /** The iterator's item type. */
  Iterator?: Desc
  DoubleEndedIterator?: boolean
  Error?: boolean
  FmtWrite?: boolean
  IoWrite?: boolean
  IoRead?: boolean
  IoBufRead?: boolean
  IoSeek?: boolean
}

export interface DynInterface {
  readonly name: string
  readonly traits: ReadonlySet<TraitName>
  /** Name and traits: two declarations of the same interface have the same key. */
  readonly key: string
  readonly item?: Desc
  /** The serialize proxy's descriptor, or 'json' for RawValueBox. */
  readonly serializeProxy?: Desc | 'json'
}

const IMPLIED: Partial<Record<TraitName, TraitName[]>> = {
  DoubleEndedIterator: ['Iterator'],
  Eq: ['PartialEq'],
  PartialOrd: ['PartialEq'],
  Ord: ['PartialEq', 'Eq', 'PartialOrd'],
  IoBufRead: ['IoRead'],
  Error: ['Display', 'Debug'],
}

const isDesc = (v: unknown): v is Desc => typeof v === 'object' && v !== null && typeof (v as Desc).kind === 'string' && typeof (v as Desc).name === 'string'

/** The traits a NonExhaustive's interface may list (`traits(..)` of the derive), none implied. */
export const NE_TRAITS: readonly TraitName[] = ['Send', 'Sync', 'Clone', 'Display', 'Debug', 'Serialize', 'Deserialize', 'Eq', 'PartialEq', 'Ord', 'PartialOrd', 'Hash', 'Error']

/**
 * Checks and completes a declared interface: a DynTrait's (every trait, implied ones added, as
 * impl_InterfaceType does) or, with `only`, a NonExhaustive's (those traits, nothing implied).
 */
export function dynInterface(where: string, spec: DynInterfaceSpec, only?: readonly TraitName[]): DynInterface {
  if (typeof spec !== 'object' || spec === null) throw new DeclarationError(`${where}: the interface must be an object of traits, got ${describeValue(spec)}`)
  checkOptions(where, spec, ['name', ...(only ?? TRAITS)])
  const traits = new Set<TraitName>()
  for (const name of TRAITS) {
    const v = spec[name]
    if (v === undefined || v === false) continue
    if (name === 'Iterator' ? !isDesc(v) : name === 'Serialize' ? v !== true && !isDesc(v) : v !== true) {
      const want = name === 'Iterator' ? 'the item type (a descriptor)' : name === 'Serialize' ? 'true or the proxy type (a descriptor)' : 'true or false'
      throw new DeclarationError(`${where}: ${name} must be ${want}, got ${describeValue(v)}`)
    }
    traits.add(name)
  }
  if (!only) for (const name of [...traits]) for (const implied of IMPLIED[name] ?? []) traits.add(implied)
  if (traits.has('Iterator') && !spec.Iterator) throw new DeclarationError(`${where}: DoubleEndedIterator needs Iterator: <item type>`)
  const name = spec.name ?? `{${[...traits].join('+')}}`
  if (typeof name !== 'string' || name === '') throw new DeclarationError(`${where}: name must be a non-empty string`)
  return Object.freeze({
    name,
    traits,
    key: `${name}{${[...traits].sort().join('+')}}`,
    item: spec.Iterator,
    serializeProxy: spec.Serialize === undefined || spec.Serialize === false ? undefined : spec.Serialize === true ? 'json' : spec.Serialize,
  })
}
