// abi_stable's RSender<T> / RReceiver<T> (docs/channels.md): `t.RSender(T)` and `t.RReceiver(T)`
// describe a plugin's ends (read: owned handles; written: moved into the plugin), and `rchannel(T)`
// makes a channel in the host runtime whose ends JS hands to plugins, which may use them from any
// thread.
import { DropKind, InvalidValueError, allocNative, copyToNative, custom, floatUnitsOf, layoutOf, layoutString, overwriteSource, readNativeBytes, takingOwnership, type CustomDesc, type Desc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { checkOptions } from '../abi/options.ts'
import { UnsupportedError } from '../types/index.ts'
import { nativeTypeOf } from '../types/runtime.ts'
import { register, unregister } from '../async/wake-loop.ts'
import { inertBoxVTable } from '../trait/host/native.ts'
import { RReceiverHandle, RSenderHandle } from './ends.ts'
import { channelNative } from './native.ts'
import { endRepr } from './types.ts'

export { RReceiverHandle, RSenderHandle, type TryRecv } from './ends.ts'
export { liveRChannels } from './native.ts'

const LE = true
type Side = 'RSender' | 'RReceiver'
export type RSenderDesc<T> = CustomDesc<RSenderHandle<T>, RSenderHandle<T>> & { readonly elem: Desc }
export type RReceiverDesc<T> = CustomDesc<RReceiverHandle<T>, RReceiverHandle<T>> & { readonly elem: Desc }

const descs = { RSender: new WeakMap<Desc, RSenderDesc<any>>(), RReceiver: new WeakMap<Desc, RReceiverDesc<any>>() }

function endDesc(side: Side, T: Desc): CustomDesc<any, any> & { elem: Desc } {
  const known = descs[side].get(T)
  if (known) return known
  const Handle = side === 'RSender' ? RSenderHandle : RReceiverHandle
  const name = `${side}<${T.name}>`
  const self: CustomDesc<any, any> & { elem: Desc } = Object.freeze({
    ...custom<any, any>({
      name,
      repr: endRepr(side, T),
      layoutText: () => `${side}<${layoutString(T)}>`,
      read(view, offset) {
        const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, 24).slice()
        if (new DataView(bytes.buffer).getBigUint64(0, LE) === 0n) throw new InvalidValueError(`${name} (a non-null channel)`, 'null')
        const owned = takingOwnership()
        const handle = new Handle(self, T, side, bytes, owned)
        // The value this was read from is dropped next: leave a box vtable whose destructor does nothing.
        if (owned) overwriteSource(view, offset + 8, inertBoxVTable(), copyToNative)
        return handle
      },
      write(view, offset, value) {
        if (!(value instanceof Handle) || (value.elem !== T && layoutString(value.elem) !== layoutString(T))) {
          throw new InvalidValueError(`an ${name} (from a plugin, or from rchannel(${T.name}))`, value instanceof RSenderHandle || value instanceof RReceiverHandle ? `an ${value.constructor.name.replace('Handle', '')}<${value.elem.name}>` : describeValue(value))
        }
        value.$moveInto(view, offset)
      },
      // An end is dropped through its RBox (there is no drop slot): destructor(data, Yes, Yes).
      dropOps: (offset) => [{ kind: DropKind.RBox, offset }],
    }),
    elem: T,
  })
  descs[side].set(T, self as never)
  return self
}

/** `RSender<T>`: the sending end of abi_stable's crossbeam channel wrapper (24 bytes). */
export const RSender = <T extends Desc>(T: T): RSenderDesc<any> => endDesc('RSender', T) as RSenderDesc<any>
/** `RReceiver<T>`: the receiving end (24 bytes). */
export const RReceiver = <T extends Desc>(T: T): RReceiverDesc<any> => endDesc('RReceiver', T) as RReceiverDesc<any>

export interface RChannelOptions {
  /** Values the channel holds before `send` waits (absent: unbounded). */
  capacity?: number
}

/**
 * A channel of `T` in the host runtime, both ends owned by JS: hand `sender` to a plugin (by value:
 * moved; its threads may send, clone and drop it), read `receiver` with `for await`, or the reverse.
 * `T` may hold no floating-point data and be 1 to 128 bytes, aligned to at most 8.
 */
export function rchannel<T extends Desc>(T: T, options: RChannelOptions = {}): { sender: RSenderHandle<any>; receiver: RReceiverHandle<any> } {
  checkOptions(`rchannel(${T.name})`, options, ['capacity'])
  const capacity = options.capacity ?? 0
  if (options.capacity !== undefined && (!Number.isSafeInteger(capacity) || capacity < 1)) {
    throw new InvalidValueError(`rchannel(${T.name}) capacity (a positive integer; leave it out for unbounded)`, describeValue(options.capacity))
  }
  const { size, align } = layoutOf(T)
  if (size === 0 || size > 128 || align > 8 || floatUnitsOf(T) !== 0) {
    throw new UnsupportedError(`rchannel(${T.name}): the host runtime's channels carry values of 1 to 128 bytes, aligned to at most 8, without floating-point data (${T.name} is ${size} bytes, aligned to ${align}${floatUnitsOf(T) ? ', with floats' : ''})`)
  }
  // Weakly: a receiver JS forgets is still dropped by the FinalizationRegistry.
  let receiver: WeakRef<RReceiverHandle<any>> | undefined
  const id = register({ woken: () => receiver?.deref()?.woken() })
  const out = allocNative(48)
  try {
    if (channelNative().make(nativeTypeOf(T), capacity, id, out.address, out.address + 24n) !== 0) {
      unregister(id)
      throw new UnsupportedError(`rchannel(${T.name}): the native runtime cannot make this channel on ${process.platform}-${process.arch} (its slots follow the x86-64 System V convention)`)
    }
    const bytes = readNativeBytes(out.address, 48)
    const sender = new RSenderHandle(RSender(T), T, 'RSender', bytes.slice(0, 24), true)
    const recv = new RReceiverHandle(RReceiver(T), T, 'RReceiver', bytes.slice(24, 48), true)
    recv.$setWakeId(id)
    receiver = new WeakRef(recv)
    return { sender, receiver: recv }
  } finally {
    out.free()
  }
}
