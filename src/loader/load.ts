// loadLibrary: abi_stable's loading protocol (reference 4.3, 4.6), from a non-Rust host.
//
// 1. open the file (cached by real path, never unloaded);
// 2. find the LibHeader behind `_1as_0lib_1header_0root_bmodule_bloader`;
// 3. check the AbiHeader (magic; ABI 0.11);
// 4. check the interface version (same major; for 0.x the same minor);
// 5. check the root module's layout with what the library carries: our layout descriptor
//    (the whole declaration) and/or abi_stable's TypeLayout (names, prefix, sizes, then every
//    function signature and nested type: signature-check.ts);
// 6. skip abi_stable's C-ABI self tests and `init_globals_with` (see docs/loading.md);
// 7. build the module once: use LibHeader.module.pointer if a Rust loader in this process set
//    it, else call the constructor; a returned error or a panic becomes a typed error;
// 8. read the module as a prefix type and bind its functions.
//
// Version before layout: abi_stable's `load_from` checks the layout first, but when both
// differ the version is the useful news (it explains the layout), so it is reported first.
import fs from 'node:fs'
import {
  DeclarationError,
  bindPointer,
  readPrefix,
  type BoundFn,
  type CallOptions,
  type FnDesc,
  type PrefixDesc,
} from '../abi/index.ts'
import { checkOptions } from '../abi/options.ts'
import { openLibrary, symbolAddress, type OpenLibrary } from './cache.ts'
import {
  LayoutMismatchError,
  LibraryNotFoundError,
  LibraryNotLoadableError,
  InitializationError,
  MissingFieldsError,
  NotAPluginError,
  PluginPanicError,
  PluginReturnedError,
  VersionMismatchError,
  type LayoutCheckName,
} from './errors.ts'
import {
  ROOT_LAYOUT_SYMBOL,
  ROOT_MODULE_LOADER_SYMBOL,
  readLibHeader,
  readRootLayoutDescriptor,
} from './header.ts'
import { checkFieldNames, checkFieldSizes, checkLayoutString } from './layout-check.ts'
import { checkRootSignatures } from './signature-check.ts'
import { elfProblem } from './elf-check.ts'
import { memoryMap } from '../abi/mapped-memory.ts'
import { bindModule, type ModuleValue } from './module.ts'
import { construct } from './root-module.ts'
import { readModuleHeaderLayout, readRootModuleTypeLayout, TypeLayoutReadError } from './type-layout.ts'
import { checkModule, checkRootLayoutDescriptor, readLibraryHeader } from './statics-check.ts'
import { parseVersion, versionIncompatibility, versionOption } from './version.ts'

/** A check the loader ran on a library, in the order it ran. */
export type LoadCheck = 'abi-header' | 'version' | LayoutCheckName

export interface LoadOptions<D extends PrefixDesc = PrefixDesc> {
  /** The interface version the host implements (a string `x.y.z`), compared with the library's by abi_stable's rule. */
  version: string
  /**
   * Runs once per library and declaration, after every check passed and the module was built, before
   * the library is handed out (abi_stable's `RootModule::initialization`): a throw fails the load with
   * InitializationError, and the next load of the same library tries again.
   */
  initialize?: (module: ModuleValue<D['fields']>) => void
}

export interface LoadedLibrary<D extends PrefixDesc = PrefixDesc> {
  /** The library's real path (symlinks resolved): its identity in the cache. */
  readonly path: string
  /** `RootModuleConsts.name`: the name the plugin gives itself. */
  readonly name: string
  /** `RootModuleConsts.base_name`: the file name without prefix and suffix. */
  readonly baseName: string
  /** The interface version the library was built against. */
  readonly version: string
  /** The abi_stable ABI it was built with. */
  readonly abi: { readonly major: number; readonly minor: number }
  /** Which checks ran, in order: which of the layout checks did depends on what the library carries. */
  readonly checks: readonly LoadCheck[]
  /** Kept mapped until the process has exited (RTLD_NODELETE), so plugin threads still running at exit do not lose their code; false only without the native runtime. */
  readonly pinned: boolean
  /** The root module: bound functions and values; absent fields throw MissingFieldError. */
  readonly module: ModuleValue<D['fields']>
  /** Declared fields the library has and lacks, and how many fields its module has in all. */
  readonly fields: { readonly present: readonly string[]; readonly absent: readonly string[]; readonly libraryCount: number }
  /** Binds function field `name` again with call options (e.g. `{ returns: 'handle' }`). */
  bind<K extends FnKeys<D>, O extends CallOptions>(name: K, options: O): BoundFn<D['fields'][K] & FnDesc, O>
}

