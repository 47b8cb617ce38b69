// Reading JS values out of native memory and writing them in, through a DataView:
// each descriptor is compiled once into a pair of closures with its offsets baked
// in, so a struct of 100 fields is 100 DataView accesses and no FFI calls.
import type { Desc, Infer, InferInput, Member } from './descriptor.ts'
import { describeValue, InvalidValueError, MissingFieldError } from './errors.ts'
import type { ArrayDesc } from './kinds/array.ts'
import { tagIntOf, type EnumDesc } from './kinds/enum.ts'
import type { PrefixDesc } from './kinds/prefix.ts'
import { intInfo, isIntName, type PrimDesc } from './kinds/primitive.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import type { CustomDesc } from './kinds/custom.ts'
import type { FnDesc } from './kinds/pointer.ts'
import { callbackAddress, isCallbackValue } from './callback-hook.ts'
import type { LazyDesc } from './kinds/lazy.ts'
import type { RefDesc } from './kinds/ref.ts'
import { needsDrop } from './drop.ts'
import { Handle } from './handle.ts'
import { layoutString } from './layout-string.ts'
import { readBorrowing } from './ownership.ts'
import { dropRuntime } from './runtime-hook.ts'
import { activeScope, enterScope, exitScope, requireScope, withScope } from './scope.ts'
import { layoutOf } from './layout.ts'
import { allocNative, littleEndian as LE, readNative, readNativeTransientView, writeNative, writeNativePlain } from './memory.ts'
import { hostModel } from './model.ts'

export interface Codec<Out = unknown, In = Out> {
  read(view: DataView, offset: number): Out
  write(view: DataView, offset: number, value: In): void
}

const codecs = new WeakMap<Desc, Codec<any, any>>()

/** The compiled reader and writer of `d` for the running process's data model. */
export function codecOf<D extends Desc>(d: D): Codec<Infer<D>, InferInput<D>> {
  let c = codecs.get(d)
  if (!c) {
    c = compile(d)
    if (d.kind === 'custom' || d.kind === 'struct' || d.kind === 'enum' || d.kind === 'lazy') c = acceptHandles(d, c)
    codecs.set(d, c)
  }
  return c
}

/** Lets a Handle of the same type stand for a value: its bytes are moved in, and the handle is consumed. */
function acceptHandles(d: Desc, c: Codec<any, any>): Codec<any, any> {
  return {
    read: c.read,
    write(v, o, value) {
      if (!(value instanceof Handle)) return c.write(v, o, value)
      if (value.type !== d && layoutString(value.type) !== layoutString(d)) {
        throw new InvalidValueError(`${d.name} (or a handle of it)`, `a handle of ${value.type.name}`)
      }
      const bytes = value.bytes()
      new Uint8Array(v.buffer, v.byteOffset + o, bytes.length).set(bytes)
      const scope = activeScope()
      if (scope) scope.onCalled(() => value.markMoved())
      else value.markMoved()
    },
  }
}

/** Reads a `d` at `offset` of `view`. */
export const read = <D extends Desc>(d: D, view: DataView, offset = 0): Infer<D> => codecOf(d).read(view, offset)

/** Writes `value` as a `d` at `offset` of `view`; `name` starts the path in error messages. */
export function write<D extends Desc>(d: D, view: DataView, offset: number, value: InferInput<D>, name?: string): void {
  try {
    // Outside a call, host-made containers written here belong to the caller; a failure
    // half-way releases what was already made.
    if (activeScope()) codecOf(d).write(view, offset, value)
    else withScope(() => codecOf(d).write(view, offset, value), false)
  } catch (e) {
    if (e instanceof InvalidValueError && name !== undefined) e.within(name)
    throw e
  }
}

/** Reads a `d` from native memory at `address`. */
export const readAt = <D extends Desc>(d: D, address: bigint): Infer<D> =>
  // Plain data is read straight from the staging copy: nothing in it reads native memory again.
  codecOf(d).read(isPlainData(d) ? readNativeTransientView(address, layoutOf(d).size) : readNative(address, layoutOf(d).size), 0)

const plainCache = new WeakMap<Desc, boolean>()

