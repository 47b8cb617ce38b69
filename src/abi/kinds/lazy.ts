// A reference to a descriptor defined later, for recursive types
// (`Value` holds an `RVec<Value>`). Resolved on first use.
import type { Desc, Infer, InferInput } from '../descriptor.ts'
import { checkTypeName } from './members.ts'

export interface LazyDesc<D extends Desc = Desc> extends Desc<Infer<D>, InferInput<D>> {
  readonly kind: 'lazy'
  resolve(): D
}

export function lazy<D extends Desc>(name: string, get: () => D): LazyDesc<D> {
  checkTypeName(name)
  let resolved: D | undefined
  return Object.freeze({
    kind: 'lazy',
    name,
    resolve: () => (resolved ??= get()),
  }) as LazyDesc<D>
}

/** Follows lazy references to the real descriptor. */
export function resolveLazy(d: Desc): Desc {
  while (d.kind === 'lazy') d = (d as LazyDesc).resolve()
  return d
}
