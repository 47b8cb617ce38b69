// Calling C functions whose arguments and results are described by descriptors.
// Arguments are checked by the descriptor's writer (typed errors with paths), then
// handed to koffi in the shape of koffiTypeOf(); results come back through a
// scratch buffer and the descriptor's reader, so every kind reads the same way
// whether it came by value or through a pointer.
import koffi from 'koffi'
import type { LibraryHandle, TypeObject } from 'koffi'
import { codecOf } from './codec.ts'
import type { Desc, Infer, InferInput } from './descriptor.ts'
import { InvalidValueError } from './errors.ts'
import type { ArrayDesc } from './kinds/array.ts'
import type { EnumDesc } from './kinds/enum.ts'
import type { FnDesc } from './kinds/pointer.ts'
import type { StructDesc } from './kinds/struct.ts'
import type { TransparentDesc } from './kinds/transparent.ts'
import type { UnionDesc } from './kinds/union.ts'
import { koffiTypeOf, memberKey, variantKey, type KoffiType } from './koffi-type.ts'
import { layoutOf } from './layout.ts'
import { allocNative, type NativeBlock } from './memory.ts'

type Args<A extends readonly Desc[]> = { [I in keyof A]: A[I] extends Desc ? InferInput<A[I]> : never }
export type BoundFn<F extends FnDesc> = (...args: Args<F['args']>) => Infer<F['ret']>

/** Binds the exported function `symbol` of a koffi library to the signature `f`. */
export function bindFunction<F extends FnDesc>(lib: LibraryHandle, symbol: string, f: F): BoundFn<F> {
  const { ret, params } = prototypeOf(f)
  return wrap(f, lib.func(symbol, ret, params) as (...a: unknown[]) => unknown)
}

/** Makes a function pointer (an address, as read from memory) callable with the signature `f`. */
export function bindPointer<F extends FnDesc>(address: bigint, f: F): BoundFn<F> {
  if (address === 0n) throw new InvalidValueError(`${f.name} (a non-null function pointer)`, 'null')
  const { ret, params } = prototypeOf(f)
  return wrap(f, koffi.decode(address, koffi.pointer(koffi.proto(ret, params))) as (...a: unknown[]) => unknown)
}

function prototypeOf(f: FnDesc): { ret: KoffiType; params: KoffiType[] } {
  // Zero-sized arguments take no register and no stack slot in the C ABIs we target: they are dropped.
  const params = f.args.map(koffiTypeOf).filter((t): t is KoffiType => t !== null)
  return { ret: koffiTypeOf(f.ret) ?? 'void', params }
}

function wrap<F extends FnDesc>(f: F, call: (...a: unknown[]) => unknown): BoundFn<F> {
  const argIn = f.args.map((d, i) => ({ sized: koffiTypeOf(d) !== null, toKoffi: toKoffiOf(d), name: `arg${i}` }))
  const fromKoffi = fromKoffiOf(f.ret)
  return ((...args: unknown[]) => {
    if (args.length !== argIn.length) {
      throw new InvalidValueError(`${argIn.length} arguments for ${f.name}`, `${args.length}`)
    }
    const native: unknown[] = []
    for (let i = 0; i < argIn.length; i++) {
      const a = argIn[i]
      try {
        const v = a.toKoffi(args[i])
        if (a.sized) native.push(v)
      } catch (e) {
        if (e instanceof InvalidValueError) e.within(a.name)
        throw e
      }
    }
    return fromKoffi(call(...native))
  }) as BoundFn<F>
}

// JS value -> koffi shape ------------------------------------------------------

const toKoffiCache = new WeakMap<Desc, (v: any) => unknown>()

/** Converts a JS value of `d` into what koffi expects for koffiTypeOf(d), checking it on the way. */
export function toKoffiOf(d: Desc): (v: any) => unknown {
  let f = toKoffiCache.get(d)
  if (!f) {
    f = buildToKoffi(d)
    toKoffiCache.set(d, f)
  }
  return f
}

function buildToKoffi(d: Desc): (v: any) => unknown {
  const { size } = layoutOf(d)
  const scratch = new DataView(new ArrayBuffer(Math.max(size, 8)))
  const codec = codecOf(d)
  // The writer validates (with the path of a bad part); the shape is then built from the checked value.
  const check = (v: any) => codec.write(scratch, 0, v)
  switch (d.kind) {
    case 'prim':
    case 'ptr':
    case 'fn':
    case 'prefix':
    case 'zst':
      return (v) => {
        check(v)
        return codec.read(scratch, 0)
      }
    default: {
      const shape = shapeOf(d)
      return (v) => {
        check(v)
        return shape(v)
      }
    }
  }
}

