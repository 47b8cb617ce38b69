// `t.NonExhaustive(enum, storage, interface)`: abi_stable's `NonExhaustive<E, S, I>` (reference
// 11.A): the enum's bytes in a storage of `S`'s size, then the pointer to the creator's
// NonExhaustiveVtable. Read, a variant the declaration knows is the enum's JS value (the bytes
// it was read from are then dropped through the vtable, once); a variant it does not know (a newer
// plugin's) is an UnknownVariant that keeps its bytes and vtable and can be passed back as is.
// Written, an UnknownVariant is moved back; an enum value gets the creator's vtable, remembered
// from a value of this type the plugin handed out (the way reference 11.A builds one), or before
// any was read, the host's own vtable for this declaration (ne-host.ts).
import { DeclarationError, DropKind, InvalidValueError, codecOf, copyToNative, custom, layoutOf, layoutString, overwriteSource, t, takingOwnership, type CustomDesc, type Desc, type EnumDesc, type Infer, type InferInput } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { tagIntOf } from '../abi/kinds/enum.ts'
import { dropUnlessCalled } from '../types/owned.ts'
import { BorrowedObjectError } from '../trait/errors.ts'
import { NE_TRAITS, dynInterface, type DynInterface, type DynInterfaceSpec } from './interface.ts'
import { runtimeNe } from './native.ts'
import { neVTable } from './ne-vtable.ts'
import { hostNeVTable, type NeHostOptions } from './ne-host.ts'
import { UnknownVariant, type NeShape } from './ne-object.ts'

const LE = true

/** The storage `S`: its size and alignment, or a descriptor of it (`t.array(t.usize, 8)`). */
export type NeStorage = Desc | { size: number; align?: number }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface NonExhaustiveDesc<E extends EnumDesc<any> = EnumDesc> extends CustomDesc<Infer<E> | UnknownVariant, InferInput<E> | UnknownVariant>, NeShape {
  readonly enum: E
  readonly iface: DynInterface
}

