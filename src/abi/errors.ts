// The error classes of the layout engine. Every error this library throws is an
// AbiError with a stable `code`, so callers can branch on it without parsing text.

export class AbiError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.name = new.target.name
    this.code = code
  }
}

/** A type declaration that cannot describe a native type (bad name, bad discriminant, ...). */
export class DeclarationError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_DECLARATION', message)
  }
}

/** The argument of a bound function a value was given as: `ConnectorMod.echo`, 0, `RString`. */
export interface ArgumentPlace {
  /** The function: `Module.field` for a root module's function, the symbol for bindFunction. */
  readonly fn: string
  /** The argument's position in the declaration, from 0 (`self`: a method's receiver). */
  readonly index: number | 'self'
  /** The argument's declared type, as its descriptor names it (`ROption<Value>`). */
  readonly type: string
}

/**
 * A JS value that does not fit the declared type. `path` names where it was found,
 * e.g. `config.items[3].name`, so the message reads
 * `config.items[3].name: expected string, got number`. A value given to a bound function
 * also names the argument before the path:
 * `ConnectorMod.from_config, argument 1 (ROption<Value>): items[3].name: expected ...`.
 */
export class InvalidValueError extends AbiError {
  readonly segments: string[]
  readonly expected: string
  readonly got: string
  private place: ArgumentPlace | undefined
  constructor(expected: string, got: string, segments: string[] = []) {
    super('ERR_ABI_INVALID_VALUE', '')
    this.expected = expected
    this.got = got
    this.segments = segments
    this.refreshMessage()
  }
  /** Where inside the value (inside the argument, when `argument` is set). */
  get path(): string {
    return this.segments.join('').replace(/^\./, '')
  }
  /** The bound function's argument the value was given as, if it was one. */
  get argument(): ArgumentPlace | undefined {
    return this.place
  }
  /** Prepends a path segment (`.field` or `[3]`) as the error travels up through a composite. */
  within(segment: string): this {
    // Once an argument is named the place is complete: a call made while converting an outer
    // value (a writer calling back into JS) does not get the outer value's path spliced in.
    if (this.place) return this
    this.segments.unshift(segment)
    this.refreshMessage()
    return this
  }
  /** Names the bound function's argument the value was given as (the innermost call keeps its name). */
  inArgument(fn: string, index: number | 'self', type: string): this {
    if (this.place) return this
    this.place = { fn, index, type }
    this.refreshMessage()
    return this
  }
  private refreshMessage(): void {
    const where = this.path
    const place = this.place
    const prefix = place ? `${place.fn}, ${place.index === 'self' ? 'self' : `argument ${place.index}`} (${place.type}): ` : ''
    this.message = `${prefix}${where === '' ? (place ? '' : 'value: ') : `${where}: `}expected ${this.expected}, got ${this.got}`
  }
}

/** A field of a prefix type (extensible module or vtable) that the library's value does not have. */
export class MissingFieldError extends AbiError {
  readonly typeName: string
  readonly field: string
  constructor(typeName: string, field: string, index: number) {
    super(
      'ERR_ABI_MISSING_FIELD',
      `${typeName}.${field} (field ${index}) is absent: the library was built against an older ` +
        `version of ${typeName} that did not have it; rebuild the library or avoid the field`,
    )
    this.typeName = typeName
    this.field = field
  }
}

/** Describes a JS value in an error message: `number`, `string "ab"`, `null`, `array`... */
export function describeValue(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `array of length ${value.length}`
  switch (typeof value) {
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `number ${value}`
    case 'bigint':
      return `bigint ${value}n`
    case 'string':
      return value.length > 20 ? 'string' : `string ${JSON.stringify(value)}`
    case 'object':
      return (value as object).constructor?.name === 'Object' ? 'object' : `${(value as object).constructor?.name ?? 'object'}`
    default:
      return typeof value
  }
}
