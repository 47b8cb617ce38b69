// The error codegen throws: a declaration that C or Rust cannot spell with the same layout.
import { AbiError } from '../abi/index.ts'

export class CodegenError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_CODEGEN', message)
  }
}
