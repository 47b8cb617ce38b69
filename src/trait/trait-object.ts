// A trait object as JS holds it (reference 3.1-3.3): an RObject `{ vtable, RBox<()> { data,
// box vtable } }` made by a plugin (or a JS object handed to a plugin and handed back), with one
// JS method per trait method. A call reads the method's slot from the vtable (checking its
// accessibility bit, so an older plugin's missing method is a typed error naming it) and calls it
// with the erased object, `data`, as `self`.
import { InvalidValueError, bindPointer, layoutOf, readNative, t, type BoundFn, type FnDesc } from '../abi/index.ts'
import { boxDestructor } from '../types/box.ts'
import { BorrowedObjectError, MissingMethodError, NotCloneableError } from './errors.ts'
import type { CallableMethods, Methods } from './method.ts'
import { NativeOwner, OWNER } from './owner.ts'
import { methodField } from './vtable.ts'
import type { TraitDesc } from './trait.ts'
import type { PointerKind } from './pointer.ts'

const LE = true

/** What every trait object has besides the trait's methods. */
export interface TraitObjectBase {
  /** Whether it can still be used (not dropped, not moved into a call). */
  readonly alive: boolean
  /** Whether JS owns it (false when it was read through a reference: its owner drops it). */
  readonly owned: boolean
  /** The address of the RObject's bytes: what a `&Trait` / `&mut Trait` argument receives. */
  readonly $address: bigint
  /** The trait's name. */
  readonly $trait: string
  /** Whether this object's vtable has `method` (an older plugin's may not). */
  $has(method: string): boolean
  /** The pointer the object is over: `RBox`, `RArc` (shared, cloneable), `RMut` or `RRef` (borrowed). */
  readonly $pointer: PointerKind
  /**
   * Another object over the same value: for RArc a new strong reference (through `_sabi_clone`),
   * for RBox a deep copy (only when the plugin's trait is Clone), for RRef the same borrow.
   */
  clone(): this
  /** Drops the object through its own vtable (`_sabi_drop`), once. */
  drop(): void
  [Symbol.dispose](): void
}

export type TraitObject<M extends Methods> = CallableMethods<M> & TraitObjectBase

/** One plugin vtable as read once: its accessibility bits and its method slots. */
interface ResolvedVTable {
  readonly bits: bigint
  readonly slots: readonly bigint[] // 0n where absent
  readonly fns: (BoundFn<FnDesc> | undefined)[]
}

/** Per trait declaration: vtables seen (they are statics of libraries that are never unloaded). */
interface TraitRuntime {
  readonly vtables: Map<bigint, ResolvedVTable>
  readonly signatures: readonly FnDesc[]
  /** Bound slot functions by address, shared by every vtable that points at the same code. */
  readonly bound: Map<bigint, BoundFn<FnDesc>>[]
}

export class TraitObjectImpl extends NativeOwner {
  /** @internal */
  readonly $desc: TraitDesc
  /** @internal The erased object (`self`) and the vtable it was read with. */
  $data: bigint
  /** @internal */
  $vtable: ResolvedVTable
  /** @internal `$data` as a number (an address is below 2^53): what the method calls pass as `self`. */
  $self: number

  constructor(trait: TraitDesc, bytes: Uint8Array, owned: boolean) {
    super(trait, bytes, owned)
    this.$desc = trait
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
    this.$vtable = resolveVTable(trait, view.getBigUint64(0, LE))
    this.$data = view.getBigUint64(8, LE)
    this.$self = Number(this.$data)
  }

  protected $describe(): string {
    const { name, pointer } = this.$desc.trait
    return pointer === 'RBox' ? `${name} trait object` : `${name} trait object (over ${pointer})`
  }

  get $trait(): string {
    return this.$desc.trait.name
  }

  get $pointer(): PointerKind {
    return this.$desc.trait.pointer
  }

  clone(): this {
    const s = this.$live()
    const pointer = this.$desc.trait.pointer
    const Cls = traitObjectClass(this.$desc)
    if (pointer === 'RMut') throw new NotCloneableError(this.$describe(), 'it is an RMut (a unique borrow); only RRef, RArc and Clone RBox objects clone')
    // Rust's clone of an RRef object copies the pointer (reference 11.B): the same borrow.
    if (pointer === 'RRef') return new Cls(this.$current().slice(), false) as this
    const vtable = new DataView(this.$current().buffer).getBigUint64(0, LE)
    const common = readNative(vtable + 16n, 8).getBigUint64(0, LE)
    const cloneFn = readNative(common + 32n, 8).getBigUint64(0, LE)
    if (cloneFn === 0n) throw new NotCloneableError(this.$describe(), `its vtable has no _sabi_clone (the plugin's ${this.$trait} is not Clone)`)
    // `_sabi_clone(&obj.ptr)` returns the new 16-byte pointer (RArc: strong + 1).
    const address = this.$address + 8n
    const ptr = cloneSlot(cloneFn)(address)
    const bytes = new Uint8Array(24)
    const view = new DataView(bytes.buffer)
    view.setBigUint64(0, vtable, LE)
    view.setBigUint64(8, ptr.data, LE)
    view.setBigUint64(16, ptr.vtable, LE)
    return new Cls(bytes, true) as this
  }

