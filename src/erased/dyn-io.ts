// The io traits of a plugin-made DynTrait (reference 11.D; abi_stable's erased_types/c_functions.rs):
// each JS method calls the plugin's slot with the erased object (`object.data`, an `RMut`). Slots:
// io_write {write, write_all, flush}, io_read {read, read_exact}, io_bufread {fill_buf, consume}
// (ROption blocks) and io_seek; each returns RResult<_, RIoError>, whose error becomes an IoError
// (its inner RBoxError formatted, then dropped once, while the result is read).
import { InvalidValueError, t, type FnDesc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { RSlice, RSliceMut } from '../types/slices.ts'
import { RResult } from '../types/option-result.ts'
import { UnsupportedError } from '../types/errors.ts'
import type { DynTraitObject } from './dyn-object.ts'
import { dynVTable } from './dyn-vtable.ts'
import { MissingTraitError } from './errors.ts'
import type { TraitName } from './interface.ts'
import { IoResult, RIoErrorRepr, RSeekFrom, ioErrorOf, rSeekFrom, type IoError } from './io-types.ts'
import { slotCall } from './slots.ts'

const sig = {
  read: t.fn([t.usize, RSliceMut(t.u8)], IoResult.usize),
  readExact: t.fn([t.usize, RSliceMut(t.u8)], IoResult.unit),
  write: t.fn([t.usize, RSlice(t.u8)], IoResult.usize),
  writeAll: t.fn([t.usize, RSlice(t.u8)], IoResult.unit),
  flush: t.fn([t.usize], IoResult.unit),
  fillBuf: t.fn([t.usize], RResult(RSlice(t.u8), RIoErrorRepr)),
  consume: t.fn([t.usize, t.usize], t.unit),
  seek: t.fn([t.usize, RSeekFrom], IoResult.u64),
}
const encoder = new TextEncoder()

type IoTrait = Extract<TraitName, 'IoRead' | 'IoWrite' | 'IoBufRead' | 'IoSeek' | 'FmtWrite'>
type Result<T> = { ok: true; value: T } | { ok: false; error: { kind: number; error: undefined } }

/** `&mut self` access: only an owning pointer (RBox) or a mutable loan (RMut) gives it, as in Rust. */
export function requireMut(obj: DynTraitObject, trait: IoTrait, method: string): void {
  const p = obj.$shape.pointer
  if (p === 'RRef' || p === 'RArc') {
    throw new UnsupportedError(`${obj.$shape.name}.${method}: ${trait} needs &mut access to the object, and a DynTrait over ${p} only has shared access (use RBox or RMut)`)
  }
}

/** Function `k` of the io block serving `trait` (or the io_seek slot), bound as `signature`. */
function ioFn(obj: DynTraitObject, trait: IoTrait, method: string, k: number, signature: FnDesc): (...a: unknown[]) => unknown {
  if (!obj.$shape.iface.traits.has(trait)) throw new MissingTraitError(obj.$shape.name, trait, 'undeclared')
  requireMut(obj, trait, method)
  const vt = dynVTable(obj.$vtable)
  const address = trait === 'IoSeek' ? vt.slots.io_seek : (trait === 'IoRead' ? vt.ioRead : trait === 'IoWrite' ? vt.ioWrite : vt.ioBufRead)?.[k]
  if (!address) throw new MissingTraitError(obj.$shape.name, trait, 'absent')
  return slotCall(address, signature, `${obj.$shape.name}.${method}`)
}

function unwrap<T>(r: unknown): T {
  const result = r as Result<T>
  if (!result.ok) throw ioErrorOf(result.error) satisfies IoError
  return result.value
}

function bytesArg(obj: DynTraitObject, method: string, value: unknown, writable: boolean): Uint8Array {
  if (value instanceof Uint8Array) return value
  if (!writable && typeof value === 'string') return encoder.encode(value)
  throw new InvalidValueError(writable ? 'a Uint8Array to read into' : 'a Uint8Array or a string (UTF-8)', describeValue(value)).inArgument(`${obj.$shape.name}.${method}`, 0, writable ? 'buf' : 'bytes')
}

/** io::Read::read: bytes read into `buf` (0 at the end). */
export function ioRead(obj: DynTraitObject, buf: unknown): number {
  const f = ioFn(obj, 'IoRead', 'read', 0, sig.read)
  return Number(unwrap<bigint>(f(obj.$data, bytesArg(obj, 'read', buf, true))))
}

/** io::Read::read_exact: fills `buf` wholly, or throws (UnexpectedEof at the end). */
export function ioReadExact(obj: DynTraitObject, buf: unknown): void {
  const f = ioFn(obj, 'IoRead', 'readExact', 1, sig.readExact)
  unwrap(f(obj.$data, bytesArg(obj, 'readExact', buf, true)))
}

/** io::Write::write: how many of `bytes` the plugin took. */
export function ioWrite(obj: DynTraitObject, bytes: unknown): number {
  const f = ioFn(obj, 'IoWrite', 'write', 0, sig.write)
  return Number(unwrap<bigint>(f(obj.$data, bytesArg(obj, 'write', bytes, false))))
}

/** io::Write::write_all. */
export function ioWriteAll(obj: DynTraitObject, bytes: unknown): void {
  const f = ioFn(obj, 'IoWrite', 'writeAll', 1, sig.writeAll)
  unwrap(f(obj.$data, bytesArg(obj, 'writeAll', bytes, false)))
}

/** io::Write::flush. */
export function ioFlush(obj: DynTraitObject): void {
  unwrap(ioFn(obj, 'IoWrite', 'flush', 2, sig.flush)(obj.$data))
}

/** io::BufRead::fill_buf: a copy of the plugin's buffered bytes (empty at the end). */
export function ioFillBuf(obj: DynTraitObject): Uint8Array {
  return unwrap<Uint8Array>(ioFn(obj, 'IoBufRead', 'fillBuf', 0, sig.fillBuf)(obj.$data))
}

/** io::BufRead::consume. */
export function ioConsume(obj: DynTraitObject, n: unknown): void {
  const f = ioFn(obj, 'IoBufRead', 'consume', 1, sig.consume)
  if (!(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0) && !(typeof n === 'bigint' && n >= 0n && n < 1n << 64n)) {
    throw new InvalidValueError('a byte count (an integer >= 0)', describeValue(n)).inArgument(`${obj.$shape.name}.consume`, 0, 'n')
  }
  f(obj.$data, BigInt(n))
}

/** io::Seek::seek: the new position from the start. */
export function ioSeek(obj: DynTraitObject, from: unknown): bigint {
  const f = ioFn(obj, 'IoSeek', 'seek', 0, sig.seek)
  let value
  try {
    value = rSeekFrom(from, 'from')
  } catch (e) {
    if (e instanceof InvalidValueError) e.inArgument(`${obj.$shape.name}.seek`, 0, 'SeekFrom')
    throw e
  }
  return unwrap<bigint>(f(obj.$data, value))
}
