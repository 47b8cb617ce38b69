// A trait-object method call against a raw koffi call of the same function pointer (the slot
// read from the object's vtable, as a user without this library would call it): the Rust trait
// test plugin's Counter, `get(&self) -> i64`. Both return a BigInt: koffi's int64_t result is
// converted with BigInt() so that like is compared with like. The library takes results from
// -128 to 1023 from a table of BigInts; the second case measures a result beyond it.
import koffi from 'koffi'
import { loadTraitPlugin } from '../test/trait/api.ts'
import type { Case, Setup } from './cases.ts'

export function traitCases({ traitPluginPath }: Setup): Case[] {
  if (!traitPluginPath) return []
  const { fns } = loadTraitPlugin(traitPluginPath)
  const counter = fns.tr_counter_new(41n)
  counter.incr(1n)
  // The RObject is { vtable, data, box vtable }; the Counter vtable's methods start at WM+24 (incr), WM+32 (get).
  const robject = koffi.decode(counter.$address, koffi.array('uint64_t', 3, 'Typed')) as BigUint64Array
  const [vtable, data] = [robject[0], robject[1]]
  const slots = koffi.decode(vtable + 24n, koffi.array('uint64_t', 2, 'Typed')) as BigUint64Array
  const rawGet = koffi.decode(slots[1], koffi.proto('int64_t (const void *self)')) as (self: bigint) => number | bigint
  // A counter past the library's table of small BigInts (src/abi/call-shim.ts): every call makes its BigInt, as raw koffi's does.
  const big = fns.tr_counter_new(2n ** 40n)
  const bigData = (koffi.decode(big.$address, koffi.array('uint64_t', 3, 'Typed')) as BigUint64Array)[1]
  return [
    {
      name: 'trait-object method call: counter.get() -> i64',
      run: () => counter.get(),
      baseline: { name: 'raw koffi call of the same slot, BigInt result', run: () => BigInt(rawGet(data)) },
      others: [{ name: 'raw koffi call of the same slot, number result', run: () => rawGet(data) }],
      // Issue 17: no slower than calling the slot by hand.
      target: 1.0,
      check: (r) => BigInt(r as bigint) === 42n,
    },
    {
      name: 'trait-object method call, result 2^40 (beyond the small-BigInt table): big.get() -> i64',
      run: () => big.get(),
      baseline: { name: 'raw koffi call of the same slot, BigInt result', run: () => BigInt(rawGet(bigData)) },
      others: [],
      check: (r) => BigInt(r as bigint) === 2n ** 40n,
    },
  ]
}
