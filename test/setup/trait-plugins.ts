// Builds the trait test plugins: plugins-c/trait-plugin (C, with the native runtime compiled in)
// and plugins-rust/trait-plugin (Rust, with the mirror crate). A missing compiler is an error
// naming what to install, never a silent skip.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { libSuffix, repoRoot } from './paths.ts'

/** Paths by plugin name (`C`, `Rust`; with `asan`, also `C-asan`). */
export async function buildTraitPlugins(options: { asan?: boolean } = {}): Promise<Record<string, string>> {
  const native = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/build-native.mjs')], { cwd: repoRoot, encoding: 'utf8' })
  if (native.status !== 0) throw new Error(`scripts/build-native.mjs failed:\n${native.stdout}${native.stderr}`)
  const { buildTraitPluginC } = await import(path.join(repoRoot, 'plugins-c/trait-plugin/build.mjs'))
  const c = buildTraitPluginC(path.join(repoRoot, 'build', 'plugins-c'), { asan: options.asan === true })
  const out: Record<string, string> = { C: c.plain }
  if (options.asan) out['C-asan'] = c.asan
  const rust = await rustTraitPlugin()
  if (rust) out.Rust = rust
  return out
}

/** Builds the Rust workspace (which holds the trait plugin) and returns the plugin's path. */
async function rustTraitPlugin(): Promise<string | undefined> {
  const { buildRustPlugins } = await import(path.join(repoRoot, 'plugins-rust', 'build.mjs'))
  const target = path.join(repoRoot, 'build', 'rust')
  await buildRustPlugins(target)
  const library = path.join(target, 'release', `${process.platform === 'win32' ? '' : 'lib'}trait_plugin${libSuffix}`)
  return existsSync(library) ? library : undefined
}
