// Small helpers shared by the std types: element typed arrays, UTF-8, dangling
// pointers, and copying bytes between native memory and JS.
import type { Desc } from '../abi/index.ts'
import { InvalidUtf8Error } from './errors.ts'


const decoder = new TextDecoder('utf-8', { fatal: true })

export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new InvalidUtf8Error(where)
  }
}

/** An aligned, non-null address for empty slices and vectors (Rust's `NonNull::dangling()`). */
export const dangling = (align: number): bigint => BigInt(align)


export type TypedArrayCtor =
  | Uint8ArrayConstructor | Int8ArrayConstructor | Uint16ArrayConstructor | Int16ArrayConstructor
  | Uint32ArrayConstructor | Int32ArrayConstructor | BigUint64ArrayConstructor | BigInt64ArrayConstructor
  | Float32ArrayConstructor | Float64ArrayConstructor

/** The typed array that holds elements of a numeric type exactly, if there is one. */
export function typedArrayOf(d: Desc): TypedArrayCtor | undefined {
  if (d.kind !== 'prim') return undefined
  switch (d.name) {
    case 'u8': return Uint8Array
    case 'i8': return Int8Array
    case 'u16': return Uint16Array
    case 'i16': return Int16Array
    case 'u32': return Uint32Array
    case 'i32': return Int32Array
    case 'u64': return BigUint64Array
    case 'i64': return BigInt64Array
    case 'f32': return Float32Array
    case 'f64': return Float64Array
    case 'usize': return BigUint64Array
    case 'isize': return BigInt64Array
    default: return undefined
  }
}

/** The JS type a numeric element reads as: the matching typed array. */
export type TypedArrayOf<N extends string> = N extends 'u8' ? Uint8Array
  : N extends 'i8' ? Int8Array
  : N extends 'u16' ? Uint16Array
  : N extends 'i16' ? Int16Array
  : N extends 'u32' ? Uint32Array
  : N extends 'i32' ? Int32Array
  : N extends 'u64' | 'usize' ? BigUint64Array
  : N extends 'i64' | 'isize' ? BigInt64Array
  : N extends 'f32' ? Float32Array
  : N extends 'f64' ? Float64Array
  : never
