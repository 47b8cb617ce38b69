// Native memory access. The only place (with koffi-type.ts and call.ts) that touches
// koffi's memory functions. Reads copy bytes into JS memory with one `memcpy` call
// (about 0.1 us) rather than wrapping native memory in an external ArrayBuffer
// (`koffi.view`, about 2 us and garbage for the GC); a live view is still there for
// zero-copy access to large buffers.
import koffi from 'koffi'
import os from 'node:os'
import { noteCopy } from './ownership.ts'

export const littleEndian = os.endianness() === 'LE'

/** How many times native memory was crossed into, by kind: for tests that count crossings. */
export const memoryCrossings = { copies: 0, views: 0 }

type Memcpy = (dst: unknown, src: unknown, n: number) => unknown
type MemcpyAt = (dst: number, src: number, n: number) => void
let memcpyFn: Memcpy | undefined
let memcpyAtFn: MemcpyAt | undefined
// Kept referenced: koffi unloads a library whose handle is garbage-collected.
let libc: unknown
function memcpy(): Memcpy {
  if (!memcpyFn) {
    // The C library is already in the process: look memcpy up in it.
    const candidates: (string | null)[] = process.platform === 'win32' ? ['msvcrt.dll'] : process.platform === 'darwin' ? [null, 'libSystem.B.dylib'] : [null, 'libc.so.6']
    for (const lib of candidates) {
      try {
        const handle = koffi.load(lib as string)
        memcpyFn = handle.func('void *memcpy(void *dst, const void *src, size_t n)') as Memcpy
        // The same function taking plain-number addresses: koffi converts a number argument
        // much faster than a typed array (whose backing store it must look up) or a BigInt.
        memcpyAtFn = handle.func('memcpy', 'void', ['uintptr_t', 'uintptr_t', 'size_t']) as MemcpyAt
        libc = handle
        break
      } catch {
        // try the next place
      }
    }
    if (!memcpyFn) throw new Error('abi-stable: memcpy not found in the C library')
  }
  return memcpyFn
}

/**
 * Native memory mapped into JS once (one `koffi.view`, never freed): JS reads and writes
 * these bytes in place, and native code reads and writes them at `base`. Used as the
 * staging area of copies (one `memcpy` with number addresses, then a JS copy or a
 * decode of the subarray) and, in call.ts, as the result blocks of calls.
 */
export interface MappedRegion {
  readonly address: bigint
  /** The address as a number (exact: user-space addresses are below 2^53). */
  readonly base: number
  readonly bytes: Uint8Array
  readonly view: DataView
}

export function mapRegion(size: number): MappedRegion {
  const address = koffi.alloc('uint8_t', size) as bigint
  const buffer = koffi.view(address, size) as ArrayBuffer
  return { address, base: Number(address), bytes: new Uint8Array(buffer), view: new DataView(buffer) }
}

/** Copies fit in the staging region up to this size; larger ones go straight into their own buffer. */
const STAGING = 64 * 1024
let staging: MappedRegion | undefined
const stagingRegion = (): MappedRegion => (staging ??= mapRegion(STAGING))

/**
 * `length` native bytes at `address`, valid only until the next native read or call:
 * for readers that consume them at once (a UTF-8 decode). No JS allocation when short.
 */
export function readNativeTransient(address: bigint, length: number): Uint8Array {
  if (length === 0) return new Uint8Array(0)
  if (length > STAGING) return readNativeBytes(address, length)
  const s = stagingRegion()
  memoryCrossings.copies++
  memcpy()
  memcpyAtFn!(s.base, Number(address), length)
  return s.bytes.subarray(0, length)
}

/**
 * A DataView over a copy of `size` native bytes at `address` that is valid only until the next
 * native read: for reading plain data (numbers and pointers, nothing read through them).
 */
export function readNativeTransientView(address: bigint, size: number): DataView {
  if (size > STAGING) return readNative(address, size)
  const bytes = readNativeTransient(address, size)
  return size === 0 ? new DataView(bytes.buffer) : stagingRegion().view
}

/** A live DataView over `size` bytes of native memory at `address` (no copy; costs an external buffer). */
export function nativeView(address: bigint, size: number): DataView {
  if (size === 0) return new DataView(new ArrayBuffer(0))
  memoryCrossings.views++
  return new DataView(koffi.view(address, size) as ArrayBuffer)
}