/** Whether reading a `d` only reads its own bytes (numbers, pointers as addresses, nested structs of those). */
function isPlainData(d: Desc): boolean {
  let plain = plainCache.get(d)
  if (plain === undefined) {
    switch (d.kind) {
      case 'prim':
      case 'zst':
      case 'ptr':
      case 'fn':
        plain = true
        break
      case 'struct':
        plain = (d as StructDesc).members.every((m) => isPlainData(m.type))
        break
      case 'array':
        plain = isPlainData((d as ArrayDesc).element)
        break
      case 'transparent':
        plain = isPlainData((d as TransparentDesc).inner)
        break
      default:
        plain = false
    }
    plainCache.set(d, plain)
  }
  return plain
}

/** Writes a `d` into native memory at `address`. */
export const writeAt = <D extends Desc>(d: D, address: bigint, value: InferInput<D>, name?: string): void =>
  (isPlainData(d) ? writeNativePlain : writeNative)(address, layoutOf(d).size, (view) => write(d, view, 0, value, name))

/** The bytes of `value` as a `d` in a fresh buffer (padding bytes are zero). */
export function encode<D extends Desc>(d: D, value: InferInput<D>, name?: string): Uint8Array {
  const bytes = new Uint8Array(layoutOf(d).size)
  write(d, new DataView(bytes.buffer), 0, value, name)
  return bytes
}

/** Reads a `d` from the start of `bytes`. */
export function decode<D extends Desc>(d: D, bytes: ArrayBufferView): Infer<D> {
  return codecOf(d).read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0)
}

// ---------------------------------------------------------------------------

/** Runs a child writer, adding `segment` to the path of any invalid-value error it throws. */
function within<T>(segment: string, run: () => T): T {
  try {
    return run()
  } catch (e) {
    if (e instanceof InvalidValueError) e.within(segment)
    throw e
  }
}

const segmentOf = (name: string): string => (/^\d+$/.test(name) ? `[${name}]` : `.${name}`)

function compile(d: Desc): Codec<any, any> {
  switch (d.kind) {
    case 'prim':
      return primCodec((d as PrimDesc).name)
    case 'zst':
      return zstCodec
    case 'ptr':
      return pointerCodec('pointer')
    case 'fn': {
      // A JS function (or callback()) is written as a callback trampoline's address.
      const p = pointerCodec('function pointer')
      return { read: p.read, write: (v, o, x) => p.write(v, o, isCallbackValue(x) ? callbackAddress(d as FnDesc, x) : x) }
    }
    case 'struct':
      return structCodec(d as StructDesc)
    case 'array':
      return arrayCodec(d as ArrayDesc)
    case 'union':
      return unionCodec(d as UnionDesc)
    case 'transparent':
      return codecOf((d as TransparentDesc).inner)
    case 'enum':
      return enumCodec(d as EnumDesc)
    case 'prefix':
      return prefixRefCodec(d as PrefixDesc)
    case 'ref':
      return refCodec(d as RefDesc)
    case 'custom': {
      const c = d as CustomDesc
      return { read: (v, o) => c.read(v, o), write: (v, o, x) => c.write(v, o, x) }
    }
    case 'lazy': {
      // Compiled on first use, so a recursive type compiles once it is complete.
      const target = d as LazyDesc
      return { read: (v, o) => codecOf(target.resolve()).read(v, o), write: (v, o, x) => codecOf(target.resolve()).write(v, o, x) }
    }
  }
}

/** An object that lends native memory by address (a handle, a prefix value). */
const lentAddress = (value: unknown): bigint | undefined =>
  typeof value === 'object' && value !== null && typeof (value as { $address?: unknown }).$address === 'bigint'
    ? (value as { $address: bigint }).$address
    : undefined

function refCodec(d: RefDesc): Codec<any, any> {
  const ptr = pointerCodec(d.name)
  const target = d.target
  return {
    read(v, o) {
      const address = ptr.read(v, o)
      if (address === 0n) throw new InvalidValueError(`${d.name} (a non-null reference)`, 'null')
      // The referent belongs to someone else: nothing moves out of it.
      return readBorrowing(() => codecOf(target).read(readNative(address, layoutOf(target).size), 0))
    },
    write(v, o, value) {
      const lent = lentAddress(value)
      if (lent !== undefined) return ptr.write(v, o, lent)
      // A JS value: build the T in temporary memory that lives for the call, then drop it.
      const scope = requireScope(`a ${d.name} made from a JS value`)
      const block = allocNative(layoutOf(target).size)
      const inner = enterScope()
      try {
        block.write((view) => codecOf(target).write(view, 0, value))
      } catch (e) {
        exitScope(inner)
        inner.end(false)
        block.free()
        throw e
      }
      exitScope(inner)
      inner.settleInto(scope)
      scope.temporary(() => {
        if (needsDrop(target)) dropRuntime().dropInPlace(block.address, target)
        block.free()
      })
      ptr.write(v, o, block.address)
    },
  }
}

