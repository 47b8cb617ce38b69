// What the trampolines' planner accepts and refuses (issue 16.3): arguments anywhere the x86-64
// System V convention puts them, up to 256 bytes of the caller's stack (248 for callbacks, whose
// first argument takes a register), returns by eightbyte class, 62 methods; refusals name the
// trait, method and reason. Declaration only: the calls themselves are in big-args.test.ts.
import { describe, expect, it } from 'vitest'
import { DeclarationError, UnsupportedSignatureError, callback, t } from '../../src/index.ts'

const words = (n: number) => t.struct(`Words${n}`, Object.fromEntries(Array.from({ length: n }, (_, i) => [`w${i}`, t.u64])))
const planOf = (tr: { trait: { host: unknown } }) => tr.trait.host as { methods: { retClass: number; words: number; floats: number; args: { recordOffset: number; parts: number[] }[] }[] }

describe('hosting plans', () => {
  it('classifies each argument: registers while they fit, else wholly on the stack', () => {
    const T = t.trait('Spill', {
      m: t.method([t.u64, t.u64, t.u64, t.u64, t.Tuple2(t.u64, t.u64), t.u64, t.Tuple2(t.f64, t.u64), words(7)], t.unit),
    })
    const [m] = planOf(T).methods
    // Record: floats at 40, words at 104. Four registers, the pair on the stack (words 5, 6), the
    // next u64 back in the fifth register (word 4), the mixed pair in xmm0 + stack (no register
    // left: wholly on the stack, words 7, 8), the 56-byte struct on the stack (words 9..15).
    expect(m.args.map((a) => a.parts)).toEqual([[104], [112], [120], [128], [144, 152], [136], [160, 168], [176, 184, 192, 200, 208, 216, 224]])
    expect(m.words).toBe(16)
  })

  it('takes up to 256 bytes of stack arguments, and refuses more by name', () => {
    expect(planOf(t.trait('Fits', { m: t.method([words(32)], t.unit) })).methods[0].words).toBe(37)
    expect(() => t.trait('TooBig', { m: t.method([words(33)], t.unit) })).toThrow(UnsupportedSignatureError)
    expect(() => t.trait('TooBig', { m: t.method([words(33)], t.unit) })).toThrow(/TooBig\.m cannot be implemented in JS: its arguments take more than 256 bytes of the caller's stack/)
    // With a hidden result pointer the last register parameter reads one more stack word: 264 bytes.
    expect(planOf(t.trait('FitsRet', { m: t.method([words(33), t.u64, t.u64, t.u64, t.u64], t.RString) })).methods[0].words).toBe(37)
    expect(() => t.trait('TooBigRet', { m: t.method([words(33), t.u64, t.u64, t.u64, t.u64, t.u64], t.RString) })).toThrow(/more than 264 bytes of the caller's stack/)
  })

  it('returns come back by the classes of their eightbytes', () => {
    const T = t.trait('Rets', {
      ii: t.method([], t.Tuple2(t.u64, t.u32), { fallback: [0n, 0] }),
      ss: t.method([], t.Tuple2(t.f64, t.f32), { fallback: [0, 0] }),
      is: t.method([], t.Tuple2(t.u64, t.f64), { fallback: [0n, 0] }),
      si: t.method([], t.Tuple2(t.f32, t.u64), { fallback: [0, 0n] }),
      mem: t.method([], t.struct('Twenty', { a: t.u32, b: t.u32, c: t.u32, d: t.u32, e: t.u32 }), { fallback: { a: 0, b: 0, c: 0, d: 0, e: 0 } }),
      big: t.method([], words(40), { fallback: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`w${i}`, 0n])) as never }),
    })
    expect(planOf(T).methods.map((m) => m.retClass)).toEqual([0, 1, 3, 4, 2, 2])
  })

  it('62 methods are hostable; a 63rd is refused where the trait is declared', () => {
    const methods = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`m${i}`, t.method([t.u32], t.unit)]))
    expect(planOf(t.trait('Full', methods(62))).methods).toHaveLength(62)
    expect(() => t.trait('Over', methods(63))).toThrow(DeclarationError)
    expect(() => t.trait('Over', methods(63))).toThrow(/at most 62 methods/)
  })

  it('callbacks: the first argument takes rdi, so 248 bytes of stack remain; refusals say how to fix them', () => {
    expect(() => callback(() => {}, t.fn([words(31)], t.unit))).not.toThrow()
    expect(() => callback(() => {}, t.fn([words(32)], t.unit))).toThrow(/more than 248 bytes of the caller's stack/)
    expect(() => callback((() => [0n, 0n]) as never, t.fn([], t.Tuple2(t.u64, t.u64)))).toThrow(/callback\(fn, signature, \{ fallback: value \}\)/)
  })
})
