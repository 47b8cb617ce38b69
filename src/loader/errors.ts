// The loader's errors: one class per way loading a plugin can fail, each an AbiError with a
// stable `code`, the library's path, and a message that says what to do next.
import { AbiError } from '../abi/index.ts'

/** Base of every loading failure: carries the path of the library. */
export class LoadError extends AbiError {
  readonly path: string
  constructor(code: string, path: string, message: string) {
    super(code, `${path}: ${message}`)
    this.path = path
  }
}

/** No file at the path. */
export class LibraryNotFoundError extends LoadError {
  constructor(path: string) {
    super('ERR_ABI_LIBRARY_NOT_FOUND', path, 'no such file; check the path (or the plugin directory) and that the plugin was built')
  }
}

/** The file exists but the system loader refused it (not a shared library, wrong architecture, missing dependency). */
export class LibraryNotLoadableError extends LoadError {
  readonly reason: string
  constructor(path: string, reason: string) {
    super(
      'ERR_ABI_LIBRARY_NOT_LOADABLE',
      path,
      `the system could not load it as a shared library (${reason}); rebuild it for this platform and check its dependencies (ldd / otool -L)`,
    )
    this.reason = reason
  }
}

/** A shared library without abi_stable's root-module symbol. */
export class NotAPluginError extends LoadError {
  readonly symbol: string
  constructor(path: string, symbol: string) {
    super(
      'ERR_ABI_NOT_A_PLUGIN',
      path,
      `not an abi_stable plugin: it does not export ${symbol}; export the root module with #[export_root_module] ` +
        '(Rust), export_root_module! (abi_stable_mirror) or ABS_EXPORT_ROOT_MODULE (C header)',
    )
    this.symbol = symbol
  }
}

/** The library's AbiHeader: another magic string, or an abi_stable version whose ABI differs. */
export class AbiHeaderMismatchError extends LoadError {
  readonly expected: { magic: string; major: number; minor: number }
  readonly found: { magic: string; major: number; minor: number }
  constructor(path: string, expected: AbiHeaderMismatchError['expected'], found: AbiHeaderMismatchError['found']) {
    const what =
      found.magic !== expected.magic
        ? `its AbiHeader magic is ${JSON.stringify(found.magic)}, not ${JSON.stringify(expected.magic)}: it is not an abi_stable library, or a corrupt one`
        : `it was built with abi_stable ${found.major}.${found.minor}, whose ABI differs from ${expected.major}.${expected.minor}: rebuild it with abi_stable ${expected.major}.${expected.minor}.x`
    super('ERR_ABI_HEADER_MISMATCH', path, what)
    this.expected = expected
    this.found = found
  }
}

/** The library implements another version of the interface than the host expects. */
export class VersionMismatchError extends LoadError {
  readonly expected: string
  readonly found: string
  readonly library: string
  constructor(path: string, library: string, expected: string, found: string, detail: string) {
    super(
      'ERR_ABI_VERSION_MISMATCH',
      path,
      `'${library}' implements interface version ${found}, the host expects ${expected} (${detail}); ` +
        'rebuild the plugin against the host\'s interface version, or load it with the version it was built for',
    )
    this.library = library
    this.expected = expected
    this.found = found
  }
}

/** Which layout check found the difference. */
export type LayoutCheckName = 'layout-string' | 'type-layout-field-names' | 'type-layout-field-sizes' | 'type-layout-signatures' | 'module-header-field-names'

/** One difference between the declaration and the library: where, and both sides. */
export interface LayoutDifference {
  readonly path: string
  readonly expected: string
  readonly found: string
}

