// A plugin-made DynTrait as JS holds it: the value's bytes (`{ object: P, vtable }`) owned by a
// NativeOwner (dropped once through `drop_ptr`, moved when passed by value, borrowed when read
// through a reference or declared over RMut/RRef), and one JS method per trait of the interface,
// each calling the plugin's own slot with the erased object (`object.data`).
import { InvalidValueError, t, type FnDesc } from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { ROption, RResult } from '../types/option-result.ts'
import { RCmpOrdering } from '../types/misc.ts'
import { RStr } from '../types/slices.ts'
import { Tuple2 } from '../types/tuple.ts'
import { RString } from '../types/vec.ts'
import { RBoxError } from '../types/rbox-error.ts'
import { NativeOwner } from '../trait/owner.ts'
import { MissingTraitError } from './errors.ts'
import type { DynInterface, TraitName } from './interface.ts'
import { dynVTable, type DynVTable, type SlotName } from './dyn-vtable.ts'
import { hashThrough } from './native.ts'
import { formatThrough, slotCall } from './slots.ts'
import { ioConsume, ioFillBuf, ioFlush, ioRead, ioReadExact, ioSeek, ioWrite, ioWriteAll, requireMut } from './dyn-io.ts'
import type { SeekFrom } from './io-types.ts'

const LE = true
const INSPECT = Symbol.for('nodejs.util.inspect.custom')

export type DynPointer = 'RBox' | 'RArc' | 'RMut' | 'RRef'

/** What the object needs of its descriptor (dyn-trait.ts). */
export interface DynShape {
  readonly name: string
  readonly pointer: DynPointer
  readonly iface: DynInterface
  /** Bytes of `object: P` (the vtable pointer follows). */
  readonly pointerSize: number
}

const PtrPair = t.struct('P', { data: t.usize, vtable: t.usize })
const sig = {
  clone: t.fn([t.usize], PtrPair),
  default: t.fn([], PtrPair),
  eq: t.fn([t.usize, t.usize], t.bool),
  cmp: t.fn([t.usize, t.usize], RCmpOrdering),
  partialCmp: t.fn([t.usize, t.usize], ROption(RCmpOrdering)),
  sizeHint: t.fn([t.usize], Tuple2(t.usize, ROption(t.usize))),
  writeStr: t.fn([t.usize, RStr], RResult(t.unit, t.unit)),
}
// Per item or proxy type: the signatures that return it.
const nextSigs = new WeakMap<object, FnDesc>()
const serializeSigs = new WeakMap<object, FnDesc>()

export class DynTraitObject extends NativeOwner {
  /** @internal */
  readonly $shape: DynShape

  constructor(shape: DynShape, bytes: Uint8Array, owned: boolean) {
    super(shape as never, bytes, owned)
    this.$shape = shape
  }

  /** @internal The descriptor this object was read with. */
  get $type(): DynShape {
    return this.$shape
  }

  protected $describe(): string {
    return this.$shape.name
  }

  /** The interface's name. */
  get $interface(): string {
    return this.$shape.iface.name
  }

  /** The erased object: `object.data`, what every slot receives as `self`. */
  get $data(): bigint {
    return new DataView(this.$current().buffer).getBigUint64(0, LE)
  }

  /** The address of the plugin's vtable (its WM header). */
  get $vtable(): bigint {
    return new DataView(this.$current().buffer).getBigUint64(this.$shape.pointerSize, LE)
  }

  /** Whether the interface declares `trait` and the plugin's vtable has its slot. */
  $has(trait: TraitName): boolean {
    if (!this.$shape.iface.traits.has(trait)) return false
    const vt = dynVTable(this.$vtable)
    switch (trait) {
      case 'Iterator':
        return vt.iter !== null
      case 'DoubleEndedIterator':
        return vt.backIter !== null
      default: {
        const slot = SLOT_OF[trait]
        return slot === undefined || vt.slots[slot] !== 0n
      }
    }
  }

  /** @internal The slot serving `trait`, or a MissingTraitError. */
  $slot(trait: TraitName, slot: SlotName): { vt: DynVTable; address: bigint } {
    if (!this.$shape.iface.traits.has(trait)) throw new MissingTraitError(this.$shape.name, trait, 'undeclared')
    const vt = dynVTable(this.$vtable)
    const address = vt.slots[slot]
    if (address === 0n) throw new MissingTraitError(this.$shape.name, trait, 'absent')
    return { vt, address }
  }

  /** Display (`{}`, or `{:#}` with `alternate`). */
  display(alternate = false): string {
    return this.$format('Display', 'display', alternate)
  }

  /** Debug (`{:?}`, or `{:#?}` with `alternate`). */
  debug(alternate = false): string {
    return this.$format('Debug', 'debug', alternate)
  }

