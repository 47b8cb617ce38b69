// Prefix types across the boundary: blocks built by C as an older library (fewer
// fields) read with readPrefix, and blocks written by JS read field by field in C.
import { describe, expect, it } from 'vitest'
import {
  allocNative,
  allocPrefix,
  bindFunction,
  bindPointer,
  layoutOf,
  MissingFieldError,
  readAt,
  readPrefix,
  t,
  writePrefixBlock,
} from '../../src/abi/index.ts'
import { fns, lib } from './harness.ts'
import { Binop, Holder, Mod } from './types.ts'

const pointerFn = (symbol: string) => bindFunction(lib, symbol, t.fn([], t.ptr()))
const oldModule = pointerFn('rt_mod_v1')
const sparseModule = pointerFn('rt_mod_v1_sparse')
const layoutMarker = pointerFn('rt_mod_layout')
const checksum = bindFunction(lib, 'rt_mod_checksum', t.fn([Mod], t.u64))

const ABSENT = 0xdeadn
const mix = (h: bigint, x: bigint) => BigInt.asUintN(64, h * 31n + BigInt.asUintN(64, x))
const callBinop = (f: bigint, a: number, b: number) => BigInt(bindPointer(f, Binop)(a, b))

/** What rt_mod_checksum computes from a value with the first `count` fields present. */
function expectedChecksum(v: { version: number; add: bigint; scale: number; flags: number; origin: { x: number; y: number }; count: bigint; mul: bigint }, count: number): bigint {
  const has = (i: number) => i < count
  let h = 17n
  h = mix(h, BigInt(v.version))
  h = mix(h, callBinop(v.add, 20, 22))
  h = mix(h, has(2) ? BigInt(Math.trunc(v.scale * 100)) : ABSENT)
  h = mix(h, has(3) ? BigInt(v.flags) : ABSENT)
  h = mix(h, has(4) ? BigInt(Math.trunc(Math.fround(v.origin.x * 10))) + BigInt(Math.trunc(Math.fround(v.origin.y * 1000))) : ABSENT)
  h = mix(h, has(5) ? v.count : ABSENT)
  h = mix(h, has(6) ? callBinop(v.mul, 6, 7) : ABSENT)
  return h
}

