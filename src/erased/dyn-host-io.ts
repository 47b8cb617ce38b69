// A JS object handed to a plugin as a DynTrait whose interface has io traits or fmt::Write: its
// `read`/`write`/`seek`/... methods answer the vtable's io slots. They need the JS value at each
// call, so the object is a host trait object (src/trait/host, one hidden trait "HostIo" with the
// nine slot signatures) and its trampolines are the DynTrait's io slots (abs_dyn_host_io_vtable,
// src/native/dyn_host.c). Thread rules are those of JS trait objects: on the main thread (the plugin
// was called from JS) the JS method runs; a plugin thread's call of a slot returning a value is
// refused at once (the plugin gets RErr(RIoError) of kind Other, no message; fmt::Error for
// write_str) and reported through hostEvents; `consume` from a plugin thread is queued. A JS method
// that throws gives the plugin an RIoError: the error's `kind` when it names a std::io::ErrorKind
// (an IoError's does), else Other, and its message as a host-made RBoxError. Dropping the DynTrait
// drops the host object's RBox, and JS lets go of the value.
import { InvalidValueError, addressOf, allocNative, copyToNative, readNative, t } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { RSlice, RStr } from '../types/slices.ts'
import { RResult } from '../types/option-result.ts'
import { UnsupportedError } from '../types/errors.ts'
import { runtimeLibrary } from '../types/runtime.ts'
import { method } from '../trait/method.ts'
import { trait, type TraitDesc } from '../trait/trait.ts'
import { hostObjectBytes } from '../trait/host/host-object.ts'
import { reportFailure } from '../trait/host/report.ts'
import type { DynInterface, TraitName } from './interface.ts'
import { IoError, IoResult, RSeekFrom, RIoErrorRepr, rawIoErrorFor, seekFromOf } from './io-types.ts'

const LE = true
/** The traits a JS-made io DynTrait serves, with the native flag of each io one. */
const IO_FLAGS: Partial<Record<TraitName, number>> = { IoRead: 1, IoWrite: 2, IoBufRead: 4, IoSeek: 8, FmtWrite: 16 }
const AUTO: readonly TraitName[] = ['Send', 'Sync', 'Unpin']
/** The JS methods each trait needs (the others have defaults built on these). */
const NEEDS: Partial<Record<TraitName, string[]>> = { IoRead: ['read'], IoWrite: ['write'], IoBufRead: ['fillBuf', 'consume'], IoSeek: ['seek'], FmtWrite: ['writeStr'] }
/** IoBufRead brings IoRead: a BufRead value without read() is read through fillBuf and consume, as std's BufReader does. */
const needsOf = (traits: ReadonlySet<TraitName>, value: object): string[] => {
  const buffered = traits.has('IoBufRead') && typeof (value as { read?: unknown }).read !== 'function'
  return [...traits].flatMap((tr) => (tr === 'IoRead' && buffered ? [] : (NEEDS[tr] ?? [])))
}

/** Whether the interface has a trait only a JS-made value with methods can serve. */
export const hasIoTraits = (iface: DynInterface): boolean => [...iface.traits].some((tr) => IO_FLAGS[tr] !== undefined)

const ioFailed = { ok: false, error: { kind: 0, error: undefined } } as const
const RawSlice = t.struct('RSlice<u8>', { data: t.usize, length: t.usize })
const mut = (args: Parameters<typeof method>[0], ret: Parameters<typeof method>[1], fallback: unknown) => method(args, ret, { mut: true, fallback: fallback as never })
// Slot order = abs_dyn_host_io_vtable's. read's buffer is (data, length): the JS method fills a
// copy, then the bytes read are copied into the plugin's buffer; fill_buf's slice is returned as
// (data, length) of a copy the value keeps until the next fill_buf or consume.
let hostIo: TraitDesc | undefined
const HostIo = (): TraitDesc => (hostIo ??= trait('HostIo', {
  read: mut([t.usize, t.usize], IoResult.usize, ioFailed),
  read_exact: mut([t.usize, t.usize], IoResult.unit, ioFailed),
  write: mut([RSlice(t.u8)], IoResult.usize, ioFailed),
  write_all: mut([RSlice(t.u8)], IoResult.unit, ioFailed),
  flush: mut([], IoResult.unit, ioFailed),
  fill_buf: mut([], RResult(RawSlice, RIoErrorRepr), ioFailed),
  consume: mut([t.usize], t.unit, undefined),
  seek: mut([RSeekFrom], IoResult.u64, ioFailed),
  write_str: mut([RStr], RResult(t.unit, t.unit), { ok: false, error: undefined }),
}) as unknown as TraitDesc)

