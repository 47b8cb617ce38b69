// One fixture per way loading can fail (like abi_stable's `testing/1 - loading errors/`), each
// with its exact typed error; in C and Rust where the failure can be built in both.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import koffi from 'koffi'
import { beforeAll, describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import {
  AbiError,
  AbiHeaderMismatchError,
  DeclarationError,
  LayoutMismatchError,
  LibraryNotFoundError,
  LibraryNotLoadableError,
  LoadError,
  NotAPluginError,
  PluginPanicError,
  PluginReturnedError,
  VersionMismatchError,
  loadLibrary,
  t,
} from '../../src/index.ts'
import { constructions, plugins } from './plugins.ts'

const load = (p: string, version = CONNECTOR_VERSION) => loadLibrary(p, ConnectorMod, { version })

/** The error `run` throws, checked to be a LoadError of `type` for `file`. */
function failure<E extends LoadError>(type: new (...a: never[]) => E, file: string, run: () => unknown = () => load(file)): E {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(type)
    expect(e).toBeInstanceOf(AbiError)
    expect((e as E).path).toBe(file)
    expect((e as Error).message.startsWith(`${file}: `)).toBe(true)
    return e as E
  }
  throw new Error(`expected ${type.name}, but loading ${file} succeeded`)
}

let tmp: string
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-errors-'))
  return () => fs.rmSync(tmp, { recursive: true, force: true })
})

describe('opening', () => {
  it('a missing file', () => {
    const e = failure(LibraryNotFoundError, path.join(tmp, 'nope.so'))
    expect(e.code).toBe('ERR_ABI_LIBRARY_NOT_FOUND')
  })
  it('a text file and random bytes with the library suffix', () => {
    const text = path.join(tmp, 'readme.so')
    fs.writeFileSync(text, 'this is not a library\n')
    const random = path.join(tmp, 'random.so')
    fs.writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) & 0xff)))
    for (const file of [text, random]) {
      const e = failure(LibraryNotLoadableError, file)
      expect(e.code).toBe('ERR_ABI_LIBRARY_NOT_LOADABLE')
      expect(e.reason).toMatch(/ELF|header|too short|file/i)
    }
  })
  it('a shared library without the root-module symbol', () => {
    const e = failure(NotAPluginError, plugins().c.c_not_a_plugin)
    expect(e.code).toBe('ERR_ABI_NOT_A_PLUGIN')
    expect(e.symbol).toBe('_1as_0lib_1header_0root_bmodule_bloader')
    expect(e.message).toMatch(/export the root module with #\[export_root_module\]/)
  })
})

describe('the AbiHeader', () => {
  const expected = { magic: 'abi stable library for Rust     ', major: 0, minor: 11 }
  it.each([
    ['c_wrong_magic', { magic: 'abi stable library for Rusk     ', major: 0, minor: 11 }, /not an abi_stable library/],
    ['c_wrong_abi_minor', { ...expected, minor: 12 }, /built with abi_stable 0\.12.*rebuild it with abi_stable 0\.11\.x/],
    ['c_wrong_abi_major', { ...expected, major: 1 }, /built with abi_stable 1\.11/],
  ])('%s', (name, found, message) => {
    const e = failure(AbiHeaderMismatchError, plugins().c[name])
    expect(e.code).toBe('ERR_ABI_HEADER_MISMATCH')
    expect(e.expected).toEqual(expected)
    expect(e.found).toEqual(found)
    expect(e.message).toMatch(message)
  })
})

describe('the interface version (same major; for 0.x the same minor; patch ignored)', () => {
  it.each([
    ['C', 'c_version_0_2_0', '0.2.0'],
    ['Rust', 'connector_version_0_2_0', '0.2.0'],
    ['C', 'c_version_1_0_0', '1.0.0'],
    ['Rust', 'connector_version_1_0_0', '1.0.0'],
  ])('%s: a %s library is refused by a host expecting 0.1.0', (lang, name, found) => {
    const file = lang === 'C' ? plugins().c[name] : plugins().rust[name]
    const e = failure(VersionMismatchError, file)
    expect(e.code).toBe('ERR_ABI_VERSION_MISMATCH')
    expect([e.expected, e.found, e.library]).toEqual(['0.1.0', found, name])
    expect(e.message).toMatch(found === '1.0.0' ? /the major versions differ/ : /for 0\.x versions the minor versions must be equal/)
    // Nothing of the library ran.
    if (lang === 'C') expect(constructions(file)).toBe(0)
  })

  it.each([
    ['C', () => plugins().c.c_version_0_1_5],
    ['Rust', () => plugins().rust.connector_version_0_1_5],
  ])('%s: a 0.1.5 library serves a host expecting 0.1.0, and 0.1.0 one expecting 0.1.7', (_lang, file) => {
    expect(load(file()).version).toBe('0.1.5')
    expect(load(plugins().c.example_connector_c, '0.1.7').version).toBe('0.1.0')
  })

  it('a 1.0.0 library serves a host expecting 1.3.0 (minors do not matter from 1.0)', () => {
    const lib = load(plugins().rust.connector_version_1_0_0, '1.3.0')
    expect(lib.module.echo('one')).toBe('one!')
  })

  it('the host version must be a version', () => {
    expect(() => load(plugins().c.example_connector_c, 'latest')).toThrow(DeclarationError)
    expect(() => loadLibrary(plugins().c.example_connector_c, t.struct('X', { a: t.u8 }) as never, { version: '0.1.0' })).toThrow(DeclarationError)
  })
})