  /** @internal */
  $format(trait: TraitName, slot: 'display' | 'debug', alternate: boolean): string {
    const { address } = this.$slot(trait, slot)
    const text = formatThrough(address, this.$data, alternate, `${this.$shape.name} ${trait}`)
    if (text === undefined) throw new InvalidValueError(`${this.$shape.name} ${trait} (the plugin's formatter succeeding)`, 'a formatting error')
    return text
  }

  override toString(): string {
    return this.display()
  }

  [INSPECT](): string {
    if (this.alive && this.$has('Debug')) return this.debug()
    return `${this.$shape.name} { ${this.alive ? (this.owned ? 'owned' : 'borrowed') : 'dropped or moved'} }`
  }

  /** A new value cloned through `clone_ptr`, with the same vtable, owned by JS. */
  clone(): this {
    if (this.$shape.pointer === 'RMut' || this.$shape.pointer === 'RRef') {
      throw new MissingTraitError(this.$shape.name, 'Clone', 'undeclared')
    }
    const { address } = this.$slot('Clone', 'clone_ptr')
    this.$live()
    // clone_ptr receives the address of the object field: the value's own bytes.
    const p = slotCall(address, sig.clone, `${this.$shape.name} Clone`)(this.$address) as { data: bigint; vtable: bigint }
    return this.$make(p.data, p.vtable, this.$vtable) as this
  }

  /** A new default value (`default_ptr`), with this value's vtable, owned by JS. */
  makeDefault(): this {
    if (this.$shape.pointer === 'RMut' || this.$shape.pointer === 'RRef') throw new MissingTraitError(this.$shape.name, 'Default', 'undeclared')
    const { address } = this.$slot('Default', 'default_ptr')
    const p = slotCall(address, sig.default, `${this.$shape.name} Default`)() as { data: bigint; vtable: bigint }
    return this.$make(p.data, p.vtable, this.$vtable) as this
  }

  /** @internal */
  $make(data: bigint, pointerVTable: bigint, vtable: bigint): DynTraitObject {
    const bytes = new Uint8Array(24)
    const v = new DataView(bytes.buffer)
    v.setBigUint64(0, data, LE)
    v.setBigUint64(8, pointerVTable, LE)
    v.setBigUint64(16, vtable, LE)
    return new (this.constructor as typeof DynTraitObject)(this.$shape, bytes, true)
  }

  /** @internal The other operand of a comparison, checked. */
  $other(other: unknown, method: string): DynTraitObject {
    if (!(other instanceof DynTraitObject) || other.$shape.iface.key !== this.$shape.iface.key) {
      throw new InvalidValueError(`a ${this.$shape.iface.name} DynTrait`, describeValue(other), [`${this.$shape.name}.${method}`])
    }
    return other
  }

  /** @internal Rust's is_same_type: the same vtable, or the same TypeInfo. */
  $sameType(other: DynTraitObject): boolean {
    const a = dynVTable(this.$vtable)
    const b = dynVTable(other.$vtable)
    return a.address === b.address || (a.slots.type_info !== 0n && a.slots.type_info === b.slots.type_info)
  }

  /** PartialEq: false for values of different concrete types, as in Rust. */
  equals(other: DynTraitObject): boolean {
    const { address } = this.$slot('PartialEq', 'partial_eq')
    const o = this.$other(other, 'equals')
    if (!this.$sameType(o)) return false
    return slotCall(address, sig.eq, `${this.$shape.name} PartialEq`)(this.$data, o.$data) as boolean
  }

  /**
   * Ord (or PartialOrd when the interface has no Ord): -1, 0 or 1, and undefined when PartialOrd
   * finds them unordered. Values of different concrete types are ordered by vtable address, as in Rust.
   */
  compare(other: DynTraitObject): -1 | 0 | 1 | undefined {
    const ord = this.$shape.iface.traits.has('Ord')
    const { address } = ord ? this.$slot('Ord', 'cmp') : this.$slot('PartialOrd', 'partial_cmp')
    const o = this.$other(other, 'compare')
    if (!this.$sameType(o)) return this.$vtable < o.$vtable ? -1 : 1
    return slotCall(address, ord ? sig.cmp : sig.partialCmp, `${this.$shape.name} ${ord ? 'Ord' : 'PartialOrd'}`)(this.$data, o.$data) as -1 | 0 | 1 | undefined
  }

  /** Hash: what the plugin's `hash` wrote into the runtime's hasher, finished (a u64). */
  hash(): bigint {
    const { address } = this.$slot('Hash', 'hash')
    return hashThrough(address, this.$data)
  }

