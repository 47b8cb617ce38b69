// npm run bench:trait: builds the trait test plugins, bundles bench/trait-call.bench.ts with
// esbuild (plain JavaScript, as bench/run.ts does: tsx's keepNames helper inflates closure-heavy
// code) and runs it with node against the C and the Rust plugin.
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
const r = spawnSync(process.execPath, [out, plugins.C, plugins.Rust].filter(Boolean) as string[], { stdio: 'inherit', env })
process.exit(r.status ?? 1)