/** The root module the library exports is laid out differently from the host's declaration. */
export class LayoutMismatchError extends LoadError {
  /** Where the first difference is, e.g. `ConnectorMod.sum.args[0]`. */
  readonly fieldPath: string
  readonly expected: string
  readonly found: string
  readonly check: LayoutCheckName
  /** Every difference the check found (the first is fieldPath/expected/found), in path order. */
  readonly differences: readonly LayoutDifference[]
  constructor(path: string, check: LayoutCheckName, fieldPath: string, expected: string, found: string, hint?: string, differences?: readonly LayoutDifference[]) {
    const all = differences && differences.length > 0 ? differences : [{ path: fieldPath, expected, found }]
    super(
      'ERR_ABI_LAYOUT_MISMATCH',
      path,
      `the root module's layout differs from the host's declaration at ${fieldPath}: expected ${expected}, found ${found} ` +
        `(${check} check). ${hint ?? 'Rebuild the plugin against the interface the host declares (`abi-stable header` / `abi-stable rust` generate its types and layout string), or update the declaration.'}` +
        (all.length > 1 ? `\n${all.length} differences:\n${all.map((d) => `  ${d.path}: expected ${d.expected}, found ${d.found}`).join('\n')}` : ''),
    )
    this.fieldPath = fieldPath
    this.expected = expected
    this.found = found
    this.check = check
    this.differences = Object.freeze(all.map((d) => Object.freeze({ path: d.path, expected: d.expected, found: d.found })))
  }
}

/** The root module's constructor returned an error (abi_stable's `RootModuleError::Returned`). */
/** The library's root module lacks fields the declaration has, and declares missingField 'panic' (the default). */
export class MissingFieldsError extends LoadError {
  /** The declared fields the library's module does not have. */
  readonly fields: readonly string[]
  constructor(path: string, library: string, module: string, fields: readonly string[]) {
    super(
      'ERR_ABI_MISSING_FIELDS',
      path,
      `'${library}' is older than the interface: its ${module} lacks ${fields.join(', ')}; with missingField 'panic' (abi_stable's default) it is refused. ` +
        `To load such libraries declare t.prefixModule(..., { missingField: 'option' | 'default' | 'throw' })`,
    )
    this.fields = fields
  }
}

/** The host's `initialize(module)` hook threw (abi_stable's RootModule::initialization returned an error). */
export class InitializationError extends LoadError {
  constructor(path: string, library: string, cause: unknown) {
    super('ERR_ABI_INITIALIZATION', path, `initializing '${library}' failed: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.cause = cause
  }
}

export class PluginReturnedError extends LoadError {
  /** The plugin's error text (its Display form). */
  readonly pluginMessage: string
  /** Its Debug form, when the plugin provides one. */
  readonly pluginDebug: string | undefined
  constructor(path: string, library: string, message: string, debug?: string) {
    super('ERR_ABI_PLUGIN_RETURNED_ERROR', path, `'${library}' failed to initialise: ${message}`)
    this.pluginMessage = message
    this.pluginDebug = debug
  }
}

/** The root module's constructor panicked (abi_stable's `RootModuleError::Unwound`). */
export class PluginPanicError extends LoadError {
  constructor(path: string, library: string) {
    super(
      'ERR_ABI_PLUGIN_PANICKED',
      path,
      `'${library}' panicked while building its root module; the panic message is on the process's stderr. ` +
        'The library stays loaded but unusable; fix the plugin and restart the process to load it again',
    )
  }
}

/**
 * The library's statics hold values no real plugin would: a pointer outside mapped memory, a
 * string longer than any name or version, a NULL or non-code constructor, a module claiming
 * fields it cannot have. Reported before the bad value is followed (docs/loading.md says what
 * can be checked).
 */
export class CorruptLibraryError extends LoadError {
  /** Where the bad value is, e.g. `LibHeader.root_mod_consts.version_strings`. */
  readonly field: string
  readonly problem: string
  constructor(path: string, field: string, problem: string) {
    super(
      'ERR_ABI_CORRUPT_LIBRARY',
      path,
      `${field} ${problem}: the library's abi_stable statics are corrupt or it is not an abi_stable plugin; ` +
        'rebuild it with abi_stable 0.11 (or this project\'s C header / Rust mirror) and do not patch the built file',
    )
    this.field = field
    this.problem = problem
  }
}
