// Argument parsing for every command: node's util.parseArgs, strict, with errors as UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './errors.ts'

type Options = NonNullable<ParseArgsConfig['options']>

export interface Parsed {
  readonly values: Record<string, string | boolean | undefined>
  readonly positionals: string[]
}

/** Parses `argv` with `options` (plus --help), requiring between `min` and `max` positionals. */
export function parse(command: string, argv: readonly string[], options: Options, min: number, max: number, usage: string): Parsed {
  let parsed
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional argument.*$/s, '')}\nusage: ${usage}`)
  }
  const { values, positionals } = parsed
  if (!values.help && (positionals.length < min || positionals.length > max)) {
    const what = positionals.length < min ? 'missing argument' : `unexpected argument ${JSON.stringify(positionals[max])}`
    throw new UsageError(`${command}: ${what}\nusage: ${usage}`)
  }
  return { values: values as Parsed['values'], positionals }
}
