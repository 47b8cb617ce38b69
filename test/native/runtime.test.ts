// The native runtime: its own C test program (src/native/test), and the one-line message
// `npm install` prints when no C compiler is there to build it.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'

describe('native runtime', () => {
  it('passes its C test program (every entry point, threads, 0 live allocations at exit)', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/test-native.mjs')], { cwd: repoRoot, encoding: 'utf8' })
    expect(r.status, r.stdout + r.stderr).toBe(0)
    expect(r.stdout).toMatch(/runtime_test: \d+ checks, 0 failures, 0 live allocations at exit/)
  })

  const withoutCompiler = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-native.mjs'), ...args], { cwd: repoRoot, encoding: 'utf8', env: { PATH: '/nonexistent' } })

  it('without a C compiler, the install step still succeeds and says in one line what to install and run', () => {
    // Installing must not fail for it: laying out types needs no runtime, and the first use of the
    // runtime says the same (RuntimeNotBuiltError).
    const r = withoutCompiler()
    expect(r.status).toBe(0)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/no C compiler found; install gcc .*then run: npx abi-stable build-runtime/)
  })

  it('without a C compiler, build-runtime (--build) fails with the same line', () => {
    const r = withoutCompiler('--build')
    expect(r.status).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/no C compiler found; install gcc/)
  })
})