/** The koffi-shaped value of an already validated JS value. */
function shapeOf(d: Desc): (v: any) => unknown {
  switch (d.kind) {
    case 'prim':
      return (v) => v
    case 'ptr':
    case 'fn':
      return (v) => v ?? 0n
    case 'prefix':
      return (v) => (typeof v === 'object' && v !== null ? v.$address : v)
    case 'zst':
      return () => undefined
    case 'transparent':
      return shapeOf((d as TransparentDesc).inner)
    case 'array': {
      const e = shapeOf((d as ArrayDesc).element)
      return (v) => Array.from(v as ArrayLike<unknown>, e)
    }
    case 'struct': {
      const s = d as StructDesc
      const fields = s.members.filter((m) => koffiTypeOf(m.type) !== null).map((m) => ({ name: m.name, key: memberKey(m.name), shape: shapeOf(m.type) }))
      return (v) => {
        const out: Record<string, unknown> = {}
        for (const f of fields) out[f.key] = f.shape(v[f.name])
        return out
      }
    }
    case 'union': {
      const members = new Map((d as UnionDesc).members.map((m) => [m.name, { sized: koffiTypeOf(m.type) !== null, shape: shapeOf(m.type) }]))
      const firstSized = (d as UnionDesc).members.find((m) => koffiTypeOf(m.type) !== null)
      return (v) => {
        const key = Object.keys(v).find((k) => v[k] !== undefined)!
        const m = members.get(key)!
        // A zero-sized member writes no byte: any sized member carries "nothing" as well as it.
        if (!m.sized) return { [memberKey(firstSized!.name)]: undefined }
        return { [memberKey(key)]: m.shape(v[key]) }
      }
    }
    case 'enum':
      return enumShape(d as EnumDesc)
  }
}

function enumShape(e: EnumDesc): (v: any) => unknown {
  const k = koffiTypeOf(e)
  const cStyle = e.repr === 'C' || e.repr.startsWith('C,')
  const wide = e.repr.endsWith('64')
  const variants = new Map(
    e.variants.map((v) => [
      v.name,
      {
        tag: wide ? v.discriminant : Number(v.discriminant),
        fields: v.members.filter((m) => koffiTypeOf(m.type) !== null).map((m) => ({ name: m.name, key: memberKey(m.name), shape: shapeOf(m.type) })),
      },
    ]),
  )
  const fieldless = typeof k === 'string'
  const overAligned = !fieldless && e.variants.every((v) => v.members.every((m) => koffiTypeOf(m.type) === null))
  return (v) => {
    const vr = variants.get(v.tag)!
    if (fieldless) return vr.tag
    if (overAligned) return { tag: vr.tag }
    const payload: Record<string, unknown> = {}
    for (const f of vr.fields) payload[f.key] = f.shape(v[f.name])
    if (!cStyle) return { [variantKey(v.tag)]: { tag: vr.tag, ...payload } }
    return vr.fields.length === 0 ? { tag: vr.tag } : { tag: vr.tag, payload: { [variantKey(v.tag)]: payload } }
  }
}

// koffi result -> JS value -----------------------------------------------------

let resultScratch: NativeBlock | undefined
function scratchFor(size: number): NativeBlock {
  if (!resultScratch || resultScratch.view.byteLength < size) {
    resultScratch?.free()
    resultScratch = allocNative(Math.max(size, 256))
  }
  return resultScratch
}

/** Converts what koffi returns for koffiTypeOf(d) into the JS value of `d`. */
export function fromKoffiOf(d: Desc): (k: unknown) => unknown {
  const t = koffiTypeOf(d)
  if (t === null) return () => undefined
  const codec = codecOf(d)
  const { size } = layoutOf(d)
  if (d.kind === 'prim' || typeof t === 'string') {
    // Primitives and pointers: koffi gives a number, a BigInt (64-bit values above 2^53,
    // pointers) or null (a NULL pointer); normalise to the reader's types without memory.
    let base: Desc = d
    while (base.kind === 'transparent') base = (base as TransparentDesc).inner
    const name = base.kind === 'prim' ? base.name : ''
    if (name === 'bool' || name === 'f32' || name === 'f64' || /^[ui](8|16|32)$/.test(name)) return (k) => k
    return (k) => (k === null ? 0n : typeof k === 'bigint' ? k : BigInt(k as number))
  }
  return (k) => {
    const s = scratchFor(size)
    koffi.encode(s.address, t, k)
    return codec.read(s.view, 0)
  }
}
