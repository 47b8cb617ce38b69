// A library older than the interface (the older example connectors lack word_count): what it means
// is the declaration's missingField, as abi_stable's #[sabi(missing_field(...))]; and the
// initialize hook (RootModule::initialization) that runs once per library before it is handed out.
import { describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import { DeclarationError, InitializationError, MissingFieldError, MissingFieldsError, loadLibrary, t } from '../../src/index.ts'
import { goodPlugins, plugins } from './plugins.ts'

const older: [string, () => string][] = [
  ['C', () => plugins().c.c_older],
  ['Rust', () => plugins().rust.connector_older],
]
const declare = (options: Record<string, unknown>) => t.prefixModule('ConnectorMod', ConnectorMod.fields, { lastPrefixField: 'from_config', ...options })

describe.each(older)('%s: an older library', (_lang, file) => {
  it("is refused by default (missingField 'panic', as abi_stable), naming what it lacks and how to accept it", () => {
    const Strict = declare({})
    expect(Strict.missingField).toBe('panic')
    expect(() => loadLibrary(file(), Strict, { version: CONNECTOR_VERSION })).toThrow(MissingFieldsError)
    expect(() => loadLibrary(file(), Strict, { version: CONNECTOR_VERSION })).toThrow(/is older than the interface: its ConnectorMod lacks word_count; .*missingField: 'option' \| 'default' \| 'throw'/)
  })

  it("with 'option', an absent field reads as undefined", () => {
    const lib = loadLibrary(file(), declare({ missingField: 'option' }), { version: CONNECTOR_VERSION })
    expect(lib.module.word_count).toBeUndefined()
    expect(lib.module.echo('still')).toBe('still!')
  })

  it("with 'default', an absent field reads as its declared default", () => {
    const fallback = (text: string) => new Map(text.split(' ').map((w) => [w, 0]))
    const lib = loadLibrary(file(), declare({ missingField: 'default', defaults: { echo: (s: string) => s, sum: () => 0n, word_count: fallback } }), { version: CONNECTOR_VERSION })
    expect(lib.module.word_count('a b')).toEqual(new Map([['a', 0], ['b', 0]]))
    // Fields the library has are its own.
    expect(lib.module.echo('own')).toBe('own!')
  })

  it("with 'throw', it loads and reading the absent field throws MissingFieldError", () => {
    const lib = loadLibrary(file(), declare({ missingField: 'throw' }), { version: CONNECTOR_VERSION })
    expect(lib.module.$has('word_count')).toBe(false)
    expect(() => lib.module.word_count('a')).toThrow(MissingFieldError)
  })
})

describe('missingField declarations', () => {
  it('are checked', () => {
    expect(() => declare({ missingField: 'ignore' })).toThrow(/missingField must be one of 'panic', 'option', 'default', 'throw'/)
    expect(() => declare({ missingField: 'default' })).toThrow(/defaults go with missingField: 'default'/)
    expect(() => declare({ defaults: {} })).toThrow(DeclarationError)
    expect(() => declare({ missingField: 'default', defaults: { connector_type: () => '' } })).toThrow(/defaults for connector_type, which is not a field after lastPrefixField/)
    expect(() => declare({ missingField: 'default', defaults: { echo: (s: string) => s } })).toThrow(/needs a default for sum, word_count/)
  })
})

describe.each(goodPlugins())('%s: initialize', (_lang, file) => {
  it('runs once per library and declaration, with the module, before the library is handed out', () => {
    const Mod = declare({ missingField: 'throw' })
    const seen: string[] = []
    const initialize = (module: { connector_type(): string }) => void seen.push(module.connector_type())
    const lib = loadLibrary(file, Mod, { version: CONNECTOR_VERSION, initialize })
    expect(loadLibrary(file, Mod, { version: CONNECTOR_VERSION, initialize })).toBe(lib)
    expect(seen).toEqual(['echo'])
  })

  it('a throw fails the load with InitializationError, and the next load tries again', () => {
    const Mod = declare({ missingField: 'throw' })
    let calls = 0
    const initialize = () => {
      if (++calls === 1) throw new Error('ECHO_BACKEND_URL is not set')
    }
    expect(() => loadLibrary(file, Mod, { version: CONNECTOR_VERSION, initialize })).toThrow(InitializationError)
    expect(() => loadLibrary(file, declare({}), { version: CONNECTOR_VERSION, initialize: () => { throw new Error('ECHO_BACKEND_URL is not set') } })).toThrow(/initializing '.*' failed: ECHO_BACKEND_URL is not set/)
    expect(loadLibrary(file, Mod, { version: CONNECTOR_VERSION, initialize }).module.echo('x')).toBe('x!')
    expect(calls).toBe(2)
  })

  it('unknown load options are refused by name', () => {
    expect(() => loadLibrary(file, ConnectorMod, { version: CONNECTOR_VERSION, checkLayout: false } as never)).toThrow(/loadLibrary: unknown option 'checkLayout'; the options are 'version', 'initialize'/)
  })
})
