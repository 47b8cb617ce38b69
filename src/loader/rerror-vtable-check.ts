// What an RBoxError's `vtable` field says (reference 1.13, 11.E): `RErrorVTable_Ref` → `PrefixRef`
// → the prefix type `RErrorVTable { debug, display, as_debug_display, type_id }`, every field a
// function. The host reads an error through these slots (src/types/rbox-error.ts), so their
// order, prefix length and signatures are compared with abi_stable's: parameter and return types
// by name (the host's own declaration spells them as raw pointers and bytes, so it is not the
// reference here). A layout that records the vtable as opaque (name and size only) has nothing
// more to compare.
import type { Difference } from './signature-check.ts'
import { throughPrefixRef, typeText, type TLNode } from './tl-node.ts'

const FMT = { params: ['RRef', 'FormattingMode', '&mut'], returns: 'RResult' }
/** abi_stable 0.11's slots, in field order (std_types/std_error.rs). */
const SLOTS: readonly { name: string; params: readonly string[]; returns: string }[] = [
  { name: 'debug', ...FMT },
  { name: 'display', ...FMT },
  { name: 'as_debug_display', params: ['RRef'], returns: 'ROption' },
  { name: 'type_id', params: [], returns: 'UTypeId' },
]

const diff = (path: string, expected: string, found: string): Difference => ({ path, expected, found })
const signature = (params: readonly string[], returns: string) => `fn(${params.join(', ')}) -> ${returns}`

export function rErrorVTableDifferences(vtableRef: TLNode, inside: string): Difference[] {
  const path = `${inside}.vtable`
  if (vtableRef.kind === 'opaque') return []
  const prefixRef = vtableRef.kind === 'prefix' || vtableRef.name === 'PrefixRef' ? vtableRef : vtableRef.fields[0]?.type
  let vt: TLNode
  try {
    if (!prefixRef) throw new Error('no field')
    vt = throughPrefixRef(prefixRef)
  } catch {
    return [diff(path, 'RErrorVTable_Ref (a PrefixRef to RErrorVTable)', typeText(vtableRef))]
  }
  if (vt.name !== 'RErrorVTable' || !vt.prefix) return [diff(path, 'RErrorVTable (a prefix type)', `${vt.kind} ${typeText(vt)}`)]
  const out: Difference[] = []
  const names = vt.fields.map((f) => f.name)
  if (names.join(',') !== SLOTS.map((s) => s.name).join(',')) {
    out.push(diff(`${path} (RErrorVTable)`, `fields ${SLOTS.map((s) => s.name).join(', ')}`, `fields ${names.join(', ') || 'none'}`))
  }
  if (vt.prefix.firstSuffixField !== SLOTS.length) out.push(diff(`${path} (RErrorVTable)`, `${SLOTS.length} prefix fields (up to type_id)`, `${vt.prefix.firstSuffixField}`))
  for (const slot of SLOTS) {
    const f = vt.fields.find((x) => x.name === slot.name)
    if (!f) continue
    const fun = f.functions[0]
    const want = signature(slot.params, slot.returns)
    if (!fun) {
      out.push(diff(`${path}.${slot.name}`, want, `${typeText(f.type)} with no recorded signature`))
      continue
    }
    const params = fun.params.map((p) => p.name)
    const returns = fun.returns?.name ?? '()'
    if (params.join(',') !== slot.params.join(',') || returns !== slot.returns) out.push(diff(`${path}.${slot.name}`, want, signature(params, returns)))
  }
  return out
}
