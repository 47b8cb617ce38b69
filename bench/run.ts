// npm run bench: builds the plugins and the Node-API floor addon, bundles bench/main.ts
// with esbuild (plain JavaScript, no keepNames: tsx's keepNames helper inflates
// closure-heavy code) and runs it with node. BENCH_ONLY=<substring>[|<substring>...] runs matching cases
// only (results files are then not written); BENCH_MAX_TIME=<seconds> per row.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { build } from 'esbuild'
import { runtimePath } from '../src/types/runtime.ts'
import { repoRoot as root } from '../test/setup/paths.ts'
import { buildStdTestPlugins } from '../test/setup/plugins.ts'
import { buildFloor } from './build-floor.ts'
import { buildTraitPlugins } from '../test/setup/trait-plugins.ts'
import { buildAsyncPlugins } from '../test/setup/async-plugins.ts'
import { buildConnectorPlugins } from '../test/setup/connectors.ts'

const { Rust: plugin } = await buildStdTestPlugins()
const { Rust: traitPlugin } = await buildTraitPlugins()
const { asyncPlugins } = await buildAsyncPlugins()
const { rust: connectors } = await buildConnectorPlugins()
const floor = buildFloor()
const main = path.join(root, 'build', 'bench', 'main.mjs')
await build({
  entryPoints: [path.join(root, 'bench', 'main.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi', 'benchmark', '@2060.io/ffi-napi', '@2060.io/ref-napi', 'ref-struct-di', 'typed-struct'],
  outfile: main,
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  logLevel: 'warning',
})
const env = { ...process.env, ABI_STABLE_RUNTIME: runtimePath, NODE_PATH: path.join(root, 'node_modules') }
const r = spawnSync(process.execPath, ['--expose-gc', main, plugin, floor, path.join(root, 'bench'), traitPlugin ?? '', asyncPlugins.Rust ?? '', connectors.example_connector ?? ''], { stdio: 'inherit', env })
process.exit(r.status ?? 1)
