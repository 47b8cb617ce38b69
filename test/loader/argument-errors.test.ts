// A wrong argument to a root module's function is reported with the module, the function, the
// argument's position and declared type, then the path inside the value (the same
// InvalidValueError and code as anywhere else), through the real example connectors.
import { describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import { InvalidValueError, loadLibrary } from '../../src/index.ts'
import { goodPlugins } from './plugins.ts'

/** Runs `fn`, expecting an InvalidValueError, and returns it. */
function invalid(fn: () => unknown): InvalidValueError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidValueError)
    expect((e as InvalidValueError).code).toBe('ERR_ABI_INVALID_VALUE')
    return e as InvalidValueError
  }
  throw new Error('expected an InvalidValueError, but nothing was thrown')
}

describe.each(goodPlugins())('the %s example connector: a wrong argument names where it went', (_lang, file) => {
  const lib = () => loadLibrary(file, ConnectorMod, { version: CONNECTOR_VERSION })
  const m = () => lib().module as unknown as Record<string, (...a: unknown[]) => unknown>

  it('a module function: `Module.function, argument N (Type)`', () => {
    const err = invalid(() => m().word_count(42))
    expect(err.message).toBe('ConnectorMod.word_count, argument 0 (RStr): expected string (RStr), got number')
    expect(err.argument).toEqual({ fn: 'ConnectorMod.word_count', index: 0, type: 'RStr' })
    expect(err.path).toBe('')
    expect(invalid(() => m().from_config(5, undefined)).message).toBe('ConnectorMod.from_config, argument 0 (RString): expected string (RString), got number')
  })

  it('the path inside the argument follows it, once', () => {
    const slice = invalid(() => m().sum([1n, 'x']))
    expect(slice.message).toBe('ConnectorMod.sum, argument 0 (RSlice<i64>): [1]: expected bigint or safe integer in i64 range, got string "x"')
    expect(slice.path).toBe('[1]')
    const config = invalid(() => m().from_config('in', { target: () => 1 }))
    expect(config.message).toMatch(/^ConnectorMod\.from_config, argument 1 \(ROption<Value>\): [^:]*\["target"\]: expected a Value \(/)
    expect(config.message.match(/argument/g)).toHaveLength(1)
  })

  it('a function bound again with call options is named the same way', () => {
    const echo = lib().bind('echo', { returns: 'handle' }) as unknown as (v: unknown) => unknown
    expect(invalid(() => echo(7)).message).toBe('ConnectorMod.echo, argument 0 (RString): expected string (RString), got number')
  })

  it('the wrong number of arguments names the function', () => {
    expect(invalid(() => m().echo()).message).toBe('ConnectorMod.echo: expected 1 argument, got 0')
  })

  it('the good calls still work after the bad ones', () => {
    expect(m().echo('hi')).toBe('hi!')
    expect(m().sum([1n, 2n])).toBe(3n)
  })
})
