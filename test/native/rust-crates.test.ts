// The Rust side's own tests (the mirror crate's layout assertions and behaviour tests,
// the std test plugin loaded with dlopen by a separate copy of the mirror), run with cargo.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { skipWithout } from '../setup/tools.ts'

const title = 'cargo test passes for the plugins-rust workspace'
it.skipIf(skipWithout('cargo', `test/native/rust-crates.test.ts > ${title}`))(title, () => {
  const r = spawnSync('cargo', ['test', '--offline', '--release', '--workspace'], {
    cwd: path.join(repoRoot, 'plugins-rust'),
    encoding: 'utf8',
    env: { ...process.env, CARGO_TARGET_DIR: path.join(repoRoot, 'build', 'rust') },
  })
  if (r.error) throw new Error(`cargo is needed for the Rust plugins (install rustc and cargo): ${r.error.message}`)
  const out = `${r.stdout}${r.stderr}`
  expect(r.status, out).toBe(0)
  const passed = [...out.matchAll(/test result: ok\. (\d+) passed/g)].reduce((n, m) => n + Number(m[1]), 0)
  expect(passed).toBeGreaterThanOrEqual(44)
}, 300_000)