const zstCodec: Codec<undefined, undefined | null> = {
  read: () => undefined,
  write(_v, _o, value) {
    if (value !== undefined && value !== null) throw new InvalidValueError('undefined (a zero-sized value)', describeValue(value))
  },
}

function intRange(bits: number, signed: boolean): [bigint, bigint] {
  const b = BigInt(bits)
  return signed ? [-(1n << (b - 1n)), (1n << (b - 1n)) - 1n] : [0n, (1n << b) - 1n]
}

function primCodec(name: string): Codec<any, any> {
  if (name === 'bool') {
    return {
      read(v, o) {
        const b = v.getUint8(o)
        if (b > 1) throw new InvalidValueError('bool (byte 0 or 1)', `byte ${b}`)
        return b === 1
      },
      write(v, o, value) {
        if (typeof value !== 'boolean') throw new InvalidValueError('boolean', describeValue(value))
        v.setUint8(o, value ? 1 : 0)
      },
    }
  }
  if (name === 'f32' || name === 'f64') {
    const f64 = name === 'f64'
    return {
      read: f64 ? (v, o) => v.getFloat64(o, LE) : (v, o) => v.getFloat32(o, LE),
      write(v, o, value) {
        if (typeof value !== 'number') throw new InvalidValueError(`number (${name})`, describeValue(value))
        if (f64) v.setFloat64(o, value, LE)
        else v.setFloat32(o, value, LE)
      },
    }
  }
  if (!isIntName(name)) throw new Error(`unknown primitive ${name}`)
  const info = intInfo[name]
  const bits = info.bits === 'ptr' ? hostModel.pointerSize * 8 : info.bits
  const [min, max] = intRange(bits, info.signed)
  const expected = `integer in ${name} range (${min}..${max})`
  if (info.bits !== 64 && info.bits !== 'ptr') {
    const lo = Number(min)
    const hi = Number(max)
    const getter = { 8: info.signed ? 'getInt8' : 'getUint8', 16: info.signed ? 'getInt16' : 'getUint16', 32: info.signed ? 'getInt32' : 'getUint32' }[info.bits] as
      'getInt8' | 'getUint8' | 'getInt16' | 'getUint16' | 'getInt32' | 'getUint32'
    const setter = getter.replace('get', 'set') as 'setInt8' | 'setUint8' | 'setInt16' | 'setUint16' | 'setInt32' | 'setUint32'
    return {
      read: (v, o) => v[getter](o, LE),
      write(v, o, value) {
        if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
          throw new InvalidValueError(expected, describeValue(value))
        }
        v[setter](o, value, LE)
      },
    }
  }
  // 64-bit and pointer-sized integers: BigInt out; BigInt or safe-integer number in.
  const toBig = (value: unknown): bigint => {
    let b: bigint
    if (typeof value === 'bigint') b = value
    else if (typeof value === 'number' && Number.isSafeInteger(value)) b = BigInt(value)
    else throw new InvalidValueError(`bigint or safe integer in ${name} range`, describeValue(value))
    if (b < min || b > max) throw new InvalidValueError(expected, describeValue(value))
    return b
  }
  if (bits === 64) {
    return info.signed
      ? { read: (v, o) => v.getBigInt64(o, LE), write: (v, o, value) => v.setBigInt64(o, toBig(value), LE) }
      : { read: (v, o) => v.getBigUint64(o, LE), write: (v, o, value) => v.setBigUint64(o, toBig(value), LE) }
  }
  return info.signed
    ? { read: (v, o) => BigInt(v.getInt32(o, LE)), write: (v, o, value) => v.setInt32(o, Number(toBig(value)), LE) }
    : { read: (v, o) => BigInt(v.getUint32(o, LE)), write: (v, o, value) => v.setUint32(o, Number(toBig(value)), LE) }
}

