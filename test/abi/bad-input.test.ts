// Wrong JS values, wrong bytes and wrong declarations: each throws a typed error
// that says where (the path) and what was expected, and nothing wraps or truncates.
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import {
  AbiError,
  allocNative,
  allocPrefix,
  bindFunction,
  bindPointer,
  decode,
  DeclarationError,
  encode,
  InvalidValueError,
  readAt,
  t,
  type Desc,
} from '../../src/abi/index.ts'
import { libPath } from '../setup/paths.ts'

/** Runs `fn`, expecting an InvalidValueError, and returns it. */
function invalid(fn: () => unknown): InvalidValueError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidValueError)
    const err = e as InvalidValueError
    expect(err.code).toBe('ERR_ABI_INVALID_VALUE')
    expect(err).toBeInstanceOf(AbiError)
    return err
  }
  throw new Error('expected an InvalidValueError, but nothing was thrown')
}

/** Runs `fn`, expecting a DeclarationError, and returns its message. */
function badDeclaration(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(DeclarationError)
    expect((e as DeclarationError).code).toBe('ERR_ABI_DECLARATION')
    return (e as DeclarationError).message
  }
  throw new Error('expected a DeclarationError, but nothing was thrown')
}

const Item = t.struct('Item', { id: t.u32, name: t.array(t.u8, 4), weight: t.f32 })
const Mode = t.enum('Mode', { Off: null, Level: { value: t.u8 }, Pair: [t.u16, t.bool] }, { repr: 'u8', discriminants: { Level: 5 } })
const Num = t.union('Num', { i: t.i64, d: t.f64 })
const Config = t.struct('Config', { version: t.u16, items: t.array(Item, 5), mode: Mode, num: Num, marker: t.phantom() })

const item = (id: number) => ({ id, name: [1, 2, 3, 4], weight: 0.5 })
const goodConfig = () => ({ version: 1, items: [item(0), item(1), item(2), item(3), item(4)], mode: { tag: 'Level', value: 3 }, num: { d: 1.5 } }) as any

