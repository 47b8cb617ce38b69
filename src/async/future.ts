// `t.FfiFuture(T)` and its borrowing and local variants (reference 6.1): async-ffi's 24-byte
// future `{ fut_ptr, poll_fn, drop_fn }`, binary-identical in all four. Received by value from a
// plugin it is a Promise<T> (plugin-future.ts); a JS promise (or async function) written as one is
// a future the plugin can poll (host-future.ts). Inside a dropped container a future is dropped
// through its drop_fn.
import { DropKind, InvalidValueError, custom, layoutString, overwriteSource, copyToNative, t, takingOwnership, type CustomDesc, type Desc, type Infer, type InferInput } from '../abi/index.ts'
import { writeHostFuture } from './host-future.ts'
import { inertDropAddress } from './native.ts'
import { awaitPluginFuture } from './plugin-future.ts'
import { FfiPoll, type FfiPollDesc } from './poll.ts'

const LE = true

export type FutureInput<T> = PromiseLike<T> | (() => PromiseLike<T> | T)
export type FfiFutureDesc<T extends Desc> = CustomDesc<Promise<Infer<T>>, FutureInput<InferInput<T>>> & {
  readonly output: T
  readonly poll: FfiPollDesc<T>
}

type Flavour = 'FfiFuture' | 'BorrowingFfiFuture' | 'LocalFfiFuture' | 'LocalBorrowingFfiFuture'
const caches: Record<Flavour, WeakMap<Desc, FfiFutureDesc<any>>> = {
  FfiFuture: new WeakMap(),
  BorrowingFfiFuture: new WeakMap(),
  LocalFfiFuture: new WeakMap(),
  LocalBorrowingFfiFuture: new WeakMap(),
}

let inertDropBytes: Uint8Array | undefined
/** The bytes of a pointer to the runtime's drop_fn that does nothing (made once). */
function inertDrop(): Uint8Array {
  if (!inertDropBytes) {
    inertDropBytes = new Uint8Array(8)
    new DataView(inertDropBytes.buffer).setBigUint64(0, inertDropAddress(), LE)
  }
  return inertDropBytes
}

function futureOf<T extends Desc>(flavour: Flavour, output: T): FfiFutureDesc<T> {
  let d = caches[flavour].get(output)
  if (d) return d
  const name = `${flavour}<${output.name}>`
  const poll = FfiPoll(output)
  const self: FfiFutureDesc<T> = Object.freeze({
    ...custom<Promise<Infer<T>>, FutureInput<InferInput<T>>>({
      name,
      repr: t.struct(name, { fut_ptr: t.mutPtr(), poll_fn: t.ptr(), drop_fn: t.ptr() }),
      layoutText: () => `${flavour}<${layoutString(output)}>`,
      read(view, offset) {
        if (!takingOwnership()) {
          throw new InvalidValueError(`${name} received by value (a future behind a reference belongs to someone else and cannot be awaited)`, 'a borrowed future')
        }
        const futPtr = view.getBigUint64(offset, LE)
        const pollFn = view.getBigUint64(offset + 8, LE)
        const dropFn = view.getBigUint64(offset + 16, LE)
        if (pollFn === 0n || dropFn === 0n) throw new InvalidValueError(`${name} (non-null poll_fn and drop_fn)`, 'a null function pointer')
        // The future moves into its Promise: the value it was read from is dropped next, so leave
        // a drop_fn there that does nothing (ownership.ts).
        overwriteSource(view, offset + 16, inertDrop(), copyToNative)
        return awaitPluginFuture<Infer<T>>(name, poll, futPtr, pollFn, dropFn)
      },
      write(view, offset, value) {
        const ok = typeof value === 'function' || (typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function')
        if (!ok) throw new InvalidValueError(`${name} (a promise, or a function returning one)`, value === null ? 'null' : typeof value)
        writeHostFuture(poll, name, view, offset, value)
      },
      dropOps: (offset) => [{ kind: DropKind.FfiFuture, offset }],
    }),
    output,
    poll,
  }) as FfiFutureDesc<T>
  caches[flavour].set(output, self)
  return self
}

/** `FfiFuture<T>` (`BorrowingFfiFuture<'static, T>`): Send, polled and dropped on any thread. */
export const FfiFuture = <T extends Desc>(output: T): FfiFutureDesc<T> => futureOf('FfiFuture', output)
/** `BorrowingFfiFuture<'a, T>`: as FfiFuture; it must not outlive what it borrows. */
export const BorrowingFfiFuture = <T extends Desc>(output: T): FfiFutureDesc<T> => futureOf('BorrowingFfiFuture', output)
/** `LocalFfiFuture<T>`: not Send; the host polls it only on its main thread (as it does every future). */
export const LocalFfiFuture = <T extends Desc>(output: T): FfiFutureDesc<T> => futureOf('LocalFfiFuture', output)
/** `LocalBorrowingFfiFuture<'a, T>`. */
export const LocalBorrowingFfiFuture = <T extends Desc>(output: T): FfiFutureDesc<T> => futureOf('LocalBorrowingFfiFuture', output)