function pointerCodec(what: string): Codec<bigint, bigint | null> {
  const toAddress = (value: unknown): bigint => {
    if (value === null) return 0n
    if (typeof value === 'bigint' && value >= 0n && value < 1n << BigInt(hostModel.pointerSize * 8)) return value
    throw new InvalidValueError(`${what} (a bigint address, or null)`, describeValue(value))
  }
  return hostModel.pointerSize === 8
    ? { read: (v, o) => v.getBigUint64(o, LE), write: (v, o, value) => v.setBigUint64(o, toAddress(value), LE) }
    : { read: (v, o) => BigInt(v.getUint32(o, LE)), write: (v, o, value) => v.setUint32(o, Number(toAddress(value)), LE) }
}

interface FieldPlan {
  name: string
  offset: number
  codec: Codec<any, any>
  segment: string
  optional: boolean
}

function plan(members: readonly Member[], offsets: Readonly<Record<string, number>>): FieldPlan[] {
  return members.map((m) => ({
    name: m.name,
    offset: offsets[m.name],
    codec: codecOf(m.type),
    segment: segmentOf(m.name),
    optional: mayBeLeftOut(m.type),
  }))
}

/** Zero-sized types and types with an `undefined` value (ROption) may be left out of an object or tuple. */
const mayBeLeftOut = (d: Desc): boolean => d.kind === 'zst' || (d.kind === 'custom' && (d as CustomDesc).optional === true)

function expectObject(value: unknown, what: string, tuple: boolean, length: number): void {
  if (tuple) {
    if (!Array.isArray(value) || value.length !== length) throw new InvalidValueError(`${what} (an array of ${length})`, describeValue(value))
  } else if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidValueError(`${what} (an object)`, describeValue(value))
  }
}

/** Adds the segment of the field (or element) being converted to an invalid-value error. */
function rethrowWithin(e: unknown, segment: string): never {
  if (e instanceof InvalidValueError) e.within(segment)
  throw e
}

function writeFields(fields: FieldPlan[], v: DataView, o: number, value: any): void {
  let i = 0
  try {
    for (; i < fields.length; i++) {
      const f = fields[i]
      const x = value[f.name]
      if (x === undefined && !f.optional) throw new InvalidValueError(`field ${f.name}`, 'nothing (missing)')
      f.codec.write(v, o + f.offset, x)
    }
  } catch (e) {
    rethrowWithin(e, fields[i].segment)
  }
}

/**
 * A reader of a struct's fields into an object literal with the fields' names, compiled once
 * per struct: every object read then has the same shape from its creation (a loop adding
 * properties one by one makes V8 walk its map transitions per object).
 */
function objectReader(fields: FieldPlan[]): (v: DataView, o: number) => Record<string, unknown> {
  const n = fields.length
  const reads = fields.map((_, k) => `const a${k} = c[${k}].read(v, o + ${fields[k].offset}); i = ${k + 1}`).join('\n')
  const literal = fields.map((f, k) => `${JSON.stringify(f.name)}: a${k}`).join(', ')
  const make = new Function('c', 'rethrow', 'segments', `return function read(v, o) {
  let i = 0
  try {
${reads}
    return { ${literal} }
  } catch (e) {
    rethrow(e, segments[i < ${n} ? i : ${n - 1}])
  }
}`) as (c: Codec<any, any>[], rethrow: typeof rethrowWithin, segments: string[]) => (v: DataView, o: number) => Record<string, unknown>
  return make(fields.map((f) => f.codec), rethrowWithin, fields.map((f) => f.segment))
}

function structCodec(d: StructDesc): Codec<any, any> {
  const fields = plan(d.members, layoutOf(d).fields!)
  const what = `struct ${d.name}`
  if (d.tuple) {
    return {
      read(v, o) {
        const out = new Array(fields.length)
        let i = 0
        try {
          for (; i < fields.length; i++) out[i] = fields[i].codec.read(v, o + fields[i].offset)
        } catch (e) {
          rethrowWithin(e, fields[i].segment)
        }
        return out
      },
      write(v, o, value) {
        expectObject(value, what, true, fields.length)
        writeFields(fields, v, o, value)
      },
    }
  }
  const read = fields.length > 0 && fields.length <= 64 ? objectReader(fields) : null
  return {
    read:
      read ??
      ((v, o) => {
        const out: Record<string, unknown> = {}
        for (const f of fields) out[f.name] = within(f.segment, () => f.codec.read(v, o + f.offset))
        return out
      }),
    write(v, o, value) {
      expectObject(value, what, false, 0)
      writeFields(fields, v, o, value)
    },
  }
}

