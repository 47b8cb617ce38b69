// loadFromDirectory: the library of a root module found in a folder by its base name and the
// platform's naming, as abi_stable's RootModule::load_from_directory finds it.
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import { DeclarationError, LibraryNotFoundError, libraryFileName, loadFromDirectory, loadLibrary, t } from '../../src/index.ts'
import { goodPlugins } from './plugins.ts'

describe('loadFromDirectory', () => {
  it('names libraries as each platform does', () => {
    expect(libraryFileName('example_connector', 'linux')).toBe('libexample_connector.so')
    expect(libraryFileName('example_connector', 'darwin')).toBe('libexample_connector.dylib')
    expect(libraryFileName('example_connector', 'win32')).toBe('example_connector.dll')
    expect(libraryFileName('example_connector', 'freebsd')).toBe('libexample_connector.so')
  })

  it.each(goodPlugins())('%s: finds the example connector by the base name the library gives itself, and loads it as loadLibrary does', (_lang, file) => {
    const byPath = loadLibrary(file, ConnectorMod, { version: CONNECTOR_VERSION })
    const lib = loadFromDirectory(path.dirname(file), ConnectorMod, { version: CONNECTOR_VERSION, baseName: byPath.baseName })
    expect(lib).toBe(byPath)
    expect(lib.module.echo('found')).toBe('found!')
  })

  it('takes the base name from the declaration', () => {
    const [, file] = goodPlugins()[1]
    const Named = t.prefixModule('ConnectorMod', ConnectorMod.fields, { lastPrefixField: 'from_config', baseName: 'example_connector' })
    expect(Named.baseName).toBe('example_connector')
    expect(loadFromDirectory(path.dirname(file), Named, { version: CONNECTOR_VERSION }).module.echo('named')).toBe('named!')
  })

  it('says what is missing: no base name, no such library, an unknown option', () => {
    const dir = path.dirname(goodPlugins()[0][1])
    expect(() => loadFromDirectory(dir, ConnectorMod, { version: CONNECTOR_VERSION })).toThrow(DeclarationError)
    expect(() => loadFromDirectory(dir, ConnectorMod, { version: CONNECTOR_VERSION })).toThrow(/has no base name; declare it \(t\.prefixModule\(\.\.\., \{ baseName: 'my_plugin' \}\)\) or pass \{ baseName \}/)
    expect(() => loadFromDirectory(dir, ConnectorMod, { version: CONNECTOR_VERSION, baseName: 'no_such_plugin' })).toThrow(LibraryNotFoundError)
    expect(() => loadFromDirectory(dir, ConnectorMod, { version: CONNECTOR_VERSION, baseName: 'x', dir: '/' } as never)).toThrow(/loadFromDirectory: unknown option 'dir'/)
    expect(() => t.prefixModule('M', { f: t.fn([], t.unit) }, { baseName: 'lib/evil' })).toThrow(/baseName must be a library base name/)
  })
})
