// Opens roundtrip.c's library and binds its three functions per type: by value,
// through pointers, and its C size and alignment.
import koffi from 'koffi'
import { allocNative, bindFunction, readAt, t, writeAt, type Desc, type Infer, type InferInput } from '../../src/abi/index.ts'
import { libPath } from '../setup/paths.ts'
import { Binop } from './types.ts'
import type { FnPair } from './bump.ts'

export const lib = koffi.load(libPath('roundtrip'))

const rtBinop = bindFunction(lib, 'rt_binop', t.fn([t.i32], Binop))
/** Addresses of the C functions add_i32 and mul_i32. */
export const fns: FnPair = { add: rtBinop(0), mul: rtBinop(1) }

export interface RoundTrip<D extends Desc> {
  /** `rt_<name>(v)`: the value passed and returned by value. */
  byValue(v: InferInput<D>): Infer<D>
  /** `rt_<name>_ptr(&in, &out)`: written to native memory, changed by C through pointers, read back. */
  byPointer(v: InferInput<D>): Infer<D>
  /** C's sizeof and _Alignof. */
  size(): number
  align(): number
}

/**
 * The round-trip functions `rt_<name>` and `rt_<name>_ptr` of a C type, and its layout
 * functions `rt_<layoutName>_size/_align` (a union has one pair of round-trip functions per
 * member it changes, `rt_NumU_d`, but one layout).
 */
export function roundTrip<D extends Desc>(name: string, d: D, layoutName = name): RoundTrip<D> {
  const byValue = bindFunction(lib, `rt_${name}`, t.fn([d], d))
  const byPointer = bindFunction(lib, `rt_${name}_ptr`, t.fn([t.ptr(d), t.mutPtr(d)], t.unit))
  const size = Number(bindFunction(lib, `rt_${layoutName}_size`, t.fn([], t.usize))())
  const align = Number(bindFunction(lib, `rt_${layoutName}_align`, t.fn([], t.usize))())
  return {
    byValue: byValue as (v: InferInput<D>) => Infer<D>,
    byPointer(v) {
      // `in` then `out`, each `size` bytes (a multiple of the alignment, so `out` is aligned too).
      const block = allocNative(2 * size)
      try {
        // Garbage first: C must write every byte the reader looks at.
        new Uint8Array(block.view.buffer, block.view.byteOffset, block.view.byteLength).fill(0xa5)
        writeAt(d, block.address, v)
        byPointer(block.address, block.address + BigInt(size))
        return readAt(d, block.address + BigInt(size))
      } finally {
        block.free()
      }
    },
    size: () => size,
    align: () => align,
  }
}
