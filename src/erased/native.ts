// The runtime functions of the erased types (src/native/dyn_trait.c, abs_erased.h).
import { runtimeLibrary } from '../types/runtime.ts'

let fns: { inertDynVTable: () => bigint; hash: (slot: bigint, obj: bigint) => bigint } | undefined

function native() {
  if (fns) return fns
  const lib = runtimeLibrary()
  const inert = lib.func('uintptr_t abs_inert_dyn_vtable()') as () => number | bigint
  const hash = lib.func('uint64_t abs_erased_hash(uintptr_t hash, uintptr_t obj)') as (slot: bigint, obj: bigint) => number | bigint
  fns = { inertDynVTable: () => BigInt(inert()), hash: (slot, obj) => BigInt.asUintN(64, BigInt(hash(slot, obj))) }
  return fns
}

let inertNe: bigint | undefined
/** The NonExhaustive vtable a moved-from value keeps. */
export const runtimeNe = () => ({
  inert: (): bigint => (inertNe ??= BigInt((runtimeLibrary().func('uintptr_t abs_inert_ne_vtable()') as () => number | bigint)())),
})

let inert: bigint | undefined
/** The DynTrait vtable a moved-from value keeps: its drop_ptr does nothing. */
export const inertDynVTable = (): bigint => (inert ??= native().inertDynVTable())

/** Hashes the erased value `obj` through its plugin's `hash` slot into the runtime's hasher. */
export const hashThrough = (slot: bigint, obj: bigint): bigint => native().hash(slot, obj)

let hostNew: ((out: bigint, traits: number, display: bigint, displayLen: number, debug: bigint, debugLen: number, item: bigint, items: bigint, len: number, value: bigint) => void) | undefined
/**
 * `abs_dyn_host_new` (dyn_host.c): a JS-made DynTrait<RBox<()>, I> written at `out`; `value` is
 * the address of an abs_host_dyn_value (its JSON and comparison key).
 */
export function dynHostNew(out: bigint, traits: number, display: bigint, displayLen: number, debug: bigint, debugLen: number, item: bigint, items: bigint, len: number, value: bigint): void {
  hostNew ??= runtimeLibrary().func(
    'void abs_dyn_host_new(uintptr_t out, uint32_t traits, uintptr_t display, size_t display_len, uintptr_t debug, size_t debug_len, uintptr_t item, uintptr_t items, size_t len, uintptr_t value)',
  ) as unknown as typeof hostNew
  hostNew!(out, traits, display, displayLen, debug, debugLen, item, items, len, value)
}
export const HostDyn = { Display: 1, Debug: 2, Iterator: 4, DoubleEndedIterator: 8, Clone: 16, PartialEq: 32, Ord: 64, PartialOrd: 128, Hash: 256, Serialize: 512 } as const