type JsIo = Record<string, (...args: unknown[]) => unknown>

/** A count a JS method returned, checked against what it may be. */
function count(value: unknown, max: number, what: string): number {
  const n = typeof value === 'bigint' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) throw new IoError('InvalidData', `${what} returned ${describeValue(value)}, not a byte count from 0 to ${max}`)
  return n
}

function readInto(io: JsIo, buf: Uint8Array): number {
  if (typeof io.read === 'function') return count(io.read(buf), buf.length, 'read()')
  const available = io.fillBuf()
  if (!(available instanceof Uint8Array)) throw new IoError('InvalidData', `fillBuf() returned ${describeValue(available)}, not a Uint8Array`)
  const n = Math.min(buf.length, available.length)
  buf.set(available.subarray(0, n))
  io.consume(n)
  return n
}

/** The nine slot implementations over a JS value; none throws (a throw becomes the RErr a plugin reads). */
function adapter(io: JsIo): Record<string, (...args: any[]) => unknown> {
  let held: Uint8Array | undefined // fill_buf's bytes, lent until the next fill_buf or consume
  const guard =
    <A extends unknown[]>(f: (...a: A) => unknown) =>
    (...a: A) => {
      try {
        return { ok: true, value: f(...a) }
      } catch (e) {
        return { ok: false, error: rawIoErrorFor(e) }
      }
    }
  return {
    read: guard((data: bigint, length: bigint) => {
      const buf = new Uint8Array(Number(length))
      const n = readInto(io, buf)
      if (n > 0) copyToNative(data, buf.subarray(0, n))
      return BigInt(n)
    }),
    read_exact: guard((data: bigint, length: bigint) => {
      const buf = new Uint8Array(Number(length))
      if (typeof io.readExact === 'function') io.readExact(buf)
      else {
        // std's default: read until full; no bytes before the end is UnexpectedEof.
        for (let at = 0; at < buf.length; ) {
          const n = readInto(io, buf.subarray(at))
          if (n === 0) throw new IoError('UnexpectedEof', 'failed to fill whole buffer')
          at += n
        }
      }
      if (buf.length > 0) copyToNative(data, buf)
    }),
    write: guard((bytes: Uint8Array) => BigInt(count(io.write(bytes), bytes.length, 'write()'))),
    write_all: guard((bytes: Uint8Array) => {
      if (typeof io.writeAll === 'function') return void io.writeAll(bytes)
      for (let at = 0; at < bytes.length; ) {
        const n = count(io.write(bytes.subarray(at)), bytes.length - at, 'write()')
        if (n === 0) throw new IoError('WriteZero', 'failed to write whole buffer')
        at += n
      }
    }),
    flush: guard(() => void (typeof io.flush === 'function' && io.flush())),
    fill_buf: guard(() => {
      const bytes = io.fillBuf()
      if (!(bytes instanceof Uint8Array)) throw new IoError('InvalidData', `fillBuf() returned ${describeValue(bytes)}, not a Uint8Array`)
      held = bytes.slice()
      // An empty slice still needs a non-null, aligned pointer.
      return { data: held.length === 0 ? 1n : addressOf(held), length: BigInt(held.length) }
    }),
    consume: (n: bigint) => {
      held = undefined
      try {
        io.consume(Number(n))
      } catch (e) {
        // consume returns nothing: the plugin cannot be told; reported as a JS trait method's throw is.
        reportFailure({ trait: 'HostIo', method: 'consume', reason: 'threw', error: e, message: `HostIo.consume threw: ${e instanceof Error ? e.message : String(e)}` })
      }
    },
    seek: guard((from: { tag: string; 0: bigint }) => {
      const at = io.seek(seekFromOf(from))
      if (!((typeof at === 'number' && Number.isSafeInteger(at) && at >= 0) || (typeof at === 'bigint' && at >= 0n && at < 1n << 64n))) {
        throw new IoError('InvalidData', `seek() returned ${describeValue(at)}, not a position (an integer >= 0)`)
      }
      return BigInt(at)
    }),
    write_str: (s: string) => {
      try {
        io.writeStr(s)
        return { ok: true, value: undefined }
      } catch {
        // fmt::Error carries nothing.
        return { ok: false, error: undefined }
      }
    },
  }
}

