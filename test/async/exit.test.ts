// Process lifetime with async plugins, each case in its own Node process: a pending future keeps
// the script alive and its resolution lets it exit; an abandoned future lets it exit at once; and
// exiting while a plugin thread is still sending into a channel is a clean exit, not an abort.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { asyncPlugins } from './plugins.ts'

function runScript(name: string, args: string[]) {
  const started = Date.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/async/scripts', name), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr, ms: Date.now() - started }
}

describe.each(asyncPlugins())('%s plugin: process exit', (_lang, plugin) => {
  it('a pending future keeps the script alive; when it resolves the script exits by itself', () => {
    const r = runScript('exit-pending-future.ts', [plugin])
    expect(r.err).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('resolved 5\n')
  })

  it('an abandoned future releases the loop at once, though a plugin thread still holds its waker', () => {
    const r = runScript('exit-abandoned.ts', [plugin])
    expect(r.err).toBe('')
    expect(r.status).toBe(0)
    expect(r.out).toBe('aborted\n')
    expect(r.ms).toBeLessThan(10_000) // the plugin's thread would wake after 10 s
  })

  it.each(['close', 'exit'])('exiting while a plugin thread still sends (%s) ends the process cleanly', (mode) => {
    const r = runScript('exit-while-sending.ts', [plugin, mode])
    expect(r.err).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('exiting\n')
  })
})