describe('the layout', () => {
  it.each([
    ['C', () => plugins().c.c_layout_drift, 'ConnectorMod.echo.args[0]', 'RString', 'RStr'],
    ['Rust', () => plugins().rust.connector_layout_drift, 'ConnectorMod.sum.args[0]<0>', 'i64', 'i32'],
  ])('%s: a drifted copy of the declaration names the first difference', (lang, file, fieldPath, expected, found) => {
    const e = failure(LayoutMismatchError, file())
    expect(e.code).toBe('ERR_ABI_LAYOUT_MISMATCH')
    expect([e.check, e.fieldPath, e.expected, e.found]).toEqual(['layout-string', fieldPath, expected, found])
    expect(e.message).toContain(`at ${fieldPath}: expected ${expected}, found ${found}`)
    if (lang === 'C') expect(constructions(file())).toBe(0)
  })

  it('a descriptor whose fingerprint is not that of its string', () => {
    const e = failure(LayoutMismatchError, plugins().c.c_bad_fingerprint)
    expect(e.fieldPath).toBe('ConnectorMod (layout descriptor)')
    expect(e.found).toBe('0x0000000000001234')
    expect(e.message).toMatch(/edited without its fingerprint/)
  })

  it("an abi_stable-shaped library whose TypeLayout names a field differently", () => {
    const e = failure(LayoutMismatchError, plugins().rust.connector_renamed_field)
    expect([e.check, e.fieldPath, e.expected, e.found]).toEqual([
      'type-layout-field-names',
      'ConnectorMod.word_count',
      'field 4 named word_count',
      'field 4 named count_words',
    ])
  })

  it('a TypeLayout whose prefix is longer than declared', () => {
    const Longer = t.prefixModule('ConnectorMod', { ...ConnectorMod.fields }, { lastPrefixField: 'echo' })
    const e = failure(LayoutMismatchError, plugins().rust.connector_abi_stable_shaped, () => loadLibrary(plugins().rust.connector_abi_stable_shaped, Longer, { version: '0.1.0' }))
    expect([e.check, e.fieldPath, e.expected, e.found]).toEqual(['type-layout-field-names', 'ConnectorMod', '3 prefix fields (up to echo)', '2'])
  })

  it('a TypeLayout whose field is not the size declared', () => {
    const { sum: _sum, ...rest } = ConnectorMod.fields
    const Wrong = t.prefixModule('ConnectorMod', { connector_type: rest.connector_type, from_config: rest.from_config, echo: rest.echo, sum: t.RStr }, { lastPrefixField: 'from_config' })
    const e = failure(LayoutMismatchError, plugins().rust.connector_abi_stable_shaped, () => loadLibrary(plugins().rust.connector_abi_stable_shaped, Wrong, { version: '0.1.0' }))
    // A function-pointer field where the host declares data: caught by the names check's flag.
    expect([e.check, e.fieldPath, e.expected, e.found]).toEqual(['type-layout-field-names', 'ConnectorMod.sum', 'a RStr', 'a function pointer'])
  })
})

describe('the constructor', () => {
  it.each([
    ['C', () => plugins().c.c_constructor_error],
    ['Rust', () => plugins().rust.connector_constructor_error],
  ])("%s: a returned error carries the plugin's message, and is dropped", (lang, file) => {
    const e = failure(PluginReturnedError, file())
    expect(e.code).toBe('ERR_ABI_PLUGIN_RETURNED_ERROR')
    expect(e.pluginMessage).toBe('the connector needs ECHO_BACKEND_URL to be set')
    expect(e.message).toMatch(/failed to initialise: the connector needs ECHO_BACKEND_URL to be set/)
    if (lang === 'C') {
      // The C error has no as_debug_display, so the text came through `display` into a host string.
      expect(e.pluginDebug).toBe('the connector needs ECHO_BACKEND_URL to be set')
      expect(Number(koffi.load(file()).func('connector_error_drops', 'int', [])())).toBe(1)
    } else {
      expect(e.pluginDebug).toBe('"the connector needs ECHO_BACKEND_URL to be set"')
    }
    // Once per library: loading again reports the same failure without calling it again.
    expect(() => load(file())).toThrow(PluginReturnedError)
    if (lang === 'C') expect(constructions(file())).toBe(1)
  })

  it('Rust: a panic is caught in the plugin (Unwound) and becomes PluginPanicError', () => {
    const e = failure(PluginPanicError, plugins().rust.connector_constructor_panic)
    expect(e.code).toBe('ERR_ABI_PLUGIN_PANICKED')
    expect(e.message).toMatch(/panicked while building its root module/)
  })
})

describe('what a library without our layout descriptor is checked with', () => {
  it('C without a descriptor: only the AbiHeader and the version', () => {
    expect(load(plugins().c.c_no_layout).checks).toEqual(['abi-header', 'version'])
  })
  it("abi_stable-shaped: the TypeLayout's names, prefix and sizes", () => {
    expect(load(plugins().rust.connector_abi_stable_shaped).checks).toEqual(['abi-header', 'version', 'type-layout-field-names', 'type-layout-field-sizes', 'type-layout-signatures'])
  })
  it("abi_stable-shaped with #[unsafe_no_layout_constant]: the names in the module's own header", () => {
    expect(load(plugins().rust.connector_no_layout_constant).checks).toEqual(['abi-header', 'version', 'module-header-field-names'])
  })
})