function storageOf(where: string, storage: NeStorage): { size: number; align: number } {
  if (typeof storage === 'object' && storage !== null && 'kind' in storage) return layoutOf(storage as Desc)
  const s = storage as { size?: unknown; align?: unknown }
  if (typeof s !== 'object' || s === null || !Number.isInteger(s.size) || (s.size as number) <= 0) {
    throw new DeclarationError(`${where}: the storage must be a descriptor or { size, align }, got ${describeValue(storage)}`)
  }
  const align = s.align ?? 8
  if (![1, 2, 4, 8].includes(align as number)) throw new DeclarationError(`${where}: storage align must be 1, 2, 4 or 8, got ${describeValue(align)}`)
  return { size: s.size as number, align: align as number }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function NonExhaustive<E extends EnumDesc<any>>(e: E, storage: NeStorage, spec: DynInterfaceSpec = {}, options: NeHostOptions = {}): NonExhaustiveDesc<E> {
  if (typeof e !== 'object' || e === null || e.kind !== 'enum') throw new DeclarationError(`NonExhaustive: expected a t.enum(...) descriptor, got ${describeValue(e)}`)
  const where = `NonExhaustive<${e.name}>`
  const iface = dynInterface(where, spec, NE_TRAITS)
  const s = storageOf(where, storage)
  const el = layoutOf(e)
  // abi_stable's const assertion (a compile error in Rust): the storage must hold the enum.
  if (el.size > s.size) throw new DeclarationError(`${where}: the storage (${s.size} bytes) is smaller than the enum (${el.size} bytes)`)
  if (el.align > Math.max(s.align, 8)) throw new DeclarationError(`${where}: the storage's alignment (${s.align}) is smaller than the enum's (${el.align})`)
  if (s.align > 8) throw new DeclarationError(`${where}: storage alignments above 8 are not supported`)
  const vtableOffset = Math.ceil(s.size / 8) * 8
  const name = `${e.name}_NE`
  // The storage as bytes: its padding and the tail past the enum are uninitialised in the plugin,
  // and bytes keep that to themselves (64-bit words through BigInt would spread it, valgrind says).
  const repr = t.struct(name, { fill: t.array(t.u8, vtableOffset), vtable: t.ptr() })
  const words = repr
  const size = vtableOffset + 8
  const tagSize = el.tag!.size
  const tagSigned = tagIntOf(e.repr).startsWith('i')
  const codec = codecOf(e)
  const names = e.variants.map((v) => v.name)
  const checked = new Set<bigint>()
  // A discriminant is a position in EnumInfo's names only when the enum numbers its variants
  // 0, 1, 2, ... (Rust's default, which the host's known variants show); otherwise unknown ones go unnamed.
  const implicit = e.variants.every((v, i) => v.discriminant === BigInt(i))
  const variantIndex = (d: bigint): number | undefined => (implicit && d >= 0n && d <= 0xffffn ? Number(d) : undefined)
  let lastVTable = 0n
  let hostVTable = 0n

  /** A declared variant the plugin's enum lacks (or names differently) is a declaration error. */
  function check(vtable: bigint): void {
    if (checked.has(vtable)) return
    const vt = neVTable(vtable, name)
    if (vt.variants.length > 0) {
      // EnumInfo lists the creator's variant names in declaration order, without discriminants.
      for (const [i, v] of e.variants.entries()) {
        const theirs = vt.variants[i]
        if (theirs !== v.name) {
          throw new DeclarationError(
            `${where}: variant ${v.name} (discriminant ${v.discriminant}) is not in the plugin's ${vt.typeName || 'enum'}, whose variants are ${vt.variants.join(', ')}`,
          )
        }
      }
    }
    checked.add(vtable)
  }

  const self: NonExhaustiveDesc<E> = Object.freeze({
    ...custom<Infer<E> | UnknownVariant, InferInput<E> | UnknownVariant>({
      name,
      repr,
      layoutText: () => `NonExhaustive<${layoutString(e)},[u8;${s.size}],${iface.key}>`,
      read(view, offset) {
        const vtable = view.getBigUint64(offset + vtableOffset, LE)
        const tag = readTag(view, offset, tagSize, tagSigned)
        if (vtable === 0n) throw new InvalidValueError(`${name} (a non-null vtable pointer)`, `null, with discriminant ${tag}`)
        if (vtable === runtimeNe().inert()) throw new InvalidValueError(`a live ${name}`, 'the remains of one that was already taken (moved into JS)')
        check(vtable)
        const known = e.variants.find((v) => v.discriminant === tag)
        if (known) {
          lastVTable = vtable
          return codec.read(view, offset) as Infer<E>
        }
        const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, size).slice()
        const owned = takingOwnership()
        const value = new UnknownVariant(self, bytes, owned, tag)
        // The value this was read from is dropped next: leave a vtable whose _sabi_drop does nothing.
        if (owned) {
          const inert = new Uint8Array(8)
          new DataView(inert.buffer).setBigUint64(0, runtimeNe().inert(), LE)
          overwriteSource(view, offset + vtableOffset, inert, copyToNative)
        }
        return value
      },
      write(view, offset, value) {
        if (value instanceof UnknownVariant) {
          if (value.$shape.iface.key !== iface.key || layoutString(value.$shape as unknown as Desc) !== layoutString(self)) throw new InvalidValueError(`a ${name}`, `a ${value.$shape.name}`)
          if (!value.owned) throw new BorrowedObjectError(`${name} (unknown variant ${value.variant})`, 'pass by value (move)')
          return value.$moveInto(view, offset)
        }
        // The plugin's vtable once one was read; before that, the host's own (built on first use).
        const vtable = lastVTable !== 0n ? lastVTable : (hostVTable ||= hostNeVTable(name, e, iface, vtableOffset, options))
        new Uint8Array(view.buffer, view.byteOffset + offset, size).fill(0)
        codec.write(view, offset, value as InferInput<E>)
        view.setBigUint64(offset + vtableOffset, vtable, LE)
        dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, size))
      },
      dropOps: (offset) => [{ kind: DropKind.NonExhaustive, offset, stride: vtableOffset }],
    }),
    enum: e,
    iface,
    vtableOffset,
    words,
    variantNames: names,
    variantIndex,
  } as never)
  return self
}

function readTag(view: DataView, offset: number, size: number, signed: boolean): bigint {
  switch (size) {
    case 1:
      return BigInt(signed ? view.getInt8(offset) : view.getUint8(offset))
    case 2:
      return BigInt(signed ? view.getInt16(offset, LE) : view.getUint16(offset, LE))
    case 4:
      return BigInt(signed ? view.getInt32(offset, LE) : view.getUint32(offset, LE))
    default:
      return signed ? view.getBigInt64(offset, LE) : view.getBigUint64(offset, LE)
  }
}
