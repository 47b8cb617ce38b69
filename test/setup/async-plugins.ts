// Builds the async plugins: the test plugins (plugins-c/async-plugin, plugins-rust/async-plugin)
// and the metronome example connectors (plugins-c/metronome, plugins-rust/metronome). The Rust
// ones come from the workspace build (trait-plugins.ts runs it). A missing compiler is an error
// naming what to install, never a silent skip.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { libSuffix, repoRoot } from './paths.ts'

const rustLib = (name: string) => path.join(repoRoot, 'build', 'rust', 'release', `${process.platform === 'win32' ? '' : 'lib'}${name}${libSuffix}`)

/** `{ asyncPlugins, metronomes }`: paths by language (`C`, `Rust`; with `asan`, also `C-asan`). */
export async function buildAsyncPlugins(options: { asan?: boolean } = {}): Promise<{ asyncPlugins: Record<string, string>; metronomes: Record<string, string> }> {
  const asan = options.asan === true
  const { buildAsyncPluginC } = await import(path.join(repoRoot, 'plugins-c/async-plugin/build.mjs'))
  const { buildMetronomeC } = await import(path.join(repoRoot, 'plugins-c/metronome/build.mjs'))
  const out = path.join(repoRoot, 'build', 'plugins-c')
  const plugin = buildAsyncPluginC(out, { asan })
  const metronome = buildMetronomeC(out, { asan })
  const asyncPlugins: Record<string, string> = { C: plugin.plain }
  const metronomes: Record<string, string> = { C: metronome.plain }
  if (asan) {
    asyncPlugins['C-asan'] = plugin.asan
    metronomes['C-asan'] = metronome.asan
  }
  // Built by the workspace build that test/setup/trait-plugins.ts runs first.
  const { buildRustPlugins } = await import(path.join(repoRoot, 'plugins-rust', 'build.mjs'))
  await buildRustPlugins(path.join(repoRoot, 'build', 'rust'))
  for (const [into, name] of [[asyncPlugins, 'async_plugin'], [metronomes, 'metronome']] as const) {
    const file = rustLib(name)
    if (!existsSync(file)) throw new Error(`the Rust workspace built, but ${file} is missing (is ${name} a member of plugins-rust/Cargo.toml?)`)
    into.Rust = file
  }
  return { asyncPlugins, metronomes }
}
