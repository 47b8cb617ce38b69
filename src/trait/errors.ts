// Errors of trait objects and opaque handles.
import { AbiError } from '../abi/index.ts'

/** A method an older plugin's vtable does not have. */
export class MissingMethodError extends AbiError {
  readonly trait: string
  readonly method: string
  constructor(trait: string, method: string, fieldIndex: number) {
    super(
      'ERR_ABI_MISSING_METHOD',
      `${trait}.${method} is absent from this object's vtable (field ${fieldIndex} has no accessibility bit): the plugin ` +
        `was built against an older version of the ${trait} trait; rebuild it against the current one, or check ` +
        `obj.$has('${method}') before calling`,
    )
    this.trait = trait
    this.method = method
  }
}

/** A trait object or opaque handle read through a reference: its owner, not JS, drops or moves it. */
export class BorrowedObjectError extends AbiError {
  constructor(what: string, action: string) {
    super(
      'ERR_ABI_BORROWED_OBJECT',
      `cannot ${action} this ${what}: it was read through a reference (or Handle.value()) and belongs to the value ` +
        `it was read from; drop or pass that owner instead, or take the value (Handle.take()) to own it`,
    )
  }
}

/**
 * A trait a JS object cannot implement as declared: a method's arguments or return value do not fit
 * the native trampolines (see abs_trait.h), or its failures have no value to give the plugin.
 */
export class UnsupportedSignatureError extends AbiError {
  readonly trait: string
  readonly method: string
  constructor(trait: string, method: string, why: string) {
    super('ERR_ABI_UNSUPPORTED_SIGNATURE', `${trait}.${method} cannot be implemented in JS: ${why}`)
    this.trait = trait
    this.method = method
  }
}

/** A borrowed trait object (an `RMut`/`RRef` argument of a JS method) used after the call that lent it. */
export class ExpiredBorrowError extends AbiError {
  constructor(what: string) {
    super(
      'ERR_ABI_EXPIRED_BORROW',
      `this ${what} was lent to JS for one call, which has returned; the plugin may have freed or moved it since. ` +
        'Use it inside the method that received it (copy out what you need to keep)',
    )
  }
}

/** `clone()` of a trait object whose pointer or vtable cannot be cloned. */
export class NotCloneableError extends AbiError {
  constructor(what: string, why: string) {
    super('ERR_ABI_NOT_CLONEABLE', `cannot clone this ${what}: ${why}`)
  }
}
