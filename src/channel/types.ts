// The binary side of abi_stable's crossbeam channel wrappers (reference 11.C): each end is 24 bytes,
// `{ channel: RBox<ErasedSender<T>> { data, box vtable }, vtable: VTable<T> }`, both ends of a
// channel pointing at the same VTable<T> (16 unconditional slots). The host calls only the
// non-blocking slots; `send`/`recv` may block and are the plugin threads' own.
import { t, type Desc, type FnDesc } from '../abi/index.ts'
import { RResult } from '../types/index.ts'

/** Slot indices in VTable<T> (value offset 8*k, WM+16+8k). */
export const Slot = { send: 0, trySend: 1, sendTimeout: 2, cloneSender: 3, senderLen: 6, recv: 8, tryRecv: 9, recvTimeout: 10, cloneReceiver: 11, receiverLen: 14 } as const

export interface ChannelSignatures {
  /** `try_send(chan, T) -> RResult<(), RTrySendError<T>>` (Full = 0, Disconnected = 1). */
  readonly trySend: FnDesc
  /** `try_recv(chan) -> RResult<T, RTryRecvError>` (Empty = 0, Disconnected = 1). */
  readonly tryRecv: FnDesc
  /** `len(chan) -> usize`. */
  readonly len: FnDesc
}

const cache = new WeakMap<Desc, ChannelSignatures>()
const RTryRecvError = t.enum('RTryRecvError', { Empty: null, Disconnected: null }, { repr: 'u8' })

/** The signatures of the slots the host calls, for element type `T`. */
export function channelSignatures(T: Desc): ChannelSignatures {
  let s = cache.get(T)
  if (!s) {
    const RTrySendError = t.enum(`RTrySendError`, { Full: [T], Disconnected: [T] }, { repr: 'u8' })
    s = Object.freeze({
      trySend: t.fn([t.usize, T], RResult(t.unit, RTrySendError)),
      tryRecv: t.fn([t.usize], RResult(T, RTryRecvError)),
      len: t.fn([t.usize], t.usize),
    })
    cache.set(T, s)
  }
  return s
}

/** The 24-byte layout of either end. */
export const endRepr = (side: 'RSender' | 'RReceiver', T: Desc) =>
  t.struct(`${side}<${T.name}>`, {
    channel: t.struct(`RBox<Erased${side === 'RSender' ? 'Sender' : 'Receiver'}>`, { data: t.mutPtr(), vtable: t.ptr(), _marker: t.phantom() }),
    vtable: t.ptr(),
  })
