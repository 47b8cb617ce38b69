// Exit paths while plugin threads call into the host: a plugin thread sending to a JS object as
// fast as it can (the trait plugins' tr_spawn_sender, through the runtime's trampolines and
// queue), four plugin threads sending into an event channel, and plugin threads calling the
// wakers of 1,000 pending futures (the async plugins). Uncaught exceptions, unhandled
// rejections, process.exit with a code, a JS method that throws. Each runs as a child process,
// in C and in Rust, and must end with the expected code and no signal (no abort, no segfault in
// unmapped plugin code). Exits with no error at all: test/trait/exit.test.ts, test/async/exit.test.ts.
import { execFile } from 'node:child_process'
import path from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { traitPlugins } from '../trait/api.ts'

/** The async test plugins the global setup built (test/setup/async-plugins.ts), without their ASan builds. */
const asyncPlugins = (): [string, string][] =>
  Object.entries(inject('asyncPlugins' as never) as Record<string, string>).filter(([k]) => !k.endsWith('-asan'))

/** Runs a script as a child process (they run concurrently: each spends most of its time starting). */
function run(plugin: string, how: string, script = 'exit-while-sending.ts') {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; out: string; err: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test/hardening/scripts', script), plugin, how], { cwd: repoRoot, timeout: 45_000 }, (error, out, err) => {
      const e = error as (Error & { code?: number | string; signal?: NodeJS.Signals | null }) | null
      resolve({ status: e ? (typeof e.code === 'number' ? e.code : null) : 0, signal: e?.signal ?? null, out, err })
    })
  })
}

describe.concurrent.each(traitPlugins())('%s plugin: abnormal exits while a plugin thread sends', (_lang, plugin) => {
  it('an uncaught exception from a timer: exit code 1, the error on stderr', async () => {
    const r = await run(plugin, 'throw-in-timer')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.out).toBe('flowing\nexit 1 after 1000+\n')
    expect(r.err).toMatch(/Error: boom in timer/)
    expect(r.err).not.toMatch(/Segmentation|Aborted|core dumped|SIGSEGV|FATAL/)
  })

  it('an unhandled promise rejection: exit code 1', async () => {
    const r = await run(plugin, 'reject')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(1)
    expect(r.out).toBe('flowing\nexit 1 after 1000+\n')
    expect(r.err).toMatch(/Error: boom in promise/)
  })

  it('process.exit(7) from inside a delivered call: exit code 7', async () => {
    const r = await run(plugin, 'exit-code')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(7)
    expect(r.out).toBe('flowing\nexit 7 after 1000+\n')
    expect(r.err).toBe('')
  })

  it('the JS method throws: reported on stderr naming the method, delivery goes on', async () => {
    const r = await run(plugin, 'throw-in-method')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(0)
    expect(r.out).toBe('flowing\nstill flowing\nexit 0 after 1000+\n')
    expect(r.err).toMatch(/Sender\.send threw: boom in send/)
  })
})

describe.concurrent.each(asyncPlugins())('%s async plugin: abnormal exits while plugin threads send and wake', (_lang, plugin) => {
  const cases: [string, number, string, RegExp | ''][] = [
    ['throw-while-streaming', 1, 'flowing\nexit 1\n', /Error: boom while streaming/],
    ['exit-while-streaming', 3, 'flowing\nexit 3\n', ''],
    ['throw-while-waking', 1, 'waking\nexit 1\n', /Error: boom while waking/],
    ['exit-while-waking', 3, 'waking\nexit 3\n', ''],
  ]
  it.each(cases)('%s: exit code %i, no signal', async (how, code, out, err) => {
    const r = await run(plugin, how, 'async-exit.ts')
    expect(r.signal).toBeNull()
    expect(r.status).toBe(code)
    expect(r.out).toBe(out)
    if (err === '') expect(r.err).toBe('')
    else expect(r.err).toMatch(err)
    expect(r.err).not.toMatch(/Segmentation|Aborted|core dumped|SIGSEGV|FATAL/)
  })
})
