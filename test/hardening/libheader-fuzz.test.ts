// The LibHeader reader fuzzed with mutated copies of a sound header in native memory (split from
// hostile-libraries.test.ts). The reads are checked against a map of stable memory only: see
// stableMemoryMap below for the SIGSEGV the process-wide map caused now and then.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import koffi from 'koffi'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AbiError,
  AbiHeaderMismatchError,
  CorruptLibraryError,
  LibraryNotLoadableError,
  LoadError,
  allocNative,
  bindFunction,
  loadLibrary,
  t,
  type NativeBlock,
} from '../../src/index.ts'
import { memoryMap, type MemoryMap } from '../../src/abi/mapped-memory.ts'
import { readLibraryHeader } from '../../src/loader/statics-check.ts'
import {
  HOSTILE_VERSION,
  HostileMod,
  foreignMachineLibrary,
  hostile32BitLibrary,
  hostileLibrary,
  soundSize,
  truncatedLibrary,
  type HostileCase,
} from './hostile.ts'
import { skipWithout } from '../setup/tools.ts'


/**
 * What the fuzz may read: the header's own block, and memory mapped from files (libraries, node),
 * which stays mapped while their handles live. Anonymous memory does not count: a mutated pointer
 * (one byte of the block's address changed) lands in malloc's heap, which the snapshot saw mapped
 * but which glibc may give back between the snapshot and the read. That read crashed the worker
 * now and then (a core showed koffi's copy of a 7-byte text faulting in a trimmed heap).
 */
function stableMemoryMap(block: NativeBlock): MemoryMap {
  const whole = memoryMap()
  const files: [bigint, bigint][] = []
  for (const line of fs.readFileSync('/proc/self/maps', 'latin1').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) r\S{3} \S+ \S+ [1-9]\d*\s+\//.exec(line)
    if (m) files.push([BigInt(`0x${m[1]}`), BigInt(`0x${m[2]}`)])
  }
  const inBlock = (address: bigint, end: bigint) => address >= block.address && end <= block.address + BigInt(block.size)
  const inFiles = (address: bigint, end: bigint) => {
    for (let at = address; at < end; ) {
      const m = files.find(([start, stop]) => at >= start && at < stop)
      if (!m) return false
      at = m[1]
    }
    return true
  }
  return {
    known: true,
    readable: (address, length) => {
      const end = address + BigInt(length)
      return address > 0n && end >= address && (inBlock(address, end) || inFiles(address, end))
    },
    executable: (address) => whole.executable(address),
  }
}

// Kept referenced: koffi unloads a library whose handle is garbage-collected, and the header's
// constructor field points at its code.
let soundLib: unknown

describe('the LibHeader reader, fuzzed', () => {
  // A sound LibHeader (reference 4.2, 64-bit offsets) in native memory, its texts after it.
  const SIZE = 152
  const texts: [number, string][] = [
    [40, 'hostile'], // base_name
    [56, 'hostile'], // name
    [72, '0.1.0'], // version_strings
  ]
  let block: NativeBlock
  let sound: Uint8Array
  let code: bigint
  beforeAll(() => {
    // A koffi.load first (koffi's decode needs one), and code the constructor field may point at.
    const lib = koffi.load(hostileLibrary('sound'))
    soundLib = lib
    code = bindFunction(lib, 'hostile_code_address', t.fn([], t.ptr()))()
    block = allocNative(SIZE + 64)
    const bytes = new Uint8Array(SIZE + 64)
    const view = new DataView(bytes.buffer)
    bytes.set(new TextEncoder().encode('abi stable library for Rust     '), 0)
    view.setUint32(32, 0, true)
    view.setUint32(36, 11, true)
    let at = SIZE
    for (const [offset, text] of texts) {
      bytes.set(new TextEncoder().encode(text), at)
      view.setBigUint64(offset, block.address + BigInt(at), true)
      view.setBigUint64(offset + 8, BigInt(text.length), true)
      at += 16
    }
    view.setUint8(88, 1) // IsLayoutChecked::No
    view.setBigUint64(144, code, true) // constructor
    sound = bytes
  })
  afterAll(() => block.free())

  const reset = () => new Uint8Array(block.view.buffer, block.view.byteOffset, SIZE + 64).set(sound)

  it('reads the sound header', () => {
    reset()
    const { abi, consts } = readLibraryHeader('fuzz', memoryMap(), block.address)
    expect([abi.abi_major, abi.abi_minor]).toEqual([0, 11])
    expect([consts.base_name, consts.name, consts.version_strings, consts.layout.tag]).toEqual(['hostile', 'hostile', '0.1.0', 'No'])
  })

  it('mutated copies: each read succeeds with sane texts or throws a typed error (4000 runs)', () => {
    const map = stableMemoryMap(block)
    const outcomes = new Map<string, number>()
    // Word-sized values a corrupt header might hold: zeros, small and huge numbers, pointers
    // into the block (so texts run over other fields), into code, and near the top of memory.
    const word = fc.oneof(
      fc.constantFrom(0n, 1n, 7n, 0x1000n, 0xffffffffffffffffn, 0x8000000000000000n, 0x7ffffffff000n),
      fc.integer({ min: 0, max: SIZE + 63 }).map((o) => block.address + BigInt(o)),
      fc.integer({ min: -64, max: 64 }).map((o) => code + BigInt(o)),
      fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    )
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('byte' as const), offset: fc.integer({ min: 0, max: SIZE - 1 }), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('word' as const), offset: fc.integer({ min: 5, max: 18 }).map((i) => i * 8), value: word }),
    )
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        reset()
        const view = block.view
        for (const m of mutations) {
          if (m.kind === 'byte') view.setUint8(m.offset, m.value)
          else view.setBigUint64(m.offset, m.value, true)
        }
        let outcome: string
        try {
          const { consts } = readLibraryHeader('fuzz', map, block.address)
          for (const text of [consts.base_name, consts.name, consts.version_strings]) expect(text.length).toBeLessThanOrEqual(4096)
          outcome = 'read'
        } catch (e) {
          if (!(e instanceof AbiError)) throw e
          outcome = e.constructor.name
        }
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1)
      }),
      { seed: 4242, numRuns: 4000 },
    )
    console.log(`LibHeader fuzz, 4000 mutated headers: ${[...outcomes].map(([k, v]) => `${k} ${v}`).join(', ')}`)
    // The mutations reach every check, not only the magic.
    expect(outcomes.get('read')).toBeGreaterThan(100)
    expect(outcomes.get('CorruptLibraryError')).toBeGreaterThan(500)
    expect(outcomes.get('AbiHeaderMismatchError')).toBeGreaterThan(100)
  })
})
