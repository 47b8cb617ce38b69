// A NonExhaustive value whose variant the host's declaration does not know (a newer plugin's):
// its bytes, kept as they are, owned by a NativeOwner (dropped once through the vtable's
// `_sabi_drop`, moved when passed back), and the traits its interface declares, each through the
// creator's own slot (reference 11.A): Debug, Display, Serialize, PartialEq, Ord, Hash, Clone.
import { InvalidValueError, t, type Desc, type FnDesc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { ROption, RResult } from '../types/option-result.ts'
import { RCmpOrdering } from '../types/misc.ts'
import { RString } from '../types/vec.ts'
import { RBoxError } from '../types/rbox-error.ts'
import { NativeOwner } from '../trait/owner.ts'
import { MissingTraitError } from './errors.ts'
import type { DynInterface, TraitName } from './interface.ts'
import { neVTable, type NeSlot } from './ne-vtable.ts'
import { hashThrough } from './native.ts'
import { formatThrough, slotCall } from './slots.ts'

const LE = true
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/** What the object needs of its descriptor (non-exhaustive.ts). */
export interface NeShape {
  readonly name: string
  readonly iface: DynInterface
  /** Offset of the vtable pointer (the storage's size rounded up to 8). */
  readonly vtableOffset: number
  /** The NonExhaustive's layout (clone's return type): the storage's bytes, then the vtable. */
  readonly words: Desc
  /** The position of a discriminant among the creator's variants, when it can be told. */
  readonly variantIndex: (discriminant: bigint) => number | undefined
}

const sig = {
  eq: t.fn([t.usize, t.usize], t.bool),
  cmp: t.fn([t.usize, t.usize], RCmpOrdering),
  partialCmp: t.fn([t.usize, t.usize], ROption(RCmpOrdering)),
}
const serializeSigs = new WeakMap<object, FnDesc>()
const cloneSigs = new WeakMap<object, FnDesc>()

export class UnknownVariant extends NativeOwner {
  /** @internal */
  readonly $shape: NeShape
  /** The discriminant the plugin wrote. */
  readonly discriminant: bigint
  /** The variant's name, from the creator's EnumInfo (`#<discriminant>` when it has none). */
  readonly variant: string

  constructor(shape: NeShape, bytes: Uint8Array, owned: boolean, discriminant: bigint) {
    super(shape as unknown as Desc, bytes, owned)
    this.$shape = shape
    this.discriminant = discriminant
    const vtable = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(shape.vtableOffset, LE)
    const index = shape.variantIndex(discriminant)
    this.variant = (index !== undefined ? neVTable(vtable, shape.name).variants[index] : undefined) ?? `#${discriminant}`
  }

  protected $describe(): string {
    return `${this.$shape.name} (unknown variant ${this.variant})`
  }

  /** The vtable's WM address. */
  get $vtable(): bigint {
    return new DataView(this.$current().buffer).getBigUint64(this.$shape.vtableOffset, LE)
  }

  /** @internal */
  $slot(trait: TraitName, slot: NeSlot): bigint {
    if (!this.$shape.iface.traits.has(trait)) throw new MissingTraitError(this.$shape.name, trait, 'undeclared')
    const address = neVTable(this.$vtable, this.$shape.name).slots[slot]
    if (address === 0n) throw new MissingTraitError(this.$shape.name, trait, 'absent')
    return address
  }

  $has(trait: TraitName): boolean {
    const slot = ({ Clone: 'clone', Debug: 'debug', Display: 'display', Serialize: 'serialize', PartialEq: 'partial_eq', Ord: 'cmp', PartialOrd: 'partial_cmp', Hash: 'hash' } as const)[trait as 'Clone']
    return this.$shape.iface.traits.has(trait) && (slot === undefined || neVTable(this.$vtable, this.$shape.name).slots[slot] !== 0n)
  }

  debug(alternate = false): string {
    return this.$format('Debug', 'debug', alternate)
  }

  display(alternate = false): string {
    return this.$format('Display', 'display', alternate)
  }

  /** @internal */
  $format(trait: TraitName, slot: 'debug' | 'display', alternate: boolean): string {
    const address = this.$slot(trait, slot)
    const text = formatThrough(address, this.$address, alternate, `${this.$shape.name} ${trait}`)
    if (text === undefined) throw new InvalidValueError(`${this.$shape.name} ${trait} (the plugin's formatter succeeding)`, 'a formatting error')
    return text
  }

  override toString(): string {
    return this.display()
  }

  [INSPECT](): string {
    if (this.alive && this.$has('Debug')) return this.debug()
    return `${this.$shape.name}::${this.variant} { unknown to this host }`
  }

  /** Serialize through the creator's slot (with `Serialize: true`, its RawValueBox JSON parsed). */
  toJSON(): unknown {
    const address = this.$slot('Serialize', 'serialize')
    const proxy = this.$shape.iface.serializeProxy!
    const d = proxy === 'json' ? RString : proxy
    let f = serializeSigs.get(d)
    if (!f) serializeSigs.set(d, (f = t.fn([t.usize], RResult(d, RBoxError))))
    const r = slotCall(address, f, `${this.$shape.name} Serialize`)(this.$address) as { ok: boolean; value: unknown; error: Error }
    if (!r.ok) throw r.error
    return proxy === 'json' ? JSON.parse(r.value as string) : r.value
  }

  /** @internal */
  $other(other: unknown, method: string): UnknownVariant {
    if (!(other instanceof UnknownVariant) || other.$shape.iface.key !== this.$shape.iface.key) {
      throw new InvalidValueError(`an unknown ${this.$shape.name} variant`, describeValue(other), [`${this.$shape.name}.${method}`])
    }
    return other
  }

  equals(other: UnknownVariant): boolean {
    const address = this.$slot('PartialEq', 'partial_eq')
    return slotCall(address, sig.eq, `${this.$shape.name} PartialEq`)(this.$address, this.$other(other, 'equals').$address) as boolean
  }

  compare(other: UnknownVariant): -1 | 0 | 1 | undefined {
    const ord = this.$shape.iface.traits.has('Ord')
    const address = ord ? this.$slot('Ord', 'cmp') : this.$slot('PartialOrd', 'partial_cmp')
    const o = this.$other(other, 'compare')
    return slotCall(address, ord ? sig.cmp : sig.partialCmp, `${this.$shape.name} ${ord ? 'Ord' : 'PartialOrd'}`)(this.$address, o.$address) as -1 | 0 | 1 | undefined
  }

  hash(): bigint {
    return hashThrough(this.$slot('Hash', 'hash'), this.$address)
  }

  /** A copy made by the creator's `_sabi_clone`, carrying the same vtable, owned by JS. */
  clone(): UnknownVariant {
    const address = this.$slot('Clone', 'clone')
    let f = cloneSigs.get(this.$shape)
    if (!f) cloneSigs.set(this.$shape, (f = t.fn([t.usize, t.usize], this.$shape.words)))
    const vtable = this.$vtable
    const r = slotCall(address, f, `${this.$shape.name} Clone`)(this.$address, vtable) as { fill: ArrayLike<number>; vtable: bigint }
    const bytes = new Uint8Array(this.$shape.vtableOffset + 8)
    bytes.set(Array.from(r.fill))
    new DataView(bytes.buffer).setBigUint64(this.$shape.vtableOffset, r.vtable, LE)
    return new UnknownVariant(this.$shape, bytes, true, this.discriminant)
  }
}
