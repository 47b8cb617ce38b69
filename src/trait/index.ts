// Trait objects (#[sabi_trait], both directions) and opaque handles; `t` extended with
// `t.trait`, `t.method` and `t.opaque`.
import { t as std } from '../types/index.ts'
import { method } from './method.ts'
import { opaque } from './opaque.ts'
import { trait } from './trait.ts'
import { DynTrait, NonExhaustive } from '../erased/index.ts'

export const t = { ...std, trait, method, opaque, DynTrait, NonExhaustive } as const

export { trait, type TraitDesc, type TraitInfo, type TraitInput, type TraitOptions } from './trait.ts'
export { method, type CallableMethods, type MethodDesc, type MethodOptions, type Methods, type TraitImpl } from './method.ts'
export { opaque, OpaqueHandle, type OpaqueDesc } from './opaque.ts'
export type { TraitObject, TraitObjectBase } from './trait-object.ts'
export { BorrowedObjectError, ExpiredBorrowError, MissingMethodError, NotCloneableError, UnsupportedSignatureError } from './errors.ts'
export type { PointerKind } from './pointer.ts'
export { forgottenObjects } from './owner.ts'
export { HostedObject, implement, type HostOptions } from './host/host-object.ts'
export { deliveries } from './host/dispatch.ts'
export { hostEvents, type HostFailure } from './host/report.ts'
export { hostStats } from './host/stats.ts'
export { RObjectVtable } from './vtable.ts'
export { pinLibrary } from './host/native.ts'
