// Small helpers shared by the std types: element typed arrays, UTF-8, dangling
// pointers, and copying bytes between native memory and JS.
import { InvalidValueError, type Desc } from '../abi/index.ts'
import { memoryMap, type MemoryAccess } from '../abi/mapped-memory.ts'
import { InvalidUtf8Error } from './errors.ts'
import { runtimeLibrary } from './runtime.ts'


const decoder = new TextDecoder('utf-8', { fatal: true })

export function decodeUtf8(bytes: Uint8Array, where: string): string {
  try {
    return decoder.decode(bytes)
  } catch {
    throw new InvalidUtf8Error(where)
  }
}

/** More bytes than one value's buffer may hold (what an ArrayBuffer can take). */
const MAX_BUFFER_BYTES = 2 ** 32
/** Buffers at least this large are checked to be readable before they are read (the call engine and the Value dump in C copy smaller ones unchecked: the same limit is theirs). */
const MAPPED_CHECK_BYTES = 1 << 20
const USER_SPACE_END = 1n << 57n

// What the runtime's abs_memory_readable answers (src/native/mem_readable.h).
const ANSWERS: Record<number, MemoryAccess> = { 0: 'unmapped', 1: 'readable', 2: 'unreadable' }
type ReadableFn = (address: bigint, length: number) => number
/** The runtime's check (one ioctl a mapping on Linux); null where the runtime is not built. */
let runtimeReadable: ReadableFn | null | undefined
/** Whether large buffers are checked by the runtime when it can (else from /proc/self/maps in JS). */
let preferRuntime = true

/** Checks large buffers from /proc/self/maps in JS only (`false`), or by the runtime where it can (the default). */
export function checkLargeBuffersByRuntime(enabled: boolean): void {
  preferRuntime = enabled
}

/** Whether `length` bytes from `address` can be read: the runtime asks the kernel; where it cannot, the JS map answers. */
function memoryAccess(address: bigint, length: number): MemoryAccess {
  if (preferRuntime && runtimeReadable === undefined) {
    try {
      runtimeReadable = runtimeLibrary().func('int abs_memory_readable(uintptr_t address, size_t length)') as unknown as ReadableFn
    } catch {
      // No runtime (not built, or one built before this check): values are still read, the JS map checks them.
      runtimeReadable = null
    }
  }
  const answer = preferRuntime && runtimeReadable ? ANSWERS[runtimeReadable(address, length)] : undefined
  return answer ?? memoryMap().access(address, length)
}

/**
 * Checks what a plugin's value says about its buffer before the buffer is read: not NULL when
 * it has elements, a length within the capacity (owned buffers), a size JS can hold, and, for a
 * large buffer, that all of it can be read. A dangling pointer to a small buffer cannot be told from a
 * good one (docs/hardening.md). `what` names the type, e.g. `RString`.
 */
export function checkBuffer(what: string, data: bigint, length: number, elementSize: number, capacity?: bigint): void {
  if (length === 0) return
  if (data === 0n) throw new InvalidValueError(`${what} with a non-null buffer`, `a NULL buffer with length ${length}`)
  // No user-space mapping lies in the first page or above 2^57 (5-level paging's limit).
  if (data < 4096n || data >= USER_SPACE_END) {
    throw new InvalidValueError(`${what} whose buffer is a user-space address`, `0x${data.toString(16)} with length ${length}`)
  }
  if (capacity !== undefined && elementSize > 0 && BigInt(length) > capacity) {
    throw new InvalidValueError(`${what} whose length is at most its capacity`, `length ${length}, capacity ${capacity}`)
  }
  const bytes = length * elementSize
  if (bytes > MAX_BUFFER_BYTES) throw new InvalidValueError(`${what} of at most ${MAX_BUFFER_BYTES} bytes`, `length ${length} (${bytes} bytes)`)
  if (bytes < MAPPED_CHECK_BYTES) return
  const access = memoryAccess(data, bytes)
  if (access !== 'readable') {
    const why = access === 'unmapped' ? 'that are not mapped' : 'mapped without read access'
    throw new InvalidValueError(`${what} whose buffer is in readable memory`, `${bytes} bytes at 0x${data.toString(16)} ${why}`)
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
