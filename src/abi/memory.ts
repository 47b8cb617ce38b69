// Native memory as DataViews. The only place (with koffi-type.ts) that touches
// koffi's memory functions: a view costs one crossing, after which any number of
// fields are read or written without further calls.
import koffi from 'koffi'
import os from 'node:os'

export const littleEndian = os.endianness() === 'LE'

/** A DataView over `size` bytes of native memory at `address` (no copy). */
export function nativeView(address: bigint, size: number): DataView {
  if (size === 0) return new DataView(new ArrayBuffer(0))
  return new DataView(koffi.view(address, size) as ArrayBuffer)
}

/** The address of a Buffer's or typed array's first byte, for passing its memory to C. */
export function addressOf(bytes: ArrayBufferView): bigint {
  return koffi.address(bytes) as bigint
}

/** Native memory from the C heap (`malloc`), with the view that reads and writes it. */
export interface NativeBlock {
  readonly address: bigint
  readonly view: DataView
  free(): void
}

export function allocNative(size: number): NativeBlock {
  const raw = koffi.alloc('uint8_t', Math.max(size, 1))
  const address = koffi.address(raw) as bigint
  let freed = false
  return {
    address,
    view: nativeView(address, size),
    free() {
      if (!freed) {
        freed = true
        koffi.free(raw)
      }
    },
  }
}
