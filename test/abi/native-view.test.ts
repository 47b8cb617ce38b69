// A value is read and written with one crossing into native memory (one memcpy into or
// out of JS memory, read and written through a DataView), not one per field.
import koffi from 'koffi'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { allocNative, bindFunction, memoryCrossings, readAt, sizeOf, t, writeAt } from '../../src/abi/index.ts'
import { libPath } from '../setup/paths.ts'

const Hundred = t.struct('Hundred', Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, t.u32])))

const lib = koffi.load(libPath('roundtrip'))
const fill = bindFunction(lib, 'rt_u32x100_fill', t.fn([t.mutPtr(Hundred)], t.unit))
const weightedSum = bindFunction(lib, 'rt_u32x100_weighted_sum', t.fn([t.ptr(Hundred)], t.u64))

describe('a struct of 100 u32 fields', () => {
  afterEach(() => void vi.restoreAllMocks())

  it('is 400 bytes', () => expect(sizeOf(Hundred)).toBe(400))

  it('readAt reads what C wrote with one copy and no other koffi memory call', () => {
    const block = allocNative(400)
    try {
      fill(block.address)
      // The staging region copies go through is mapped (one koffi.view) once per process.
      readAt(Hundred, block.address)
      const view = vi.spyOn(koffi, 'view')
      const decode = vi.spyOn(koffi, 'decode')
      const before = { ...memoryCrossings }
      const value = readAt(Hundred, block.address) as Record<string, number>
      expect(memoryCrossings.copies - before.copies).toBe(1)
      expect(view).not.toHaveBeenCalled()
      expect(decode).not.toHaveBeenCalled()
      expect(Object.keys(value)).toHaveLength(100)
      for (let i = 0; i < 100; i++) expect(value[`f${i}`]).toBe(i * 3 + 1)
    } finally {
      block.free()
    }
  })

  it('writeAt writes what C reads with one copy and no other koffi memory call', () => {
    const block = allocNative(400)
    try {
      const value = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`f${i}`, 4_000_000_000 - i * 7]))
      writeAt(Hundred, block.address, value as never)
      const view = vi.spyOn(koffi, 'view')
      const encode = vi.spyOn(koffi, 'encode')
      const before = { ...memoryCrossings }
      writeAt(Hundred, block.address, value as never)
      expect(memoryCrossings.copies - before.copies).toBe(1)
      expect(view).not.toHaveBeenCalled()
      expect(encode).not.toHaveBeenCalled()
      vi.restoreAllMocks()
      const want = Array.from({ length: 100 }, (_, i) => BigInt(4_000_000_000 - i * 7) * BigInt(i + 1)).reduce((a, b) => a + b)
      expect(weightedSum(block.address)).toBe(want)
    } finally {
      block.free()
    }
  })
})