  /**
   * Serialize: the plugin's serialized form. With `Serialize: true` the proxy is a RawValueBox
   * (JSON text), returned parsed; with a proxy type, its JS value. A plugin's error is thrown as
   * the BoxedError it returned.
   */
  toJSON(): unknown {
    const { address } = this.$slot('Serialize', 'serialize')
    const proxy = this.$shape.iface.serializeProxy!
    const d = proxy === 'json' ? RString : proxy
    let f = serializeSigs.get(d)
    if (!f) serializeSigs.set(d, (f = t.fn([t.usize], RResult(d, RBoxError))))
    const r = slotCall(address, f, `${this.$shape.name} Serialize`)(this.$data) as { ok: boolean; value: unknown; error: Error }
    if (!r.ok) throw r.error
    return proxy === 'json' ? JSON.parse(r.value as string) : r.value
  }

  /** fmt::Write: appends `text` through `fmt_write_str`. */
  writeStr(text: string): void {
    const { address } = this.$slot('FmtWrite', 'fmt_write_str')
    requireMut(this, 'FmtWrite', 'writeStr')
    const r = slotCall(address, sig.writeStr, `${this.$shape.name} FmtWrite`)(this.$data, text) as { ok: boolean }
    if (!r.ok) throw new InvalidValueError(`${this.$shape.name} FmtWrite (the plugin accepting the text)`, 'a fmt::Error')
  }

  /** io::Read::read into `buf`: how many bytes came (0 at the end); a plugin's error is an IoError. */
  read(buf: Uint8Array): number {
    return ioRead(this, buf)
  }

  /** io::Read::read_exact: fills `buf` wholly, or throws an IoError (UnexpectedEof at the end). */
  readExact(buf: Uint8Array): void {
    ioReadExact(this, buf)
  }

  /** io::Write::write (a string is written as UTF-8): how many bytes the plugin took. */
  write(bytes: Uint8Array | string): number {
    return ioWrite(this, bytes)
  }

  /** io::Write::write_all. */
  writeAll(bytes: Uint8Array | string): void {
    ioWriteAll(this, bytes)
  }

  /** io::Write::flush. */
  flush(): void {
    ioFlush(this)
  }

  /** io::Seek::seek (`{ start }`, `{ end }` or `{ current }`): the new position from the start. */
  seek(from: SeekFrom): bigint {
    return ioSeek(this, from)
  }

  /** io::BufRead::fill_buf: a copy of the buffered bytes (empty at the end); consume() what was used. */
  fillBuf(): Uint8Array {
    return ioFillBuf(this)
  }

  /** io::BufRead::consume. */
  consume(n: number): void {
    ioConsume(this, n)
  }

  /** @internal An iterator block's function `k` with the item signature. */
  $iterFn(trait: 'Iterator' | 'DoubleEndedIterator', k: number): (...a: unknown[]) => unknown {
    if (!this.$shape.iface.traits.has(trait)) throw new MissingTraitError(this.$shape.name, trait, 'undeclared')
    const vt = dynVTable(this.$vtable)
    const block = trait === 'Iterator' ? vt.iter : vt.backIter
    if (!block || block[k] === 0n) throw new MissingTraitError(this.$shape.name, trait, 'absent')
    const item = this.$shape.iface.item!
    let f = nextSigs.get(item)
    if (!f) nextSigs.set(item, (f = t.fn([t.usize], ROption(item))))
    return slotCall(block[k], k === 2 && trait === 'Iterator' ? sig.sizeHint : f, `${this.$shape.name} ${trait}`)
  }

  /** Iterator::next, as a JS iterator result (the plugin's item is moved into JS). */
  next(): IteratorResult<unknown, undefined> {
    const item = this.$iterFn('Iterator', 0)(this.$data)
    return item === undefined ? { done: true, value: undefined } : { done: false, value: item }
  }

  /** DoubleEndedIterator::next_back. */
  nextBack(): IteratorResult<unknown, undefined> {
    const item = this.$iterFn('DoubleEndedIterator', 0)(this.$data)
    return item === undefined ? { done: true, value: undefined } : { done: false, value: item }
  }

  /** Iterator::size_hint: [lower, upper or undefined]. */
  sizeHint(): [bigint, bigint | undefined] {
    return this.$iterFn('Iterator', 2)(this.$data) as [bigint, bigint | undefined]
  }

  [Symbol.iterator](): Iterator<unknown, undefined> {
    if (!this.$shape.iface.traits.has('Iterator')) throw new MissingTraitError(this.$shape.name, 'Iterator', 'undeclared')
    return this
  }
}

/** The single slot behind each trait that has one. */
const SLOT_OF: Partial<Record<TraitName, SlotName>> = {
  Clone: 'clone_ptr',
  Default: 'default_ptr',
  Display: 'display',
  Debug: 'debug',
  Serialize: 'serialize',
  PartialEq: 'partial_eq',
  Ord: 'cmp',
  PartialOrd: 'partial_cmp',
  Hash: 'hash',
  FmtWrite: 'fmt_write_str',
}
