// Opened libraries, by real path, for the life of the process: abi_stable never unloads a
// library (values, vtables and threads from it may outlive any JS reference), so the koffi
// handle stays referenced here forever and `unload()` is never called.
import koffi from 'koffi'
import type { LibraryHandle } from 'koffi'
import type { PrefixDesc } from '../abi/index.ts'
import { pinLibrary } from '../trait/host/native.ts'
import type { ConstructOutcome } from './root-module.ts'

export interface OpenLibrary {
  readonly realPath: string
  readonly handle: LibraryHandle
  /** The LibHeader's address, once looked up (undefined: not yet; null: no such symbol). */
  header?: bigint | null
  /** The constructor's outcome: it runs at most once per library. */
  constructed?: ConstructOutcome
  /** Loaded objects per root-module declaration: the same file gives the same object. */
  readonly loaded: WeakMap<PrefixDesc, unknown>
  /** Kept mapped until the process has exited, not only until Node's teardown. */
  pinned: boolean
}

const libraries = new Map<string, OpenLibrary>()

/** The library at `realPath`, opened on first use; throws koffi's error when the system cannot load it. */
export function openLibrary(realPath: string): OpenLibrary {
  let lib = libraries.get(realPath)
  if (!lib) {
    lib = { realPath, handle: koffi.load(realPath), loaded: new WeakMap(), pinned: false }
    // Pinned (RTLD_NODELETE) too: Node unloads koffi's libraries at exit, under plugin threads
    // that may still run. Pinning needs the native runtime; without it the library is still
    // kept open by the handle above, only not at exit.
    lib.pinned = pinQuietly(realPath)
    libraries.set(realPath, lib)
  }
  return lib
}

function pinQuietly(realPath: string): boolean {
  try {
    return pinLibrary(realPath)
  } catch {
    return false
  }
}

/** The address of data symbol `name`, or null when the library does not export it. */
export function symbolAddress(lib: OpenLibrary, name: string): bigint | null {
  try {
    const address = lib.handle.symbol(name) as unknown
    return typeof address === 'bigint' && address !== 0n ? address : null
  } catch {
    return null
  }
}

/** Real paths of every library opened so far (never unloaded). */
export const openedLibraries = (): string[] => [...libraries.keys()]
