// findPlugins: walks plugin directories (given, or named by a PATH-like environment variable,
// as Tremor's TREMOR_PLUGIN_PATH), opens and checks every library file it finds, and reports
// both the plugins that loaded and the files that did not, without ever throwing for a bad file.
//
// The walk is bounded and does not surprise: symbolic links are not followed (a link loop or a
// link out of the tree cannot trap or widen it), unreadable folders are skipped, folders deeper
// than maxDepth are not entered, and only files with the platform's library suffix are tried.
import fs from 'node:fs'
import path from 'node:path'
import { DeclarationError, type PrefixDesc } from '../abi/index.ts'
import { checkOptions } from '../abi/options.ts'
import { loadLibrary, type LoadedLibrary, type LoadOptions } from './load.ts'
import { versionOption } from './version.ts'
import { debugLogger, type Logger } from './log.ts'

export interface FindPluginsOptions<D extends PrefixDesc> {
  /** A PATH-like environment variable listing plugin directories (`:`-separated, `;` on Windows). */
  envVar?: string
  /** Plugin directories (searched before those of envVar). */
  dirs?: readonly string[]
  /** The root module every plugin must export. */
  module: D
  /** The interface version the host implements (a string `x.y.z`). */
  version: string
  /** How many levels of sub-folders to enter below each directory (default 3; 0 = only the directory itself). */
  maxDepth?: number
  /** Debug logging: a function, true (stderr), or false; by default on when DEBUG=abi-stable. */
  log?: Logger | boolean
  /** Runs once per plugin that passed every check (loadLibrary's initialize); a throw makes it a failure. */
  initialize?: LoadOptions<D>['initialize']
}

/** A candidate that did not load, with the reason. */
export interface PluginFailure {
  readonly path: string
  readonly reason: string
  readonly error: Error
}

export interface FindPluginsResult<D extends PrefixDesc> {
  readonly plugins: LoadedLibrary<D>[]
  /** One per library file that did not load. */
  readonly errors: PluginFailure[]
  /** Paths not searched, and why: unreadable or missing folders, symbolic links, folders past maxDepth. */
  readonly skipped: { readonly path: string; readonly reason: string }[]
}

/** The platform's shared-library suffix. */
export const librarySuffix = process.platform === 'win32' ? '.dll' : process.platform === 'darwin' ? '.dylib' : '.so'

export function findPlugins<D extends PrefixDesc>(options: FindPluginsOptions<D>): FindPluginsResult<D> {
  checkOptions('findPlugins', options, ['envVar', 'dirs', 'module', 'version', 'maxDepth', 'log', 'initialize'])
  const { envVar, module, version, initialize } = options
  // Checked before the walk: a bad version is refused even when no library is found.
  versionOption(version, 'findPlugins')
  const maxDepth = options.maxDepth ?? 3
  if (!Number.isInteger(maxDepth) || maxDepth < 0) throw new DeclarationError(`findPlugins: maxDepth must be a non-negative integer, got ${maxDepth}`)
  if (envVar === undefined && options.dirs === undefined) throw new DeclarationError('findPlugins: give dirs, envVar, or both')
  const log = debugLogger(options.log)
  const result: FindPluginsResult<D> = { plugins: [], errors: [], skipped: [] }
  const skip = (p: string, reason: string) => {
    result.skipped.push({ path: p, reason })
    log(`skipped ${p}: ${reason}`)
  }

  const roots = [...(options.dirs ?? [])]
  if (envVar !== undefined) {
    const value = process.env[envVar]
    if (value === undefined) log(`${envVar} is not set`)
    else roots.push(...value.split(path.delimiter).filter((p) => p !== ''))
  }

  const candidates: string[] = []
  const walk = (dir: string, depth: number) => {
    let entries: fs.Dirent[]
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true })
    } catch (e) {
      return skip(dir, `cannot read the folder (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    for (const entry of entries) {
      const full = path.join(dir, entry.name)
      if (entry.isSymbolicLink()) skip(full, 'symbolic link (not followed)')
      else if (entry.isDirectory()) {
        if (depth < maxDepth) walk(full, depth + 1)
        else skip(full, `deeper than maxDepth (${maxDepth})`)
      } else if (entry.isFile() && entry.name.endsWith(librarySuffix)) candidates.push(full)
    }
  }
  for (const root of roots) {
    log(`searching ${root} (maxDepth ${maxDepth})`)
    walk(path.resolve(root), 0)
  }

  const seen = new Set<LoadedLibrary<D>>()
  for (const file of candidates) {
    try {
      const plugin = loadLibrary(file, module, { version, ...(initialize ? { initialize } : {}) })
      // The same library reached twice (two roots overlap) is one plugin.
      if (seen.has(plugin)) continue
      seen.add(plugin)
      result.plugins.push(plugin)
      log(`loaded ${file}: ${plugin.name} ${plugin.version} (checks: ${plugin.checks.join(', ')})`)
    } catch (e) {
      const error = e instanceof Error ? e : new Error(String(e))
      result.errors.push({ path: file, reason: error.message, error })
      log(`failed ${file}: ${error.message}`)
    }
  }
  return result
}