type FnKeys<D extends PrefixDesc> = { [K in keyof D['fields']]: D['fields'][K] extends FnDesc ? K : never }[keyof D['fields']] & string

/**
 * Loads the abi_stable plugin at `path` whose root module is declared by `Module`, checking it
 * against the interface `version` the host implements. The same file (by real path), the same
 * declaration give the same object (its version is checked again); the library is never unloaded.
 */
export function loadLibrary<D extends PrefixDesc>(path: string, Module: D, options: LoadOptions<D>): LoadedLibrary<D> {
  if (Module?.kind !== 'prefix') throw new DeclarationError('loadLibrary: Module must be a t.prefixModule(...) declaration of the root module')
  const expected = versionOption(options?.version, 'loadLibrary')
  checkOptions('loadLibrary', options, ['version', 'initialize'])
  if (options.initialize !== undefined && typeof options.initialize !== 'function') throw new DeclarationError('loadLibrary: initialize must be a function (module) => void')

  const lib = open(path)
  const cached = lib.loaded.get(Module) as LoadedLibrary<D> | undefined
  if (cached) {
    // Same file, same declaration: the same object, if this host's version accepts it too.
    const incompatible = versionIncompatibility(expected, parseVersion(cached.version)!)
    if (incompatible) throw new VersionMismatchError(path, cached.name, options.version, cached.version, incompatible)
    return cached
  }

  const header = lib.header ?? (lib.header = symbolAddress(lib, ROOT_MODULE_LOADER_SYMBOL))
  if (header === null) throw new NotAPluginError(path, ROOT_MODULE_LOADER_SYMBOL)
  const checks: LoadCheck[] = []
  // Every pointer the statics hold is checked against the process's mappings before it is followed.
  const map = memoryMap()
  const { abi, consts } = readLibraryHeader(path, map, header)
  checks.push('abi-header')

  const found = parseVersion(consts.version_strings)
  const incompatible = found ? versionIncompatibility(expected, found) : `${JSON.stringify(consts.version_strings)} is not a version number`
  if (incompatible) throw new VersionMismatchError(path, consts.name, options.version, consts.version_strings, incompatible)
  checks.push('version')

  const descriptor = symbolAddress(lib, ROOT_LAYOUT_SYMBOL)
  if (descriptor !== null) {
    checkRootLayoutDescriptor(path, map, descriptor)
    checkLayoutString(path, Module, readRootLayoutDescriptor(descriptor))
    checks.push('layout-string')
  }
  if (consts.layout.tag === 'Yes') {
    const info = readTypeLayout(path, Module, () => readRootModuleTypeLayout(consts.layout.tag === 'Yes' ? consts.layout[0] : 0n), 'type-layout-field-names')
    checkFieldNames(path, Module, info, 'type-layout-field-names')
    checks.push('type-layout-field-names')
    checkFieldSizes(path, Module, info)
    checks.push('type-layout-field-sizes')
    const layout = consts.layout[0]
    const signatures = readTypeLayout(path, Module, () => checkRootSignatures(layout, Module, expected), 'type-layout-signatures')
    if (signatures.differences.length > 0) {
      const [first] = signatures.differences
      throw new LayoutMismatchError(path, 'type-layout-signatures', first.path, first.expected, first.found, undefined, signatures.differences)
    }
    if (signatures.checked) checks.push('type-layout-signatures')
  }

  const moduleAddress = buildModule(path, lib, header, consts.name)
  // The constructor may have mapped memory of its own: a fresh snapshot.
  checkModule(path, memoryMap(), Module, moduleAddress)

  if (consts.layout.tag === 'No' && descriptor === null) {
    // Neither source above: the module's own header may still list its fields (a real
    // abi_stable plugin exported with #[unsafe_no_layout_constant]); our C header's does not.
    const info = readTypeLayout(path, Module, () => readModuleHeaderLayout(moduleAddress), 'module-header-field-names')
    if (info && info.fields.length > 0) {
      checkFieldNames(path, Module, info, 'module-header-field-names')
      checks.push('module-header-field-names')
    }
  }

  const bits = readPrefix(Module, moduleAddress) as unknown as { $has(name: string): boolean }
  const absent = Module.members.filter((m) => !bits.$has(m.name)).map((m) => m.name)
  if (absent.length > 0 && Module.missingField === 'panic') throw new MissingFieldsError(path, consts.name, Module.name.slice(0, -'_Ref'.length), absent)
  const module = bindModule(Module, moduleAddress)
  const present = Module.members.filter((m) => module.$has(m.name)).map((m) => m.name)
  const loaded: LoadedLibrary<D> = Object.freeze({
    path: lib.realPath,
    name: consts.name,
    baseName: consts.base_name,
    version: consts.version_strings,
    abi: Object.freeze({ major: abi.abi_major, minor: abi.abi_minor }),
    checks: Object.freeze(checks),
    pinned: lib.pinned,
    module,
    fields: Object.freeze({
      present: Object.freeze(present),
      absent: Object.freeze(Module.members.filter((m) => !module.$has(m.name)).map((m) => m.name)),
      libraryCount: 64 - countLeadingZeros(module.$accessible),
    }),
    bind(name: string, callOptions: CallOptions) {
      const member = Module.members.find((m) => m.name === name)
      if (member?.type.kind !== 'fn') throw new DeclarationError(`${Module.name}.${name} is not a function field of the declaration`)
      // The raw field: its address, or MissingFieldError naming it when the library lacks it.
      const address = (readPrefix(Module, moduleAddress) as Record<string, unknown>)[name] as bigint
      return bindPointer(address, member.type as FnDesc, { name: `${Module.name.slice(0, -'_Ref'.length)}.${name}`, ...callOptions })
    },
  }) as LoadedLibrary<D>
  if (options.initialize) {
    try {
      options.initialize(module)
    } catch (e) {
      throw new InitializationError(path, consts.name, e)
    }
  }
  lib.loaded.set(Module, loaded)
  return loaded
}

