// Builds a cdylib crate that depends on the mirror crate (plugins-rust/abi_stable_mirror), from
// generated Rust modules and a lib.rs, under build/codegen: the codegen tests' way of proving a
// generated module compiles and, loaded, agrees with its declaration.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../setup/paths.ts'

export interface MirrorCrateBuild {
  readonly status: number | null
  readonly stderr: string
  /** The built library (debug profile). */
  readonly lib: string
}

/** Writes `<work>/<dir>` with `files` under src/ and runs `cargo build --offline`; throws when cargo is missing. */
export function buildMirrorCrate(work: string, dir: string, name: string, files: Record<string, string>): MirrorCrateBuild {
  const crate = path.join(work, dir)
  fs.mkdirSync(path.join(crate, 'src'), { recursive: true })
  const mirror = path.join(repoRoot, 'plugins-rust', 'abi_stable_mirror').split(path.sep).join('/')
  fs.writeFileSync(
    path.join(crate, 'Cargo.toml'),
    `[package]\nname = "${name}"\nversion = "0.0.0"\nedition = "2021"\n\n[lib]\ncrate-type = ["cdylib"]\n\n` +
      `[dependencies]\nabi_stable_mirror = { path = "${mirror}" }\n\n[workspace]\n`,
  )
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(crate, 'src', file), text)
  const target = path.join(work, 'rust-target')
  const r = spawnSync('cargo', ['build', '--offline', '--quiet', '-j1'], { cwd: crate, encoding: 'utf8', env: { ...process.env, CARGO_TARGET_DIR: target } })
  if (r.error) throw new Error(`cargo is needed for the codegen tests: ${r.error.message}`)
  return { status: r.status, stderr: r.stderr, lib: path.join(target, 'debug', `lib${name.replaceAll('-', '_')}.so`) }
}