describe('invalid values are reported with their path', () => {
  it('the good value encodes', () => {
    expect(encode(Config, goodConfig(), 'config').byteLength).toBe(80)
  })

  it('a wrong type deep inside: config.items[3].name', () => {
    const value = goodConfig()
    value.items[3].name = 5
    const err = invalid(() => encode(Config, value, 'config'))
    expect(err.message).toBe('config.items[3].name: expected array of 4 u8, got number 5')
    expect(err.path).toBe('config.items[3].name')
    expect(err.expected).toBe('array of 4 u8')
    expect(err.got).toBe('number 5')
  })

  it('an element of a nested array: config.items[1].name[2]', () => {
    const value = goodConfig()
    value.items[1].name = [1, 2, 256, 4]
    const err = invalid(() => encode(Config, value, 'config'))
    expect(err.path).toBe('config.items[1].name[2]')
    expect(err.message).toBe('config.items[1].name[2]: expected integer in u8 range (0..255), got number 256')
  })

  it('without a name, the path starts at the first field', () => {
    const value = goodConfig()
    value.items[0].weight = '1'
    expect(invalid(() => encode(Config, value)).message).toBe('items[0].weight: expected number (f32), got string "1"')
  })

  it('a missing struct field', () => {
    const value = goodConfig()
    delete value.items[2].id
    const err = invalid(() => encode(Config, value, 'config'))
    expect(err.path).toBe('config.items[2].id')
    expect(err.got).toContain('missing')
    // Zero-sized fields may be left out (marker is), others may not.
    expect(invalid(() => encode(Item, { id: 1, weight: 1 } as any)).path).toBe('name')
  })

  it('a struct given something that is not an object', () => {
    expect(invalid(() => encode(Item, 5 as any, 'item')).message).toBe('item: expected struct Item (an object), got number 5')
    expect(invalid(() => encode(Item, null as any)).got).toBe('null')
    expect(invalid(() => encode(Item, [1, [1, 2, 3, 4], 1] as any)).got).toBe('array of length 3')
    const Pair = t.struct('Pair', [t.u8, t.f64])
    expect(invalid(() => encode(Pair, [1] as any)).expected).toBe('struct Pair (an array of 2)')
    expect(invalid(() => encode(Pair, { 0: 1, 1: 2 } as any)).expected).toBe('struct Pair (an array of 2)')
  })

  it('an array of the wrong length, or not an array', () => {
    const A = t.array(t.u16, 3)
    expect(invalid(() => encode(A, [1, 2], 'a')).message).toBe('a: expected array of 3 u16, got length 2')
    expect(invalid(() => encode(A, [1, 2, 3, 4])).got).toBe('length 4')
    expect(invalid(() => encode(A, new Uint16Array(4) as never)).got).toBe('length 4')
    expect(invalid(() => encode(A, 'abc' as any)).got).toBe('string "abc"')
    expect(encode(A, new Uint16Array([1, 2, 3]) as never)).toEqual(new Uint8Array([1, 0, 2, 0, 3, 0]))
  })

  it('an enum with a wrong tag, no tag, or a variant missing a field', () => {
    const value = goodConfig()
    value.mode = { tag: 'Nope' }
    const err = invalid(() => encode(Config, value, 'config'))
    expect(err.path).toBe('config.mode')
    expect(err.message).toBe(`config.mode: expected enum Mode ({ tag: 'Off' | 'Level' | 'Pair', ...fields }), got tag "Nope"`)
    expect(invalid(() => encode(Mode, { value: 3 } as any)).got).toBe('tag undefined')
    expect(invalid(() => encode(Mode, 'Off' as any)).got).toBe('string "Off"')
    expect(invalid(() => encode(Mode, { tag: 'Level' } as any, 'mode')).path).toBe('mode<Level>.value')
    expect(invalid(() => encode(Mode, { tag: 'Pair', 0: 1, 1: 1 } as any, 'mode')).message).toBe('mode<Pair>[1]: expected boolean, got number 1')
    expect(invalid(() => encode(Mode, { tag: 'Level', value: 256 } as any)).path).toBe('<Level>.value')
  })

  it('a union with zero members, two members, an unknown member or a wrong member value', () => {
    const zero = invalid(() => encode(Num, {} as any, 'num'))
    expect(zero.message).toBe('num: expected union Num (an object with exactly one of i, d), got object')
    const two = invalid(() => encode(Num, { i: 1n, d: 1.5 } as any, 'num'))
    expect(two.got).toBe('members i, d')
    // A member set to undefined does not count.
    expect(encode(Num, { i: undefined, d: 1 } as any)).toEqual(encode(Num, { d: 1 }))
    expect(invalid(() => encode(Num, { x: 1 } as any)).got).toBe('member x')
    expect(invalid(() => encode(Num, 1.5 as any)).got).toBe('number 1.5')
    const value = goodConfig()
    value.num = { i: 2n ** 63n }
    expect(invalid(() => encode(Config, value, 'config')).path).toBe('config.num.i')
  })

  it('a zero-sized field given a value', () => {
    const value = { ...goodConfig(), marker: 0 }
    expect(invalid(() => encode(Config, value, 'config')).path).toBe('config.marker')
    expect(encode(Config, { ...goodConfig(), marker: null })).toEqual(encode(Config, goodConfig()))
  })
})

