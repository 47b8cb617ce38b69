// `abi-stable ls [--env VAR | dirs...]`: plugin discovery as a table. Without a declaration each
// library file is inspected (nothing of it runs) and a plugin is listed as loading, its layout not
// checked; with --interface each is loaded and checked as findPlugins does for a host.
import fs from 'node:fs'
import path from 'node:path'
import { findPlugins } from '../loader/index.ts'
import { librarySuffix } from '../loader/discover.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT, UsageError } from './errors.ts'
import { loadInterface, pickModule, pickVersion } from './interface-file.ts'
import { paint, table } from './io.ts'
import { libraryInfo } from './library-info.ts'

const USAGE = 'abi-stable ls [--env VAR | dirs...] [--interface file.ts [--export Name] [--version x.y.z]] [--depth N] [--json]'

/** What a plugin listed without --interface is: it loads, but nothing compared its layout with a declaration. */
export const UNCHECKED = 'loads (layout not checked: give --interface)'

export interface LsEntry {
  readonly file: string
  readonly ok: boolean
  /** For a plugin (ok): whether its layout was checked against a declaration (only with --interface). */
  readonly layoutChecked?: boolean
  readonly name?: string
  readonly version?: string
  readonly module?: string
  readonly reason?: string
}

/** Library files below `roots`, by the rules findPlugins follows (no symlinks, depth limit, platform suffix). */
function walk(roots: readonly string[], maxDepth: number, skipped: { path: string; reason: string }[]): string[] {
  const found: string[] = []
  const visit = (dir: string, depth: number) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      skipped.push({ path: dir, reason: `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` })
      return
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const full = path.join(dir, entry.name)
      if (entry.isSymbolicLink()) skipped.push({ path: full, reason: 'symbolic link (not followed)' })
      else if (entry.isDirectory()) depth < maxDepth ? visit(full, depth + 1) : skipped.push({ path: full, reason: `deeper than --depth ${maxDepth}` })
      else if (entry.isFile() && entry.name.endsWith(librarySuffix)) found.push(full)
    }
  }
  for (const root of roots) visit(root, 0)
  return found
}

export const ls: Command = {
  name: 'ls',
  summary: 'List the plugin libraries in directories (or a PATH-like variable): good plugins and failures.',
  usage: USAGE,
  help: `
Walks each directory (and those listed in --env VAR, ':'-separated, ';' on Windows) up to --depth
levels down (default 3), not following symbolic links, and lists every file with the platform's
library suffix (${librarySuffix}).

Without --interface each file is inspected without running its code (see inspect): a plugin is
listed as "${UNCHECKED}", since nothing was compared with a
declaration. With --interface, each is loaded and checked against the file's root module, as a
host's findPlugins does (its constructor runs).

options:
  --env VAR        a PATH-like environment variable naming plugin directories
  --interface f    check against this interface file's root module
  --export Name    the root-module export of the interface file
  --version x.y.z  the interface version (default: the file's *VERSION export)
  --depth N        folder levels to enter below each directory (default 3)
  --json           print the result as JSON
  -h, --help       this help

exit codes: 0 every library found is a plugin (with --interface: a good one), 1 at least one is not,
2 bad arguments.`,
  async run(argv, io) {
    const { values, positionals } = parse(
      'ls',
      argv,
      { env: { type: 'string' }, interface: { type: 'string' }, export: { type: 'string' }, version: { type: 'string' }, depth: { type: 'string' }, json: { type: 'boolean' } },
      0,
      Infinity,
      USAGE,
    )
    const depth = values.depth === undefined ? 3 : Number(values.depth)
    if (!Number.isInteger(depth) || depth < 0) throw new UsageError(`ls: --depth needs a non-negative integer, got ${String(values.depth)}\nusage: ${USAGE}`)
    const envVar = values.env as string | undefined
    if (envVar === undefined && positionals.length === 0) throw new UsageError(`ls: give directories, --env VAR, or both\nusage: ${USAGE}`)
    const dirs = positionals.map((d) => path.resolve(io.cwd, d))
    const fromEnv = envVar === undefined ? [] : (io.env[envVar] ?? '').split(path.delimiter).filter(Boolean)
    let entries: LsEntry[]
    let skipped: { path: string; reason: string }[] = []
    const unset = envVar !== undefined && io.env[envVar] === undefined ? [{ path: `$${envVar}`, reason: 'the variable is not set' }] : []
    if (values.interface !== undefined) {
      const iface = await loadInterface(values.interface as string, io.cwd)
      const { module } = pickModule(iface, values.export as string | undefined)
      const version = pickVersion(iface, values.version as string | undefined)
      const r = findPlugins({ dirs: [...dirs, ...fromEnv.map((d) => path.resolve(io.cwd, d))], module, version, maxDepth: depth, log: false })
      entries = [
        ...r.plugins.map((p) => ({ file: p.path, ok: true, layoutChecked: true, name: p.name, version: p.version, module: `${module.name.slice(0, -4)} (${p.checks.join(', ')})` })),
        ...r.errors.map((e) => ({ file: e.path, ok: false, reason: e.reason })),
      ].sort((a, b) => (a.file < b.file ? -1 : 1))
      skipped = [...unset, ...r.skipped]
    } else {
      skipped.push(...unset)
      entries = walk([...dirs, ...fromEnv.map((d) => path.resolve(io.cwd, d))], depth, skipped).map((file) => {
        const info = libraryInfo(file)
        return info.ok
          ? { file, ok: true, layoutChecked: false, name: info.name, version: info.version, module: info.module }
          : { file, ok: false, name: info.name, version: info.version, reason: info.problem }
      })
    }
    const shown = entries.map((e) => ({ ...e, file: path.relative(io.cwd, e.file) || e.file }))
    if (values.json) io.out(`${JSON.stringify({ plugins: shown.filter((e) => e.ok), failures: shown.filter((e) => !e.ok), skipped }, null, 2)}\n`)
    else {
      const good = shown.filter((e) => e.ok)
      const bad = shown.filter((e) => !e.ok)
      // Only a plugin checked against a declaration gets the good mark; the others say what they are.
      const unchecked = good.filter((e) => !e.layoutChecked)
      const header = unchecked.length ? ['plugin', 'version', 'module', 'file', 'status'] : ['plugin', 'version', 'module', 'file']
      const row = (e: (typeof good)[number]) =>
        e.layoutChecked ? [paint(io, 'green', e.name ?? ''), e.version ?? '', e.module ?? '', e.file] : [e.name ?? '', e.version ?? '', e.module ?? '', e.file, paint(io, 'yellow', UNCHECKED)]
      io.out(good.length ? table(io, header, good.map(row)) : 'no plugins found\n')
      if (bad.length) io.out(`\n${table(io, ['failed', 'reason'], bad.map((e) => [paint(io, 'red', e.file), e.reason ?? '']))}`)
      if (skipped.length) io.out(`\n${table(io, ['skipped', 'why'], skipped.map((s) => [path.isAbsolute(s.path) ? path.relative(io.cwd, s.path) || s.path : s.path, s.reason]))}`)
      if (unchecked.length) {
        const n = unchecked.length === 1 ? '1 plugin' : `${unchecked.length} plugins`
        io.out(`\n${paint(io, 'yellow', 'not checked')}: ${n} listed by inspection only; their layouts and versions were not compared with a declaration (give --interface file.ts)\n`)
      }
    }
    return shown.every((e) => e.ok) ? EXIT.ok : EXIT.no
  },
}
