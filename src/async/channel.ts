// Event channels from plugin threads to JS (docs/async.md). `channel()` makes a native channel
// (src/native/async_channel.c); passed where a function takes `t.EventSender`, it hands the plugin
// a sender handle the plugin may use from any thread: send() never waits for JS. JS reads the events
// (Values) as an async iterator. The iteration ends when the host closes the channel (close(), or
// leaving a for-await loop), when a plugin calls close(), or when the last sender handle is dropped;
// events queued before a plugin-side end are still delivered.
//
// Bounded channels (`capacity`) refuse a send when `capacity` events wait natively: the plugin gets
// ABS_SEND_FULL and keeps its event. JS takes events from the native ring only as it consumes them,
// so a slow reader is what the plugin feels.
import { InvalidValueError, allocNative, codecOf, custom, nativeView, t, type CustomDesc, type NativeBlock } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { Value, type JsonValue } from '../types/value.ts'
import { NOT_TAKEN, readValue } from '../types/value-codec.ts'
import { ChannelError } from './errors.ts'
import { asyncNative } from './native.ts'
import { holdLoop, register, unregister, type Wakeable } from './wake-loop.ts'
import { checkOptions } from '../abi/options.ts'

const VALUE_SIZE = 40
const State = { Closed: 1, EverSender: 2, LiveSenders: 4 } as const

export interface ChannelOptions {
  /** Events that may wait natively before a send is refused as full (0 or absent: unbounded). */
  capacity?: number
  /** Events taken from native memory per crossing (default 4096, at most `capacity` when bounded). */
  batch?: number
}

export interface ChannelStats {
  /** Events handed to JS so far. */
  delivered: number
  /** Sends refused because the channel was full (what the plugin was told: backpressure). */
  refusedFull: number
  /** Whether the channel has ended (closed by either side and drained). */
  ended: boolean
}

let live = 0
/** Channels not yet ended: for tests. */
export const openChannels = (): number => live

export class EventChannel implements Wakeable, AsyncIterable<JsonValue> {
  private readonly native: bigint
  private readonly id: number
  private readonly capacity: number
  private readonly batch: number
  // [a batch: an Array Value borrowing the events][the events, 40 bytes each]
  private readonly block: NativeBlock
  private readonly batchView: DataView
  private readonly eventsAt: bigint
  private readonly eventsView: DataView
  private buffered: JsonValue[] = []
  private index = 0
  private waiting: { resolve: (r: IteratorResult<JsonValue>) => void; reject: (e: unknown) => void } | null = null
  private ended = false
  private holding = false
  private delivered = 0
  private refused = 0

  constructor(options: ChannelOptions = {}) {
    checkOptions('channel', options, ['capacity', 'batch'])
    const capacity = options.capacity ?? 0
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new InvalidValueError('ChannelOptions.capacity (a non-negative integer)', describeValue(capacity))
    const batch = options.batch ?? 4096
    if (!Number.isSafeInteger(batch) || batch < 1) throw new InvalidValueError('ChannelOptions.batch (a positive integer)', describeValue(batch))
    this.capacity = capacity
    this.batch = capacity > 0 ? Math.min(batch, capacity) : batch
    this.id = register(this)
    this.native = asyncNative().channelNew(this.id, capacity)
    this.block = allocNative((1 + this.batch) * VALUE_SIZE)
    this.batchView = nativeView(this.block.address, VALUE_SIZE)
    this.eventsAt = this.block.address + BigInt(VALUE_SIZE)
    this.eventsView = nativeView(this.eventsAt, this.batch * VALUE_SIZE)
    live++
  }

  /** @internal Writes a new sender handle for a plugin (EventSender's write). */
  handOut(view: DataView, offset: number): void {
    if (this.ended) throw new ChannelError('this channel has ended; make a new one to hand a plugin a sender')
    const out = allocNative(16)
    try {
      asyncNative().channelSender(this.native, out.address)
      new Uint8Array(view.buffer, view.byteOffset + offset, 16).set(new Uint8Array(out.read().buffer, 0, 16))
    } finally {
      out.free()
    }
    // From the first sender on, the channel keeps the event loop alive until it ends.
    if (!this.holding) {
      this.holding = true
      holdLoop(1)
    }
  }

  /** Ends the iteration from the host's side: senders get ABS_SEND_CLOSED; events not yet read are dropped. */
  close(): void {
    if (this.ended) return
    asyncNative().channelClose(this.native)
    this.buffered = []
    this.index = 0
    this.end()
  }

  get stats(): ChannelStats {
    if (!this.ended) this.refused = Number(asyncNative().channelRefused(this.native))
    return { delivered: this.delivered, refusedFull: this.refused, ended: this.ended }
  }

