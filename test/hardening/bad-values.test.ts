// Values that break the std types' contracts coming back from a plugin (fixtures/bad_values.c):
// what can be told from the value itself is refused with a typed error before its buffer is
// read, and an owned value is still dropped through its own vtable exactly once. What cannot be
// told (a dangling pointer to a small buffer) is listed in docs/hardening.md.
import koffi, { type LibraryHandle } from 'koffi'
import { beforeAll, describe, expect, it } from 'vitest'
import { AbiError, InvalidValueError, bindFunction, t, type Desc } from '../../src/index.ts'
import { InvalidUtf8Error } from '../../src/types/errors.ts'
import { buildCLibrary } from '../setup/build-c.ts'

let lib: LibraryHandle
let drops: () => bigint
beforeAll(() => {
  const file = buildCLibrary('test/hardening/fixtures/bad_values.c', 'bad_values', {
    flags: ['-std=c11', '-Iplugins-c/include'],
    deps: ['plugins-c/include/abi_stable.h'],
  })
  lib = koffi.load(file)
  drops = bindFunction(lib, 'bv_drops', t.fn([], t.u64)) as () => bigint
})

const call = (name: string, d: Desc) => (bindFunction(lib, name, t.fn([], d)) as () => unknown)()

/** Calls `name`, expecting `type` with a message matching `message`; returns how many drops the call made. */
function refusal(name: string, d: Desc, type: new (...a: never[]) => AbiError, message: RegExp): bigint {
  const before = drops()
  expect(() => call(name, d)).toThrow(type)
  expect(() => call(name, d)).toThrow(message)
  return (drops() - before) / 2n
}

describe('owned values (RString, RVec) a plugin returns broken', () => {
  const cases: [string, Desc, new (...a: never[]) => AbiError, RegExp][] = [
    ['bv_string_invalid_utf8', t.RString, InvalidUtf8Error, /an RString holds bytes that are not valid UTF-8/],
    ['bv_string_len_over_cap', t.RString, InvalidValueError, /expected RString whose length is at most its capacity, got length 5000, capacity 5/],
    ['bv_string_null', t.RString, InvalidValueError, /expected RString with a non-null buffer, got a NULL buffer with length 5/],
    ['bv_string_null_page', t.RString, InvalidValueError, /user-space address, got 0x10 with length 3/],
    ['bv_string_kernel', t.RString, InvalidValueError, /user-space address, got 0xffff800000001000/],
    ['bv_string_huge', t.RString, InvalidValueError, /of at most 4294967296 bytes, got length 1099511627776/],
    ['bv_string_unmapped_large', t.RString, InvalidValueError, /in readable memory, got 2097152 bytes at 0x200000000000 that are not mapped/],
    ['bv_vec_u32_len_over_cap', t.RVec(t.u32), InvalidValueError, /RVec<u32> whose length is at most its capacity, got length 9, capacity 4/],
    ['bv_vec_u32_null', t.RVec(t.u32), InvalidValueError, /RVec<u32> with a non-null buffer/],
  ]
  it.each(cases)('%s: typed error, and dropped once through its vtable', (name, d, type, message) => {
    expect(refusal(name, d, type, message)).toBe(1n)
  })
  it('sound values from the same plugin read, and are dropped once', () => {
    const before = drops()
    expect(call('bv_string_ok', t.RString)).toBe('hello')
    expect([...(call('bv_vec_u32_ok', t.RVec(t.u32)) as Uint32Array)]).toEqual([1, 2, 3, 4])
    // An empty string with a NULL buffer breaks Rust's NonNull rule but reads nothing: accepted.
    expect(call('bv_string_empty_null', t.RString)).toBe('')
    expect(drops() - before).toBe(3n)
  })
})

describe('RBoxErrors a plugin returns broken', () => {
  const cases: [string, Desc, new (...a: never[]) => AbiError, RegExp][] = [
    ['bv_error_null_vtable', t.RBoxError, InvalidValueError, /expected RBoxError \(non-null data and vtable pointers\), got a null vtable/],
    ['bv_error_null_data', t.RBoxError, InvalidValueError, /expected RBoxError \(non-null data and vtable pointers\), got null data/],
    // Its fields are prefix fields (always present, whatever the bits say): read as NULL slots.
    ['bv_error_no_fields', t.RBoxError, InvalidValueError, /ROption<DebugDisplayRef> \(a non-null function pointer\), got null/],
  ]
  it.each(cases)('%s: typed error, and dropped once through its box vtable', (name, d, type, message) => {
    expect(refusal(name, d, type, message)).toBe(1n)
  })
})

describe('borrowed values (RStr, RSlice) a plugin returns broken', () => {
  const cases: [string, Desc, new (...a: never[]) => AbiError, RegExp][] = [
    ['bv_str_null', t.RStr, InvalidValueError, /RStr with a non-null buffer, got a NULL buffer with length 4/],
    ['bv_str_invalid_utf8', t.RStr, InvalidUtf8Error, /an RStr holds bytes that are not valid UTF-8/],
    ['bv_str_null_page', t.RStr, InvalidValueError, /RStr whose buffer is a user-space address, got 0x800/],
    ['bv_slice_null', t.RSlice(t.u32), InvalidValueError, /RSlice<u32> with a non-null buffer/],
    ['bv_slice_huge', t.RSlice(t.u32), InvalidValueError, /RSlice<u32> of at most 4294967296 bytes/],
  ]
  it.each(cases)('%s: typed error, nothing dropped (borrowed)', (name, d, type, message) => {
    expect(refusal(name, d, type, message)).toBe(0n)
  })
})
