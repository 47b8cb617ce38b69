// Reads that take ownership. A value a native call returns is read into JS and then dropped
// (call.ts, Handle.take). Most of its parts become plain JS values and are released by that
// drop, but a part that stays native in JS hands (a trait object, an opaque box) must survive
// it: during such a read, that part moves into its JS owner and its bytes are overwritten with
// an inert stand-in whose drop does nothing, so the drop that follows releases everything else
// exactly once. Memory reached through borrowed pointers (references, slices, the shared
// contents of an RArc) is not dropped by that drop, so it is read in borrowing mode.
//
// Reads work on copies of native memory (memory.ts): while a taking read runs, each copy
// remembers the address it came from, so an overwrite reaches the native bytes as well.

let taking = 0
// The origin rides on the copy's ArrayBuffer as a symbol-keyed property: a WeakMap entry per
// copy made ephemeron work for the garbage collector (16% of a 10,000-key map read was the
// WeakMap set, and more in GC).
const ORIGIN = Symbol('abi-stable native origin')
type Noted = ArrayBufferLike & { [ORIGIN]?: bigint }

/** Runs `read` as the read of a value whose bytes are dropped right after it. */
export function readTaking<T>(read: () => T): T {
  const outer = taking
  taking = 1
  try {
    return read()
  } finally {
    taking = outer
  }
}

/** Runs `read` as a read of memory JS does not own (what a reference or slice points to). */
export function readBorrowing<T>(read: () => T): T {
  const outer = taking
  taking = 0
  try {
    return read()
  } finally {
    taking = outer
  }
}

/** Whether parts read now may move out of the bytes they are read from. */
export const takingOwnership = (): boolean => taking > 0

/** Records that `bytes` hold a copy of native memory at `address` (memory.ts calls this). */
export function noteCopy(bytes: Uint8Array, address: bigint): void {
  // `.buffer` only when needed: it gives a small typed array a buffer of its own, which costs.
  if (taking > 0) (bytes.buffer as Noted)[ORIGIN] = address - BigInt(bytes.byteOffset)
}

/**
 * Writes `bytes` over the part at `offset` of `view` and, when the view is a copy of native
 * memory made during a taking read, over the native bytes it was copied from.
 */
export function overwriteSource(view: DataView, offset: number, bytes: Uint8Array, toNative: (address: bigint, bytes: Uint8Array) => void): void {
  new Uint8Array(view.buffer, view.byteOffset + offset, bytes.length).set(bytes)
  const origin = (view.buffer as Noted)[ORIGIN]
  if (origin !== undefined) toNative(origin + BigInt(view.byteOffset + offset), bytes)
}
