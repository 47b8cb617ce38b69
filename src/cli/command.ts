// The shape of one CLI command: its help text and what it does (returning the exit code).
import type { Io } from './io.ts'

export interface Command {
  readonly name: string
  /** One line for `abi-stable --help`. */
  readonly summary: string
  readonly usage: string
  /** The full `abi-stable <command> --help` text, after the usage line. */
  readonly help: string
  run(argv: readonly string[], io: Io): Promise<number>
}

/** The help text of a command, as `--help` prints it. */
export const helpText = (c: Command): string => `usage: ${c.usage}\n\n${c.summary}\n\n${c.help.trim()}\n`
