// Exit paths while a plugin thread is sending to a JS object as fast as it can (the trait
// plugins' tr_spawn_sender, through the runtime's trampolines and queue): an uncaught exception,
// an unhandled rejection, process.exit with a code, and a JS method that throws. Each runs as a
// child process, in C and in Rust, and must end with the expected code and no signal (no abort,
// no segfault in unmapped plugin code). Exits with no error at all: test/trait/exit.test.ts.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { traitPlugins } from '../trait/api.ts'

function run(plugin: string, how: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/hardening/scripts/exit-while-sending.ts'), plugin, how], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  })
  return { status: r.status, signal: r.signal, out: r.stdout, err: r.stderr }
}

describe.each(traitPlugins())('%s plugin: abnormal exits while a plugin thread sends', (_lang, plugin) => {
  it('an uncaught exception from a timer: exit code 1, the error on stderr', () => {
    const r = run(plugin, 'throw-in-timer')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.out).toBe('flowing\nexit 1 after 1000+\n')
    expect(r.err).toMatch(/Error: boom in timer/)
    expect(r.err).not.toMatch(/Segmentation|Aborted|core dumped|SIGSEGV|FATAL/)
  })

  it('an unhandled promise rejection: exit code 1', () => {
    const r = run(plugin, 'reject')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.out).toBe('flowing\nexit 1 after 1000+\n')
    expect(r.err).toMatch(/Error: boom in promise/)
  })

  it('process.exit(7) from inside a delivered call: exit code 7', () => {
    const r = run(plugin, 'exit-code')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(7)
    expect(r.out).toBe('flowing\nexit 7 after 1000+\n')
    expect(r.err).toBe('')
  })

  it('the JS method throws: reported on stderr naming the method, delivery goes on', () => {
    const r = run(plugin, 'throw-in-method')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('flowing\nstill flowing\nexit 0 after 1000+\n')
    expect(r.err).toMatch(/Sender\.send threw: boom in send/)
  })
})
