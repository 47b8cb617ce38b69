// RBoxError: abi_stable's boxed `dyn Error` (reference 1.13, 11.E): an RBox of the error and an
// RErrorVTable that formats it. Read from a plugin, it becomes a BoxedError whose message is the
// error's Display and whose `debug` is its Debug, both taken through the vtable while the bytes
// are read (a value is dropped only after it has been read, so formatting never touches a freed
// error). Written from JS (an Error or a string), it is a host-made error (src/native/error.c).
// SendRBoxError and UnsyncRBoxError are the same bytes and vtable; their marker differs only in
// what the plugin's type layout says, and in which threads may use the value.
import {
  DropKind,
  InvalidValueError,
  allocNative,
  bindPointer,
  custom,
  dropRuntime,
  layoutOf,
  readAt,
  readNative,
  readPrefix,
  t,
  writeAt,
  type CustomDesc,
} from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { ROption, RResult } from './option-result.ts'
import { RStr } from './slices.ts'
import { RString } from './vec.ts'
import { dropUnlessCalled } from './owned.ts'
import { runtime } from './runtime.ts'

const LE = true
const ptr = t.ptr()

/** An error a plugin returned as an RBoxError: `message` is its Display, `debug` its Debug. */
export class BoxedError extends Error {
  override readonly name = 'BoxedError'
  /** The error's Debug text (`{:?}`). */
  readonly debug: string
  constructor(display: string, debug: string) {
    super(display)
    this.debug = debug
  }
  /** util.inspect shows the plugin's Debug text. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `BoxedError(${this.debug})`
  }
}

/** What JS may hand a plugin as an RBoxError: an Error (a BoxedError keeps its Debug text) or a string. */
export type RBoxErrorInput = Error | string

const DebugDisplayRef = t.struct('DebugDisplayRef', { debug: RStr, display: RStr })
const fmtSig = t.fn([ptr, t.u8, ptr], RResult(t.unit, t.unit))
/** `RErrorVTable` (reference 1.13): prefix, four unconditional fields. */
export const RErrorVTable = t.prefix(
  'RErrorVTable',
  { debug: fmtSig, display: fmtSig, as_debug_display: t.fn([ptr], ROption(DebugDisplayRef)), type_id: t.fn([], ptr) },
  { lastPrefixField: 'type_id' },
)

/** The texts of the error at `data` with RErrorVTable `vtable`, through the plugin's own functions. */
export function formatError(data: bigint, vtable: bigint): { display: string; debug: string } {
  if (data === 0n || vtable === 0n) throw new InvalidValueError('RBoxError (non-null data and vtable pointers)', vtable === 0n ? 'a null vtable' : 'null data')
  const fns = readPrefix(RErrorVTable, vtable)
  // Errors made with RBoxError::from_fmt / from_debug (and host-made ones) lend both texts.
  const texts = bindPointer(fns.as_debug_display, RErrorVTable.fields.as_debug_display)(data)
  if (texts) return { display: texts.display, debug: texts.debug }
  return { display: format(fns.display, data) ?? '(the plugin could not format its error)', debug: format(fns.debug, data) ?? '' }
}

/** `display`/`debug` append to an RString we supply: a host-made one, so it can grow. */
function format(fn: bigint, data: bigint): string | undefined {
  const out = allocNative(layoutOf(RString).size)
  try {
    writeAt(RString, out.address, '')
    try {
      const r = bindPointer(fn, fmtSig)(data, 0, out.address)
      return r.ok ? readAt(RString, out.address) : undefined
    } finally {
      dropRuntime().dropInPlace(out.address, RString)
    }
  } finally {
    out.free()
  }
}

const encoder = new TextEncoder()

function errorOf(name: string): CustomDesc<BoxedError, RBoxErrorInput> {
  const self: CustomDesc<BoxedError, RBoxErrorInput> = custom({
    name,
    // RBoxError_<M> { value: RBox<ErasedObject> { data, vtable }, vtable: RErrorVTable_Ref, _sync_send: PhantomData<M> }
    repr: t.struct(name, { data: t.mutPtr(), box_vtable: ptr, vtable: ptr, _marker: t.phantom() }),
    layoutText: () => name,
    read(view, offset) {
      const { display, debug } = formatError(view.getBigUint64(offset, LE), view.getBigUint64(offset + 16, LE))
      return new BoxedError(display, debug)
    },
    write(view, offset, value) {
      let display: string
      let debug: string
      if (typeof value === 'string') {
        display = value
        debug = JSON.stringify(value)
      } else if (value instanceof Error) {
        display = value.message
        debug = value instanceof BoxedError ? value.debug : `${value.name}: ${value.message}`
      } else {
        throw new InvalidValueError(`${name} (an Error or a string)`, describeValue(value))
      }
      const d = encoder.encode(display)
      const g = encoder.encode(debug)
      const block = allocNative(24 + d.length + g.length)
      try {
        block.write((v) => {
          new Uint8Array(v.buffer, v.byteOffset + 24, d.length).set(d)
          new Uint8Array(v.buffer, v.byteOffset + 24 + d.length, g.length).set(g)
        })
        runtime().errorNew(block.address, block.address + 24n, d.length, block.address + 24n + BigInt(d.length), g.length)
        const made = readNative(block.address, 24)
        new Uint8Array(view.buffer, view.byteOffset + offset, 24).set(new Uint8Array(made.buffer, made.byteOffset, 24))
      } finally {
        block.free()
      }
      dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, 24))
    },
    // The error's box: its BoxVtable destructor(data, CallReferentDrop::Yes, Deallocate::Yes).
    dropOps: (offset) => [{ kind: DropKind.RBox, offset }],
  })
  return self
}

/** `RBoxError` (`RBoxError_<SyncSend>`): may be sent to and shared with other threads. */
export const RBoxError = errorOf('RBoxError')
/** `SendRBoxError` (`RBoxError_<UnsyncSend>`): may be sent, not shared. */
export const SendRBoxError = errorOf('SendRBoxError')
/** `UnsyncRBoxError` (`RBoxError_<UnsyncUnsend>`): stays on its thread. */
export const UnsyncRBoxError = errorOf('UnsyncRBoxError')
