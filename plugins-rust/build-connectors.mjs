// Builds the Rust example connector and its loading-error fixtures (the `[[example]]` cdylibs of
// plugins-rust/example-connector) with `cargo build --offline --release` into a caller-chosen
// target dir: `buildRustConnectors(targetDir)` from the test setup or the demo, or
// `node plugins-rust/build-connectors.mjs <targetDir>`. Resolves to { name: path }.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { generateInterface } from '../scripts/generate-interface.mjs'

const workspaceDir = dirname(fileURLToPath(import.meta.url))
const prefix = process.platform === 'win32' ? '' : 'lib'
const suffix = process.platform === 'win32' ? '.dll' : process.platform === 'darwin' ? '.dylib' : '.so'

/** The fixture names, read from the crate's manifest (one `[[example]]` each). */
function fixtureNames() {
  const manifest = readFileSync(join(workspaceDir, 'example-connector', 'Cargo.toml'), 'utf8')
  return [...manifest.matchAll(/^\s*name\s*=\s*"(connector_[a-z0-9_]+)"/gm)].map((m) => m[1])
}

export async function buildRustConnectors(targetDir) {
  if (!targetDir) throw new Error('buildRustConnectors(targetDir): targetDir is required')
  for (const tool of ['rustc', 'cargo']) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' })
    if (probe.error || probe.status !== 0) {
      throw new Error(`${tool} was not found (needed to build plugins-rust). Install the Rust toolchain (rustup, or the distribution's rustc and cargo packages) and put ${tool} on PATH.`)
    }
  }
  const target = resolve(targetDir)
  // The connector's module is generated from the host's declaration (committed, so a plain cargo
  // build of the workspace works; regenerated here so it never lags the declaration).
  generateInterface('rust', join(workspaceDir, '..', 'examples', 'connector', 'interface.ts'), join(workspaceDir, 'example-connector', 'src', 'connector_interface.rs'))
  const r = spawnSync('cargo', ['build', '--offline', '--release', '-p', 'example-connector', '--lib', '--examples'], {
    cwd: workspaceDir,
    env: { ...process.env, CARGO_TARGET_DIR: target },
    encoding: 'utf8',
  })
  if (r.error) throw new Error(`could not run cargo: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`cargo build of example-connector failed (exit ${r.status}):\n${r.stderr}`)
  const built = { example_connector: join(target, 'release', `${prefix}example_connector${suffix}`) }
  for (const name of fixtureNames()) built[name] = join(target, 'release', 'examples', `${prefix}${name}${suffix}`)
  for (const [name, file] of Object.entries(built)) if (!existsSync(file)) throw new Error(`cargo succeeded but ${file} (${name}) is missing`)
  return built
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (!process.argv[2]) {
    console.error('usage: node plugins-rust/build-connectors.mjs <targetDir>')
    process.exit(2)
  }
  buildRustConnectors(process.argv[2]).then(
    (built) => console.log(JSON.stringify(built, null, 2)),
    (e) => {
      console.error(e.message)
      process.exit(1)
    },
  )
}
