// A native value JS holds on to instead of converting it at once: a returned
// `RVec<u32>` viewed without copying, an `RHashMap` passed back to the plugin. It
// owns a copy of the value's header in native memory and drops it exactly once:
// by `drop()`, by `using`, by being moved into a call, or, if JS forgets it, by the
// FinalizationRegistry safety net (counted, so tests can see forgotten handles).
import { codecOf } from './codec.ts'
import type { Desc, Infer } from './descriptor.ts'
import { AbiError } from './errors.ts'
import { needsDrop } from './drop.ts'
import { layoutOf } from './layout.ts'
import { allocNative, copyToNative, readNativeBytes, type NativeBlock } from './memory.ts'
import { readTaking } from './ownership.ts'
import { dropRuntime } from './runtime-hook.ts'

/** A handle used after it was moved into a call or dropped. */
export class UseAfterMoveError extends AbiError {
  constructor(typeName: string, state: 'moved' | 'dropped') {
    super(
      'ERR_ABI_USE_AFTER_MOVE',
      `this ${typeName} handle was ${state === 'moved' ? 'moved into a call (the callee owns it now)' : 'dropped'}; it cannot be used again`,
    )
  }
}

interface Owned {
  block: NativeBlock
  type: Desc
}

let forgotten = 0
const registry = new FinalizationRegistry<Owned>((owned) => {
  forgotten++
  release(owned)
})

function release({ block, type }: Owned): void {
  try {
    if (needsDrop(type)) dropRuntime().dropInPlace(block.address, type)
  } finally {
    block.free()
  }
}

export class Handle<D extends Desc = Desc> {
  readonly type: D
  #owned: Owned | null
  #state: 'live' | 'moved' | 'dropped' = 'live'

  /** Takes ownership of the value of type `type` whose bytes are at `source` (they are copied). */
  constructor(type: D, source: DataView, offset = 0) {
    const size = layoutOf(type).size
    const block = allocNative(size)
    copyToNative(block.address, new Uint8Array(source.buffer, source.byteOffset + offset, size))
    this.type = type
    this.#owned = { block, type }
    registry.register(this, this.#owned, this)
  }

  get alive(): boolean {
    return this.#state === 'live'
  }

  /** Address of the value's bytes (what a `&T` argument receives). */
  get $address(): bigint {
    return this.#live().block.address
  }

  /** The value as a JS value, leaving the native value alive. */
  value(): Infer<D> {
    const { block } = this.#live()
    return codecOf(this.type).read(block.read(), 0)
  }

  /** The value as a JS value; the native value is dropped. */
  take(): Infer<D> {
    try {
      // Dropped right after: parts that stay native in JS hands (trait objects) move out first.
      return readTaking(() => this.value())
    } finally {
      this.drop()
    }
  }

  /** Drops the native value through its own vtables. Dropping twice is an error. */
  drop(): void {
    const owned = this.#live()
    this.#state = 'dropped'
    this.#owned = null
    registry.unregister(this)
    release(owned)
  }

  [Symbol.dispose](): void {
    if (this.#state === 'live') this.drop()
  }

  /** The bytes of the value, for writing it somewhere that takes ownership (see markMoved). */
  bytes(): Uint8Array {
    const { block } = this.#live()
    return readNativeBytes(block.address, block.size)
  }

  /** Records that the value's bytes now belong to someone else; frees only the handle's memory. */
  markMoved(): void {
    const owned = this.#live()
    this.#state = 'moved'
    this.#owned = null
    registry.unregister(this)
    owned.block.free()
  }

  #live(): Owned {
    if (this.#state !== 'live' || !this.#owned) throw new UseAfterMoveError(this.type.name, this.#state === 'moved' ? 'moved' : 'dropped')
    return this.#owned
  }
}

/** How many handles the FinalizationRegistry dropped because JS forgot them. */
export const forgottenHandles = (): number => forgotten
