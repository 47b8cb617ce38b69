// The host's `version` option is one thing wherever it is given (loadLibrary, findPlugins): a
// string major.minor.patch. Every other form is refused with the same DeclarationError, naming the
// option and what it wants, before any library is opened (and even when none is found).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectorMod } from '../../examples/connector/interface.ts'
import { DeclarationError, findPlugins, loadLibrary, versionOption } from '../../src/index.ts'
import { plugins } from './plugins.ts'

const refused: [string, unknown, string][] = [
  ["'0.1'", '0.1', 'string "0.1"'],
  ['the number 0.1', 0.1, 'number 0.1'],
  ["'v0.1.0'", 'v0.1.0', 'string "v0.1.0"'],
  ["''", '', 'string ""'],
  ["'1.2.3.4'", '1.2.3.4', 'string "1.2.3.4"'],
  ["' 0.1.0'", ' 0.1.0', 'string " 0.1.0"'],
  ['null', null, 'null'],
  ['undefined', undefined, 'undefined'],
]

/** The DeclarationError `run` throws: its message. */
function declarationError(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(DeclarationError)
    expect((e as DeclarationError).code).toBe('ERR_ABI_DECLARATION')
    return (e as Error).message
  }
  throw new Error('expected a DeclarationError, but nothing was thrown')
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-version-'))
const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-version-empty-'))
// Copied once: a library file is never rewritten after it may have been mapped.
beforeAll(() => fs.copyFileSync(plugins().c.example_connector_c, path.join(dir, 'libexample_connector_c.so')))
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
  fs.rmSync(empty, { recursive: true, force: true })
})

describe.each(refused)('version %s', (_form, version, got) => {
  const wanted = (caller: string) => `${caller}: version must be a string major.minor.patch, like '0.1.0'; got ${got}`

  it('loadLibrary refuses it', () => {
    expect(declarationError(() => loadLibrary(plugins().c.example_connector_c, ConnectorMod, { version } as never))).toBe(wanted('loadLibrary'))
  })

  it('findPlugins refuses it, with plugins to load or none', () => {
    expect(declarationError(() => findPlugins({ dirs: [dir], module: ConnectorMod, version } as never))).toBe(wanted('findPlugins'))
    expect(declarationError(() => findPlugins({ dirs: [empty], module: ConnectorMod, version } as never))).toBe(wanted('findPlugins'))
  })
})

describe('accepted versions', () => {
  it('three numbers, with a semver pre-release or build suffix allowed', () => {
    expect(versionOption('0.1.0', 'x')).toEqual({ major: 0, minor: 1, patch: 0 })
    expect(versionOption('10.20.30', 'x')).toEqual({ major: 10, minor: 20, patch: 30 })
    expect(versionOption('0.1.7-beta.1+build.5', 'x')).toEqual({ major: 0, minor: 1, patch: 7 })
  })

  it('load and find the example connector', () => {
    expect(loadLibrary(plugins().c.example_connector_c, ConnectorMod, { version: '0.1.3' }).name).toBe('example_connector_c')
    expect(findPlugins({ dirs: [empty], module: ConnectorMod, version: '0.1.0', log: false })).toEqual({ plugins: [], errors: [], skipped: [] })
  })

  it('loadLibrary without options at all says the same', () => {
    expect(declarationError(() => (loadLibrary as (...a: unknown[]) => unknown)(plugins().c.example_connector_c, ConnectorMod))).toBe(
      "loadLibrary: version must be a string major.minor.patch, like '0.1.0'; got undefined",
    )
  })
})
