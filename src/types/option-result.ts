// ROption<T> and RResult<T, E>: `#[repr(u8)]` enums (RSome = 0, RNone = 1; ROk = 0,
// RErr = 1), each variant aligning its own payload. In JS: `T | undefined`, and
// `{ ok: true, value } | { ok: false, error }`.
import { InvalidValueError, codecOf, custom, dropOpsOf, shiftOps, layoutOf, layoutString, t, type CustomDesc, type Desc, type Infer, type InferInput } from '../abi/index.ts'

export type ROptionDesc<T extends Desc> = CustomDesc<Infer<T> | undefined, InferInput<T> | undefined | null>

const optionCache = new WeakMap<Desc, CustomDesc<any, any>>()

/** `ROption<T>`: `undefined` (or `null`) is `RNone`. */
export function ROption<T extends Desc>(inner: T): ROptionDesc<T> {
  let d = optionCache.get(inner)
  if (d) return d
  const repr = t.enum(`ROption<${inner.name}>`, { RSome: [inner], RNone: null }, { repr: 'u8' })
  const at = layoutOf(repr).variants!.RSome['0']
  const codec = codecOf(inner)
  d = custom({
    name: repr.name,
    repr,
    layoutText: () => `ROption<${layoutString(inner)}>`,
    optional: true,
    read(view, offset) {
      const tag = view.getUint8(offset)
      if (tag === 1) return undefined
      if (tag !== 0) throw new InvalidValueError(`an ${repr.name} tag (RSome=0, RNone=1)`, `tag ${tag}`)
      return codec.read(view, offset + at)
    },
    write(view, offset, value) {
      if (value === undefined || value === null) return view.setUint8(offset, 1)
      view.setUint8(offset, 0)
      codec.write(view, offset + at, value)
    },
    dropOps: (offset) => shiftOps(dropOpsOf(repr), offset),
  })
  optionCache.set(inner, d)
  return d
}

export type RResultValue<T, E> = { ok: true; value: T } | { ok: false; error: E }
export type RResultDesc<T extends Desc, E extends Desc> = CustomDesc<RResultValue<Infer<T>, Infer<E>>, RResultValue<InferInput<T>, InferInput<E>>>

const resultCache = new WeakMap<Desc, WeakMap<Desc, CustomDesc<any, any>>>()

/** `RResult<T, E>`: `{ ok: true, value }` is `ROk`, `{ ok: false, error }` is `RErr`. */
export function RResult<T extends Desc, E extends Desc>(ok: T, err: E): RResultDesc<T, E> {
  let byErr = resultCache.get(ok)
  if (!byErr) resultCache.set(ok, (byErr = new WeakMap()))
  let d = byErr.get(err)
  if (d) return d
  const repr = t.enum(`RResult<${ok.name}, ${err.name}>`, { ROk: [ok], RErr: [err] }, { repr: 'u8' })
  const l = layoutOf(repr).variants!
  const okAt = l.ROk['0']
  const errAt = l.RErr['0']
  const okCodec = codecOf(ok)
  const errCodec = codecOf(err)
  d = custom({
    name: repr.name,
    repr,
    layoutText: () => `RResult<${layoutString(ok)},${layoutString(err)}>`,
    read(view, offset) {
      const tag = view.getUint8(offset)
      if (tag === 0) return { ok: true, value: okCodec.read(view, offset + okAt) }
      if (tag === 1) return { ok: false, error: errCodec.read(view, offset + errAt) }
      throw new InvalidValueError(`an ${repr.name} tag (ROk=0, RErr=1)`, `tag ${tag}`)
    },
    write(view, offset, value) {
      if (typeof value !== 'object' || value === null || typeof value.ok !== 'boolean') {
        throw new InvalidValueError(`${repr.name} ({ ok: true, value } or { ok: false, error })`, value === null ? 'null' : typeof value)
      }
      if (value.ok) {
        view.setUint8(offset, 0)
        okCodec.write(view, offset + okAt, (value as { value: InferInput<T> }).value)
      } else {
        view.setUint8(offset, 1)
        errCodec.write(view, offset + errAt, (value as { error: InferInput<E> }).error)
      }
    },
    dropOps: (offset) => shiftOps(dropOpsOf(repr), offset),
  })
  byErr.set(err, d)
  return d
}

