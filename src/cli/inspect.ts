// `abi-stable inspect <library> [--json]`: what a plugin library is, without a declaration and
// without running its code: ABI, name, version, root-module fields, which checks a host can run,
// or the exact reason it is not a loadable plugin.
import path from 'node:path'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT } from './errors.ts'
import { paint, table, type Io } from './io.ts'
import { libraryInfo, type LibraryInfo } from './library-info.ts'

const USAGE = 'abi-stable inspect <library> [--json]'
const TYPE_WIDTH = 100

const short = (s: string): string => (s.length > TYPE_WIDTH ? `${s.slice(0, TYPE_WIDTH - 1)}…` : s)

export function formatInfo(io: Io, info: LibraryInfo): string {
  const lines: string[] = []
  const row = (k: string, v: string) => lines.push(`${paint(io, 'bold', k.padEnd(12))}${v}`)
  row('file', info.file)
  if (info.abi) row('ABI', `${JSON.stringify(info.abi.magic)} ${info.abi.major}.${info.abi.minor}`)
  if (info.name !== undefined) row('plugin', `${info.name} (base name ${info.baseName})`)
  if (info.version !== undefined) row('version', info.version)
  if (info.module !== undefined) row('module', `${info.module}${info.fieldsFrom ? ` (fields from its ${info.fieldsFrom})` : ''}`)
  if (info.layout) row('fingerprint', `${info.layout.fingerprint} (${info.layout.fingerprintMatches ? 'matches its layout string' : 'does NOT match its layout string'})`)
  if (info.typeLayout) row('TypeLayout', 'unreadable' in info.typeLayout ? `unreadable: ${info.typeLayout.unreadable}` : `${info.typeLayout.typeName} (${info.typeLayout.packageAndVersion})`)
  row('status', info.ok ? paint(io, 'green', 'plugin (its statics are sound; the module itself is checked when loaded, see check)') : paint(io, 'red', `NOT LOADABLE: ${info.problem}`))
  let out = lines.join('\n') + '\n'
  if (info.fields?.length) {
    out += `\nroot-module fields:\n${table(io, ['#', 'field', 'prefix', 'type'], info.fields.map((f, i) => [String(i), f.name, f.prefix === undefined ? '' : f.prefix ? 'yes' : 'no', short(f.type ?? '')]))}`
  }
  if (info.functions?.length) {
    out += `\nfunctions:\n${info.functions.map((f) => `  ${paint(io, 'bold', f.name)}: ${f.signature}`).join('\n')}\n`
  }
  if (info.checks.length) {
    out += `\nchecks at load:\n${table(io, ['check', 'runs', 'why'], info.checks.map((c) => [c.check, c.runs ? paint(io, 'green', 'yes') : paint(io, 'yellow', 'no'), c.why]))}`
  }
  return out
}

export const inspect: Command = {
  name: 'inspect',
  summary: 'Show what a plugin library is: ABI header, name, version, root-module fields, which checks can run, or why it is broken.',
  usage: USAGE,
  help: `
Reads the library's statics (LibHeader, layout descriptor, TypeLayout) without calling any of its
code. Field types are whole layout texts when the plugin carries our layout descriptor (C header,
Rust mirror), type names and sizes when it carries abi_stable's TypeLayout. Each function field's
full signature is listed as the host would declare it (see declare).

options:
  --json      print the result as JSON (field types untruncated)
  -h, --help  this help

exit codes: 0 a loadable plugin, 1 not one (the reason is printed), 2 bad arguments.`,
  async run(argv, io) {
    const { values, positionals } = parse('inspect', argv, { json: { type: 'boolean' } }, 1, 1, USAGE)
    const info = libraryInfo(path.resolve(io.cwd, positionals[0]))
    const shown = { ...info, file: positionals[0] }
    io.out(values.json ? `${JSON.stringify(shown, null, 2)}\n` : formatInfo(io, shown))
    return info.ok ? EXIT.ok : EXIT.no
  },
}