describe('integers are range-checked, never wrapped or truncated', () => {
  const rejected: [string, Desc, unknown][] = [
    ['u8', t.u8, 256], ['u8', t.u8, -1], ['i8', t.i8, -129], ['i8', t.i8, 128],
    ['u16', t.u16, 65536], ['i16', t.i16, -32769], ['u32', t.u32, 2 ** 32], ['i32', t.i32, 2 ** 31], ['i32', t.i32, -(2 ** 31) - 1],
    ['u64', t.u64, -1n], ['u64', t.u64, 2n ** 64n], ['u64', t.u64, -1],
    ['i64', t.i64, 2n ** 63n], ['i64', t.i64, -(2n ** 63n) - 1n],
    ['usize', t.usize, -1n], ['usize', t.usize, 2n ** 64n], ['isize', t.isize, 2n ** 63n],
    // Not integers at all.
    ['u8', t.u8, 1.5], ['u8', t.u8, NaN], ['u8', t.u8, '3'], ['u8', t.u8, null], ['u8', t.u8, undefined], ['u8', t.u8, 3n], ['u8', t.u8, Infinity],
    ['i32', t.i32, 0.1], ['i32', t.i32, true],
    ['u64', t.u64, 1.5], ['u64', t.u64, NaN], ['u64', t.u64, '3'], ['u64', t.u64, null], ['u64', t.u64, Infinity],
    // A number past 2^53 has already lost precision: a BigInt is required.
    ['u64', t.u64, 2 ** 53], ['i64', t.i64, -(2 ** 60)], ['usize', t.usize, 2 ** 64],
    ['usize', t.usize, 1.5], ['isize', t.isize, '0'],
  ]
  it.each(rejected)('%s rejects %s', (_name, desc, value) => {
    const err = invalid(() => encode(desc, value as never, 'x'))
    expect(err.path).toBe('x')
    expect(err.message).toMatch(/^x: expected (integer in|bigint or safe integer in) \w+ range/)
  })

  it('the message names the range and the value', () => {
    expect(invalid(() => encode(t.u8, 256, 'n')).message).toBe('n: expected integer in u8 range (0..255), got number 256')
    expect(invalid(() => encode(t.i64, 2n ** 63n, 'n')).message).toBe(
      'n: expected integer in i64 range (-9223372036854775808..9223372036854775807), got bigint 9223372036854775808n',
    )
    expect(invalid(() => encode(t.u64, -1n)).message).toBe('value: expected integer in u64 range (0..18446744073709551615), got bigint -1n')
  })

  const accepted: [string, Desc, unknown, unknown][] = [
    ['u8', t.u8, 255, 255], ['i8', t.i8, -128, -128], ['u32', t.u32, 2 ** 32 - 1, 2 ** 32 - 1], ['i32', t.i32, -0, 0],
    ['u64', t.u64, 2n ** 64n - 1n, 2n ** 64n - 1n], ['u64', t.u64, 2 ** 53 - 1, 2n ** 53n - 1n],
    ['i64', t.i64, -(2n ** 63n), -(2n ** 63n)], ['usize', t.usize, 2n ** 64n - 1n, 2n ** 64n - 1n], ['isize', t.isize, -5, -5n],
  ]
  it.each(accepted)('%s accepts its edge value %s', (_name, desc, value, back) => {
    expect(decode(desc, encode(desc, value as never))).toBe(back)
  })
})

describe('other primitives', () => {
  it.each([1, 0, 'true', null, undefined])('bool rejects %s', (value) => {
    expect(invalid(() => encode(t.bool, value as never, 'flag')).message).toMatch(/^flag: expected boolean, got /)
  })

  it.each(['1', null, 1n, undefined, {}])('floats reject %s', (value) => {
    expect(invalid(() => encode(t.f64, value as never)).expected).toBe('number (f64)')
    expect(invalid(() => encode(t.f32, value as never)).expected).toBe('number (f32)')
  })

  it('floats accept NaN and infinities', () => {
    expect(decode(t.f64, encode(t.f64, NaN))).toBeNaN()
    expect(decode(t.f32, encode(t.f32, -Infinity))).toBe(-Infinity)
  })

  it.each([-1n, 2n ** 64n, 5, '0x10', {}])('pointers reject %s', (value) => {
    expect(invalid(() => encode(t.ptr(), value as never)).expected).toMatch(/^pointer/)
    expect(invalid(() => encode(t.fn([], t.unit), value as never)).expected).toMatch(/^function pointer/)
  })
})

describe('bad bytes read from memory throw instead of inventing a value', () => {
  it('a bool byte other than 0 or 1', () => {
    const err = invalid(() => decode(t.bool, new Uint8Array([2])))
    expect(err.message).toBe('value: expected bool (byte 0 or 1), got byte 2')
    const S = t.struct('S', { a: t.u8, flags: t.array(t.bool, 3) })
    expect(invalid(() => decode(S, new Uint8Array([0, 1, 0, 255]))).path).toBe('flags[2]')
  })

  it('an unknown enum tag, from a buffer and from native memory', () => {
    expect(invalid(() => decode(Mode, new Uint8Array([9, 0, 0, 0]))).message).toBe('value: expected a Mode tag (Off=0, Level=5, Pair=6), got tag 9')
    const C = t.enum('C', { A: [t.f32], B: null }, { repr: 'C', discriminants: { B: -3 } })
    const block = allocNative(8)
    try {
      block.view.setInt32(0, -2, true)
      expect(invalid(() => readAt(C, block.address)).got).toBe('tag -2')
      block.view.setInt32(0, -3, true)
      expect(readAt(C, block.address)).toEqual({ tag: 'B' })
    } finally {
      block.free()
    }
    const Holder = t.struct('Holder', { id: t.u8, mode: Mode })
    expect(invalid(() => decode(Holder, new Uint8Array([1, 0, 200, 0, 0, 0, 0, 0]))).path).toBe('mode')
  })

  it('a bad byte inside an enum variant', () => {
    expect(invalid(() => decode(Mode, new Uint8Array([6, 0, 1, 0, 7, 0]))).path).toBe('<Pair>[1]')
  })
})

