// The types of a DynTrait's io slots (reference 11.D; abi_stable's std_types/std_io.rs and
// erased_types/c_functions.rs): RIoErrorKind (a u8; 0 is Other), RIoError `{ kind: u8 @0,
// error: ROption<RBoxError> @8 }` (40 bytes), RSeekFrom (`repr(u8)`: Start(u64) 0, End(i64) 1,
// Current(i64) 2; 16 bytes) and the RResults the slots return. A plugin's RIoError reaches JS as an
// IoError; a JS error becomes an RIoError whose inner RBoxError is host-made (src/native/error.c).
import { InvalidValueError, codecOf, custom, dropOpsOf, layoutString, shiftOps, t, type CustomDesc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { ROption, RResult } from '../types/option-result.ts'
import { BoxedError, RBoxError } from '../types/rbox-error.ts'

/** RIoErrorKind's values by discriminant, named as std::io::ErrorKind (0.11 knows these 18). */
export const IO_ERROR_KINDS = [
  'Other', 'NotFound', 'PermissionDenied', 'ConnectionRefused', 'ConnectionReset', 'ConnectionAborted', 'NotConnected',
  'AddrInUse', 'AddrNotAvailable', 'BrokenPipe', 'AlreadyExists', 'WouldBlock', 'InvalidInput', 'InvalidData', 'TimedOut',
  'WriteZero', 'Interrupted', 'UnexpectedEof',
] as const
export type IoErrorKind = (typeof IO_ERROR_KINDS)[number]

/** RIoError's Display when it carries no inner error (RIoErrorKind::error_message). */
const KIND_MESSAGES: Record<IoErrorKind, string> = {
  Other: 'other os error', NotFound: 'entity not found', PermissionDenied: 'permission denied', ConnectionRefused: 'connection refused',
  ConnectionReset: 'connection reset', ConnectionAborted: 'connection aborted', NotConnected: 'not connected', AddrInUse: 'address in use',
  AddrNotAvailable: 'address not available', BrokenPipe: 'broken pipe', AlreadyExists: 'entity already exists', WouldBlock: 'operation would block',
  InvalidInput: 'invalid input parameter', InvalidData: 'invalid data', TimedOut: 'timed out', WriteZero: 'write zero',
  Interrupted: 'operation interrupted', UnexpectedEof: 'unexpected end of file',
}

/** An io error: a plugin's RIoError (kind, and its Display and Debug), or one a JS reader or writer throws. */
export class IoError extends Error {
  override readonly name = 'IoError'
  /** std::io::ErrorKind's name (`UnexpectedEof`); discriminants 0.11 does not know read as `Other`, as in Rust. */
  readonly kind: IoErrorKind
  /** RIoError's Debug text: the inner error's, or `Kind(UnexpectedEof)`. */
  readonly debug: string
  constructor(kind: IoErrorKind, message?: string, debug?: string) {
    super(message ?? KIND_MESSAGES[kind])
    this.kind = kind
    this.debug = debug ?? `Kind(${kind})`
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `IoError(${this.kind}: ${this.debug})`
  }
}

/** `RIoError` as bytes: the inner error is read (formatted, then dropped once) by RBoxError's codec. */
export const RIoErrorRepr = t.struct('RIoError', { kind: t.u8, error: ROption(RBoxError) })
type RawIoError = { kind: number; error: BoxedError | undefined }

/** The IoError of a plugin's RIoError, read and already dropped. */
export function ioErrorOf(raw: RawIoError): IoError {
  const kind = IO_ERROR_KINDS[raw.kind] ?? 'Other'
  return raw.error ? new IoError(kind, raw.error.message, raw.error.debug) : new IoError(kind)
}

/** What a plugin gets for a JS error: its `kind` when it names an ErrorKind (an IoError's), else Other; its message. */
export function rawIoErrorFor(error: unknown): { kind: number; error: Error | string | undefined } {
  const named = typeof error === 'object' && error !== null ? (error as { kind?: unknown }).kind : undefined
  const k = IO_ERROR_KINDS.indexOf(named as IoErrorKind)
  const message = error instanceof Error ? error.message : String(error)
  return { kind: k < 0 ? 0 : k, error: message }
}

/**
 * `RIoError` in a signature (`t.fn([...], RResult(t.RString, RIoError))`): read, an IoError (the
 * plugin's error formatted, then dropped once); written, an Error or a string becomes kind Other
 * (or the error's `kind` when it names one, as an IoError's does) with a host-made inner error.
 */
export const RIoError: CustomDesc<IoError, Error | string> = custom({
  name: 'RIoError',
  repr: RIoErrorRepr,
  layoutText: () => layoutString(RIoErrorRepr),
  read: (view, offset) => ioErrorOf(codecOf(RIoErrorRepr).read(view, offset) as RawIoError),
  write: (view, offset, value) => codecOf(RIoErrorRepr).write(view, offset, rawIoErrorFor(value) as never),
  dropOps: (offset) => shiftOps(dropOpsOf(RIoErrorRepr), offset),
})

export const RSeekFrom = t.enum('RSeekFrom', { Start: [t.u64], End: [t.i64], Current: [t.i64] }, { repr: 'u8' })
/** Where to seek from, as JS says it. */
export type SeekFrom = { start: number | bigint } | { end: number | bigint } | { current: number | bigint }

/** A JS SeekFrom as RSeekFrom's value; `where` names the argument in errors. */
export function rSeekFrom(from: unknown, where: string): { tag: 'Start' | 'End' | 'Current'; 0: bigint } {
  const bad = () => new InvalidValueError('{ start: n } (n >= 0), { end: n } or { current: n }', describeValue(from), [where])
  if (typeof from !== 'object' || from === null) throw bad()
  const keys = Object.keys(from)
  if (keys.length !== 1) throw bad()
  const key = keys[0]
  const tag = key === 'start' ? 'Start' : key === 'end' ? 'End' : key === 'current' ? 'Current' : undefined
  const n = (from as Record<string, unknown>)[key]
  if (!tag || !((typeof n === 'number' && Number.isSafeInteger(n)) || typeof n === 'bigint')) throw bad()
  const value = BigInt(n)
  const fits = tag === 'Start' ? value >= 0n && value < 1n << 64n : value >= -(1n << 63n) && value < 1n << 63n
  if (!fits) throw bad()
  return { tag, 0: value }
}

/** The JS shape of an RSeekFrom (what a JS seek() receives). */
export function seekFromOf(value: { tag: string; 0: bigint }): SeekFrom {
  return value.tag === 'Start' ? { start: value[0] } : value.tag === 'End' ? { end: value[0] } : { current: value[0] }
}

/** The RResults of the io slots. */
export const IoResult = {
  usize: RResult(t.usize, RIoErrorRepr),
  unit: RResult(t.unit, RIoErrorRepr),
  u64: RResult(t.u64, RIoErrorRepr),
}
