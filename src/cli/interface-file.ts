// Loads a user's interface file (JavaScript, or TypeScript: see importInterface) and finds what
// the commands need in its exports: the declarations (any descriptor), the root module (a prefix
// type) and the interface version (a string export named *VERSION, e.g. CONNECTOR_VERSION).
import fs from 'node:fs'
import { createRequire, register } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Desc, PrefixDesc } from '../abi/index.ts'
import { isDesc } from '../abi/kinds/members.ts'
import { versionOption } from '../loader/index.ts'
import { InterfaceFileError } from './errors.ts'

export interface InterfaceFile {
  /** As the user named it. */
  readonly file: string
  /** Descriptor exports, by export name. */
  readonly declarations: ReadonlyMap<string, Desc>
  /** The version export, when there is exactly one. */
  readonly version?: { readonly name: string; readonly value: string }
}

export async function loadInterface(file: string, cwd: string): Promise<InterfaceFile> {
  const full = path.resolve(cwd, file)
  if (!fs.existsSync(full)) throw new InterfaceFileError(`${file}: no such interface file`)
  let exports: Record<string, unknown>
  try {
    exports = await importInterface(full, file)
  } catch (e) {
    if (e instanceof InterfaceFileError) throw e
    throw new InterfaceFileError(`${file}: could not load it: ${(e as Error).message}`)
  }
  const declarations = new Map<string, Desc>()
  const versions: { name: string; value: string }[] = []
  // In export-name order, as an ES module namespace lists them (loaders that transform the file,
  // as vitest's does, may list them in declaration order): the output must not depend on that.
  const entries = Object.entries(exports).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  for (const [name, value] of entries) {
    if (isDesc(value)) declarations.set(name, value)
    else if (typeof value === 'string' && /version$/i.test(name) && isVersionOption(value)) versions.push({ name, value })
  }
  if (declarations.size === 0) throw new InterfaceFileError(`${file}: exports no type declarations (export the t.prefixModule(...) and the types it uses)`)
  return { file, declarations, version: versions.length === 1 ? versions[0] : undefined }
}

const TYPESCRIPT = /\.m?ts$/

/**
 * Imports the interface file. JavaScript is imported as it is; so is TypeScript where this process
 * can already run it (Node with type stripping, a tsx or vitest process). Elsewhere the user's
 * project lends what runs it: its tsx when it has one, else its typescript (ts-hooks.ts).
 */
async function importInterface(full: string, file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(full).href
  if (!TYPESCRIPT.test(full)) return import(url)
  try {
    return await import(url)
  } catch (e) {
    if ((e as { code?: string }).code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e
  }
  registerTypeScript(full, file)
  // A new URL: the failed import stays in the module cache under the plain one.
  return import(`${url}?typescript`)
}

let registered = false
function registerTypeScript(full: string, file: string): void {
  if (registered) return
  const from = createRequire(full)
  const resolve = (name: string) => {
    try {
      return from.resolve(name)
    } catch {
      return undefined
    }
  }
  const tsx = resolve('tsx/esm/api')
  const typescript = resolve('typescript')
  if (tsx) {
    // tsx's own register, from the user's project: it also resolves `.js` specifiers to `.ts` files.
    const api = from(tsx) as { register(): unknown }
    api.register()
  } else if (typescript) {
    register(new URL('./ts-hooks.js', import.meta.url), { data: { typescript } })
  } else {
    throw new InterfaceFileError(
      `${file}: Node ${process.version} cannot run a TypeScript file by itself, and this project has neither typescript nor tsx to read it with; ` +
        'install one (npm install --save-dev typescript), or write the interface as a .mjs file',
    )
  }
  registered = true
}

const isVersionOption = (value: string) => {
  try {
    versionOption(value, 'interface')
    return true
  } catch {
    return false
  }
}

/** The declarations to generate: the one named by --export, or all of them. */
export function pickDeclarations(iface: InterfaceFile, exportName: string | undefined): Desc[] {
  if (exportName === undefined) return [...iface.declarations.values()]
  const d = iface.declarations.get(exportName)
  if (!d) throw new InterfaceFileError(`${iface.file}: no declaration exported as ${exportName} (it exports ${[...iface.declarations.keys()].join(', ')})`)
  return [d]
}

/** The root module: the prefix type named by --export, or the only one the file exports. */
export function pickModule(iface: InterfaceFile, exportName: string | undefined): { name: string; module: PrefixDesc } {
  const prefixes = [...iface.declarations].filter(([, d]) => d.kind === 'prefix')
  if (exportName !== undefined) {
    const d = iface.declarations.get(exportName)
    if (d?.kind !== 'prefix') {
      throw new InterfaceFileError(`${iface.file}: ${exportName} is not an exported t.prefixModule(...) (root modules: ${prefixes.map(([n]) => n).join(', ') || 'none'})`)
    }
    return { name: exportName, module: d as PrefixDesc }
  }
  if (prefixes.length !== 1) {
    throw new InterfaceFileError(
      prefixes.length === 0
        ? `${iface.file}: exports no root module (a t.prefixModule(...))`
        : `${iface.file}: exports ${prefixes.length} root modules (${prefixes.map(([n]) => n).join(', ')}); choose one with --export`,
    )
  }
  return { name: prefixes[0][0], module: prefixes[0][1] as PrefixDesc }
}

/** The version to check against: --version, else the file's *VERSION export. */
export function pickVersion(iface: InterfaceFile, given: string | undefined): string {
  if (given !== undefined) {
    try {
      versionOption(given, '--version')
    } catch (e) {
      throw new InterfaceFileError((e as Error).message)
    }
    return given
  }
  if (iface.version) return iface.version.value
  throw new InterfaceFileError(`${iface.file}: exports no single version string (export const MY_VERSION = '1.2.3'); give --version x.y.z`)
}