function countLeadingZeros(bits: bigint): number {
  let n = 64
  while (bits > 0n) {
    bits >>= 1n
    n--
  }
  return n
}

function open(path: string): OpenLibrary {
  let realPath: string
  try {
    realPath = fs.realpathSync(path)
  } catch {
    throw new LibraryNotFoundError(path)
  }
  // A truncated or foreign ELF file would be mapped by the system loader and crash on first touch.
  const problem = elfProblem(realPath)
  if (problem) throw new LibraryNotLoadableError(path, problem)
  try {
    return openLibrary(realPath)
  } catch (e) {
    throw new LibraryNotLoadableError(path, ((e as Error).message ?? String(e)).replace(/^Failed to load shared library: /, ''))
  }
}

function readTypeLayout<T>(path: string, Module: PrefixDesc, read: () => T, check: LayoutCheckName): T {
  try {
    return read()
  } catch (e) {
    if (!(e instanceof TypeLayoutReadError)) throw e
    throw new LayoutMismatchError(path, check, Module.name.slice(0, -4), 'a readable TypeLayout of the root module', e.message)
  }
}

/** The module's address: built at most once per library (its outcome, failure included, is kept). */
function buildModule(path: string, lib: OpenLibrary, header: bigint, name: string): bigint {
  if (!lib.constructed) {
    // A Rust loader in this process may have built it already through this very header.
    const stored = readLibHeader(header).module.pointer
    lib.constructed = stored !== 0n ? { ok: true, module: stored } : construct(readLibHeader(header).constructor)
  }
  const c = lib.constructed
  if (c.ok) return c.module
  if (c.panicked) throw new PluginPanicError(path, name)
  throw new PluginReturnedError(path, name, c.message, c.debug)
}
