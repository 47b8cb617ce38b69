// Errors of the std types layer.
import { AbiError } from '../abi/index.ts'

/** Bytes a plugin handed over as text were not valid UTF-8. */
export class InvalidUtf8Error extends AbiError {
  constructor(where: string) {
    super('ERR_ABI_INVALID_UTF8', `${where} holds bytes that are not valid UTF-8; the plugin broke RString's contract`)
  }
}

/** Something the host cannot do with a type (make an RArc, make a map on an unsupported platform). */
export class UnsupportedError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_UNSUPPORTED', message)
  }
}
