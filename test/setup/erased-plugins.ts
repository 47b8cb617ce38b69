// Builds the erased-types test plugins: plugins-c/erased-plugin (C, with the native runtime
// compiled in) and plugins-rust/erased-plugin (Rust, with the mirror crate; built with the
// workspace). A missing compiler is an error naming what to install, never a silent skip.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { libSuffix, repoRoot } from './paths.ts'

/** Paths by plugin name (`C`, `Rust`; with `asan`, also `C-asan`). */
export async function buildErasedPlugins(options: { asan?: boolean } = {}): Promise<Record<string, string>> {
  const { buildErasedPluginC } = await import(path.join(repoRoot, 'plugins-c/erased-plugin/build.mjs'))
  const c = buildErasedPluginC(path.join(repoRoot, 'build', 'plugins-c'), { asan: options.asan === true })
  const out: Record<string, string> = { C: c.plain }
  if (options.asan) out['C-asan'] = c.asan
  const { buildRustPlugins } = await import(path.join(repoRoot, 'plugins-rust', 'build.mjs'))
  const target = path.join(repoRoot, 'build', 'rust')
  await buildRustPlugins(target)
  const rust = path.join(target, 'release', `${process.platform === 'win32' ? '' : 'lib'}erased_plugin${libSuffix}`)
  if (existsSync(rust)) out.Rust = rust
  return out
}
