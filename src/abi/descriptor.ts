// What every type descriptor is: plain data naming one native type. Functions
// elsewhere compute its layout (layout.ts), read and write it (codec.ts), pass it
// through koffi (koffi-type.ts) and print it (layout-string.ts).

export type Kind = 'prim' | 'zst' | 'ptr' | 'fn' | 'struct' | 'array' | 'union' | 'transparent' | 'enum' | 'prefix' | 'ref' | 'custom' | 'lazy'

/** Phantom carrier of the JS types of a descriptor: never present at run time. */
export interface JsTypes<Out, In> {
  readonly out: Out
  readonly in: In
}

export interface Desc<Out = unknown, In = Out> {
  readonly kind: Kind
  /** The type's name as Rust spells it (`u8`, `*const u8`, `Point`, `[u8; 4]`). */
  readonly name: string
  readonly '~types'?: JsTypes<Out, In>
}

/** The JS value read out of native memory for a descriptor. */
export type Infer<D extends Desc> = NonNullable<D['~types']>['out']
/** The JS values accepted when writing a descriptor into native memory. */
export type InferInput<D extends Desc> = NonNullable<D['~types']>['in']

/** A named field of a struct, union, enum variant or prefix type, in declaration order. */
export interface Member {
  readonly name: string
  readonly type: Desc
}

export type Fields = { readonly [name: string]: Desc }
export type TupleFields = readonly Desc[]

/** The JS object of a field list: record fields by name, tuple fields by index. */
export type FieldsOut<F> = F extends TupleFields
  ? { -readonly [I in keyof F]: F[I] extends Desc ? Infer<F[I]> : never }
  : { -readonly [K in keyof F]: F[K] extends Desc ? Infer<F[K]> : never }

type ZstKeys<F> = { [K in keyof F]: F[K] extends Desc<undefined, any> ? K : never }[keyof F]
type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** Input object of a field list: zero-sized fields may be left out. */
export type FieldsIn<F> = F extends TupleFields
  ? { -readonly [I in keyof F]: F[I] extends Desc ? InferInput<F[I]> : never }
  : Simplify<
      { -readonly [K in Exclude<keyof F, ZstKeys<F>>]: F[K] extends Desc ? InferInput<F[K]> : never } & {
        -readonly [K in ZstKeys<F>]?: F[K] extends Desc ? InferInput<F[K]> : never
      }
    >

/** Fields of a tuple variant or tuple struct as an object keyed '0', '1', ... */
export type IndexedOut<F extends TupleFields> = { -readonly [I in Extract<keyof F, `${number}`>]: F[I] extends Desc ? Infer<F[I]> : never }
export type IndexedIn<F extends TupleFields> = { -readonly [I in Extract<keyof F, `${number}`>]: F[I] extends Desc ? InferInput<F[I]> : never }
