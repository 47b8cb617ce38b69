// Loading plugins: abi_stable's library protocol, root modules, checks, discovery.
export { loadLibrary, type LoadCheck, type LoadedLibrary, type LoadOptions } from './load.ts'
export { libraryFileName, loadFromDirectory, type LoadFromDirectoryOptions } from './directory.ts'
export { findPlugins, type FindPluginsOptions, type FindPluginsResult, type PluginFailure } from './discover.ts'
export type { ModuleValue, ModuleMeta } from './module.ts'
export {
  AbiHeaderMismatchError,
  CorruptLibraryError,
  LayoutMismatchError,
  LibraryNotFoundError,
  LibraryNotLoadableError,
  InitializationError,
  MissingFieldsError,
  LoadError,
  NotAPluginError,
  PluginPanicError,
  PluginReturnedError,
  VersionMismatchError,
  type LayoutCheckName,
} from './errors.ts'
export { parseVersion, versionIncompatibility, versionOption, type VersionNumber } from './version.ts'
export { firstLayoutDifference, type LayoutDifference } from './layout-diff.ts'
export { ROOT_LAYOUT_SYMBOL, ROOT_MODULE_LOADER_SYMBOL } from './header.ts'
export { openedLibraries } from './cache.ts'
export type { Logger } from './log.ts'
