// The abi-stable CLI: `abi-stable <command> [options]`. Dispatches to one module per command,
// prints --help for each, and turns errors into messages and exit codes (see errors.ts).
import { AbiError } from '../abi/index.ts'
import { buildRuntime } from './build-runtime.ts'
import { check } from './check.ts'
import { helpText, type Command } from './command.ts'
import { conform } from './conform.ts'
import { declare } from './declare.ts'
import { EXIT, UsageError } from './errors.ts'
import { header, rust } from './generate.ts'
import { inspect } from './inspect.ts'
import { processIo, paint, type Io } from './io.ts'
import { ls } from './ls.ts'

export const commands: readonly Command[] = [inspect, check, declare, ls, header, rust, conform, buildRuntime]

export function mainHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return (
    `usage: abi-stable <command> [options]\n\n` +
    `Load-time checks, discovery and code generation for abi_stable plugins (Rust and C).\n\n` +
    `commands:\n${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}\n\n` +
    `abi-stable <command> --help shows a command's options.\n\n` +
    `exit codes:\n` +
    `  ${EXIT.ok}  done; the answer is yes (compatible, a plugin, no mismatch)\n` +
    `  ${EXIT.no}  done; the answer is no (incompatible, not a plugin, a failed candidate, a mismatch)\n` +
    `  ${EXIT.usage}  could not run: bad arguments, an unreadable interface file, a declaration C or Rust cannot spell\n` +
    `Colour only on a terminal (NO_COLOR turns it off, FORCE_COLOR on).\n`
  )
}

/** Runs the CLI with `argv` (without node and the script), returning the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp())
    return name === undefined ? EXIT.usage : EXIT.ok
  }
  const command = commands.find((c) => c.name === name)
  try {
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(name)}; commands: ${commands.map((c) => c.name).join(', ')} (abi-stable --help)`)
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(helpText(command))
      return EXIT.ok
    }
    return await command.run(rest, io)
  } catch (e) {
    // Our own errors say what to do; anything else is a bug here, shown whole.
    io.err(`${paint(io, 'red', 'abi-stable')}: ${e instanceof AbiError ? e.message : `internal error: ${(e as Error)?.stack ?? String(e)}`}\n`)
    return EXIT.usage
  }
}
