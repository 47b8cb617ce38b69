// npm run test:hardening: the hardening suite's vitest files (test/hardening/*.test.ts, which
// also run in `vitest run`), then the load runs in child processes: load.ts against the C and the
// Rust std-types plugins, async-load.ts against the C and the Rust async plugins. Prints each part's summary and exits non-zero if any failed.
// Leaks and memory errors under valgrind and ASan: npm run test:memory.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { repoRoot } from '../setup/paths.ts'
import { buildStdTestPlugins } from '../setup/plugins.ts'
import { buildAsyncPlugins } from '../setup/async-plugins.ts'

const scale = process.env.HARDENING_LOAD_SCALE ?? '1'
const summary: string[] = []
let ok = true

const vitest = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', 'test/hardening'], {
  cwd: repoRoot,
  stdio: 'inherit',
})
ok &&= vitest.status === 0
summary.push(`vitest test/hardening: ${vitest.status === 0 ? 'passed' : `FAILED (exit ${vitest.status})`}`)

function load(script: string, what: string, lib: string): void {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(repoRoot, 'test/hardening', script), lib, scale], {
    cwd: repoRoot,
    encoding: 'utf8',
  })
  process.stdout.write(r.stdout)
  process.stderr.write(r.stderr)
  ok &&= r.status === 0
  summary.push(`${what}: ${r.status === 0 ? 'memory levels off, nothing leaked' : `PROBLEMS (exit ${r.status ?? r.signal})`}`)
}
for (const [lang, lib] of Object.entries(await buildStdTestPlugins())) load('load.ts', `load, ${lang} std plugin`, lib)
const { asyncPlugins } = await buildAsyncPlugins()
for (const [lang, lib] of Object.entries(asyncPlugins)) load('async-load.ts', `async load, ${lang} async plugin`, lib)

for (const line of summary) console.log(line)
console.log(`test:hardening: ${ok ? 'all passed' : 'problems found'}`)
process.exit(ok ? 0 : 1)