describe('prefix types', () => {
  it('lay out the header and value as C does', () => {
    const p = layoutOf(Mod).prefix!
    expect(p.blockSize).toBe(Number(bindFunction(lib, 'rt_ModV3Block_size', t.fn([], t.usize))()))
    expect(p.valueOffset).toBe(Number(bindFunction(lib, 'rt_ModV3_value_offset', t.fn([], t.usize))()))
  })

  describe('a block from an older C library with three of seven fields', () => {
    const address = oldModule()
    const m = readPrefix(Mod, address)

    it('reads the fields it has', () => {
      expect(m.version).toBe(1)
      expect(m.add).toBe(fns.add)
      expect(bindPointer(m.add, Binop)(40, 2)).toBe(42)
      expect(m.scale).toBe(2.5)
      expect(m.$address).toBe(address)
      expect(m.$accessible).toBe(0b111n)
      expect(Object.keys(m)).toEqual(['version', 'add', 'scale'])
      // The header's second word is the layout pointer the library put there.
      expect(readAt(t.ptr(), address + 8n)).toBe(layoutMarker())
    })

    it.each(['flags', 'origin', 'count', 'mul'] as const)('throws MissingFieldError naming the absent field %s', (field) => {
      expect(m.$has(field)).toBe(false)
      let error: unknown
      try {
        void m[field]
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(MissingFieldError)
      const err = error as MissingFieldError
      expect(err.code).toBe('ERR_ABI_MISSING_FIELD')
      expect(err.typeName).toBe('Mod')
      expect(err.field).toBe(field)
      expect(err.message).toContain(`Mod.${field} (field ${Mod.members.findIndex((x) => x.name === field)}) is absent`)
    })

    it('is what a function returning a Mod_Ref by value gives, and what a struct holding one reads', () => {
      const direct = bindFunction(lib, 'rt_mod_v1', t.fn([], Mod))()
      expect(direct.$address).toBe(address)
      expect(direct.version).toBe(1)
      expect(direct.$has('flags')).toBe(false)
      const holder = bindFunction(lib, 'rt_holder', t.fn([t.u32], Holder))(77)
      expect(holder.tag).toBe(77)
      expect(holder.m.$address).toBe(address)
      expect(holder.m.scale).toBe(2.5)
      expect(() => holder.m.count).toThrow(MissingFieldError)
    })
  })

  it('reads prefix fields (up to lastPrefixField) without looking at their accessibility bits', () => {
    const m = readPrefix(Mod, sparseModule())
    expect(m.$accessible).toBe(0b100n)
    expect(m.version).toBe(9)
    expect(m.add).toBe(fns.mul)
    expect(m.$has('version')).toBe(true)
    expect(m.$has('add')).toBe(true)
    expect(m.scale).toBe(-0.5)
    expect(() => m.flags).toThrow(/Mod\.flags/)
  })

  describe('a block written by JS, read by C', () => {
    const full = { version: 3, add: fns.add, scale: -1.25, flags: 0xbeef, origin: { x: 1.5, y: 0.25 }, count: 2n ** 63n + 5n, mul: fns.mul }

    it.each([7, 6, 5, 4, 3, 2])('with the first %i fields present', (count) => {
      const block = allocPrefix(Mod, full, { fieldCount: count })
      try {
        expect(readAt(t.u64, block.address)).toBe((1n << BigInt(count)) - 1n)
        expect(checksum(block.address)).toBe(expectedChecksum(full, count))
      } finally {
        block.free()
      }
    })

    it('absent fields need no value, and the layout pointer is what the writer gives', () => {
      const block = allocPrefix(Mod, { version: 4, add: fns.mul, scale: 0.5 }, { fieldCount: 3, typeLayout: 0x1234n })
      try {
        expect(readAt(t.ptr(), block.address + 8n)).toBe(0x1234n)
        expect(checksum(block.address)).toBe(expectedChecksum({ ...full, version: 4, add: fns.mul, scale: 0.5 }, 3))
        // Passing the value read back (an object with $address) is passing its header's address.
        const m = readPrefix(Mod, block.address)
        expect(checksum(m)).toBe(checksum(block.address))
      } finally {
        block.free()
      }
    })

    it('writePrefixBlock writes at an offset inside a larger native block', () => {
      const p = layoutOf(Mod).prefix!
      const mem = allocNative(p.blockSize + 64)
      try {
        writePrefixBlock(Mod, mem.view, 32, { ...full, mul: fns.add })
        expect(checksum(mem.address + 32n)).toBe(expectedChecksum({ ...full, mul: fns.add }, 7))
        expect(readPrefix(Mod, mem.address + 32n).count).toBe(full.count)
      } finally {
        mem.free()
      }
    })
  })

  it('a 64-field prefix type uses every accessibility bit', () => {
    const fields = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`f${i}`, i % 3 ? t.u8 : t.u64]))
    const Wide64 = t.prefix('Wide64', fields)
    const values = Object.fromEntries(Array.from({ length: 64 }, (_, i) => [`f${i}`, i % 3 ? i : BigInt(i) << 40n]))
    const all = allocPrefix(Wide64, values)
    const most = allocPrefix(Wide64, values, { fieldCount: 63 })
    try {
      const a = readPrefix(Wide64, all.address)
      expect(a.$accessible).toBe(2n ** 64n - 1n)
      expect({ ...a }).toEqual(values)
      const b = readPrefix(Wide64, most.address)
      expect(b.f62).toBe(62)
      expect(() => b.f63).toThrow(MissingFieldError)
    } finally {
      all.free()
      most.free()
    }
  })
})