  $has(method: string): boolean {
    const k = this.$desc.trait.names.indexOf(method)
    return k >= 0 && this.$refresh().slots[k] !== 0n
  }

  /** @internal The vtable now: a `&mut` callee may have replaced the whole object. */
  $refresh(): ResolvedVTable {
    const s = this.$live()
    if (s.lent) {
      const view = new DataView(this.$current().buffer)
      this.$vtable = resolveVTable(this.$desc, view.getBigUint64(0, LE))
      this.$data = view.getBigUint64(8, LE)
      this.$self = Number(this.$data)
    }
    return this.$vtable
  }
}

const runtimes = new WeakMap<TraitDesc, TraitRuntime>()

const PointerPair = t.struct('RArc<()>', { data: t.ptr(), vtable: t.ptr() })
type CloneFn = (ptr: bigint) => { data: bigint; vtable: bigint }
const cloneSlots = new Map<bigint, CloneFn>()
function cloneSlot(address: bigint): CloneFn {
  let f = cloneSlots.get(address)
  if (!f) cloneSlots.set(address, (f = bindPointer(address, t.fn([t.usize], PointerPair), { name: '_sabi_clone' }) as unknown as CloneFn))
  return f
}

function runtimeOf(trait: TraitDesc): TraitRuntime {
  let r = runtimes.get(trait)
  if (!r) {
    const methods = Object.values(trait.trait.methods)
    r = {
      vtables: new Map(),
      // `self` is passed as a usize: the same integer register as a pointer, and a primitive, so
      // methods whose other parameters are primitives too take the call layer's fast path.
      signatures: methods.map((m) => t.fn([t.usize, ...m.args], m.ret)),
      bound: methods.map(() => new Map()),
    }
    runtimes.set(trait, r)
  }
  return r
}

/** Reads the vtable at `address` once: which methods it has and where their code is. */
function resolveVTable(trait: TraitDesc, address: bigint): ResolvedVTable {
  const rt = runtimeOf(trait)
  let resolved = rt.vtables.get(address)
  if (resolved) return resolved
  if (address === 0n) throw new InvalidValueError(`${trait.name} (an RObject with a vtable)`, 'a null vtable pointer')
  const { names, vtable, lastPrefixIndex } = trait.trait
  const fields = layoutOf(vtable).prefix!.fields
  const bits = readNative(address, 8).getBigUint64(0, LE)
  const present = names.map((_, k) => methodField(k) <= lastPrefixIndex || ((bits >> BigInt(methodField(k))) & 1n) === 1n)
  // Read only as far as the last slot this vtable has: an older plugin's block is shorter.
  const last = present.lastIndexOf(true)
  const end = last < 0 ? 0 : fields[names[last]] + 8
  const view = last < 0 ? null : readNative(address, end)
  const slots = names.map((n, k) => (present[k] && view ? view.getBigUint64(fields[n], LE) : 0n))
  resolved = { bits, slots, fns: names.map(() => undefined) }
  rt.vtables.set(address, resolved)
  return resolved
}

function slotFunction(trait: TraitDesc, vt: ResolvedVTable, k: number): BoundFn<FnDesc> {
  const address = vt.slots[k]
  if (address === 0n) throw new MissingMethodError(trait.trait.name, trait.trait.names[k], methodField(k))
  const rt = runtimeOf(trait)
  let f = rt.bound[k].get(address)
  // Named for its errors: `Connector.on_event, argument 0 (RStr): ...` (`self` is not counted).
  if (!f) rt.bound[k].set(address, (f = bindPointer(address, rt.signatures[k], { name: `${trait.trait.name}.${trait.trait.names[k]}`, receiver: true })))
  vt.fns[k] = f
  return f
}

type ObjectClass = new (bytes: Uint8Array, owned: boolean) => TraitObjectImpl
const classes = new WeakMap<TraitDesc, ObjectClass>()

/** The class of `trait`'s objects (made once): one JS method per trait method, calling through the vtable. */
export function traitObjectClass(trait: TraitDesc): ObjectClass {
  let Cls = classes.get(trait)
  if (!Cls) classes.set(trait, (Cls = makeClass(trait)))
  return Cls
}

