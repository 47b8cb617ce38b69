// The smaller std types: RCow (4-byte tag, `#[repr(C)]`), RDuration, RCmpOrdering
// (0/1/2 natively, -1/0/1 in JS like a comparator) and RArc (read and drop only).
import {
  DropKind,
  InvalidValueError,
  codecOf,
  custom,
  dropOpsOf,
  layoutOf,
  layoutString,
  readBorrowing,
  readNative,
  shiftOps,
  t,
  type CustomDesc,
  type Desc,
  type Infer,
  type InferInput,
} from '../abi/index.ts'
import { UnsupportedError } from './errors.ts'
import { RSlice, RStr, type SliceOut } from './slices.ts'
import { RString, RVec } from './vec.ts'

const LE = true

/** `RCow<B, O>`: borrowed or owned; read as whichever it holds, written as Owned. */
export function RCow<B extends Desc, O extends Desc>(borrowed: B, owned: O): CustomDesc<Infer<B> | Infer<O>, InferInput<O>> {
  const repr = t.enum(`RCow<${borrowed.name}, ${owned.name}>`, { Borrowed: [borrowed], Owned: [owned] }, { repr: 'C' })
  const l = layoutOf(repr)
  const b = codecOf(borrowed)
  const o = codecOf(owned)
  return custom({
    name: repr.name,
    repr,
    layoutText: () => `RCow<${layoutString(borrowed)},${layoutString(owned)}>`,
    read(view, offset) {
      const tag = view.getInt32(offset, LE)
      if (tag === 0) return b.read(view, offset + l.variants!.Borrowed['0'])
      if (tag === 1) return o.read(view, offset + l.variants!.Owned['0'])
      throw new InvalidValueError(`an ${repr.name} tag (Borrowed=0, Owned=1)`, `tag ${tag}`)
    },
    write(view, offset, value) {
      view.setInt32(offset, 1, LE)
      o.write(view, offset + l.variants!.Owned['0'], value)
    },
    dropOps: (offset) => shiftOps(dropOpsOf(repr), offset),
  })
}

/** `RCowStr<'a>` = `RCow<RStr, RString>`, a string in JS. */
export const RCowStr = RCow(RStr, RString) as CustomDesc<string, string>
/** `RCowSlice<'a, T>` = `RCow<RSlice<T>, RVec<T>>`. */
export const RCowSlice = <T extends Desc>(element: T) => RCow(RSlice(element), RVec(element)) as CustomDesc<SliceOut<T>, InferInput<ReturnType<typeof RVec<T>>>>

/** `RDuration { seconds: u64, subsec_nanos: u32 }`. */
export const RDuration = t.struct('RDuration', { seconds: t.u64, subsec_nanos: t.u32 })

const orderingRepr = t.enum('RCmpOrdering', { Less: null, Equal: null, Greater: null }, { repr: 'u8' })

/** `RCmpOrdering`: Less/Equal/Greater (0/1/2 natively) as -1/0/1. */
export const RCmpOrdering: CustomDesc<-1 | 0 | 1, number> = custom({
  name: 'RCmpOrdering',
  repr: orderingRepr,
  layoutText: () => layoutString(orderingRepr),
  read(view, offset) {
    const tag = view.getUint8(offset)
    if (tag > 2) throw new InvalidValueError('an RCmpOrdering (0, 1 or 2)', `byte ${tag}`)
    return (tag - 1) as -1 | 0 | 1
  },
  write(view, offset, value) {
    if (typeof value !== 'number' || Number.isNaN(value)) throw new InvalidValueError('a number (its sign is the ordering)', typeof value)
    view.setUint8(offset, Math.sign(value) + 1)
  },
  dropOps: () => [],
})


/** `RArc<T>`: read as the T it shares; dropping releases one strong reference through its vtable. */
export function RArc<T extends Desc>(inner: T): CustomDesc<Infer<T>, never> {
  const { size } = layoutOf(inner)
  const codec = codecOf(inner)
  return custom({
    name: `RArc<${inner.name}>`,
    repr: t.struct(`RArc<${inner.name}>`, { data: t.ptr(inner), vtable: t.ptr(), _marker: t.phantom() }),
    layoutText: () => `RArc<${layoutString(inner)}>`,
    read(view, offset) {
      // Shared with other owners: nothing moves out of it (abi/ownership.ts).
      return readBorrowing(() => codec.read(readNative(view.getBigUint64(offset, LE), size), 0))
    },
    write() {
      throw new UnsupportedError('an RArc can only come from a plugin (its reference counts live in the plugin allocator); pass a handle of one you received')
    },
    dropOps: (offset) => [{ kind: DropKind.RArc, offset }],
  })
}
