// The host's own NonExhaustiveVtable for a declaration (src/native/ne_host.c): made when JS
// writes an enum value before any plugin value of that type was read, so JS can hand a plugin a
// command first. The vtable answers from each value's bytes through a field plan built here from
// the declaration: Debug as Rust's derive prints it, Display from per-variant templates
// (`'add {count} of #{id}'`), Serialize as serde_json's externally tagged form, PartialEq field
// by field, Clone copying each RString. Nothing is kept per value and nothing calls JS, so a plugin
// may use, move (`into_enum`) or drop such a value on any thread.
import { layoutOf, type Desc, type EnumDesc } from '../abi/index.ts'
import { allocNative } from '../abi/index.ts'
import { intInfo } from '../abi/kinds/primitive.ts'
import type { StructDesc } from '../abi/kinds/struct.ts'
import { UnsupportedError } from '../types/errors.ts'
import { nativeTypeOf, runtimeLibrary } from '../types/runtime.ts'
import { RString } from '../types/vec.ts'
import type { DynInterface, TraitName } from './interface.ts'

/** Per-variant Display templates: `{field}` is the field's Display, `{{` and `}}` are braces. */
export interface NeHostOptions {
  display?: Readonly<Record<string, string>>
}

const K = { int: 1, float: 2, bool: 3, str: 4, struct: 5 } as const
const STYLE = { named: 0, tuple: 1, unit: 2 } as const
const TRAIT_BITS: Partial<Record<TraitName, number>> = { Clone: 1, Debug: 2, Display: 4, Serialize: 8, PartialEq: 16 }
/** Traits the host vtable serves; the auto traits need no slot (nothing in it is per value). */
const SERVED = new Set<TraitName>(['Send', 'Sync', 'Clone', 'Debug', 'Display', 'Serialize', 'PartialEq', 'Eq'])
const MAX_OFFSET = 512
const encoder = new TextEncoder()

class Plan {
  readonly words: bigint[] = []
  private text = ''
  /** [start, length] in bytes of `s` in the strings blob. */
  str(s: string): [bigint, bigint] {
    const start = encoder.encode(this.text).length
    this.text += s
    return [BigInt(start), BigInt(encoder.encode(s).length)]
  }
  get strings(): Uint8Array {
    return encoder.encode(this.text)
  }
  push(...w: (bigint | number)[]): void {
    for (const x of w) this.words.push(BigInt.asUintN(64, BigInt(x)))
  }
}

/** Appends the plan node of a field of type `d` at `offset`; `where` names it in errors. */
function node(plan: Plan, d: Desc, offset: number, where: string): void {
  if (d === (RString as Desc)) return plan.push(K.str, offset, 0, 0, 0, 0)
  if (d.kind === 'prim') {
    const name = d.name as keyof typeof intInfo | 'f32' | 'f64' | 'bool'
    if (name === 'bool') return plan.push(K.bool, offset, 0, 0, 0, 0)
    const size = layoutOf(d).size
    if (name === 'f32' || name === 'f64') return plan.push(K.float, offset, size, 0, 0, 0)
    return plan.push(K.int, offset, size, intInfo[name].signed ? 1 : 0, 0, 0)
  }
  if (d.kind === 'struct') {
    const s = d as StructDesc
    const fields = layoutOf(s).fields ?? {}
    const [ns, nl] = plan.str(s.name)
    plan.push(K.struct, offset, ns, nl, s.members.length === 0 ? STYLE.unit : s.tuple ? STYLE.tuple : STYLE.named, s.members.length)
    for (const m of s.members) {
      plan.push(...plan.str(m.name))
      node(plan, m.type, offset + fields[m.name]!, `${where}.${m.name}`)
    }
    return
  }
  throw new UnsupportedError(`${where}: a value JS makes before the plugin handed out one carries the host's vtable, which handles integers, floats, bool, RString and structs of them; this field is a ${d.name}`)
}

