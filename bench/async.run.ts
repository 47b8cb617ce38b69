// npm run bench:async: builds the async test plugins, bundles bench/async.bench.ts with esbuild
// (plain JavaScript, as the other benchmarks run) and runs it with node against the C and the Rust
// plugin, each in its own process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { build } from 'esbuild'
import { runtimePath } from '../src/types/runtime.ts'
import { buildAsyncPlugins } from '../test/setup/async-plugins.ts'
import { repoRoot as root } from '../test/setup/paths.ts'

const { asyncPlugins } = await buildAsyncPlugins()
const out = path.join(root, 'build', 'bench', 'async.mjs')
await build({
  entryPoints: [path.join(root, 'bench', 'async.bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi', 'vitest'],
  outfile: out,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
})
const env = { ...process.env, ABI_STABLE_RUNTIME: runtimePath, NODE_PATH: path.join(root, 'node_modules') }
let status = 0
for (const lib of [asyncPlugins.C, asyncPlugins.Rust]) {
  const r = spawnSync(process.execPath, [out, lib], { stdio: 'inherit', env })
  status ||= r.status ?? 1
}
process.exit(status)
