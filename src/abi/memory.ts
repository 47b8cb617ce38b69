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
let memcpyFn: Memcpy | undefined
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

/** A live DataView over `size` bytes of native memory at `address` (no copy; costs an external buffer). */
export function nativeView(address: bigint, size: number): DataView {
  if (size === 0) return new DataView(new ArrayBuffer(0))
  memoryCrossings.views++
  return new DataView(koffi.view(address, size) as ArrayBuffer)
}

/** A copy of `length` native bytes at `address`. */
export function readNativeBytes(address: bigint, length: number): Uint8Array {
  const bytes = new Uint8Array(length)
  if (length > 0) {
    memoryCrossings.copies++
    memcpy()(bytes, address, length)
    // A part that moves out during a taking read is neutralised at its source (ownership.ts).
    noteCopy(bytes, address)
  }
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
  if (bytes.byteLength > 0) {
    memoryCrossings.copies++
    memcpy()(address, bytes, bytes.byteLength)
  }
}

/** Fills `size` bytes in JS memory with `fill`, then copies them to `address` in one call. */
export function writeNative(address: bigint, size: number, fill: (view: DataView) => void): void {
  const bytes = new Uint8Array(size)
  fill(new DataView(bytes.buffer))
  copyToNative(address, bytes)
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
