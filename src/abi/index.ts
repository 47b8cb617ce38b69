// The layout engine's public face: `t`, the descriptor builders, and the functions
// that lay out, read, write, pass and print what they describe.
import { array } from './kinds/array.ts'
import { enumOf } from './kinds/enum.ts'
import { fn, mutPtr, ptr } from './kinds/pointer.ts'
import { prefix } from './kinds/prefix.ts'
import { bool, f32, f64, i16, i32, i64, i8, isize, u16, u32, u64, u8, usize } from './kinds/primitive.ts'
import { struct } from './kinds/struct.ts'
import { transparent } from './kinds/transparent.ts'
import { union } from './kinds/union.ts'
import { phantom, unit } from './kinds/zst.ts'
import { lazy } from './kinds/lazy.ts'
import { ref, refMut } from './kinds/ref.ts'

export const t = {
  u8, u16, u32, u64, i8, i16, i32, i64, usize, isize, f32, f64, bool,
  unit, phantom,
  ptr, mutPtr, fn, ref, refMut, lazy,
  struct, array, union, transparent,
  enum: enumOf,
  prefix,
  /** The design's name for a prefix-type module struct (a root module). */
  prefixModule: prefix,
} as const

export type { Desc, Infer, InferInput, Member } from './descriptor.ts'
export type { ArrayDesc } from './kinds/array.ts'
export type { EnumDesc, EnumRepr, Variant } from './kinds/enum.ts'
export type { FnDesc, PtrDesc } from './kinds/pointer.ts'
export type { PrefixDesc, PrefixValue } from './kinds/prefix.ts'
export type { PrimDesc, PrimName } from './kinds/primitive.ts'
export type { StructDesc } from './kinds/struct.ts'
export type { TransparentDesc } from './kinds/transparent.ts'
export type { UnionDesc } from './kinds/union.ts'
export type { ZstDesc } from './kinds/zst.ts'
export { AbiError, DeclarationError, InvalidValueError, MissingFieldError, type ArgumentPlace } from './errors.ts'
export { hostModel, models, type DataModel, type ModelName } from './model.ts'
export { alignOf, layoutOf, sizeOf, type Layout, type PrefixLayout } from './layout.ts'
export { codecOf, decode, encode, read, readAt, readPrefix, write, writeAt, writePrefixBlock, allocPrefix, type Codec } from './codec.ts'
export { koffiTypeOf } from './koffi-type.ts'
export { bindFunction, bindPointer, setAbortScope, type BoundFn } from './call.ts'
export { layoutFingerprint, layoutString } from './layout-string.ts'
export { addressOf, allocNative, copyToNative, mapRegion, memoryCrossings, nativeView, readNative, readNativeBytes, readNativeInto, readNativeTransient, readNativeTransientView, writeNative, type MappedRegion, type NativeBlock } from './memory.ts'
export { custom, type CustomDesc, type CustomSpec } from './kinds/custom.ts'
export { lazy, resolveLazy, type LazyDesc } from './kinds/lazy.ts'
export { ref, refMut, type RefDesc } from './kinds/ref.ts'
export { DropKind, dropOpsOf, needsDrop, shiftOps, type DropOp } from './drop.ts'
export { Handle, UseAfterMoveError, forgottenHandles } from './handle.ts'
export { CallScope, activeScope, enterScope, exitScope, requireScope, withScope } from './scope.ts'
export { setDropRuntime, dropRuntime, type DropRuntime } from './runtime-hook.ts'
export type { CallOptions } from './call.ts'
export { ByteClass, byteClassesOf, floatUnitsOf } from './byte-classes.ts'
export { overwriteSource, readBorrowing, readTaking, takingOwnership } from './ownership.ts'
