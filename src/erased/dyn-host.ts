// DynTraits made in JS for a plugin (src/native/dyn_host.c): a JS value's Display (String(v)) and
// Debug (util.inspect(v)) texts, an iterable's items, its JSON (Serialize) and a comparison key
// (PartialEq, Ord, Hash: the value itself when a string, number or bigint, else its JSON) are
// taken when the value is written. The plugin then formats, iterates, clones, compares, hashes,
// serializes and drops it natively, on any thread, without calling back into JS (so a plugin
// thread never runs JS). Default needs the value itself later: an interface declaring it is
// refused with an UnsupportedError naming it, and so is Clone of an iterator (its items cannot be
// copied natively) and Serialize to a proxy type. An interface with io traits or FmtWrite is
// served by the value's own methods instead (dyn-host-io.ts).
import { inspect } from 'node:util'
import { allocNative, codecOf, layoutOf, readNative } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { InvalidValueError } from '../abi/index.ts'
import { UnsupportedError } from '../types/errors.ts'
import { buildOwnedParts } from '../types/owned.ts'
import { nativeTypeOf } from '../types/runtime.ts'
import type { DynInterface, TraitName } from './interface.ts'
import { HostDyn, dynHostNew } from './native.ts'
import { hasIoTraits, hostIoBytes } from './dyn-host-io.ts'

/** Traits a JS-made DynTrait can serve (Send and Sync: it is immutable but for the iterator position). */
const SERVED = new Set<TraitName>([
  'Send', 'Sync', 'Unpin', 'Display', 'Debug', 'Iterator', 'DoubleEndedIterator', 'Eq', 'Error', 'Deserialize',
  'Clone', 'PartialEq', 'Ord', 'PartialOrd', 'Hash', 'Serialize',
])
const VALUE_TRAITS: [TraitName, number][] = [
  ['Clone', HostDyn.Clone], ['PartialEq', HostDyn.PartialEq], ['Ord', HostDyn.Ord], ['PartialOrd', HostDyn.PartialOrd], ['Hash', HostDyn.Hash], ['Serialize', HostDyn.Serialize],
]
const encoder = new TextEncoder()

/** serde_json's text of a JS value (bigints as integers); undefined when JSON has none. */
function jsonOf(value: unknown): string | undefined {
  const text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `\u0000big:${v}` : v))
  return text?.replace(/"\\u0000big:(-?\d+)"/g, '$1')
}

/** The comparison key: a number, or text compared by bytes. */
function keyOf(value: unknown): { kind: 0 | 1; num: number; text: Uint8Array } {
  if (typeof value === 'number' || typeof value === 'boolean') return { kind: 0, num: Number(value), text: new Uint8Array(0) }
  if (typeof value === 'bigint' && BigInt(Number(value)) === value) return { kind: 0, num: Number(value), text: new Uint8Array(0) }
  const text = typeof value === 'string' ? value : typeof value === 'bigint' ? String(value) : (jsonOf(value) ?? String(value))
  return { kind: 1, num: 0, text: encoder.encode(text) }
}

/** The 24 bytes of a JS-made `DynTrait<RBox<()>, I>` for `value`. */
export function hostDynBytes(name: string, iface: DynInterface, value: unknown): Uint8Array {
  if (hasIoTraits(iface)) return hostIoBytes(name, iface, value)
  const unserved = [...iface.traits].filter((tr) => !SERVED.has(tr))
  if (unserved.length > 0) {
    throw new UnsupportedError(`${name}: a DynTrait made in JS serves Display, Debug, Iterator, Clone, PartialEq, Ord, Hash and Serialize (or, from an object's methods, the io traits and FmtWrite); this interface also declares ${unserved.join(', ')}, which only a plugin-made value can serve`)
  }
  if (iface.item && iface.traits.has('Clone')) throw new UnsupportedError(`${name}: a JS-made iterator cannot be Clone (its items are moved out natively and cannot be copied there)`)
  if (iface.traits.has('Serialize') && iface.serializeProxy !== 'json') throw new UnsupportedError(`${name}: a JS-made DynTrait serializes to JSON (Serialize: true), not to a proxy type`)
  let traits = 0
  for (const [trait, bit] of VALUE_TRAITS) if (iface.traits.has(trait)) traits |= bit
  let json = new Uint8Array(0)
  if (iface.traits.has('Serialize')) {
    const text = jsonOf(value)
    if (text === undefined) throw new InvalidValueError(`${name} (a value JSON can represent, for Serialize)`, describeValue(value))
    json = encoder.encode(text)
  }
  const key = keyOf(value)
  const texts: Uint8Array[] = [new Uint8Array(0), new Uint8Array(0)]
  if (iface.traits.has('Display')) {
    traits |= HostDyn.Display
    texts[0] = encoder.encode(String(value))
  }
  if (iface.traits.has('Debug')) {
    traits |= HostDyn.Debug
    texts[1] = encoder.encode(inspect(value))
  }
  let items: unknown[] = []
  const item = iface.item
  if (item) {
    if (value === null || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new InvalidValueError(`${name} (an iterable: its items become the iterator's)`, describeValue(value))
    }
    traits |= HostDyn.Iterator | (iface.traits.has('DoubleEndedIterator') ? HostDyn.DoubleEndedIterator : 0)
    items = [...(value as Iterable<unknown>)]
  }
  const itemSize = item ? layoutOf(item).size : 0
  // The DynTrait (24 bytes), abs_host_dyn_value (48), the texts, then the items (8-aligned).
  const VALUE_AT = 24
  const textsAt = 72
  const extra = json.length + key.text.length
  const block = allocNative(textsAt + texts[0].length + texts[1].length + extra + itemSize * items.length + 8)
  try {
    const base = block.address
    const jsonAt = textsAt + texts[0].length + texts[1].length
    const keyAt = jsonAt + json.length
    const itemsAt = Math.ceil((keyAt + key.text.length) / 8) * 8
    buildOwnedParts(
      () =>
        block.write((v) => {
          new Uint8Array(v.buffer, v.byteOffset + textsAt, texts[0].length).set(texts[0])
          new Uint8Array(v.buffer, v.byteOffset + textsAt + texts[0].length, texts[1].length).set(texts[1])
          new Uint8Array(v.buffer, v.byteOffset + jsonAt, json.length).set(json)
          new Uint8Array(v.buffer, v.byteOffset + keyAt, key.text.length).set(key.text)
          v.setBigUint64(VALUE_AT, base + BigInt(jsonAt), true)
          v.setBigUint64(VALUE_AT + 8, BigInt(json.length), true)
          v.setUint32(VALUE_AT + 16, key.kind, true)
          v.setFloat64(VALUE_AT + 24, key.num, true)
          v.setBigUint64(VALUE_AT + 32, base + BigInt(keyAt), true)
          v.setBigUint64(VALUE_AT + 40, BigInt(key.text.length), true)
          // Items written as host-made values; the JS-made DynTrait owns (and drops) them.
          if (item) items.forEach((x, k) => codecOf(item).write(v, itemsAt + k * itemSize, x as never))
        }),
      () => {},
    )
    dynHostNew(
      base,
      traits,
      base + BigInt(textsAt),
      texts[0].length,
      base + BigInt(textsAt + texts[0].length),
      texts[1].length,
      item ? nativeTypeOf(item) : 0n,
      base + BigInt(itemsAt),
      items.length,
      base + BigInt(VALUE_AT),
    )
    const bytes = readNative(base, 24)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, 24).slice()
  } finally {
    block.free()
  }
}