describe('bad declarations throw DeclarationError', () => {
  it('a field named like an index in object form (JS would reorder it)', () => {
    expect(badDeclaration(() => t.struct('S', { a: t.u8, 0: t.u8 } as any))).toContain('S.0: field names must be identifiers')
    badDeclaration(() => t.struct('S', { 'a-b': t.u8 }))
    badDeclaration(() => t.union('U', { 1: t.u8 } as any))
    badDeclaration(() => t.enum('E', { A: { 0: t.u8 } as any }, { repr: 'u8' }))
  })

  it('a field that is not a descriptor, a bad type name', () => {
    expect(badDeclaration(() => t.struct('S', { a: 5 as any }))).toContain('S.a: expected a type descriptor')
    badDeclaration(() => t.struct('S', [t.u8, 'u8' as any]))
    badDeclaration(() => t.struct('1S', { a: t.u8 }))
    badDeclaration(() => t.struct('S T', { a: t.u8 }))
  })

  it('enum discriminants that clash', () => {
    expect(badDeclaration(() => t.enum('E', { A: null, B: null }, { repr: 'u8', discriminants: { A: 1, B: 1 } }))).toBe(
      'E::B: discriminant 1 is already used by A',
    )
    // Implicit discriminants follow the previous one: B = 1 clashes with C = 1.
    badDeclaration(() => t.enum('E', { A: null, B: null, C: null }, { repr: 'u8', discriminants: { C: 1 } }))
  })

  it('enum discriminants out of the tag range', () => {
    expect(badDeclaration(() => t.enum('E', { A: null }, { repr: 'u8', discriminants: { A: 256 } }))).toBe('E::A: discriminant 256 does not fit the u8 tag')
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'u8', discriminants: { A: -1 } }))
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'i8', discriminants: { A: -129 } }))
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'C', discriminants: { A: 2 ** 31 } }))
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'u64', discriminants: { A: 2n ** 64n } }))
    // The implicit successor of 255 does not fit a u8.
    badDeclaration(() => t.enum('E', { A: null, B: null }, { repr: 'C,u8', discriminants: { A: 255 } }))
  })

  it('other bad enums', () => {
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'u128' as any }))
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'C,usize' as any }))
    badDeclaration(() => t.enum('E', { A: null }, {} as any))
    badDeclaration(() => t.enum('E', {}, { repr: 'u8' }))
    badDeclaration(() => t.enum('E', { A: null }, { repr: 'u8', discriminants: { B: 1 } as any }))
    expect(badDeclaration(() => t.enum('E', { A: { tag: t.u8 } }, { repr: 'u8' }))).toContain("may not be called 'tag'")
  })

  it('prefix types: an unknown lastPrefixField, more than 64 fields', () => {
    expect(badDeclaration(() => t.prefix('P', { a: t.u8 }, { lastPrefixField: 'b' as any }))).toBe('P: lastPrefixField b is not one of its fields')
    const fields = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, t.u8]))
    expect(badDeclaration(() => t.prefix('P', fields(65)))).toContain('at most 64 fields')
    expect(() => t.prefix('P', fields(64))).not.toThrow()
  })

  it('arrays and transparent types', () => {
    badDeclaration(() => t.array(t.u8, -1))
    badDeclaration(() => t.array(t.u8, 1.5))
    badDeclaration(() => t.transparent('T', t.u32, [t.u8]))
  })
})

describe('prefix blocks written by JS', () => {
  const Mod = t.prefix('Mod', { version: t.u32, add: t.u64, scale: t.f64 }, { lastPrefixField: 'add' })

  it('need every field they claim, with the right type', () => {
    expect(invalid(() => allocPrefix(Mod, { add: 1n })).message).toBe('Mod_Ref.version: expected field version, got nothing (missing)')
    expect(invalid(() => allocPrefix(Mod, { version: 1, add: 'x' as never })).path).toBe('add')
    expect(invalid(() => allocPrefix(Mod, { version: 1, add: 2n })).path).toBe('Mod_Ref.scale')
  })

  it.each([1, 0, -1, 4, 2.5, NaN])('reject fieldCount %s (below the prefix fields, past the last field, or not an integer)', (fieldCount) => {
    const err = invalid(() => allocPrefix(Mod, { version: 1, add: 2n, scale: 3 }, { fieldCount }))
    expect(err.message).toMatch(/^fieldCount: expected fieldCount from 2 \(every prefix field\) to 3, got /)
  })

  it('accept every count from the prefix fields to all of them', () => {
    for (const fieldCount of [2, 3]) allocPrefix(Mod, { version: 1, add: 2n, scale: 3 }, { fieldCount }).free()
  })
})

