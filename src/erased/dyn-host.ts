// DynTraits made in JS for a plugin (src/native/dyn_host.c): a JS value's Display (String(v)) and
// Debug (util.inspect(v)) texts, and an iterable's items, are taken when the value is written. The
// plugin then formats, iterates and drops it natively, on any thread, without calling back into JS
// (so a plugin thread never runs JS). Traits whose answers depend on two values or on later JS
// state (Clone, PartialEq, Ord, Hash, Serialize, the io traits) are not offered: an interface
// declaring one is refused with an UnsupportedError naming it.
import { inspect } from 'node:util'
import { allocNative, codecOf, layoutOf, readNative } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { InvalidValueError } from '../abi/index.ts'
import { UnsupportedError } from '../types/errors.ts'
import { buildOwnedParts } from '../types/owned.ts'
import { nativeTypeOf } from '../types/runtime.ts'
import type { DynInterface, TraitName } from './interface.ts'
import { HostDyn, dynHostNew } from './native.ts'

/** Traits a JS-made DynTrait can serve (Send and Sync: it is immutable but for the iterator position). */
const SERVED = new Set<TraitName>(['Send', 'Sync', 'Unpin', 'Display', 'Debug', 'Iterator', 'DoubleEndedIterator', 'Eq', 'Error', 'Deserialize'])
const encoder = new TextEncoder()

/** The 24 bytes of a JS-made `DynTrait<RBox<()>, I>` for `value`. */
export function hostDynBytes(name: string, iface: DynInterface, value: unknown): Uint8Array {
  const unserved = [...iface.traits].filter((tr) => !SERVED.has(tr))
  if (unserved.length > 0) {
    throw new UnsupportedError(`${name}: a DynTrait made in JS serves Display, Debug and Iterator; this interface also declares ${unserved.join(', ')}, which only a plugin-made value can serve`)
  }
  let traits = 0
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
  const block = allocNative(24 + texts[0].length + texts[1].length + itemSize * items.length + 8)
  try {
    const base = block.address
    const textsAt = 24
    const itemsAt = Math.ceil((textsAt + texts[0].length + texts[1].length) / 8) * 8
    buildOwnedParts(
      () =>
        block.write((v) => {
          new Uint8Array(v.buffer, v.byteOffset + textsAt, texts[0].length).set(texts[0])
          new Uint8Array(v.buffer, v.byteOffset + textsAt + texts[0].length, texts[1].length).set(texts[1])
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
    )
    const bytes = readNative(base, 24)
    return new Uint8Array(bytes.buffer, bytes.byteOffset, 24).slice()
  } finally {
    block.free()
  }
}
