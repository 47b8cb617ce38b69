// Scripts still exit: the event loop is kept alive only while calls from plugin threads wait for
// delivery (delivered at the latest when Node is about to exit), or, when asked with keepAlive,
// while a plugin holds the object; and exiting while a plugin thread still calls JS objects ends
// the process cleanly. Each case runs as its own process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { traitPlugins } from './api.ts'

function runScript(name: string, args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/trait/scripts', name), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr }
}

describe.each(traitPlugins())('%s plugin: process exit', (_lang, plugin) => {
  it('a plugin holding a JS object forever does not keep the process alive; a call still queued at the end is delivered first', () => {
    const r = runScript('exit-held.ts', [plugin])
    expect(r.err).toBe('')
    expect(r.signal).toBeNull() // not killed by the timeout
    expect(r.status).toBe(0)
    expect(r.out).toBe('script done\nflushed\n')
  })

  it('with keepAlive, the process lives until the plugin drops the object, and every call is delivered', () => {
    const r = runScript('exit-keep-alive.ts', [plugin, '5000'])
    expect(r.err).toBe('')
    expect(r.status).toBe(0)
    expect(r.out).toBe('closed after 5000 of 5000\nexit with 5000 delivered\n')
  })

  it('a script that ends while a plugin thread is still calling a JS sender exits cleanly, not in unmapped code', () => {
    const r = runScript('exit-while-sending.ts', [plugin])
    expect(r.err).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('exiting\n')
  })
})
