// Integers, floats and bool. 64-bit and pointer-sized integers are always BigInt
// when read (a JS number loses precision past 2^53); writing accepts a BigInt or a
// safe-integer number. Everything narrower is a number.
import type { Desc } from '../descriptor.ts'

export type IntName = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'usize' | 'isize'
export type PrimName = IntName | 'f32' | 'f64' | 'bool'
type Wide = 'u64' | 'i64' | 'usize' | 'isize'

export type PrimOut<N extends PrimName> = N extends 'bool' ? boolean : N extends Wide ? bigint : number
export type PrimIn<N extends PrimName> = N extends 'bool' ? boolean : N extends Wide ? bigint | number : number

export interface PrimDesc<N extends PrimName = PrimName> extends Desc<PrimOut<N>, PrimIn<N>> {
  readonly kind: 'prim'
  readonly name: N
}

function prim<N extends PrimName>(name: N): PrimDesc<N> {
  return Object.freeze({ kind: 'prim', name }) as PrimDesc<N>
}

export const u8 = prim('u8')
export const u16 = prim('u16')
export const u32 = prim('u32')
export const u64 = prim('u64')
export const i8 = prim('i8')
export const i16 = prim('i16')
export const i32 = prim('i32')
export const i64 = prim('i64')
export const usize = prim('usize')
export const isize = prim('isize')
export const f32 = prim('f32')
export const f64 = prim('f64')
export const bool = prim('bool')

export const primitives = { u8, u16, u32, u64, i8, i16, i32, i64, usize, isize, f32, f64, bool } as const

/** Fixed-size integer facts; `usize`/`isize` take their size from the data model. */
export const intInfo: Record<IntName, { bits: 8 | 16 | 32 | 64 | 'ptr'; signed: boolean }> = {
  u8: { bits: 8, signed: false },
  u16: { bits: 16, signed: false },
  u32: { bits: 32, signed: false },
  u64: { bits: 64, signed: false },
  i8: { bits: 8, signed: true },
  i16: { bits: 16, signed: true },
  i32: { bits: 32, signed: true },
  i64: { bits: 64, signed: true },
  usize: { bits: 'ptr', signed: false },
  isize: { bits: 'ptr', signed: true },
}

export function isIntName(name: string): name is IntName {
  return Object.hasOwn(intInfo, name)
}
