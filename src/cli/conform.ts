// `abi-stable conform <interface.ts>`: the layout conformance suite (src/conformance) over the
// user's own declarations: each is written as a C and a Rust program, compiled with gcc (64- and,
// when available, 32-bit) and rustc, and every size, alignment and offset compared with ours.
import os from 'node:os'
import path from 'node:path'
import { formatMismatch } from '../conformance/compare.ts'
import { failed, skippedText } from '../conformance/report.ts'
import { runConformance } from '../conformance/run.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT } from './errors.ts'
import { loadInterface, pickDeclarations } from './interface-file.ts'
import { paint } from './io.ts'

const USAGE = 'abi-stable conform <interface.ts> [--export Name] [--work-dir DIR] [--json]'

export const conform: Command = {
  name: 'conform',
  summary: "Check an interface file's declarations against gcc and rustc: every size, alignment and offset.",
  usage: USAGE,
  help: `
Each exported declaration (or --export Name) becomes a case of the conformance suite: the types it
uses are declared in one C and one Rust program, which gcc -m64, gcc -m32 (when multilib is
installed) and rustc compile; their sizeof/_Alignof/offsetof and size_of/align_of/offset_of!
numbers are compared with the host's layout for the same data model. Std types are checked
through their native layouts; trait objects through their RObject and vtable.

options:
  --export Name   check only this export
  --work-dir DIR  where probe sources and binaries go (default: a folder in the system temp dir)
  --json          print the result as JSON
  -h, --help      this help

exit codes: 0 every number agrees, 1 a mismatch, a compiler error or a missing gcc/rustc,
2 bad arguments or interface file.`,
  async run(argv, io) {
    const { values, positionals } = parse('conform', argv, { export: { type: 'string' }, 'work-dir': { type: 'string' }, json: { type: 'boolean' } }, 1, 1, USAGE)
    const iface = await loadInterface(positionals[0], io.cwd)
    const names = values.export === undefined ? [...iface.declarations.keys()] : [values.export as string]
    const roots = pickDeclarations(iface, values.export as string | undefined)
    const workDir = values['work-dir'] === undefined ? path.join(os.tmpdir(), `abi-stable-conform-${process.pid}`) : path.resolve(io.cwd, values['work-dir'] as string)
    const result = await runConformance({ cases: roots.map((root, i) => ({ name: names[i], root })), handPicked: false, workDir })
    const bad = failed(result)
    if (values.json) {
      io.out(`${JSON.stringify({ ok: !bad, declarations: names, targets: result.targets.map(({ model: _model, ...t }) => t), missing: result.missing, notes: result.notes }, null, 2)}\n`)
      return bad ? EXIT.no : EXIT.ok
    }
    io.out(`conformance of ${names.join(', ')} (${positionals[0]})\n`)
    io.out(`compilers: gcc: ${result.compilers.gcc ?? 'NOT FOUND'}; rustc: ${result.compilers.rustc ?? 'NOT FOUND'}\n`)
    for (const t of result.targets) {
      const status = t.skipped ? paint(io, t.required ? 'red' : 'yellow', skippedText(t)) : t.error ? paint(io, 'red', `FAILED:\n${t.error}`) : `${t.checked} numbers, ${t.mismatches.length ? paint(io, 'red', `${t.mismatches.length} mismatches`) : paint(io, 'green', '0 mismatches')}`
      io.out(`  ${t.name.padEnd(24)} ${status}\n`)
    }
    for (const m of result.mismatches.slice(0, 50)) io.out(`  [${m.target}] ${formatMismatch(m)}\n`)
    for (const name of result.missing) io.out(`error: ${name} is missing: install it to check ${name === 'gcc' ? 'C' : 'Rust'} layouts\n`)
    for (const n of result.notes) io.out(`note: ${n}\n`)
    io.out(bad ? `${paint(io, 'red', 'FAILED')}\n` : `${paint(io, 'green', 'ok')}: the compilers agree with every number\n`)
    return bad ? EXIT.no : EXIT.ok
  },
}
