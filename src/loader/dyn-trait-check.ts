// What a DynTrait's layout says (reference 3.5, 11.D): abi_stable's derive records
// `DynTrait { object: ManuallyDrop<P>, vtable, extra_value, _marker: PhantomData<(I, RStr)>, .. }`
// and, in `extra_checks`, the interface's RequiredTraits. Compared with `t.DynTrait(pointer,
// interface)`: the pointer, the interface's name (when declared) and its traits as abi_stable's
// checker compares them: auto traits equal, the declared regular traits among the plugin's.
import type { DynTraitDesc } from '../erased/dyn-trait.ts'
import type { TraitName } from '../erased/interface.ts'
import type { Difference } from './signature-check.ts'
import { AUTO_TRAIT_BITS, typeText, type TLNode, type TypeLayoutReader } from './tl-node.ts'

/** `RequiredTraits.regular_traits` bits (reference 11.D D.1); Eq, Send, Sync and Unpin have none. */
export const REGULAR_TRAIT_BITS: Partial<Record<TraitName, bigint>> = {
  Error: 1n << 0n, Clone: 1n << 1n, Default: 1n << 2n, Display: 1n << 3n, Debug: 1n << 4n, Serialize: 1n << 5n,
  PartialEq: 1n << 6n, Ord: 1n << 7n, PartialOrd: 1n << 8n, Hash: 1n << 9n, Iterator: 1n << 10n,
  DoubleEndedIterator: 1n << 11n, FmtWrite: 1n << 12n, IoWrite: 1n << 13n, IoRead: 1n << 14n, IoBufRead: 1n << 15n,
  IoSeek: 1n << 16n, Deserialize: 1n << 17n,
}
const AUTO = Object.keys(AUTO_TRAIT_BITS) as (keyof typeof AUTO_TRAIT_BITS)[]
const REGULAR = Object.keys(REGULAR_TRAIT_BITS) as TraitName[]

/** Whether a descriptor is a `t.DynTrait(..)`. */
export function isDynTraitDesc(d: object): d is DynTraitDesc {
  const x = d as Partial<DynTraitDesc>
  return typeof x.pointer === 'string' && typeof x.iface === 'object' && x.iface !== null && typeof x.name === 'string' && x.name.startsWith('DynTrait<')
}

/** The trait names RequiredTraits words stand for: auto traits first, then the regular ones. */
export function requiredTraitNames(autoTraits: number, regularTraits: bigint): TraitName[] {
  return [...AUTO.filter((n) => autoTraits & AUTO_TRAIT_BITS[n]), ...REGULAR.filter((n) => (regularTraits & REGULAR_TRAIT_BITS[n]!) !== 0n)]
}

const diff = (path: string, expected: string, found: string): Difference => ({ path, expected, found })
const field = (node: TLNode, name: string) => node.fields.find((f) => f.name === name)
const traitList = (names: readonly string[]) => (names.length ? names.join(' + ') : 'none')

/** The pointer `P` of `object: ManuallyDrop<P>`, and the interface `I` of `_marker: PhantomData<(I, RStr)>`. */
export function dynTraitParts(f: TLNode): { pointer: TLNode | undefined; iface: TLNode | undefined } {
  const object = field(f, 'object')?.type
  const pointer = object?.name === 'ManuallyDrop' ? object.typeArgs[0] : object
  // `PhantomData<(I, RStr)>`: I is types[0], or the first element of a tuple type there.
  const args = field(f, '_marker')?.type.typeArgs ?? []
  const tuple = args.length === 1 ? args[0] : undefined
  const iface = tuple && (tuple.typeArgs.length >= 2 || tuple.fields.length >= 2) ? (tuple.typeArgs[0] ?? tuple.fields[0].type) : args[0]
  return { pointer, iface }
}

/**
 * The differences between `t.DynTrait(pointer, interface)` and a plugin's DynTrait layout `f`:
 * at `.object` the pointer, at `._marker` the interface name (only when one was declared), and
 * the interface traits from RequiredTraits, each naming the `t.DynTrait(..)` to declare.
 */
export function dynTraitDifferences(e: DynTraitDesc, f: TLNode, inside: string, reader: TypeLayoutReader): Difference[] {
  const names = f.fields.map((x) => x.name)
  if (f.kind !== 'struct' || !field(f, 'object') || !field(f, 'vtable')) {
    return [diff(inside, 'DynTrait { object, vtable, .. }', `${f.kind} { ${names.join(', ')} }`)]
  }
  const { iface } = e
  const declaredName = iface.name.startsWith('{') ? undefined : iface.name
  const parts = dynTraitParts(f)
  const out: Difference[] = []
  const declaration = (pointer: string, traits: readonly string[]) =>
    `t.DynTrait('${pointer}', { ${[`name: '${parts.iface?.name ?? iface.name}'`, ...traits.map((n) => (n === 'Iterator' ? `Iterator: ${iface.item ? iface.item.name : '<item type>'}` : `${n}: true`))].join(', ')} })`
  const pointerName = parts.pointer?.name
  if (pointerName !== e.pointer) {
    out.push(diff(`${inside}.object`, `a DynTrait over ${e.pointer}<()> (declared pointer: '${e.pointer}')`, `over ${parts.pointer ? typeText(parts.pointer) : 'no pointer'}${pointerName ? `: declare t.DynTrait('${pointerName}', ..)` : ''}`))
  }
  if (declaredName && parts.iface && parts.iface.name !== declaredName) {
    out.push(diff(`${inside}._marker`, `the interface ${declaredName}`, `${parts.iface.name}: declare { name: '${parts.iface.name}', .. }`))
  }
  const path = `${inside} interface traits of ${iface.name}`
  const declared = [...iface.traits].filter((n) => n in AUTO_TRAIT_BITS || REGULAR_TRAIT_BITS[n] !== undefined)
  const expectedAuto = AUTO.reduce((bits, n) => (iface.traits.has(n) ? bits | AUTO_TRAIT_BITS[n] : bits), 0)
  const expectedRegular = REGULAR.reduce((bits, n) => (iface.traits.has(n) ? bits | REGULAR_TRAIT_BITS[n]! : bits), 0n)
  const what = `${traitList(declared)} in DynTrait's RequiredTraits`
  const read = reader.requiredTraits(f)
  if (read.state === 'none') return [...out, diff(path, what, 'no extra_checks (abi_stable refuses a DynTrait without them)')]
  if (read.state === 'unreadable') return [...out, diff(path, what, read.why)]
  const found = requiredTraitNames(read.autoTraits, read.regularTraits)
  const declare = `declare ${declaration(pointerName ?? e.pointer, found)}`
  if (read.autoTraits !== expectedAuto) {
    const auto = (bits: number) => `${traitList(AUTO.filter((n) => bits & AUTO_TRAIT_BITS[n]))} (auto_traits ${bits})`
    out.push(diff(path, `auto traits ${auto(expectedAuto)}, as declared`, `${auto(read.autoTraits)}: ${declare}`))
  }
  const missing = REGULAR.filter((n) => (expectedRegular & REGULAR_TRAIT_BITS[n]! & ~read.regularTraits) !== 0n)
  if (missing.length) {
    const plugin = REGULAR.filter((n) => (read.regularTraits & REGULAR_TRAIT_BITS[n]!) !== 0n)
    out.push(diff(path, `${traitList(missing)} among the plugin's traits`, `${traitList(plugin)} (regular_traits 0x${read.regularTraits.toString(16)}): ${declare}`))
  }
  return out
}
