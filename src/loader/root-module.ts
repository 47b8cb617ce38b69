// Building the root module: the library's constructor, called at most once per library, and
// its outcome decoded (reference 4.2 RootModuleResult, 1.13 RBoxError).
import { bindPointer, readPrefix, t } from '../abi/index.ts'
import { formatError } from '../types/index.ts'

const ptr = t.ptr()

/** `RBoxError`: `{ value: RBox<ErasedObject> { data, vtable }, vtable: RErrorVTable_Ref }`. */
export const RBoxErrorDesc = t.struct('RBoxError', { data: t.mutPtr(), box_vtable: ptr, vtable: ptr })
export const RootModuleError = t.enum('RootModuleError', { Returned: [RBoxErrorDesc], Unwound: null }, { repr: 'u8' })
/** `RResult<PrefixRef<ErasedPrefix>, RootModuleError>`: 40 bytes on 64-bit, returned through a hidden pointer. */
export const RootModuleResult = t.enum('RootModuleResult', { ROk: [ptr], RErr: [RootModuleError] }, { repr: 'u8' })

const constructorSig = t.fn([], RootModuleResult)

const BoxVtable = t.prefix('BoxVtable', { type_id: t.fn([], ptr), destructor: t.fn([t.mutPtr(), t.u8, t.u8], t.unit), _marker: t.phantom() }, { lastPrefixField: '_marker' })

export type ConstructOutcome =
  | { readonly ok: true; readonly module: bigint }
  | { readonly ok: false; readonly panicked: true }
  | { readonly ok: false; readonly panicked: false; readonly message: string; readonly debug?: string }

/** Calls the constructor at `address` once and decodes what it returns; a returned error is read and dropped. */
export function construct(address: bigint): ConstructOutcome {
  const result = bindPointer(address, constructorSig)()
  if (result.tag === 'ROk') return { ok: true, module: result[0] }
  const error = result[0]
  if (error.tag === 'Unwound') return { ok: false, panicked: true }
  return { ok: false, panicked: false, ...readAndDropError(error[0]) }
}

type RBoxErrorValue = { data: bigint; box_vtable: bigint; vtable: bigint }

/** The error's Display and Debug texts (types/rbox-error.ts); then the error is dropped through its own box vtable. */
function readAndDropError(e: RBoxErrorValue): { message: string; debug?: string } {
  try {
    const { display, debug } = formatError(e.data, e.vtable)
    return { message: display, debug: debug || undefined }
  } finally {
    const box = readPrefix(BoxVtable, e.box_vtable)
    // destructor(data, CallReferentDrop::Yes = 0, Deallocate::Yes = 1)
    bindPointer(box.destructor, BoxVtable.fields.destructor)(e.data, 0, 1)
  }
}
