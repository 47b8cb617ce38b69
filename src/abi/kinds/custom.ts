// Types whose native layout is another descriptor (`repr`) but whose JS value is
// converted by hand: the std types (an `RString` is an `RVec<u8>` header natively
// and a string in JS). Layout and calling convention come from `repr`; reading,
// writing and dropping come from the hooks.
import type { Desc } from '../descriptor.ts'
import type { DropOp } from '../drop.ts'

export interface CustomDesc<Out = unknown, In = Out> extends Desc<Out, In> {
  readonly kind: 'custom'
  /** The native layout. */
  readonly repr: Desc
  /** Canonical layout text (may name other types rather than expand them, to allow recursion). */
  layoutText(): string
  /** Reads the value without taking ownership of anything it holds (a borrowed read). */
  read(view: DataView, offset: number): Out
  /**
   * Writes the value. Memory it must allocate either becomes part of the value (an owned,
   * host-made container, moved to whoever receives the bytes) or is temporary and belongs
   * to the active call scope (see scope.ts).
   */
  write(view: DataView, offset: number, value: In): void
  /** How to drop a value of this type held in native memory (through its own vtables). */
  dropOps(offset: number): DropOp[]
  /** Whether `undefined` is a value of it (ROption: RNone), so a struct field or tuple element of it may be left out. */
  readonly optional?: boolean
  /** The generic arguments (`[K, V]` of `RHashMap<K, V>`), for tools that print the type (codegen). */
  readonly typeArgs?: readonly Desc[]
}

export type CustomSpec<Out, In> = Omit<CustomDesc<Out, In>, 'kind' | '~types'>

export function custom<Out, In = Out>(spec: CustomSpec<Out, In>): CustomDesc<Out, In> {
  return Object.freeze({ kind: 'custom', ...spec }) as CustomDesc<Out, In>
}