function arrayCodec(d: ArrayDesc): Codec<any[], any[]> {
  const elem = codecOf(d.element)
  const stride = layoutOf(d.element).size
  const n = d.length
  return {
    read(v, o) {
      const out = new Array(n)
      let i = 0
      try {
        for (; i < n; i++) out[i] = elem.read(v, o + i * stride)
      } catch (e) {
        rethrowWithin(e, `[${i}]`)
      }
      return out
    },
    write(v, o, value) {
      if (!Array.isArray(value) && !ArrayBuffer.isView(value)) throw new InvalidValueError(`array of ${n} ${d.element.name}`, describeValue(value))
      const items = value as ArrayLike<unknown>
      if (items.length !== n) throw new InvalidValueError(`array of ${n} ${d.element.name}`, `length ${items.length}`)
      let i = 0
      try {
        for (; i < n; i++) elem.write(v, o + i * stride, items[i])
      } catch (e) {
        rethrowWithin(e, `[${i}]`)
      }
    },
  }
}

function unionCodec(d: UnionDesc): Codec<any, any> {
  const members = d.members.map((m) => ({ name: m.name, codec: codecOf(m.type) }))
  const names = members.map((m) => m.name).join(', ')
  return {
    read(v, o) {
      const out: Record<string, unknown> = {}
      for (const m of members) {
        try {
          out[m.name] = m.codec.read(v, o)
        } catch (e) {
          if (!(e instanceof InvalidValueError)) throw e
        }
      }
      return out
    },
    write(v, o, value) {
      const set = typeof value === 'object' && value !== null ? Object.keys(value).filter((k) => value[k] !== undefined) : []
      if (set.length !== 1) {
        throw new InvalidValueError(`union ${d.name} (an object with exactly one of ${names})`, set.length ? `members ${set.join(', ')}` : describeValue(value))
      }
      const m = members.find((x) => x.name === set[0])
      if (!m) throw new InvalidValueError(`union ${d.name} member (one of ${names})`, `member ${set[0]}`)
      within(segmentOf(m.name), () => m.codec.write(v, o, value[m.name]))
    },
  }
}

function enumCodec(d: EnumDesc): Codec<any, any> {
  const layout = layoutOf(d)
  const tag = primCodec(tagIntOf(d.repr))
  const wideTag = tagIntOf(d.repr).endsWith('64')
  const variants = d.variants.map((vr) => ({
    name: vr.name,
    discriminant: wideTag ? vr.discriminant : Number(vr.discriminant),
    fields: plan(vr.members, layout.variants![vr.name]),
  }))
  const byTag = new Map<unknown, (typeof variants)[number]>(variants.map((x) => [x.discriminant, x]))
  const byName = new Map(variants.map((x) => [x.name, x]))
  const tags = variants.map((x) => `${x.name}=${x.discriminant}`).join(', ')
  return {
    read(v, o) {
      const t = tag.read(v, o)
      const vr = byTag.get(t)
      if (!vr) throw new InvalidValueError(`a ${d.name} tag (${tags})`, `tag ${t}`)
      const out: Record<string, unknown> = { tag: vr.name }
      for (const f of vr.fields) out[f.name] = within(`<${vr.name}>${f.segment}`, () => f.codec.read(v, o + f.offset))
      return out
    },
    write(v, o, value) {
      const vr = typeof value === 'object' && value !== null ? byName.get(value.tag) : undefined
      if (!vr) {
        const got = typeof value === 'object' && value !== null ? `tag ${JSON.stringify(value.tag)}` : describeValue(value)
        throw new InvalidValueError(`enum ${d.name} ({ tag: ${variants.map((x) => `'${x.name}'`).join(' | ')}, ...fields })`, got)
      }
      tag.write(v, o, vr.discriminant)
      within(`<${vr.name}>`, () => writeFields(vr.fields, v, o, value))
    },
  }
}

// Prefix types ---------------------------------------------------------------

