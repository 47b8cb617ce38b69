// Large buffers (1 MiB and more) a plugin's value points at are checked before they are read:
// by the runtime (src/native/mem_readable.c: the kernel says whether the range is mapped
// readable, without touching it) or, where it cannot, from /proc/self/maps in JS. The std test
// plugins' tp_slice_unreadable gives 2 MiB slices over regions that are readable, PROT_NONE,
// never mapped, readable but for one PROT_NONE page in the middle, and write-only: each must read
// or be refused with a typed error, never crash, by every way of checking.
import koffi from 'koffi'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { InvalidValueError, bindFunction, t } from '../../src/index.ts'
import { memoryMap, type MemoryAccess } from '../../src/abi/mapped-memory.ts'
import { checkLargeBuffersByRuntime } from '../../src/types/native-bytes.ts'
import { runtimeLibrary } from '../../src/types/runtime.ts'

const plugins = inject('stdTestPlugins')
const REGION = 2 << 20
const kinds: [name: string, kind: number, access: MemoryAccess][] = [
  ['readable', 0, 'readable'],
  ['PROT_NONE', 1, 'unreadable'],
  ['never mapped', 2, 'unmapped'],
  ['a PROT_NONE page in the middle', 3, 'unreadable'],
  ['write-only', 4, 'unreadable'],
]
// src/native/mem_readable.h
const ANSWERS: Record<number, MemoryAccess | 'unknown'> = { [-1]: 'unknown', 0: 'unmapped', 1: 'readable', 2: 'unreadable' }
const METHOD = { procmap: 1, vmReadv: 2 } as const
const readableBy = runtimeLibrary().func('int abs_memory_readable_by(uintptr_t address, size_t length, int method)') as unknown as (
  address: bigint,
  length: number,
  method: number,
) => number
const RawSlice = t.struct('RawSlice', { data: t.usize, length: t.usize })

afterEach(() => checkLargeBuffersByRuntime(true))

describe.each(Object.entries(plugins))('%s plugin', (_lang, path) => {
  const lib = koffi.load(path)
  const slice = bindFunction(lib, 'tp_slice_unreadable', t.fn([t.u32], t.RSlice(t.u32))) as (kind: number) => Uint32Array
  const raw = bindFunction(lib, 'tp_slice_unreadable', t.fn([t.u32], RawSlice)) as (kind: number) => { data: bigint; length: bigint }
  const region = (kind: number): bigint => {
    const s = raw(kind)
    expect(s.length).toBe(BigInt(REGION / 4)) // the plugin made the region
    return s.data
  }

  it('the runtime tells each region by process_vm_readv (any Linux)', () => {
    for (const [, kind, access] of kinds) expect(ANSWERS[readableBy(region(kind), REGION, METHOD.vmReadv)]).toBe(access)
  })
  it('the runtime tells each region by PROCMAP_QUERY (Linux 6.11+; elsewhere it says it cannot)', () => {
    const supported = readableBy(region(0), REGION, METHOD.procmap) !== -1
    for (const [, kind, access] of kinds) expect(ANSWERS[readableBy(region(kind), REGION, METHOD.procmap)]).toBe(supported ? access : 'unknown')
  })
  it('a range ending one byte into the PROT_NONE page is refused; one ending just before it is not', () => {
    const start = region(3)
    for (const method of [METHOD.procmap, METHOD.vmReadv]) {
      if (readableBy(start, 1, method) === -1) continue // PROCMAP_QUERY before Linux 6.11
      expect(ANSWERS[readableBy(start, REGION / 2, method)]).toBe('readable')
      expect(ANSWERS[readableBy(start, REGION / 2 + 1, method)]).toBe('unreadable')
      expect(ANSWERS[readableBy(start + BigInt(REGION / 2 + 4096), REGION / 2 - 4096, method)]).toBe('readable')
    }
  })
  it('the JS map (the fallback) tells each region alike', () => {
    const map = memoryMap()
    for (const [, kind, access] of kinds) expect(map.access(region(kind), REGION)).toBe(access)
  })

  describe.each([
    ['by the runtime', true],
    ['from /proc/self/maps in JS', false],
  ])('values checked %s', (_how, byRuntime) => {
    it('the readable 2 MiB slice reads', () => {
      checkLargeBuffersByRuntime(byRuntime)
      const values = slice(0)
      expect(values.length).toBe(REGION / 4)
      expect([values[0], values[1], values[REGION / 8], values[REGION / 4 - 1]]).toEqual([0, 1, REGION / 8, REGION / 4 - 1])
    })
    it.each(kinds.slice(1))('%s: a typed InvalidValueError naming the buffer, no crash', (_name, kind, access) => {
      checkLargeBuffersByRuntime(byRuntime)
      const why = access === 'unmapped' ? 'that are not mapped' : 'mapped without read access'
      const address = `0x${region(kind).toString(16)}`
      expect(() => slice(kind)).toThrow(InvalidValueError)
      expect(() => slice(kind)).toThrow(`expected RSlice<u32> whose buffer is in readable memory, got ${REGION} bytes at ${address} ${why}`)
    })
  })
})