  /** The events, in the order each plugin thread sent them; ends when the channel ends. */
  [Symbol.asyncIterator](): AsyncIterator<JsonValue> {
    return {
      next: () => this.next(),
      return: (): Promise<IteratorResult<JsonValue>> => {
        this.close()
        return Promise.resolve({ done: true, value: undefined })
      },
    }
  }

  next(): Promise<IteratorResult<JsonValue>> {
    if (this.waiting) return Promise.reject(new ChannelError('a channel has one reader: wait for the previous next() before asking again'))
    if (this.index < this.buffered.length) return Promise.resolve({ done: false, value: this.buffered[this.index++] })
    if (this.ended) return Promise.resolve({ done: true, value: undefined })
    // Between two batches, timers and I/O get their turn: resolved promises alone never leave the
    // microtask queue, so a stream that never pauses would otherwise hold the event loop forever.
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      setImmediate(() => this.woken())
    })
  }

  /** Called on the main thread after a plugin sent into an empty channel, or closed it. */
  woken(): void {
    if (this.ended) return
    if (!this.waiting) {
      // Nobody reads now: the events stay native (a bounded channel's backpressure). Once the plugin
      // side has closed nothing more can arrive, so the loop need not wait for it any more.
      if (asyncNative().channelState(this.native) & State.Closed) this.releaseHold()
      return
    }
    const w = this.waiting
    try {
      if (this.fill()) {
        this.waiting = null
        w.resolve({ done: false, value: this.buffered[this.index++] })
      } else if (this.ended) {
        this.waiting = null
        w.resolve({ done: true, value: undefined })
      }
    } catch (e) {
      this.waiting = null
      w.reject(e)
    }
  }

  /** Takes the next batch from native memory into `buffered`; false when none is there (and ends a closed, drained channel). */
  private fill(): boolean {
    if (this.takeBatch()) return true
    if (asyncNative().channelState(this.native) & State.Closed) {
      // Closed by a plugin: nothing can be added now, so one more take drains what came before the close.
      if (this.takeBatch()) return true
      this.end()
    }
    return false
  }

  /**
   * Takes the next batch into `buffered`. The runtime hands the events over as one Array Value
   * borrowing them, which the Value codec reads in one crossing; only if it will not (a part it
   * leaves to the per-node codec) is each event read by itself. Then the events are dropped, in
   * one call, through their own vtables (the values read are copies).
   */
  private takeBatch(): boolean {
    const native = asyncNative()
    const n = Number(native.channelTakeBatch(this.native, this.block.address, this.eventsAt, this.batch))
    if (n === 0) return false
    let events: JsonValue[] | undefined
    try {
      const whole = readValue(Value, this.batchView, 0)
      if (whole !== NOT_TAKEN) events = whole as JsonValue[]
      else {
        events = new Array(n)
        const codec = codecOf(Value)
        for (let i = 0; i < n; i++) events[i] = codec.read(this.eventsView, i * VALUE_SIZE)
      }
    } finally {
      native.channelDropEvents(this.eventsAt, n)
    }
    this.buffered = events
    this.index = 0
    this.delivered += n
    return true
  }

  private releaseHold(): void {
    if (this.holding) {
      this.holding = false
      holdLoop(-1)
    }
  }

  private end(): void {
    if (this.ended) return
    this.ended = true
    const native = asyncNative()
    this.refused = Number(native.channelRefused(this.native))
    unregister(this.id)
    // Events still queued natively after a plugin-side close are dropped with the channel.
    native.channelClose(this.native)
    native.channelRelease(this.native)
    this.block.free()
    live--
    this.releaseHold()
    if (this.waiting) {
      const w = this.waiting
      this.waiting = null
      w.resolve({ done: true, value: undefined })
    }
  }
}

/** A new event channel (unbounded unless `capacity` is given). */
export const channel = (options?: ChannelOptions): EventChannel => new EventChannel(options)

/**
 * `t.EventSender`: the sender handle of an event channel as a plugin receives it, a 16-byte
 * `{ channel, vtable }` (AbsEventSender in abi_stable.h, `EventSender` in the Rust mirror). Write an
 * EventChannel; the plugin owns the handle it gets and drops it once.
 */
export const EventSender: CustomDesc<never, EventChannel> = custom<never, EventChannel>({
  name: 'EventSender',
  repr: t.struct('EventSender', { channel: t.mutPtr(), vtable: t.ptr() }),
  layoutText: () => 'struct EventSender{channel:*mut c_void,vtable:*const EventSenderVTable}',
  read() {
    throw new ChannelError('an EventSender cannot be received from a plugin: channels are made by the host (channel()) and their senders handed out')
  },
  write(view, offset, value) {
    if (!(value instanceof EventChannel)) throw new InvalidValueError('an EventChannel (made by channel())', describeValue(value))
    value.handOut(view, offset)
  },
  dropOps: () => [],
})
