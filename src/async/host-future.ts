// A JS promise handed to a plugin as an FfiFuture (reference 6.5). The future's poll_fn and drop_fn
// are native (src/native/async_host_future.c), so the plugin may poll and drop it on any thread
// without ever reaching JS; when the promise settles, here on the main thread, its FfiPoll<T>
// bytes are stored natively and the plugin's waker (a clone it gave us while polling) is woken.
// A rejection reaches the plugin as `RErr(message)` when T is `RResult<_, RString>` (or
// `RResult<_, RBoxError>`: the rejection itself, as a host-made error); for any other T, and for a
// value that does not fit T, as `Panicked`: async-ffi then panics in the awaiting Rust code, so
// prefer a T that can carry an error.
import { allocNative, layoutOf, readNative, write, type CustomDesc, type Desc, type EnumDesc } from '../abi/index.ts'
import { nativeTypeOf } from '../types/runtime.ts'
import { RBoxError, RString, SendRBoxError, UnsyncRBoxError, UnsupportedError } from '../types/index.ts'
import { asyncNative } from './native.ts'
import { PollTag, type FfiPollDesc } from './poll.ts'
import { returnClass } from './poll-call.ts'

export const hostFuturesSupported = (): boolean => process.arch === 'x64' && process.platform !== 'win32'

let nextHostId = 1
let failures = 0
/** Promises handed to plugins that rejected (or resolved to a value that did not fit): each reached the plugin as Panicked. */
export const hostFutureFailures = (): number => failures

/** Writes a host future for `source` (a promise, or a function returning one) at `view[offset]`. */
export function writeHostFuture(poll: FfiPollDesc<any>, typeName: string, view: DataView, offset: number, source: unknown): void {
  if (!hostFuturesSupported()) {
    throw new UnsupportedError(`a JS promise can be handed to a plugin as an ${typeName} on x86-64 Linux and macOS only (its poll_fn returns FfiPoll by value with the System V convention); this is ${process.platform}/${process.arch}`)
  }
  const promise = Promise.resolve(typeof source === 'function' ? (source as () => unknown)() : source)
  const native = asyncNative()
  const size = layoutOf(poll).size
  const ops = readNative(nativeTypeOf(poll), 32)
  const out = allocNative(24)
  try {
    const f = native.hostFutureNew(nextHostId++, size, returnClass(poll), ops.getBigUint64(16, true), Number(ops.getBigUint64(24, true)), out.address)
    if (f === 0n) throw new UnsupportedError(`the native runtime cannot make an ${typeName} for ${poll.name}`)
    new Uint8Array(view.buffer, view.byteOffset + offset, 24).set(new Uint8Array(out.read().buffer, 0, 24))
    settleHostFuture(poll, typeName, f, promise)
  } finally {
    out.free()
  }
}

/** The native spec of a host future of `poll` a trampoline makes itself (abs_trait_future_spec: 24 bytes). */
export function hostFutureSpec(poll: FfiPollDesc<any>): Uint8Array {
  const ops = readNative(nativeTypeOf(poll), 32)
  const bytes = new Uint8Array(24)
  const v = new DataView(bytes.buffer)
  v.setUint32(0, layoutOf(poll).size, true)
  v.setUint32(4, returnClass(poll), true)
  v.setBigUint64(8, ops.getBigUint64(16, true), true)
  v.setBigUint64(16, ops.getBigUint64(24, true), true)
  return bytes
}

/**
 * Completes host future `f` (abs_host_future_new's, whose host reference this takes over) when
 * `promise` settles: its value, `RErr` carrying a rejection when T can, else `Panicked`.
 */
export function settleHostFuture(poll: FfiPollDesc<any>, typeName: string, f: bigint, promise: PromiseLike<unknown>): void {
  promise.then(
    (value) => complete(poll, typeName, f, { state: 'ready', value }),
    (error) => {
      const carried = errorResult(poll.inner, error)
      if (carried) return complete(poll, typeName, f, { state: 'ready', value: carried })
      failures++
      console.error(`abi-stable: a promise handed to a plugin as an ${typeName} rejected; the plugin's poll gets Panicked:`, error)
      complete(poll, typeName, f, { state: 'panicked' })
    },
  )
}

/** `RErr(...)` carrying a rejection, when T is an RResult whose error is an RString or an RBoxError. */
function errorResult(inner: Desc, error: unknown): { ok: false; error: unknown } | undefined {
  const err = inner.kind === 'custom' && inner.name.startsWith('RResult<') ? errVariantType(inner as CustomDesc) : undefined
  if (err === RString) return { ok: false, error: error instanceof Error ? error.message : String(error) }
  if (err === RBoxError || err === SendRBoxError || err === UnsyncRBoxError) return { ok: false, error: error instanceof Error ? error : String(error) }
  return undefined
}

function errVariantType(d: CustomDesc): Desc | undefined {
  const repr = d.repr as EnumDesc
  return repr.kind === 'enum' ? repr.variants.find((v) => v.name === 'RErr')?.members[0]?.type : undefined
}

function complete(poll: FfiPollDesc<any>, typeName: string, f: bigint, value: { state: 'ready'; value: unknown } | { state: 'panicked' }): void {
  const size = layoutOf(poll).size
  const block = allocNative(size)
  try {
    try {
      block.write((view) => write(poll, view, 0, value as never))
    } catch (e) {
      failures++
      console.error(`abi-stable: the value a promise handed to a plugin as an ${typeName} resolved to does not fit; the plugin's poll gets Panicked:`, e)
      block.write((view) => view.setUint8(0, PollTag.Panicked))
    }
    asyncNative().hostFutureComplete(f, block.address)
  } finally {
    block.free()
  }
}
