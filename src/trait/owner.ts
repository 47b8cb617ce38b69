// What trait objects and opaque handles share: a native value JS holds (its bytes in native
// memory, so `&T` arguments can point at them and `_sabi_drop` can take their address), dropped
// exactly once through its own vtable (drop(), `using`, or the FinalizationRegistry safety net,
// counted), moved out when passed by value, or merely borrowed when it was read through a
// reference, in which case its owner drops it.
import {
  InvalidValueError,
  UseAfterMoveError,
  activeScope,
  allocNative,
  copyToNative,
  dropRuntime,
  readNativeBytes,
  type Desc,
  type NativeBlock,
} from '../abi/index.ts'
import { BorrowedObjectError, ExpiredBorrowError } from './errors.ts'

export const OWNER = Symbol('abi-stable.native-owner')

export interface OwnerState {
  readonly type: Desc
  /** The value's bytes in native memory (borrowed values get theirs on first use of $address). */
  block: NativeBlock | null
  bytes: Uint8Array
  /** `expired`: a borrowed value lent to JS for one call, which has returned. */
  status: 'live' | 'moved' | 'dropped' | 'expired'
  readonly owned: boolean
  /** Lent by address since the bytes were last read: a `&mut` callee may have replaced them. */
  lent: boolean
  /** Written as a by-value argument of a call that has not happened yet. */
  moving: boolean
}

let forgotten = 0
const registry = new FinalizationRegistry<OwnerState>((state) => {
  if (state.status !== 'live') return
  if (state.owned) forgotten++
  release(state)
})

function release(state: OwnerState): void {
  const block = state.block
  state.block = null
  try {
    if (state.owned && block) dropRuntime().dropInPlace(block.address, state.type)
  } finally {
    block?.free()
  }
}

export abstract class NativeOwner {
  /** @internal */
  readonly [OWNER]: OwnerState

  constructor(type: Desc, bytes: Uint8Array, owned: boolean) {
    let block: NativeBlock | null = null
    if (owned) {
      block = allocNative(bytes.length)
      copyToNative(block.address, bytes)
    }
    this[OWNER] = { type, block, bytes, status: 'live', owned, lent: false, moving: false }
    registry.register(this, this[OWNER], this)
  }

  /** What the value is, for messages (`Counter trait object`). */
  protected abstract $describe(): string

  /** Whether it can still be used (not dropped, not moved into a call). */
  get alive(): boolean {
    return this[OWNER].status === 'live'
  }

  /** Whether JS owns it (false when it was read through a reference: its owner drops it). */
  get owned(): boolean {
    return this[OWNER].owned
  }

  /** The address of the value's bytes: what a `&T` / `&mut T` argument receives. */
  get $address(): bigint {
    const s = this.$live()
    if (!s.block) {
      s.block = allocNative(s.bytes.length)
      copyToNative(s.block.address, s.bytes)
    }
    s.lent = true
    return s.block.address
  }

  /** Drops the value through its own vtable, once. */
  drop(): void {
    const s = this.$live()
    if (!s.owned) throw new BorrowedObjectError(this.$describe(), 'drop')
    s.status = 'dropped'
    registry.unregister(this)
    release(s)
  }

  [Symbol.dispose](): void {
    const s = this[OWNER]
    if (s.status === 'live' && s.owned) this.drop()
  }

  /** @internal The state, or a typed error once dropped or moved. */
  $live(): OwnerState {
    const s = this[OWNER]
    if (s.status === 'live') return s
    if (s.status === 'expired') throw new ExpiredBorrowError(this.$describe())
    throw new UseAfterMoveError(this.$describe(), s.status === 'moved' ? 'moved' : 'dropped')
  }

  /** @internal The value's current bytes (a `&mut` callee may have replaced them since). */
  $current(): Uint8Array {
    const s = this.$live()
    if (s.lent && s.block) {
      s.bytes = readNativeBytes(s.block.address, s.bytes.length)
      s.lent = false
    }
    return s.bytes
  }

  /** @internal A by-value method consumed the value natively: JS lets go of it without dropping it. */
  $consumed(): void {
    const s = this[OWNER]
    if (s.status !== 'live') return
    s.status = 'moved'
    registry.unregister(this)
    const block = s.block
    s.block = null
    block?.free()
  }

  /** @internal The call that lent this borrowed value to JS has returned: later uses throw. */
  $expire(): void {
    const s = this[OWNER]
    if (s.status !== 'live' || s.owned) return
    s.status = 'expired'
    registry.unregister(this)
    const block = s.block
    s.block = null
    block?.free()
  }

  /**
   * @internal Writes the value's bytes where a callee takes ownership of them; JS lets go once
   * the call happens (at once outside a call).
   */
  $moveInto(view: DataView, offset: number): void {
    const s = this.$live()
    if (!s.owned) throw new BorrowedObjectError(this.$describe(), 'pass by value (move)')
    // Two by-value copies would make two owners, each dropping it.
    if (s.moving) throw new InvalidValueError(`${this.$describe()} (passed by value once per call)`, 'the same object a second time')
    new Uint8Array(view.buffer, view.byteOffset + offset, s.bytes.length).set(this.$current())
    const moved = () => this.$consumed()
    const scope = activeScope()
    if (!scope) return moved()
    s.moving = true
    scope.onCalled(moved)
    scope.undoUnlessCalled(() => void (s.moving = false))
  }
}

/** How many trait objects and opaque handles the FinalizationRegistry dropped because JS forgot them. */
export const forgottenObjects = (): number => forgotten