function prefixRefCodec(d: PrefixDesc): Codec<any, any> {
  const ptr = pointerCodec(`${d.name} (pointer to a prefix header)`)
  return {
    read(v, o) {
      const address = ptr.read(v, o)
      if (address === 0n) throw new InvalidValueError(`${d.name} (a non-null pointer)`, 'null')
      return readPrefix(d, address)
    },
    write(v, o, value) {
      const address = typeof value === 'object' && value !== null && typeof value.$address === 'bigint' ? value.$address : value
      if (address === 0n || address === null) throw new InvalidValueError(`${d.name} (a non-null pointer)`, 'null')
      ptr.write(v, o, address)
    },
  }
}

/** Reads the prefix value whose header is at `address`: present fields eagerly, absent ones as throwing getters. */
export function readPrefix<D extends PrefixDesc>(d: D, address: bigint): Infer<D> {
  const p = layoutOf(d).prefix!
  const header = readNative(address, 8)
  const accessible = header.getBigUint64(0, LE)
  // Read only as far as the last field the value really has: an older library's block is shorter.
  let end = p.valueOffset
  const present = d.members.map((m, i) => {
    const has = i <= d.lastPrefixIndex || ((accessible >> BigInt(i)) & 1n) === 1n
    if (has) end = Math.max(end, p.fields[m.name] + layoutOf(m.type).size)
    return has
  })
  const view = readNative(address, end)
  const out: Record<string, unknown> = {}
  const structName = d.name.slice(0, -4)
  d.members.forEach((m, i) => {
    if (present[i]) {
      out[m.name] = within(`.${m.name}`, () => codecOf(m.type).read(view, p.fields[m.name]))
    } else {
      Object.defineProperty(out, m.name, {
        enumerable: false,
        get: () => {
          throw new MissingFieldError(structName, m.name, i)
        },
      })
    }
  })
  Object.defineProperty(out, '$address', { value: address })
  Object.defineProperty(out, '$accessible', { value: accessible })
  Object.defineProperty(out, '$has', { value: (name: string) => present[d.members.findIndex((m) => m.name === name)] === true })
  return Object.freeze(out) as Infer<D>
}

export type PrefixFieldsIn<D extends PrefixDesc> = { [K in keyof D['fields']]: InferInput<D['fields'][K]> }

/**
 * Writes a whole prefix block (header + value) at `offset` of `view`, as a library
 * built with the first `fieldCount` fields would (all of them by default): the
 * accessibility bits say which fields exist, and `typeLayout` fills the header's
 * layout pointer (abi_stable reads it only to print errors).
 */
export function writePrefixBlock<D extends PrefixDesc>(
  d: D,
  view: DataView,
  offset: number,
  value: Partial<PrefixFieldsIn<D>>,
  options: { fieldCount?: number; typeLayout?: bigint } = {},
): void {
  const p = layoutOf(d).prefix!
  const count = options.fieldCount ?? d.members.length
  // Every version has the prefix fields (readPrefix reads them without a bit check), and a
  // count past the fields, negative or fractional would mark fields present that are not written.
  if (!Number.isInteger(count) || count <= d.lastPrefixIndex || count > d.members.length) {
    throw new InvalidValueError(`fieldCount from ${d.lastPrefixIndex + 1} (every prefix field) to ${d.members.length}`, describeValue(count), ['fieldCount'])
  }
  view.setBigUint64(offset, count >= 64 ? (1n << 64n) - 1n : (1n << BigInt(count)) - 1n, LE)
  pointerCodec('type layout pointer').write(view, offset + 8, options.typeLayout ?? 0n)
  d.members.slice(0, count).forEach((m) => {
    const x = (value as Record<string, unknown>)[m.name]
    if (x === undefined && !mayBeLeftOut(m.type)) throw new InvalidValueError(`field ${m.name}`, 'nothing (missing)', [`${d.name}.${m.name}`])
    within(`.${m.name}`, () => codecOf(m.type).write(view, offset + p.fields[m.name], x))
  })
}

/** A prefix block in fresh native memory; free it when no native code can still read it. */
export function allocPrefix<D extends PrefixDesc>(d: D, value: Partial<PrefixFieldsIn<D>>, options: { fieldCount?: number; typeLayout?: bigint } = {}) {
  const p = layoutOf(d).prefix!
  const block = allocNative(p.blockSize)
  try {
    block.write((view) => writePrefixBlock(d, view, 0, value, options))
  } catch (e) {
    block.free()
    throw e
  }
  return block
}
