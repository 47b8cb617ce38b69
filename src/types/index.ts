// The std types of abi_stable 0.11, binary-compatible, converting to and from
// ordinary JS values; and `t` extended with them.
import { t as abi } from '../abi/index.ts'
import { RBox } from './box.ts'
import { RHashMap } from './hashmap.ts'
import { RArc, RCmpOrdering, RCow, RCowSlice, RCowStr, RDuration } from './misc.ts'
import { ROption, RResult } from './option-result.ts'
import { RSlice, RSliceMut, RStr } from './slices.ts'
import { Tuple1, Tuple2, Tuple3, Tuple4 } from './tuple.ts'
import { Value } from './value.ts'
import { RBoxError, SendRBoxError, UnsyncRBoxError } from './rbox-error.ts'
import { RString, RVec } from './vec.ts'
// Registers the call engine with bindFunction/bindPointer (one native crossing per call).
import './call-engine.ts'
export { callEngineStatus } from './call-engine.ts'

export const t = {
  ...abi,
  RStr, RString, RSlice, RSliceMut, RVec, ROption, RResult, RBox,
  Tuple1, Tuple2, Tuple3, Tuple4,
  RHashMap, RCow, RCowStr, RCowSlice, RDuration, RCmpOrdering, RArc, Value,
  RBoxError, SendRBoxError, UnsyncRBoxError,
} as const

export { RArc, RBox, RCmpOrdering, RCow, RCowSlice, RCowStr, RDuration, RHashMap, ROption, RResult, RSlice, RSliceMut, RStr, RString, RVec, Tuple1, Tuple2, Tuple3, Tuple4, Value }
export type { JsonValue } from './value.ts'
export { BoxedError, RBoxError, SendRBoxError, UnsyncRBoxError, formatError, type RBoxErrorInput } from './rbox-error.ts'
// The types that declarations of these std types infer to: a consumer's own exported declarations
// (`export const Mod = t.prefixModule(...)`) name them in its emitted .d.ts.
export type * from './option-result.ts'
export type * from './hashmap.ts'
export type * from './slices.ts'
export { viewOf } from './vec.ts'
export { InvalidUtf8Error, UnsupportedError } from './errors.ts'
export { RuntimeNotBuiltError, liveAllocations, runtimePath } from './runtime.ts'
