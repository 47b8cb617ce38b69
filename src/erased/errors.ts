// Errors of the erased types (DynTrait, NonExhaustive).
import { AbiError } from '../abi/index.ts'

/**
 * A trait the value cannot serve: its declared interface does not list it, or the plugin's vtable
 * lacks the slot (bit clear or null), e.g. a DynTrait without Display asked for toString().
 */
export class MissingTraitError extends AbiError {
  readonly type: string
  readonly trait: string
  constructor(type: string, trait: string, why: 'undeclared' | 'absent') {
    super(
      'ERR_ABI_MISSING_TRAIT',
      why === 'undeclared'
        ? `${type} does not implement ${trait}: its interface does not list it (declare ${trait} in the interface if the plugin's does)`
        : `${type} cannot use ${trait}: the plugin's vtable has no ${trait} slot (its bit is clear or the slot is null), although the interface declares it`,
    )
    this.type = type
    this.trait = trait
  }
}