let slots: bigint[] | undefined
const vtables = new Map<number, bigint>()
let makeVTable: ((traits: number, slots: bigint) => number | bigint) | undefined

/** The DynTrait vtable for `flags` over HostIo's trampolines, made once per set of traits. */
function ioVTable(flags: number, trampolines: bigint): bigint {
  let vt = vtables.get(flags)
  if (vt !== undefined) return vt
  if (!slots) {
    // HostIo's trait vtable WM: field_accessibility, type_layout, _sabi_vtable, then one slot per method.
    const view = readNative(trampolines, 24 + 8 * 9)
    slots = Array.from({ length: 9 }, (_, k) => view.getBigUint64(24 + 8 * k, LE))
  }
  makeVTable ??= runtimeLibrary().func('uintptr_t abs_dyn_host_io_vtable(uint32_t traits, uintptr_t slots)') as never
  const block = allocNative(8 * 9)
  try {
    block.write((w) => slots!.forEach((s, k) => w.setBigUint64(8 * k, s, LE)))
    vt = BigInt(makeVTable!(flags, block.address))
  } finally {
    block.free()
  }
  if (vt === 0n) throw new Error('abi-stable internal error: abs_dyn_host_io_vtable returned NULL')
  vtables.set(flags, vt)
  return vt
}

/** The 24 bytes of a JS-made `DynTrait<RBox<()>, I>` whose io methods call `value`'s. */
export function hostIoBytes(name: string, iface: DynInterface, value: unknown): Uint8Array {
  const other = [...iface.traits].filter((tr) => IO_FLAGS[tr] === undefined && !AUTO.includes(tr))
  if (other.length > 0) {
    throw new UnsupportedError(`${name}: a JS-made DynTrait with io traits or FmtWrite serves those and Send, Sync, Unpin; this interface also declares ${other.join(', ')}`)
  }
  let flags = 0
  for (const tr of iface.traits) flags |= IO_FLAGS[tr] ?? 0
  const needs = typeof value === 'object' && value !== null ? needsOf(iface.traits, value) : [...iface.traits].flatMap((tr) => NEEDS[tr] ?? [])
  const missing = needs.filter((m) => typeof (value as Record<string, unknown> | null)?.[m] !== 'function')
  if (typeof value !== 'object' || value === null || missing.length > 0) {
    throw new InvalidValueError(`an object with ${needs.map((m) => `${m}()`).join(', ')} (for ${name})`, typeof value === 'object' && value !== null ? `an object without ${missing.map((m) => `${m}()`).join(', ')}` : describeValue(value))
  }
  const object = hostObjectBytes(HostIo(), adapter(value as JsIo))
  const v = new DataView(object.buffer, object.byteOffset, 24)
  // RObject { vtable, ptr: RBox { data, vtable } } becomes DynTrait { object: the same RBox, vtable }.
  const out = new Uint8Array(24)
  const o = new DataView(out.buffer)
  o.setBigUint64(0, v.getBigUint64(8, LE), LE)
  o.setBigUint64(8, v.getBigUint64(16, LE), LE)
  o.setBigUint64(16, ioVTable(flags, v.getBigUint64(0, LE)), LE)
  return out
}
