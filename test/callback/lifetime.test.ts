// Callback lifetimes across a process (issue 18.1): a callback made for one call that a plugin keeps
// and calls later gets a report on stderr and the fallback, never a JS function; a long-lived one
// answers until closed; and a script exits cleanly while a plugin thread still calls one, or waits
// for an answer (offThread: 'wait'). Each case
// runs as its own process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { traitPlugins } from '../trait/api.ts'

function runScript(name: string, plugin: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/callback/scripts', name), plugin], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr }
}

describe.each(traitPlugins())('%s plugin: callback lifetimes', (_lang, plugin) => {
  it('a per-call callback kept and called later is reported and gets the fallback; a long-lived one works until closed', () => {
    const r = runScript('expired.ts', plugin)
    expect(r.status).toBe(0)
    expect(JSON.parse(r.out)).toEqual({ expired: 0, kept: 60, closed: 0, calls: [['other', 3]], expiredCalls: 2, live: 0 })
    const reports = r.err.split('\n').filter((l) => l.includes('was called after its lifetime ended'))
    expect(reports).toHaveLength(2)
    expect(reports[0]).toMatch(/^abi-stable: callback extern "C" fn\(u32\) -> u32 \(slot \d+\) was called after its lifetime ended: .*keepAlive: true/)
  })

  it('a script that exits while a plugin thread waits for an answer from JS ends cleanly', () => {
    const r = runScript('exit-while-waiting.ts', plugin)
    expect(r.err).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('exiting\n')
  })

  it('a script that exits while a plugin thread still calls a callback ends cleanly', () => {
    const r = runScript('exit-while-calling.ts', plugin)
    expect(r.err).toBe('')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('exiting\n')
  })
})
