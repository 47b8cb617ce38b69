// findPlugins over a plugin tree with good plugins (C and Rust, one nested), broken files
// (random bytes and text with the library suffix, a library that is not a plugin, one of
// another version), a symlink loop, a symlink to a good plugin, an unreadable folder and a
// plugin deeper than maxDepth: exactly the good ones load, each bad file is one failure with its
// reason, what was not searched says why, and nothing throws.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConnectorMod } from '../../examples/connector/interface.ts'
import { DeclarationError, findPlugins } from '../../src/index.ts'
import { repoRoot } from '../setup/paths.ts'
import { plugins } from './plugins.ts'

const suffix = process.platform === 'darwin' ? '.dylib' : '.so'
let root: string
const at = (...parts: string[]) => path.join(root, ...parts)

function put(file: string, from: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 })
  if (typeof from === 'string') fs.copyFileSync(from, file)
  else fs.writeFileSync(file, from)
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-plugins-'))
  fs.chmodSync(root, 0o755) // readable by the unprivileged child below
  put(at('c', `libexample_connector_c${suffix}`), plugins().c.example_connector_c)
  put(at('nested', 'rust', 'v1', `libexample_connector${suffix}`), plugins().rust.example_connector)
  put(at('broken', `random${suffix}`), Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 2654435761) >>> 24)))
  put(at('broken', `notes${suffix}`), Buffer.from('not a library, despite the name\n'))
  put(at('broken', 'README.txt'), Buffer.from('ignored: not a library suffix\n'))
  put(at('broken', `libnot_a_plugin${suffix}`), plugins().c.c_not_a_plugin)
  put(at('old', `libc_version_0_2_0${suffix}`), plugins().c.c_version_0_2_0)
  fs.mkdirSync(at('loop'), { mode: 0o755 })
  fs.symlinkSync('..', at('loop', 'up'))
  fs.symlinkSync(at('c', `libexample_connector_c${suffix}`), at('loop', `link${suffix}`))
  put(at('deep', 'a', 'b', 'c', `libdeep${suffix}`), plugins().c.example_connector_c)
  put(at('locked', `liblocked${suffix}`), plugins().c.example_connector_c)
  fs.chmodSync(at('locked'), 0o000)
})

afterAll(() => {
  fs.chmodSync(at('locked'), 0o755)
  fs.rmSync(root, { recursive: true, force: true })
})

interface Outcome {
  plugins: { path: string; name: string; checks: string[]; echo: string }[]
  errors: { path: string; code: string; reason: string }[]
  skipped: { path: string; reason: string }[]
  log: string[]
}

/**
 * findPlugins in a child process that permissions bind: root reads any folder, so as root the
 * child runs without the capabilities that bypass them (setpriv; it stays root, so it can still
 * read the repository wherever it is), or else as the unprivileged user nobody.
 */
function discoverUnprivileged(args: { dirs?: string[]; envVar?: string; maxDepth?: number }, env: NodeJS.ProcessEnv = {}): Outcome {
  const child = fileURLToPath(new URL('./discover-child.ts', import.meta.url))
  const node = [process.execPath, '--import', 'tsx', child, JSON.stringify(args)]
  const root = process.getuid?.() === 0
  const setpriv = root && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0
  const [cmd, ...argv] = setpriv ? ['setpriv', '--bounding-set', '-dac_override,-dac_read_search', ...node] : node
  const r = spawnSync(cmd, argv, {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, ...env, DEBUG: '' },
    ...(root && !setpriv ? { uid: 65534, gid: 65534 } : {}),
  })
  if (r.status !== 0) throw new Error(`discover-child failed (${r.status}):\n${r.stderr}`)
  return JSON.parse(r.stdout) as Outcome
}

describe('findPlugins', () => {
  it('loads exactly the good plugins and reports one failure per bad file', () => {
    const r = discoverUnprivileged({ dirs: [root], maxDepth: 3 })
    expect(r.plugins.map((p) => [path.relative(root, p.path), p.name, p.echo])).toEqual([
      [path.join('c', `libexample_connector_c${suffix}`), 'example_connector_c', 'found!'],
      [path.join('nested', 'rust', 'v1', `libexample_connector${suffix}`), 'example_connector', 'found!'],
    ])
    expect(r.errors.map((e) => [path.relative(root, e.path), e.code])).toEqual([
      [path.join('broken', `libnot_a_plugin${suffix}`), 'ERR_ABI_NOT_A_PLUGIN'],
      [path.join('broken', `notes${suffix}`), 'ERR_ABI_LIBRARY_NOT_LOADABLE'],
      [path.join('broken', `random${suffix}`), 'ERR_ABI_LIBRARY_NOT_LOADABLE'],
      [path.join('old', `libc_version_0_2_0${suffix}`), 'ERR_ABI_VERSION_MISMATCH'],
    ])
    expect(r.errors.every((e) => e.reason.startsWith(e.path))).toBe(true)
    expect(r.skipped.map((s) => [path.relative(root, s.path), s.reason])).toEqual([
      [path.join('deep', 'a', 'b', 'c'), 'deeper than maxDepth (3)'],
      ['locked', 'cannot read the folder (EACCES)'],
      [path.join('loop', `link${suffix}`), 'symbolic link (not followed)'],
      [path.join('loop', 'up'), 'symbolic link (not followed)'],
    ])
    // Failures and skips are logged at debug level.
    expect(r.log.filter((l) => l.startsWith('failed '))).toHaveLength(4)
    expect(r.log.some((l) => l.startsWith('skipped ') && l.includes('EACCES'))).toBe(true)
  })

  it('reads the directories from a PATH-like variable, and goes deeper when allowed', () => {
    const r = discoverUnprivileged(
      { envVar: 'TEST_PLUGIN_PATH', maxDepth: 4 },
      { TEST_PLUGIN_PATH: [at('deep'), path.join(root, 'missing'), '', at('c')].join(path.delimiter) },
    )
    expect(r.plugins.map((p) => path.relative(root, p.path))).toEqual([path.join('deep', 'a', 'b', 'c', `libdeep${suffix}`), path.join('c', `libexample_connector_c${suffix}`)])
    expect(r.errors).toEqual([])
    expect(r.skipped.map((s) => [path.relative(root, s.path), s.reason])).toEqual([['missing', 'cannot read the folder (ENOENT)']])
  })

  it('in this process: the same outcome for the plugin files, and no throw on anything', () => {
    const messages: string[] = []
    const r = findPlugins({ dirs: [at('broken'), at('old'), at('c'), at('loop')], module: ConnectorMod, version: '0.1.0', log: (m) => messages.push(m) })
    expect(r.plugins.map((p) => p.name)).toEqual(['example_connector_c'])
    expect(r.errors.map((e) => e.error.constructor.name)).toEqual(['NotAPluginError', 'LibraryNotLoadableError', 'LibraryNotLoadableError', 'VersionMismatchError'])
    expect(messages.some((m) => m.startsWith('loaded ') && m.includes('checks: abi-header, version, layout-string'))).toBe(true)
  })

  it('wants somewhere to look and a sane depth', () => {
    expect(() => findPlugins({ module: ConnectorMod, version: '0.1.0' })).toThrow(DeclarationError)
    expect(() => findPlugins({ dirs: [root], maxDepth: -1, module: ConnectorMod, version: '0.1.0' })).toThrow(DeclarationError)
    expect(findPlugins({ envVar: 'ABI_STABLE_SURELY_UNSET_VARIABLE', module: ConnectorMod, version: '0.1.0', log: false })).toEqual({ plugins: [], errors: [], skipped: [] })
  })
})
