// npm run bench:trait: builds the trait test plugins, bundles bench/trait-call.bench.ts with
// esbuild (plain JavaScript, as bench/run.ts does: tsx's keepNames helper inflates closure-heavy
// code) and runs it with node against the C and the Rust plugin, each in its own process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { build } from 'esbuild'
import { runtimePath } from '../src/types/runtime.ts'
import { repoRoot as root } from '../test/setup/paths.ts'
import { buildTraitPlugins } from '../test/setup/trait-plugins.ts'

const plugins = await buildTraitPlugins()
const out = path.join(root, 'build', 'bench', 'trait-call.mjs')
await build({
  entryPoints: [path.join(root, 'bench', 'trait-call.bench.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi', 'benchmark'],
  outfile: out,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
})
const env = { ...process.env, ABI_STABLE_RUNTIME: runtimePath, NODE_PATH: path.join(root, 'node_modules') }
// One process per plugin: the second library measured in a shared process runs on a warmer,
// more fragmented heap and more polymorphic call sites than the first.
let status = 0
for (const lib of [plugins.C, plugins.Rust].filter(Boolean) as string[]) {
  const r = spawnSync(process.execPath, [out, lib], { stdio: 'inherit', env })
  status ||= r.status ?? 1
}
process.exit(status)
