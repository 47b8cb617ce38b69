// loadFromDirectory: abi_stable's `RootModule::load_from_directory`: the library of a root module
// is found in a folder by the module's base name and the platform's naming, then loaded as
// loadLibrary loads any path.
import path from 'node:path'
import { DeclarationError, type PrefixDesc } from '../abi/index.ts'
import { checkOptions } from '../abi/options.ts'
import { loadLibrary, type LoadedLibrary, type LoadOptions } from './load.ts'

/** `lib<base>.so` on Linux and the BSDs, `lib<base>.dylib` on macOS, `<base>.dll` on Windows. */
export function libraryFileName(baseName: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `${baseName}.dll`
  return `lib${baseName}.${platform === 'darwin' ? 'dylib' : 'so'}`
}

export interface LoadFromDirectoryOptions<D extends PrefixDesc = PrefixDesc> extends LoadOptions<D> {
  /** The base name, when the declaration has none (`t.prefixModule(..., { baseName })`). */
  baseName?: string
}

/** Loads `<dir>/lib<baseName>.so` (the platform's name for it) with `Module`, as loadLibrary does. */
export function loadFromDirectory<D extends PrefixDesc>(dir: string, Module: D, options: LoadFromDirectoryOptions<D>): LoadedLibrary<D> {
  checkOptions('loadFromDirectory', options, ['version', 'baseName', 'initialize'])
  const { baseName = Module?.baseName, ...load } = options ?? ({} as LoadFromDirectoryOptions<D>)
  if (baseName === undefined) {
    throw new DeclarationError(`loadFromDirectory: ${Module?.name ?? 'the module'} has no base name; declare it (t.prefixModule(..., { baseName: 'my_plugin' })) or pass { baseName }`)
  }
  if (typeof dir !== 'string') throw new DeclarationError(`loadFromDirectory: dir must be a folder path (a string), got ${typeof dir}`)
  return loadLibrary(path.join(dir, libraryFileName(baseName)), Module, load)
}
