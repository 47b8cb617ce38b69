// Hostile libraries: files that are not libraries, libraries cut short or built for another
// machine, and real plugins whose abi_stable statics hold garbage. Each gives a typed error and
// the process goes on (docs/loading.md, "Hostile and corrupt libraries"). The LibHeader reader
// is fuzzed in libheader-fuzz.test.ts.
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
import { memoryMap } from '../../src/abi/mapped-memory.ts'
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

const load = (file: string) => loadLibrary(file, HostileMod, { version: HOSTILE_VERSION })

/** The LoadError loading `file` throws, checked to be a `type`. */
function refused<E extends LoadError>(type: abstract new (...a: never[]) => E, file: string): E {
  try {
    load(file)
  } catch (e) {
    expect(e).toBeInstanceOf(type)
    expect((e as E).path).toBe(file)
    return e as E
  }
  throw new Error(`expected ${type.name}, but ${file} loaded`)
}

let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-hostile-'))
})
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))

describe('files that are not (whole) libraries for this machine', () => {
  it('the sound plugin loads (the control case)', () => {
    const lib = load(hostileLibrary('sound'))
    expect(lib.module.answer()).toBe(42)
    expect(lib.module.twice(21)).toBe(42)
    expect(lib.fields.absent).toEqual(['later', 'latest'])
  })

  it('random bytes, and random bytes behind an ELF magic, with the .so suffix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), fc.boolean(), (bytes, elfMagic) => {
        const file = path.join(tmp, 'random.so')
        fs.writeFileSync(file, elfMagic ? Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), bytes]) : bytes)
        // A fresh name each time: the loader caches by real path.
        const unique = path.join(tmp, `random-${Math.random().toString(36).slice(2)}.so`)
        fs.renameSync(file, unique)
        refused(LibraryNotLoadableError, unique)
      }),
      { seed: 9, numRuns: 60 },
    )
  })

  it('a directory and an empty file named like a library', () => {
    const dir = path.join(tmp, 'folder.so')
    fs.mkdirSync(dir)
    const empty = path.join(tmp, 'empty.so')
    fs.writeFileSync(empty, '')
    for (const file of [dir, empty]) refused(LibraryNotLoadableError, file)
  })

  const m32 = 'a 32-bit x86 build of the plugin (gcc -m32)'
  it.skipIf(skipWithout('gcc -m32', `test/hardening/hostile-libraries.test.ts > ${m32}`))(m32, () => {
    const e = refused(LibraryNotLoadableError, hostile32BitLibrary())
    expect(e.reason).toMatch(/32-bit.*wrong ELF class/)
  })

  it('the plugin relabelled for AArch64, RISC-V and 32-bit ARM', () => {
    for (const machine of [183, 243, 40]) {
      const e = refused(LibraryNotLoadableError, foreignMachineLibrary(machine))
      expect(e.reason).toContain(`ELF machine ${machine}`)
    }
  })

  it('the plugin cut short anywhere inside its loadable segments (dlopen alone would map it and die of SIGBUS)', () => {
    const size = soundSize()
    const cuts = [0, 4, 16, 52, 63, 64, 200, 1000, 4096, 8192, Math.floor(size / 3), Math.floor(size / 2)]
    for (const cut of cuts) {
      const e = refused(LibraryNotLoadableError, truncatedLibrary(cut))
      expect(e.reason).toMatch(/truncated|too short|header|ELF/i)
    }
    // Cut inside the section headers only (not mapped): the plugin still works.
    expect(load(truncatedLibrary(size - 1)).module.answer()).toBe(42)
  })
})

describe('a real plugin whose loader symbol holds garbage', () => {
  const cases: [HostileCase, string, RegExp][] = [
    ['huge_version_len', 'LibHeader.root_mod_consts.version_strings', /is \d+ bytes long, more than the 4096/],
    ['huge_name_len', 'LibHeader.root_mod_consts.name', /is 18446744073709551615 bytes long/],
    ['wild_version_ptr', 'LibHeader.root_mod_consts.version_strings', /points at 0x1000, 5 bytes that are not in readable memory/],
    ['wild_base_name', 'LibHeader.root_mod_consts.base_name', /points at 0xdead00000000/],
    ['invalid_utf8_name', 'LibHeader.root_mod_consts.name', /is not valid UTF-8/],
    ['bad_layout_tag', 'LibHeader.root_mod_consts.layout', /has tag 7, neither Yes \(0\) nor No \(1\)/],
    ['wild_layout', 'LibHeader.root_mod_consts.layout', /points at 0x1000, not at a TypeLayout/],
    ['null_constructor', 'LibHeader.constructor', /is NULL/],
    ['data_constructor', 'LibHeader.constructor', /points at 0x[0-9a-f]+, which is not code/],
    ['wild_stored_module', 'LibHeader.module.pointer', /holds 0x1000/],
    ['wild_module', 'HostileMod', /is at 0x1000, not in readable memory/],
    ['accessible_64', 'HostileMod.later', /points at 0x4141414141414141, which is not code \(accessibility bits 0xffffffffffffffff/],
  ]
  it.each(cases)('%s: CorruptLibraryError at %s', (name, field, problem) => {
    const e = refused(CorruptLibraryError, hostileLibrary(name))
    expect(e.code).toBe('ERR_ABI_CORRUPT_LIBRARY')
    expect(e.field).toBe(field)
    expect(e.problem).toMatch(problem)
    expect(e.message).toMatch(/rebuild it with abi_stable 0\.11/)
  })

  it('wrong magic: AbiHeaderMismatchError', () => {
    const e = refused(AbiHeaderMismatchError, hostileLibrary('wrong_magic'))
    expect(e.found.magic).toMatch(/^(\\xff){32}$/)
  })

  it('the process is still sound afterwards: the control plugin still answers', () => {
    expect(load(hostileLibrary('sound')).module.twice(50)).toBe(100)
  })
})
