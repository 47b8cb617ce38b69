// The layout engine runs drop glue through the native runtime (src/native), which
// the std types load. This hook keeps the dependency pointing downwards: src/types
// registers the runtime here when it loads.
import type { Desc } from './descriptor.ts'
import { AbiError } from './errors.ts'

export interface DropRuntime {
  /** Drops the value of type `d` stored at `address`, through its own vtables. */
  dropInPlace(address: bigint, d: Desc): void
}

let runtime: DropRuntime | null = null

export function setDropRuntime(r: DropRuntime): void {
  runtime = r
}

export function dropRuntime(): DropRuntime {
  if (!runtime) {
    throw new AbiError('ERR_ABI_NO_RUNTIME', "dropping native values needs the std types' runtime: import 'abi-stable' (not only its layout engine)")
  }
  return runtime
}
