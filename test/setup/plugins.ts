// Builds the native runtime and the std-types test plugins (C and Rust). A missing
// compiler is an error naming what to install, never a silent skip.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { repoRoot } from './paths.ts'

function run(script: string, args: string[]): void {
  const r = spawnSync(process.execPath, [path.join(repoRoot, script), ...args], { cwd: repoRoot, encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`${script} failed:\n${r.stdout}${r.stderr}`)
}

/** Builds the plugins; with `asan`, also the C plugin with AddressSanitizer (key `C-asan`). */
export async function buildStdTestPlugins(options: { asan?: boolean } = {}): Promise<Record<string, string>> {
  run('scripts/build-native.mjs', [])
  const out: Record<string, string> = {}
  const cBuild = path.join(repoRoot, 'plugins-c', 'build.mjs')
  const { buildCPlugins } = await import(cBuild)
  const built = await buildCPlugins(path.join(repoRoot, 'build', 'plugins-c'), { asan: options.asan === true })
  out.C = built.std_test_plugin_c
  if (options.asan) out['C-asan'] = built.asan.std_test_plugin_c
  const { buildRustPlugins } = await import(path.join(repoRoot, 'plugins-rust', 'build.mjs'))
  out.Rust = await buildRustPlugins(path.join(repoRoot, 'build', 'rust'))
  return out
}