describe('bound functions check their arguments', () => {
  const lib = koffi.load(libPath('roundtrip'))
  const Vec2f = t.struct('Vec2f', { x: t.f32, y: t.f32 })
  const Binop = t.fn([t.i32, t.i32], t.i32)
  const vec = bindFunction(lib, 'rt_Vec2f', t.fn([Vec2f], Vec2f))
  const apply = bindFunction(lib, 'rt_apply', t.fn([Binop, t.i32, t.i32], t.i32))
  const add = bindFunction(lib, 'rt_binop', t.fn([t.i32], Binop))(0)

  it('the wrong number of arguments', () => {
    const none = invalid(() => (vec as any)())
    expect(none.message).toBe('rt_Vec2f: expected 1 argument, got 0')
    expect(none.got).toBe('0')
    expect(invalid(() => (apply as any)(add, 1)).got).toBe('2')
    expect(invalid(() => (apply as any)(add, 1, 2, 3)).got).toBe('4')
  })

  it('a wrong argument names the function, the argument and its type, then the path inside it', () => {
    expect(invalid(() => vec(5 as any)).message).toBe('rt_Vec2f, argument 0 (Vec2f): expected struct Vec2f (an object), got number 5')
    const y = invalid(() => vec({ x: 1, y: 'a' } as any))
    expect(y.message).toBe('rt_Vec2f, argument 0 (Vec2f): y: expected number (f32), got string "a"')
    expect(y.argument).toEqual({ fn: 'rt_Vec2f', index: 0, type: 'Vec2f' })
    expect(y.path).toBe('y')
    expect(invalid(() => vec({ x: 1 } as any)).path).toBe('y')
    const fnArg = invalid(() => apply(-1n as any, 1, 2))
    expect(fnArg.argument).toEqual({ fn: 'rt_apply', index: 0, type: 'extern "C" fn(i32, i32) -> i32' })
    expect(fnArg.path).toBe('')
    // The primitive-only fast path names them too.
    expect(invalid(() => bindPointer(add, Binop)(1, 2 ** 31)).message).toBe('extern "C" fn(i32, i32) -> i32, argument 1 (i32): expected integer in i32 range (-2147483648..2147483647), got number 2147483648')
    expect(invalid(() => apply(add, 1, 2 ** 31)).message).toBe('rt_apply, argument 2 (i32): expected integer in i32 range (-2147483648..2147483647), got number 2147483648')
    // The good call still works after the bad ones.
    expect(apply(add, 1, 2)).toBe(3)
    expect(vec({ x: 1, y: 2 })).toEqual({ x: 2, y: 3 })
  })

  it('a name given at binding replaces the symbol; a receiver is not counted', () => {
    const named = bindFunction(lib, 'rt_Vec2f', t.fn([Vec2f], Vec2f), { name: 'Shapes.grow' })
    expect(invalid(() => named({ x: 1 } as any)).message).toBe('Shapes.grow, argument 0 (Vec2f): y: expected field y, got nothing (missing)')
    expect(invalid(() => (named as any)()).message).toBe('Shapes.grow: expected 1 argument, got 0')
    // As a trait method is bound: `self` first, the method's own arguments counted from 0.
    const method = bindFunction(lib, 'rt_apply', t.fn([Binop, t.i32, t.i32], t.i32), { name: 'Calc.apply', receiver: true })
    expect(invalid(() => method(add, 1, 2 ** 31)).message).toBe('Calc.apply, argument 1 (i32): expected integer in i32 range (-2147483648..2147483647), got number 2147483648')
    expect(invalid(() => method(-1n as any, 1, 2)).argument).toEqual({ fn: 'Calc.apply', index: 'self', type: 'extern "C" fn(i32, i32) -> i32' })
    expect(method(add, 1, 2)).toBe(3)
  })
})