function makeClass(trait: TraitDesc): ObjectClass {
  class TraitObject extends TraitObjectImpl {
    constructor(bytes: Uint8Array, owned: boolean) {
      super(trait, bytes, owned)
    }
  }
  Object.defineProperty(TraitObject, 'name', { value: `${trait.trait.name}_TO` })
  trait.trait.names.forEach((name, k) => {
    const arity = Object.values(trait.trait.methods)[k].args.length
    const wrongArity = (count: number) => new InvalidValueError(`${arity} argument${arity === 1 ? '' : 's'}`, `${count}`, [`${trait.trait.name}.${name}`])
    const call = methodCaller(trait, k, arity, wrongArity)
    const m = Object.values(trait.trait.methods)[k]
    const shared = trait.trait.pointer === 'RArc' || trait.trait.pointer === 'RRef'
    // abi_stable allows `&mut self` only through RBox and RMut objects (the pointer must give unique access).
    const method = m.byValue ? consuming(trait, name, call) : m.mutable && shared ? uniqueOnly(trait, name) : call
    Object.defineProperty(method, 'name', { value: name })
    Object.defineProperty(TraitObject.prototype, name, { value: method, writable: false, enumerable: false, configurable: false })
  })
  return TraitObject
}

let compiledMethods = 0

/**
 * The JS method calling slot `k`: code of its own per trait method (new Function), so V8's type
 * feedback stays that method's (one closure shared by every trait's methods turns megamorphic
 * with a few traits in use); fixed arity, no rest array. The slot function binds `self` as a
 * pointer-sized integer the call layer takes unchecked (receiver), given here as a number.
 */
function methodCaller(trait: TraitDesc, k: number, arity: number, wrongArity: (count: number) => Error): (this: TraitObjectImpl, ...a: unknown[]) => unknown {
  const params = Array.from({ length: arity }, (_, i) => `a${i}`)
  const source = `// ${`${trait.trait.name}.${trait.trait.names[k]}`.replace(/[\r\n]/g, ' ')} #${compiledMethods++}
return function (${params.join(', ')}) {
  'use strict'
  if (arguments.length !== ${arity}) throw wrongArity(arguments.length)
  const s = this[OWNER]
  const vt = s.status === 'live' && !s.lent ? this.$vtable : this.$refresh()
  return (vt.fns[${k}] ?? slotFunction(trait, vt, ${k}))(${['this.$self', ...params].join(', ')})
}`
  return new Function('OWNER', 'slotFunction', 'trait', 'wrongArity', source)(OWNER, slotFunction, trait, wrongArity)
}

function uniqueOnly(trait: TraitDesc, name: string) {
  return function (this: TraitObjectImpl) {
    this.$live()
    throw new InvalidValueError(`an RBox or RMut ${trait.trait.name} object (${name} takes &mut self)`, `an ${trait.trait.pointer} object, which shares its value`, [`${trait.trait.name}.${name}`])
  }
}

/**
 * A by-value `self` method (reference 11.B): only an owned object may be consumed; the method
 * moves the value out of the object's box, then the storage alone is freed,
 * `destructor(data, CallReferentDrop::No, Deallocate::Yes)`, and JS lets go of the object without
 * `_sabi_drop`. Arguments refused before the call leave the object as it was.
 */
function consuming(trait: TraitDesc, name: string, call: (this: TraitObjectImpl, ...a: unknown[]) => unknown) {
  return function (this: TraitObjectImpl, ...args: unknown[]) {
    const s = this.$live()
    // Rust calls by-value methods only on owned boxes (reference 11.B): an RArc is shared, RMut/RRef borrowed.
    if (trait.trait.pointer !== 'RBox') {
      throw new InvalidValueError(`an RBox ${trait.trait.name} object (self by value consumes the box)`, `an ${trait.trait.pointer} object`, [`${trait.trait.name}.${name}`])
    }
    if (!s.owned) throw new BorrowedObjectError(this.$describe(), `call ${trait.trait.name}.${name}, which takes self by value, on`)
    const data = this.$data
    const boxVtable = new DataView(this.$current().buffer).getBigUint64(16, LE)
    let result: unknown
    try {
      result = call.apply(this, args)
    } catch (e) {
      // An argument refused before the call: nothing happened natively.
      if (e instanceof InvalidValueError && (e.argument !== undefined || e.path.startsWith(`${trait.trait.name}.${name}`))) throw e
      boxDestructor(boxVtable)(data, 1, 1)
      this.$consumed()
      throw e
    }
    boxDestructor(boxVtable)(data, 1, 1)
    this.$consumed()
    return result
  }
}

export type { CallableMethods }
