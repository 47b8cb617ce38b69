// Type-level tests: what t.trait infers for trait objects (calling) and for JS implementations.
import { describe, expectTypeOf, it } from 'vitest'
import { t, type Infer, type InferInput, type TraitImpl } from '../index.ts'

const Counter = t.trait('Counter', {
  incr: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
  log: t.method([t.u8, t.RStr], t.RResult(t.unit, t.RString)),
  reset: t.method([], t.unit),
})

describe('t.trait inference', () => {
  it('a trait object has the methods, taking JS inputs and returning JS values', () => {
    type C = Infer<typeof Counter>
    expectTypeOf<C['incr']>().toEqualTypeOf<(a0: number | bigint) => bigint>()
    expectTypeOf<C['get']>().toEqualTypeOf<() => bigint>()
    expectTypeOf<ReturnType<C['log']>>().toEqualTypeOf<{ ok: true; value: undefined } | { ok: false; error: string }>()
    expectTypeOf<C['drop']>().toEqualTypeOf<() => void>()
    expectTypeOf<C['alive']>().toEqualTypeOf<boolean>()
  })

  it('an implementation receives JS values and may return nothing for unit methods', () => {
    type I = TraitImpl<typeof Counter.trait.methods>
    expectTypeOf<Parameters<I['incr']>>().toEqualTypeOf<[bigint]>()
    expectTypeOf<Parameters<I['log']>>().toEqualTypeOf<[number, string]>()
    expectTypeOf<ReturnType<I['reset']>>().toEqualTypeOf<void | Promise<void>>()
    const impl = { incr: (n: bigint) => n, get: () => 1n, log: () => ({ ok: true as const, value: undefined }), reset() {} }
    expectTypeOf(impl).toMatchTypeOf<InferInput<typeof Counter>>()
  })

  it('an opaque handle is its own type, not a plain value', () => {
    const Bag = t.opaque('Bag')
    expectTypeOf<Infer<typeof Bag>>().toHaveProperty('drop')
    expectTypeOf<Infer<typeof Bag>>().toHaveProperty('$data')
  })
})