/** A copy of `length` native bytes at `address`. */
export function readNativeBytes(address: bigint, length: number): Uint8Array {
  if (length === 0) return new Uint8Array(0)
  let bytes: Uint8Array
  memoryCrossings.copies++
  if (length <= STAGING) {
    // Through the mapped staging region: a fresh small typed array lives in V8's heap, and
    // handing it to native code would first move it out (slower than the copy itself).
    const s = stagingRegion()
    memcpy()
    memcpyAtFn!(s.base, Number(address), length)
    // Into an ArrayBuffer of its own: a taking read gives the copy's buffer a property
    // (ownership.ts), and `.buffer` of a small typed array would move it out of V8's heap.
    bytes = new Uint8Array(new ArrayBuffer(length))
    bytes.set(s.bytes.subarray(0, length))
  } else {
    bytes = new Uint8Array(length)
    memcpy()(bytes, address, length)
  }
  // A part that moves out during a taking read is neutralised at its source (ownership.ts).
  noteCopy(bytes, address)
  return bytes
}

/**
 * Copies `target.length` native bytes at `address` into `target`: for hot paths that read
 * records of a fixed size into a buffer they reuse (a fresh typed array costs more than the copy).
 */
export function readNativeInto(target: Uint8Array, address: bigint): void {
  if (target.length > 0) {
    memoryCrossings.copies++
    memcpy()(target, address, target.length)
  }
}

/** A DataView over a copy of `size` native bytes at `address`: for reading. */
export function readNative(address: bigint, size: number): DataView {
  const bytes = readNativeBytes(address, size)
  return new DataView(bytes.buffer, 0, size)
}

/** Copies JS bytes into native memory at `address`. */
export function copyToNative(address: bigint, bytes: ArrayBufferView): void {
  const n = bytes.byteLength
  if (n === 0) return
  memoryCrossings.copies++
  if (n <= STAGING) {
    const s = stagingRegion()
    s.bytes.set(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, n))
    memcpy()
    memcpyAtFn!(Number(address), s.base, n)
  } else {
    memcpy()(address, bytes, n)
  }
}

/**
 * Like writeNative, but fills the staging region: only for `fill`s that touch no other native
 * memory (plain data), since copies in and out go through the same region.
 */
export function writeNativePlain(address: bigint, size: number, fill: (view: DataView) => void): void {
  if (size > STAGING || size === 0) return writeNative(address, size, fill)
  const s = stagingRegion()
  s.bytes.fill(0, 0, size)
  fill(s.view)
  memoryCrossings.copies++
  memcpy()
  memcpyAtFn!(Number(address), s.base, size)
}

/** Fills `size` bytes in JS memory with `fill`, then copies them to `address` in one call. */
export function writeNative(address: bigint, size: number, fill: (view: DataView) => void): void {
  // An ArrayBuffer of its own from the start: `new Uint8Array(small).buffer` would first move
  // the bytes out of V8's heap.
  const buffer = new ArrayBuffer(size)
  fill(new DataView(buffer))
  copyToNative(address, new Uint8Array(buffer))
}

/**
 * The address of a Buffer's or typed array's first byte, for passing its memory to C.
 * V8 keeps small typed arrays inside its own heap, where the garbage collector may move
 * them; reading `.buffer` first moves the bytes to a fixed place for the array's lifetime.
 */
export function addressOf(bytes: ArrayBufferView): bigint {
  void bytes.buffer
  return koffi.address(bytes) as bigint
}

/** Native memory from the C heap (`malloc`). */
export interface NativeBlock {
  readonly address: bigint
  readonly size: number
  /** A live view (created on first use). */
  readonly view: DataView
  /** A copy of the current bytes, for reading. */
  read(): DataView
  /** Writes through a JS buffer copied in with one call. */
  write(fill: (view: DataView) => void): void
  free(): void
}

export function allocNative(size: number): NativeBlock {
  const address = koffi.alloc('uint8_t', Math.max(size, 1)) as bigint
  let freed = false
  let view: DataView | undefined
  return {
    address,
    size,
    get view() {
      return (view ??= nativeView(address, size))
    },
    read: () => readNative(address, size),
    write: (fill) => writeNative(address, size, fill),
    free() {
      if (!freed) {
        freed = true
        koffi.free(address)
      }
    },
  }
}
