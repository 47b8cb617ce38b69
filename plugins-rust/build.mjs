// Builds the Rust plugins (cargo build --offline --release) into a caller-chosen target dir and
// returns the path of the std test plugin library. Usable as a module or as
// `node plugins-rust/build.mjs <targetDir>`.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const workspaceDir = dirname(fileURLToPath(import.meta.url))

function libraryFileName(base) {
  if (process.platform === 'win32') return `${base}.dll`
  if (process.platform === 'darwin') return `lib${base}.dylib`
  return `lib${base}.so`
}

function requireTool(tool) {
  const probe = spawnSync(tool, ['--version'], { encoding: 'utf8' })
  if (probe.error || probe.status !== 0) {
    throw new Error(
      `${tool} was not found (needed to build plugins-rust). Install the Rust toolchain with rustc and cargo ` +
        `(e.g. with rustup, or the distribution's "rustc" and "cargo" packages) and make sure ` +
        `${tool} is on PATH.`,
    )
  }
}

/**
 * Runs `cargo build --offline --release` for the plugins-rust workspace with CARGO_TARGET_DIR set to
 * `targetDir` and resolves to the absolute path of the built std test plugin library.
 * @param {string} targetDir
 * @returns {Promise<string>}
 */
export async function buildRustPlugins(targetDir) {
  if (!targetDir) throw new Error('buildRustPlugins(targetDir): targetDir is required')
  requireTool('rustc')
  requireTool('cargo')
  const absoluteTarget = resolve(targetDir)
  const result = spawnSync('cargo', ['build', '--offline', '--release'], {
    cwd: workspaceDir,
    env: { ...process.env, CARGO_TARGET_DIR: absoluteTarget },
    encoding: 'utf8',
  })
  if (result.error) throw new Error(`could not run cargo: ${result.error.message}`)
  if (result.status !== 0) {
    throw new Error(`cargo build --offline --release failed in ${workspaceDir} (exit ${result.status}):\n${result.stderr}`)
  }
  const library = join(absoluteTarget, 'release', libraryFileName('std_test_plugin'))
  if (!existsSync(library)) throw new Error(`cargo succeeded but ${library} is missing`)
  return library
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const targetDir = process.argv[2]
  if (!targetDir) {
    console.error('usage: node plugins-rust/build.mjs <targetDir>')
    process.exit(2)
  }
  buildRustPlugins(targetDir).then(
    (library) => console.log(library),
    (error) => {
      console.error(error.message)
      process.exit(1)
    },
  )
}
