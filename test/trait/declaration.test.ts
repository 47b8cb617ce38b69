// Declaring traits: the RObject and vtable layouts (reference 3.1-3.3), the layout string a loader
// compares, typed errors for bad declarations, and the hosting limits checked where a trait is
// declared (a JS implementation must fit the native trampolines and have an error value).
import { describe, expect, it } from 'vitest'
import {
  DeclarationError,
  InvalidValueError,
  RObjectVtable,
  UnsupportedSignatureError,
  alignOf,
  encode,
  layoutOf,
  layoutString,
  liveAllocations,
  sizeOf,
  t,
} from '../../src/index.ts'
import { Counter, Logger } from './api.ts'

describe('trait object layout', () => {
  it('Trait_TO<RBox<()>> is an RObject: vtable pointer, then { data, box vtable }: 24 bytes', () => {
    expect(sizeOf(Counter)).toBe(24)
    expect(alignOf(Counter)).toBe(8)
    expect(layoutOf(Counter.repr).fields).toEqual({ vtable: 0, ptr: 8 })
  })

  it('the trait VTable is a prefix type: _sabi_tys (index 0, no bytes), _sabi_vtable at WM+16, method k at WM+24+8k', () => {
    const p = layoutOf(Counter.trait.vtable).prefix!
    expect(p.fields).toEqual({ _sabi_tys: 16, _sabi_vtable: 16, incr: 24, get: 32, reset: 40 })
    expect(Counter.trait.vtable.members.map((m) => m.name)).toEqual(['_sabi_tys', '_sabi_vtable', 'incr', 'get', 'reset'])
    // lastPrefixField 'get' is field 3: incr and get are read without a bit check, reset with one.
    expect(Counter.trait.lastPrefixIndex).toBe(3)
    expect(Logger.trait.lastPrefixIndex).toBe(-1)
  })

  it('RObjectVtable: type_id, drop, clone, debug, display at WM+16..48, all prefix fields', () => {
    expect(layoutOf(RObjectVtable).prefix!.fields).toEqual({ _sabi_tys: 16, _sabi_type_id: 16, _sabi_drop: 24, _sabi_clone: 32, _sabi_debug: 40, _sabi_display: 48 })
    expect(RObjectVtable.lastPrefixIndex).toBe(5)
  })

  it('the layout string names every method signature, &self vs &mut self included', () => {
    const base = { a: t.method([t.u32], t.u64) }
    const s = layoutString(t.trait('T', base))
    expect(s).toContain('a:fn(*const c_void,u32)->u64')
    expect(layoutString(t.trait('T', { a: t.method([t.u32], t.u64, { mut: true }) }))).not.toBe(s)
    expect(layoutString(t.trait('T', { a: t.method([t.u64], t.u64) }))).not.toBe(s)
    expect(layoutString(t.trait('T', base))).toBe(s)
  })
})

describe('declaration errors', () => {
  it('names trait objects use themselves, or JS gives meaning to, are refused', () => {
    for (const name of ['drop', 'then', 'alive', '$has', '_sabi_vtable', 'constructor']) {
      expect(() => t.trait('T', { [name]: t.method([], t.unit) }), name).toThrow(DeclarationError)
    }
    expect(() => t.trait('T', { then: t.method([], t.unit) })).toThrow(/vtable slots are positional/)
  })

  it('bad names, non-methods and unknown lastPrefixField are typed errors', () => {
    expect(() => t.trait('not ok', {})).toThrow(DeclarationError)
    expect(() => t.trait('T', { a: t.u32 as never })).toThrow(/T\.a: expected t\.method/)
    expect(() => t.trait('T', { a: t.method([], t.unit) }, { lastPrefixField: 'b' as never })).toThrow(/lastPrefixField b is not one of its methods/)
    expect(() => t.method('x' as never, t.unit)).toThrow(DeclarationError)
    expect(() => t.method([t.u8], 5 as never)).toThrow(/return type is not a type descriptor/)
  })
})

describe('hosting limits, checked at declaration', () => {
  const unsupported = (methods: Parameters<typeof t.trait>[1], pattern: RegExp) => {
    let error: unknown
    try {
      t.trait('Shape', methods)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnsupportedSignatureError)
    expect(error).toMatchObject({ code: 'ERR_ABI_UNSUPPORTED_SIGNATURE', trait: 'Shape', method: 'm' })
    expect((error as Error).message).toMatch(pattern)
    expect((error as Error).message).toMatch(/jsImplementable: false/)
  }

  it('what is still refused: borrowed returns, and arguments past 256 bytes of the stack (arg-limits.test.ts has the rest)', () => {
    unsupported({ m: t.method([], t.RStr) }, /returns RStr, which borrows memory/)
    unsupported({ m: t.method([t.array(t.u64, 40)], t.unit) }, /more than 256 bytes of the caller's stack/)
  })

  it('a return type with no error value of its own needs a fallback', () => {
    const Point = t.struct('Point', { x: t.u32, y: t.u32 })
    unsupported({ m: t.method([], Point) }, /declare t\.method\(args, ret, \{ fallback: value \}\)/)
    expect(() => t.trait('Shape', { m: t.method([], Point, { fallback: { x: 0, y: 0 } }) })).not.toThrow()
    expect(() => t.trait('Shape', { m: t.method([], t.RResult(Point, t.RString)) })).not.toThrow()
  })

  it('within the limits: registers then stack slots, floats, RStr copied when queued', () => {
    const T = t.trait('Fits', {
      m: t.method([t.u64, t.u64, t.u64, t.u64, t.RStr, t.f32, t.f64, t.bool], t.unit),
      r: t.method([t.u64, t.u64, t.u64, t.u64], t.RString),
    })
    const [m, r] = T.trait.host!.methods
    // The record holds float registers from 40 and words from 104: four u64 in registers, the RStr
    // (two eightbytes) does not fit the one register left and goes wholly to the stack (words 5
    // and 6), the bool takes that fifth register (word 4), the floats xmm0 and xmm1.
    expect(m.args.map((a) => a.parts)).toEqual([[104], [112], [120], [128], [144, 152], [40], [48], [136]])
    expect(m.copies).toEqual([{ word: 5, elemSize: 1 }])
    expect(m.notQueued).toBeNull()
    expect([m.words, m.floats]).toEqual([7, 2])
    // A hidden result pointer takes a register: four left after self.
    expect(r.retClass).toBe(2)
    expect(r.args.map((a) => a.recordOffset)).toEqual([104, 112, 120, 128])
    expect(r.notQueued).toMatch(/returns a value/)
  })

  it('{ jsImplementable: false } skips the checks; handing a JS object for such a trait is then a typed error', () => {
    const Big = t.trait('Big', { m: t.method([t.RString], t.RString) }, { jsImplementable: false })
    expect(Big.trait.host).toBeNull()
    expect(() => encode(Big, { m: (s: string) => s })).toThrow(/declared with \{ jsImplementable: false \}/)
  })

  it('a fallback that owns memory is refused when the trait is first hosted', () => {
    const Named = t.trait('Named', { m: t.method([], t.RString, { fallback: 'unnamed' }) })
    const before = liveAllocations()
    expect(() => encode(Named, { m: () => 'x' })).toThrow(/Named\.m cannot be implemented in JS: its fallback owns memory/)
    // The refused fallback was made to find out, and dropped exactly once.
    expect(liveAllocations()).toBe(before)
  })

  it('a JS implementation must have every method', () => {
    expect(() => encode(Logger, { log() {} } as never)).toThrow(InvalidValueError)
    expect(() => encode(Logger, null as never)).toThrow(/an object implementing log, name, level, flush/)
  })
})
