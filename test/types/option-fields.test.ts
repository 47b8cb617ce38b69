// An ROption field or tuple element may be written as undefined or left out (RNone), as the
// README's value table says; any other field left out is still refused by name.
import { describe, expect, it } from 'vitest'
import { InvalidValueError, decode, encode, t } from '../../src/index.ts'

const S = t.struct('S', { a: t.ROption(t.u32), b: t.u8 })
const T = t.Tuple2(t.ROption(t.RString), t.u8)

describe('ROption fields', () => {
  it('undefined, null and a left-out field are all RNone (tag 1)', () => {
    for (const v of [{ a: undefined, b: 1 }, { b: 1 }, { a: null, b: 1 }]) {
      const bytes = encode(S, v as never)
      expect(bytes[0]).toBe(1)
      expect(decode(S, bytes)).toEqual({ a: undefined, b: 1 })
    }
    expect(decode(S, encode(S, { a: 5, b: 1 }))).toEqual({ a: 5, b: 1 })
  })

  it('in tuples too', () => {
    expect(decode(T, encode(T, [undefined, 2]))).toEqual([undefined, 2])
    expect(decode(T, encode(T, [null, 2] as never))).toEqual([undefined, 2])
  })

  it('other fields left out are refused by name', () => {
    expect(() => encode(S, { a: 1 } as never)).toThrow(InvalidValueError)
    expect(() => encode(S, { a: 1 } as never)).toThrow(/b: expected field b, got nothing \(missing\)/)
  })
})
