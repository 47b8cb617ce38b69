// Runs findPlugins in a process of its own and prints the outcome as JSON: the discovery test
// runs it as an unprivileged user when the tests run as root, for whom no folder is unreadable.
import { findPlugins } from '../../src/index.ts'
import { ConnectorMod } from '../../examples/connector/interface.ts'

const { dirs, envVar, maxDepth } = JSON.parse(process.argv[2]) as { dirs?: string[]; envVar?: string; maxDepth?: number }
const log: string[] = []
const r = findPlugins({ dirs, envVar, maxDepth, module: ConnectorMod, version: '0.1.0', log: (m) => log.push(m) })
console.log(
  JSON.stringify({
    plugins: r.plugins.map((p) => ({ path: p.path, name: p.name, checks: p.checks, echo: p.module.echo('found') })),
    errors: r.errors.map((e) => ({ path: e.path, code: (e.error as { code?: string }).code, reason: e.reason })),
    skipped: r.skipped,
    log,
  }),
)
