// `FfiPoll<T>` (reference 6.2): `#[repr(C, u8)] enum { Ready(T) = 0, Pending = 1, Panicked = 2 }`.
// In JS: `{ state: 'ready', value }`, `{ state: 'pending' }` or `{ state: 'panicked' }`. On Ready
// ownership of T moves to whoever received the poll.
import { InvalidValueError, codecOf, custom, dropOpsOf, layoutOf, layoutString, shiftOps, t, type CustomDesc, type Desc, type Infer, type InferInput } from '../abi/index.ts'

export type PollValue<T> = { state: 'ready'; value: T } | { state: 'pending' } | { state: 'panicked' }
export type FfiPollDesc<T extends Desc> = CustomDesc<PollValue<Infer<T>>, PollValue<InferInput<T>>> & { readonly inner: T }

export const PollTag = { Ready: 0, Pending: 1, Panicked: 2 } as const

const cache = new WeakMap<Desc, FfiPollDesc<any>>()

export function FfiPoll<T extends Desc>(inner: T): FfiPollDesc<T> {
  let d = cache.get(inner)
  if (d) return d
  const repr = t.enum(`FfiPoll<${inner.name}>`, { Ready: [inner], Pending: null, Panicked: null }, { repr: 'C,u8' })
  const at = layoutOf(repr).variants!.Ready['0']
  const codec = codecOf(inner)
  d = Object.freeze({
    ...custom<PollValue<Infer<T>>, PollValue<InferInput<T>>>({
      name: repr.name,
      repr,
      layoutText: () => `FfiPoll<${layoutString(inner)}>`,
      read(view, offset) {
        const tag = view.getUint8(offset)
        switch (tag) {
          case PollTag.Ready:
            return { state: 'ready', value: codec.read(view, offset + at) as Infer<T> }
          case PollTag.Pending:
            return { state: 'pending' }
          case PollTag.Panicked:
            return { state: 'panicked' }
          default:
            throw new InvalidValueError(`an ${repr.name} tag (Ready=0, Pending=1, Panicked=2)`, `tag ${tag}`)
        }
      },
      write(view, offset, value) {
        const state = (value as { state?: unknown } | null)?.state
        if (state === 'ready') {
          view.setUint8(offset, PollTag.Ready)
          codec.write(view, offset + at, (value as { value: InferInput<T> }).value as never)
        } else if (state === 'pending') view.setUint8(offset, PollTag.Pending)
        else if (state === 'panicked') view.setUint8(offset, PollTag.Panicked)
        else throw new InvalidValueError(`an ${repr.name} ({ state: 'ready', value } | { state: 'pending' } | { state: 'panicked' })`, String(state))
      },
      dropOps: (offset) => shiftOps(dropOpsOf(repr), offset),
    }),
    inner,
  }) as FfiPollDesc<T>
  cache.set(inner, d)
  return d
}
