// The ends of an abi_stable channel as JS holds them (owned, dropped once through the end's box
// vtable; or moved into a call). JS never blocks on them: a sender offers values with try_send
// (`send()` retries while the channel is full), a receiver takes them with try_recv and, when the
// channel is empty, waits: to be woken (a channel the host runtime made, src/native/rchannel_*.c)
// or on a timer that backs off (a plugin's channel, which cannot wake anyone).
import { bindPointer, readNative, type BoundFn, type Desc, type FnDesc } from '../abi/index.ts'
import { ChannelError } from '../async/errors.ts'
import { holdLoop, unregister, type Wakeable } from '../async/wake-loop.ts'
import { NativeOwner } from '../trait/owner.ts'
import { channelNative } from './native.ts'
import { Slot, channelSignatures } from './types.ts'

const LE = true
const POLL_MIN_MS = 1
const POLL_MAX_MS = 50

const bound = new Map<string, BoundFn<FnDesc>>()
/** Slot `k` of the VTable at `vtable`, bound with `sig` (cached per address and signature). */
function slot(vtable: bigint, k: number, sig: FnDesc, name: string): (...a: unknown[]) => any {
  const address = readNative(vtable + 16n + 8n * BigInt(k), 8).getBigUint64(0, LE)
  const key = `${address}:${k}:${sig.name ?? ''}`
  let f = bound.get(key)
  if (!f) bound.set(key, (f = bindPointer(address, sig, { name })))
  return f as unknown as (...a: unknown[]) => any
}

abstract class ChannelEnd<T> extends NativeOwner {
  /** @internal */
  readonly elem: Desc
  protected readonly side: string

  constructor(type: Desc, elem: Desc, side: string, bytes: Uint8Array, owned: boolean) {
    super(type, bytes, owned)
    this.elem = elem
    this.side = side
  }

  protected $describe(): string {
    return `${this.side}<${this.elem.name}>`
  }

  /** @internal The erased channel (`channel.data`) and the VTable. */
  protected parts(): { chan: bigint; vtable: bigint } {
    const view = new DataView(this.$current().buffer)
    return { chan: view.getBigUint64(0, LE), vtable: view.getBigUint64(16, LE) }
  }

  /** Values waiting in the channel now. */
  get length(): number {
    const { chan, vtable } = this.parts()
    return Number(slot(vtable, this.side === 'RSender' ? Slot.senderLen : Slot.receiverLen, channelSignatures(this.elem).len, `${this.side}.len`)(chan))
  }

  /** Drops this end (the last sender's drop disconnects the receivers, and the reverse). */
  close(): void {
    if (this.alive) this.drop()
  }

  declare readonly _t?: T
}

export class RSenderHandle<T> extends ChannelEnd<T> {
  /**
   * Offers `value` without waiting: true when the channel took it, false when it is full. Throws
   * ChannelError when every receiver is gone (the value is dropped).
   */
  trySend(value: T): boolean {
    const { chan, vtable } = this.parts()
    const r = slot(vtable, Slot.trySend, channelSignatures(this.elem).trySend, `RSender<${this.elem.name}>.try_send`)(chan, value)
    if (r.ok) return true
    if (r.error.tag === 'Full') return false
    throw new ChannelError(`${this.$describe()}: every receiver has been dropped; the value was not sent`)
  }

  /** Sends `value`, resolving once the channel took it (retrying while full, without blocking JS). */
  async send(value: T): Promise<void> {
    let wait = POLL_MIN_MS
    while (!this.trySend(value)) {
      await delay(wait)
      wait = Math.min(wait * 2, POLL_MAX_MS)
    }
  }
}

export type TryRecv<T> = { value: T } | 'empty' | 'disconnected'

export class RReceiverHandle<T> extends ChannelEnd<T> implements AsyncIterable<T>, Wakeable {
  private wake: (() => void) | null = null
  private wakeId = 0

  /** The oldest value, 'empty' when none waits, or 'disconnected' when none will come. */
  tryRecv(): TryRecv<T> {
    const { chan, vtable } = this.parts()
    const r = slot(vtable, Slot.tryRecv, channelSignatures(this.elem).tryRecv, `RReceiver<${this.elem.name}>.try_recv`)(chan)
    if (r.ok) return { value: r.value as T }
    return r.error.tag === 'Empty' ? 'empty' : 'disconnected'
  }

  /** The next value, or undefined once every sender is gone and the channel is drained. */
  async recv(): Promise<T | undefined> {
    let wait = POLL_MIN_MS
    for (;;) {
      const r = this.tryRecv()
      if (r === 'disconnected') return undefined
      if (r !== 'empty') return r.value
      if (this.watchable()) await this.woken$()
      else {
        await delay(wait)
        wait = Math.min(wait * 2, POLL_MAX_MS)
      }
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    try {
      for (;;) {
        if (!this.alive) return
        const r = await this.recv()
        if (r === undefined) return
        yield r
      }
    } finally {
      this.close()
    }
  }

  /** @internal Woken by the host runtime's channel (a value or the end arrived). */
  woken(): void {
    const w = this.wake
    this.wake = null
    w?.()
  }

  override drop(): void {
    super.drop()
    if (this.wakeId) unregister(this.wakeId)
    this.woken() // a recv() waiting now ends (it finds the end dropped)
  }

  /** @internal Set by rchannel(): the id the native channel wakes. */
  $setWakeId(id: number): void {
    this.wakeId = id
  }

  private watchable(): boolean {
    const view = new DataView(this.$current().buffer)
    return this.wakeId !== 0 && view.getBigUint64(8, LE) === channelNative().receiverBoxVtable()
  }

  /** Waits for the wake-up (or returns at once when something is there already). */
  private woken$(): Promise<void> {
    if (channelNative().watch(this.parts().chan) === 1) return Promise.resolve()
    holdLoop(1)
    return new Promise<void>((resolve) => {
      this.wake = () => {
        holdLoop(-1)
        resolve()
      }
    })
  }
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

