// What a trait object's layout says beyond its vtable (reference 5.3.8, 11.B): the pointer the
// object is over (`obj.ptr`) and its auto traits (RObject's RequiredTraits in `extra_checks`),
// compared with `t.trait`'s `pointer`, `send` and `sync`.
import type { TraitInfo } from '../trait/index.ts'
import type { Difference } from './signature-check.ts'
import { AUTO_TRAIT_BITS, typeText, type TLNode, type TypeLayoutReader } from './tl-node.ts'

const diff = (path: string, expected: string, found: string): Difference => ({ path, expected, found })
const field = (node: TLNode, name: string) => node.fields.find((f) => f.name === name)

/** The pointer the object is over: `obj.ptr` is `ManuallyDrop<P>`, P one of RBox/RArc/RMut/RRef (reference 11.B). */
export function objectPointerDifferences(info: TraitInfo, obj: TLNode, inside: string): Difference[] {
  const ptr = field(obj, 'ptr')?.type
  const pointer = ptr?.name === 'ManuallyDrop' ? ptr.typeArgs[0] : ptr
  if (!pointer) return [diff(`${inside}.ptr`, `${info.pointer}<()>`, `no ptr field in ${typeText(obj)}`)]
  return pointer.name === info.pointer ? [] : [diff(`${inside}.ptr`, `${info.name} objects over ${info.pointer}<()> (declared pointer: '${info.pointer}')`, `over ${typeText(pointer)}`)]
}

const autoText = (bits: number): string => {
  const names = (Object.keys(AUTO_TRAIT_BITS) as (keyof typeof AUTO_TRAIT_BITS)[]).filter((n) => bits & AUTO_TRAIT_BITS[n])
  return `${names.length ? names.join(' + ') : 'no auto traits'} (auto_traits ${bits})`
}

/**
 * The trait's auto traits, from RObject's RequiredTraits (reference 5.3.8): abi_stable requires
 * them equal. `send`/`sync` left out of the declaration mean the trait has no such supertrait.
 * Unpin is not declarable in JS (nothing here pins) and is not compared; regular traits are
 * not declared for sabi_trait objects, so the check "expected ⊆ found" holds trivially.
 */
export function autoTraitDifferences(info: TraitInfo, obj: TLNode, inside: string, reader: TypeLayoutReader): Difference[] {
  const path = `${inside} auto traits of ${info.name}`
  const expected = (info.autoTraits.send ? AUTO_TRAIT_BITS.Send : 0) | (info.autoTraits.sync ? AUTO_TRAIT_BITS.Sync : 0)
  const declared = `{ send: ${info.autoTraits.send}, sync: ${info.autoTraits.sync} }`
  const read = reader.requiredTraits(obj)
  if (read.state === 'none') return [diff(path, `${autoText(expected)} in RObject's RequiredTraits`, 'no extra_checks (abi_stable refuses a trait object without them)')]
  if (read.state === 'unreadable') return [diff(path, `${autoText(expected)} in RObject's RequiredTraits`, read.why)]
  const found = read.autoTraits & (AUTO_TRAIT_BITS.Send | AUTO_TRAIT_BITS.Sync)
  if (found === expected) return []
  const fix = `t.trait('${info.name}', ..., { send: ${(found & AUTO_TRAIT_BITS.Send) !== 0}, sync: ${(found & AUTO_TRAIT_BITS.Sync) !== 0} })`
  return [diff(path, `${autoText(expected)}, as declared ${declared}`, `${autoText(read.autoTraits)}: declare ${fix}`)]
}
