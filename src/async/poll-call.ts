// Calling a plugin future's poll_fn: `FfiPoll<T> poll_fn(void *fut_ptr, FfiContext *cx)`, on every
// poll, so it skips the general call layer: the FfiPoll comes back in registers (up to 16 bytes:
// two eightbytes, integer or float as their bytes say) or through a hidden result pointer (x86-64
// System V), and lands in a reused native scratch block that is read in place. A Ready value is
// read into JS and then dropped there (ownership of T moved to us). Other platforms use the
// general call layer (bindPointer).
import koffi from 'koffi'
import { ByteClass, allocNative, bindPointer, byteClassesOf, codecOf, dropRuntime, layoutOf, nativeView, needsDrop, readTaking, t } from '../abi/index.ts'
import type { FfiPollDesc, PollValue } from './poll.ts'
import { PollTag } from './poll.ts'

export type PollCall = (futPtr: bigint, cx: bigint) => PollValue<unknown>

const fastSupported = process.arch === 'x64' && process.platform !== 'win32'
const pairTypes = new Map<string, unknown>()

/** koffi's struct for a ≤16-byte FfiPoll returned in registers: eightbytes as their classes say. */
function registerPair(poll: FfiPollDesc<any>): { type: unknown; floatHigh: boolean } {
  const classes = byteClassesOf(poll)
  const high = classes.subarray(8)
  const floatHigh = high.length > 0 && !high.includes(ByteClass.Integer) && high.includes(ByteClass.Float)
  const key = `${classes.length}:${floatHigh}`
  let type = pairTypes.get(key)
  if (!type) {
    type = classes.length <= 8 ? koffi.struct(`abs_poll_ret_${classes.length}`, { lo: 'uint64_t' }) : koffi.struct(`abs_poll_ret_${classes.length}_${floatHigh ? 'f' : 'i'}`, { lo: 'uint64_t', hi: floatHigh ? 'double' : 'uint64_t' })
    pairTypes.set(key, type)
  }
  return { type, floatHigh }
}

// One scratch block per nesting depth (a poll_fn may call into JS, which may poll another future).
const scratches: { address: bigint; view: DataView }[] = []
let depth = 0
const SCRATCH = 256

/** A poll function for the poll_fn at `address`, returning FfiPoll values of type `poll`. */
export function pollCallAt(poll: FfiPollDesc<any>, address: bigint): PollCall {
  const size = layoutOf(poll).size
  if (!fastSupported || size > SCRATCH) return bindPointer(address, t.fn([t.mutPtr(), t.mutPtr()], poll)) as PollCall
  const codec = codecOf(poll)
  const owned = needsDrop(poll)
  const finish = (s: { address: bigint; view: DataView }): PollValue<unknown> => {
    if (!owned || s.view.getUint8(0) !== PollTag.Ready) return codec.read(s.view, 0)
    try {
      return readTaking(() => codec.read(s.view, 0))
    } finally {
      dropRuntime().dropInPlace(s.address, poll)
    }
  }
  const enter = () => {
    let s = scratches[depth]
    if (!s) {
      const block = allocNative(SCRATCH) // kept for the life of the process
      s = scratches[depth] = { address: block.address, view: nativeView(block.address, SCRATCH) }
    }
    depth++
    return s
  }
  if (size > 16) {
    const f = koffi.decode(address, koffi.proto('void *', ['void *', 'void *', 'void *'])) as (ret: bigint, fut: bigint, cx: bigint) => unknown
    return (futPtr, cx) => {
      const s = enter()
      try {
        f(s.address, futPtr, cx)
        return finish(s)
      } finally {
        depth--
      }
    }
  }
  const { type, floatHigh } = registerPair(poll)
  const f = koffi.decode(address, koffi.proto(type as never, ['void *', 'void *'])) as (fut: bigint, cx: bigint) => { lo: number | bigint; hi?: number | bigint }
  return (futPtr, cx) => {
    const s = enter()
    try {
      const r = f(futPtr, cx)
      s.view.setBigUint64(0, BigInt(r.lo), true)
      if (size > 8) {
        if (floatHigh) s.view.setFloat64(8, r.hi as number, true)
        else s.view.setBigUint64(8, BigInt(r.hi as number | bigint), true)
      }
      return finish(s)
    } finally {
      depth--
    }
  }
}
