// The package as users get it: `npm pack`ed once per change of what it ships (by whichever test asks
// first, under a lock, since vitest runs test files in parallel processes), and installed into
// fresh apps outside the repository with production dependencies only, from the registry.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from './paths.ts'

const packDir = path.join(repoRoot, 'build', 'pack')
const lockDir = path.join(packDir, '.lock')
/** What goes into the tarball, or decides what does: a change to any of these packs again. */
const SHIPPED = ['package.json', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'bin', 'src', 'scripts', 'docs', 'plugins-c/include', 'plugins-rust/abi_stable_mirror/src', 'plugins-rust/abi_stable_mirror/Cargo.toml']

function newestMtime(entry: string): number {
  const full = path.join(repoRoot, entry)
  const stat = fs.statSync(full, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const f of fs.readdirSync(full, { recursive: true, encoding: 'utf8' })) newest = Math.max(newest, fs.statSync(path.join(full, f)).mtimeMs)
  return newest
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

function run(command: string, args: string[], cwd: string): string {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_loglevel: 'warn' } })
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}${r.stderr}`)
  return r.stdout
}

/** `npm pack --json` prints the prepack scripts' lines first, then the JSON array. */
const jsonAfterScripts = (stdout: string): string => stdout.slice(stdout.search(/^\[/m))

export interface Packed {
  readonly tarball: string
  /** `npm pack --json`'s report: size, file list. */
  readonly files: readonly string[]
  readonly size: number
  readonly unpackedSize: number
}

/** The packed tarball, packing it first when what it ships changed since. */
export function packedTarball(): Packed {
  fs.mkdirSync(packDir, { recursive: true })
  const report = path.join(packDir, 'pack.json')
  for (let waited = 0; ; waited += 200) {
    try {
      fs.mkdirSync(lockDir)
      break
    } catch {
      // Another test process packs; a lock older than 5 minutes is a crashed one's.
      const age = Date.now() - (fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now())
      if (age > 300_000) fs.rmSync(lockDir, { recursive: true, force: true })
      sleep(200)
    }
  }
  try {
    const existing = fs.existsSync(report) ? (JSON.parse(fs.readFileSync(report, 'utf8')) as Packed) : undefined
    if (existing && fs.existsSync(existing.tarball) && fs.statSync(existing.tarball).mtimeMs > Math.max(...SHIPPED.map(newestMtime))) return existing
    const [info] = JSON.parse(jsonAfterScripts(run('npm', ['pack', '--json', '--pack-destination', packDir], repoRoot))) as {
      filename: string
      size: number
      unpackedSize: number
      files: { path: string }[]
    }[]
    const packed: Packed = { tarball: path.join(packDir, info.filename), files: info.files.map((f) => f.path), size: info.size, unpackedSize: info.unpackedSize }
    fs.writeFileSync(report, JSON.stringify(packed, null, 2))
    return packed
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}

/**
 * A new app outside the repository (under the system temp dir) with the tarball installed as a
 * user installs it: `npm install --omit=dev`, dependencies from the registry. `scripts: false`
 * installs with --ignore-scripts. Returns the app's folder.
 */
export function freshApp(name: string, options: { scripts?: boolean } = {}): string {
  const { tarball } = packedTarball()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `abi-stable-${name}-`))
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `app-${name}`, private: true, type: 'module' }, null, 2))
  const flags = ['--omit=dev', '--no-audit', '--no-fund', ...(options.scripts === false ? ['--ignore-scripts'] : [])]
  run('npm', ['install', ...flags, tarball], dir)
  return dir
}