function planOf(name: string, e: EnumDesc, iface: DynInterface, vtableOffset: number, options: NeHostOptions): Plan {
  const unserved = [...iface.traits].filter((tr) => !SERVED.has(tr))
  if (unserved.length > 0) throw new UnsupportedError(`${name}: the host's vtable serves Clone, Debug, Display, Serialize and PartialEq; this interface also declares ${unserved.join(', ')}, which only the plugin's vtable can serve`)
  if (iface.traits.has('Serialize') && iface.serializeProxy !== 'json') throw new UnsupportedError(`${name}: the host's vtable serializes to JSON (Serialize: true), not to a proxy type`)
  if (vtableOffset > MAX_OFFSET) throw new UnsupportedError(`${name}: the host's vtable handles storages up to ${MAX_OFFSET} bytes`)
  if (iface.traits.has('Clone') && vtableOffset < 16) throw new UnsupportedError(`${name}: the host's vtable clones NonExhaustives larger than 16 bytes (storage above 8 bytes)`)
  const display = options.display ?? {}
  const variants = new Set(e.variants.map((v) => v.name))
  for (const k of Object.keys(display)) if (!variants.has(k)) throw new UnsupportedError(`${name}: a Display template names variant ${k}, which ${e.name} does not have`)
  const layout = layoutOf(e)
  const plan = new Plan()
  const bits = [...iface.traits].reduce((b, tr) => b | (TRAIT_BITS[tr] ?? 0), 0)
  const [ts, tl] = plan.str(e.name)
  const [vs, vl] = plan.str(e.variants.map((v) => `${v.name};`).join(''))
  plan.push(vtableOffset, layout.tag!.size, nativeTypeOf(e), bits, e.variants.length, ts, tl, vs, vl)
  for (const v of e.variants) {
    const template = display[v.name]
    if (iface.traits.has('Display') && template === undefined) {
      throw new UnsupportedError(`${name}: Display of a value JS makes needs a template for each variant (options.display.${v.name}, e.g. '${v.name} {${v.members[0]?.name ?? ''}}')`)
    }
    if (template !== undefined) {
      for (const [, field] of template.replace(/\{\{|\}\}/g, '').matchAll(/\{([^}]*)\}/g)) {
        if (!v.members.some((m) => m.name === field)) throw new UnsupportedError(`${name}: the Display template of ${v.name} names {${field}}, which is not one of its fields`)
      }
    }
    plan.push(v.discriminant, ...(template === undefined ? [0n, -1n] : plan.str(template)))
    const fields = layout.variants![v.name] ?? {}
    const [ns, nl] = plan.str(v.name)
    plan.push(K.struct, 0, ns, nl, v.members.length === 0 ? STYLE.unit : v.tuple ? STYLE.tuple : STYLE.named, v.members.length)
    for (const m of v.members) {
      plan.push(...plan.str(m.name))
      node(plan, m.type, fields[m.name]!, `${name}::${v.name}.${m.name}`)
    }
  }
  return plan
}

let make: ((plan: bigint, len: number, strings: bigint, stringsLen: number) => number | bigint) | undefined

/** The host's NonExhaustiveVtable for this declaration (a WM address, kept forever). */
export function hostNeVTable(name: string, e: EnumDesc, iface: DynInterface, vtableOffset: number, options: NeHostOptions): bigint {
  const plan = planOf(name, e, iface, vtableOffset, options)
  const strings = plan.strings
  make ??= runtimeLibrary().func('uintptr_t abs_ne_host_vtable(uintptr_t plan, size_t plan_len, uintptr_t strings, size_t strings_len)') as unknown as typeof make
  const words = allocNative(plan.words.length * 8)
  const text = allocNative(strings.length)
  try {
    words.write((v) => plan.words.forEach((w, k) => v.setBigUint64(k * 8, w, true)))
    text.write((v) => new Uint8Array(v.buffer, v.byteOffset, strings.length).set(strings))
    const vt = BigInt(make!(words.address, plan.words.length, text.address, strings.length))
    if (vt === 0n) throw new UnsupportedError(`${name}: the runtime refused the host vtable's plan`)
    return vt
  } finally {
    words.free()
    text.free()
  }
}
