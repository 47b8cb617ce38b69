// abi_stable's erased types beyond RBoxError: DynTrait and NonExhaustive. See docs/erased-types.md.
export { DynTrait, type DynTraitDesc, type DynTraitInput } from './dyn-trait.ts'
export { DynTraitObject, type DynPointer } from './dyn-object.ts'
export { type DynInterfaceSpec, type TraitName } from './interface.ts'
export { MissingTraitError } from './errors.ts'
export { NonExhaustive, type NonExhaustiveDesc, type NeStorage } from './non-exhaustive.ts'
export { type NeHostOptions } from './ne-host.ts'
export { UnknownVariant } from './ne-object.ts'
export { IoError, IO_ERROR_KINDS, RIoError, RSeekFrom, type IoErrorKind, type SeekFrom } from './io-types.ts'
