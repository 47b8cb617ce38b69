// `abi-stable check <library> <interface.ts>`: loads the library with the interface's root-module
// declaration, as a host would (its constructor runs), and answers whether they are compatible,
// with the first difference when they are not.
import path from 'node:path'
import { LayoutMismatchError, LoadError, loadLibrary } from '../loader/index.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT } from './errors.ts'
import { loadInterface, pickModule, pickVersion } from './interface-file.ts'
import { paint } from './io.ts'

const USAGE = 'abi-stable check <library> <interface.ts> [--export Name] [--version x.y.z] [--json]'

interface Difference {
  readonly path: string
  readonly expected: string
  readonly found: string
}

export interface CheckResult {
  readonly library: string
  readonly module: string
  readonly version: string
  readonly compatible: boolean
  readonly plugin?: { readonly name: string; readonly version: string; readonly checks: readonly string[]; readonly absentFields: readonly string[] }
  readonly error?: {
    readonly code: string
    readonly message: string
    /** The first difference (kept for scripts written against earlier versions). */
    readonly difference?: Difference
    /** Every difference the failing check found, in path order. */
    readonly differences?: readonly Difference[]
    /** The layout check that found them. */
    readonly check?: string
  }
}

export const check: Command = {
  name: 'check',
  summary: "Load a library with an interface file's root-module declaration and report whether they are compatible.",
  usage: USAGE,
  help: `
Runs the host's loading protocol: AbiHeader, interface version (same major; for 0.x the same
minor), the layout checks the library allows, then the root module's constructor. Prints the
checks that ran, or the error with every difference the failing check found, one line each
(a path, expected vs found): the layout string of a C or mirror plugin, or abi_stable's
TypeLayout of a Rust plugin (every function signature and nested type).

The root module is the interface file's only t.prefixModule export (or --export Name); the version
is its only *VERSION string export (or --version).

options:
  --export Name    the root-module export to check against
  --version x.y.z  the interface version the host implements
  --json           print the result as JSON
  -h, --help       this help

exit codes: 0 compatible, 1 incompatible or not loadable, 2 bad arguments or interface file.`,
  async run(argv, io) {
    const { values, positionals } = parse('check', argv, { export: { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } }, 2, 2, USAGE)
    const [library, file] = positionals
    const iface = await loadInterface(file, io.cwd)
    const { name, module } = pickModule(iface, values.export as string | undefined)
    const version = pickVersion(iface, values.version as string | undefined)
    let result: CheckResult
    try {
      const lib = loadLibrary(path.resolve(io.cwd, library), module, { version })
      result = { library, module: name, version, compatible: true, plugin: { name: lib.name, version: lib.version, checks: lib.checks, absentFields: lib.fields.absent } }
    } catch (e) {
      // Every loading failure is a LoadError; a DeclarationError (an unusable declaration) is the interface file's.
      if (!(e instanceof LoadError)) throw e
      const mismatch = e instanceof LayoutMismatchError ? e : undefined
      const difference = mismatch ? { path: mismatch.fieldPath, expected: mismatch.expected, found: mismatch.found } : undefined
      // The message's first line; the differences are listed on their own.
      const message = e.message.split('\n')[0]
      result = {
        library,
        module: name,
        version,
        compatible: false,
        error: { code: e.code, message, difference, ...(mismatch ? { differences: mismatch.differences, check: mismatch.check } : {}) },
      }
    }
    if (values.json) io.out(`${JSON.stringify(result, null, 2)}\n`)
    else if (result.compatible) {
      const p = result.plugin!
      io.out(
        `${paint(io, 'green', 'compatible')}: ${library} is ${p.name} ${p.version}, loaded as ${name} ${version}\n` +
          `checks: ${p.checks.join(', ')}\n` +
          (p.absentFields.length ? `absent (an older library): ${p.absentFields.join(', ')}\n` : ''),
      )
    } else {
      const err = result.error!
      io.out(`${paint(io, 'red', 'incompatible')}: ${library} against ${name} ${version} (${file})\n${err.code}: ${err.message}\n`)
      const all = err.differences ?? (err.difference ? [err.difference] : [])
      if (all.length === 1) io.out(`first difference at ${all[0].path}:\n  expected ${all[0].expected}\n  found    ${all[0].found}\n`)
      else if (all.length > 1) {
        io.out(`${all.length} differences (${err.check} check):\n`)
        for (const d of all) io.out(`  ${d.path}: expected ${d.expected}, found ${d.found}\n`)
      }
    }
    return result.compatible ? EXIT.ok : EXIT.no
  },
}
