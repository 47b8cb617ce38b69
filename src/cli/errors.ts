// The CLI's errors and exit codes (documented in docs/guides/cli.md and `abi-stable --help`).
import { AbiError } from '../abi/index.ts'

export const EXIT = {
  /** The command did what was asked and the answer is yes (compatible, loadable, no mismatch). */
  ok: 0,
  /** The command ran and the answer is no: incompatible, not a plugin, a failed candidate, a layout mismatch. */
  no: 1,
  /** The command could not run: bad arguments, an unreadable interface file, a declaration C or Rust cannot spell. */
  usage: 2,
} as const

/** Bad command line: unknown command or option, missing argument. */
export class UsageError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_CLI_USAGE', message)
  }
}

/** An interface file that cannot be loaded or does not declare what the command needs. */
export class InterfaceFileError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_CLI_INTERFACE', message)
  }
}
