// Options objects are checked, never skimmed: an option the library does not know (a typo, or a
// feature it does not have yet) is a DeclarationError naming it, not a silent default.
import { DeclarationError, describeValue } from './errors.ts'

/** Throws unless `options` is undefined or a plain object whose keys are all in `known`. */
export function checkOptions(where: string, options: unknown, known: readonly string[]): void {
  if (options === undefined) return
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new DeclarationError(`${where}: options must be an object, got ${describeValue(options)}`)
  }
  const unknown = Object.keys(options).filter((k) => !known.includes(k))
  if (unknown.length > 0) {
    const list = unknown.map((k) => `'${k}'`).join(', ')
    throw new DeclarationError(
      `${where}: unknown option${unknown.length > 1 ? 's' : ''} ${list}; the options are ${known.map((k) => `'${k}'`).join(', ') || 'none'}`,
    )
  }
}
