// `t.trait(name, { method: t.method(...) })`: the descriptor of `Trait_TO<'static, RBox<()>>`
// (reference 3.1): an RObject, vtable pointer first, then the RBox<()> holding the erased object.
// Read, it is a JS trait object (owned when the value it was read from is being dropped, as a
// returned value is; borrowed when read through a reference). Written, it takes a trait object
// JS owns (moved into the callee) or a JS object implementing the methods (see host/).
import {
  DeclarationError,
  DropKind,
  InvalidValueError,
  custom,
  layoutString,
  overwriteSource,
  copyToNative,
  t,
  takingOwnership,
  type CustomDesc,
  type PrefixDesc,
} from '../abi/index.ts'
import { describeValue } from '../abi/errors.ts'
import { checkOptions } from '../abi/options.ts'
import { dropUnlessCalled } from '../types/owned.ts'
import { isMethod, type Methods, type TraitImpl } from './method.ts'
import { inertTraitVTable, isInertTraitVTable } from './host/native.ts'
import { HostedObject, hostObjectBytes } from './host/host-object.ts'
import { TraitObjectImpl, traitObjectClass, type TraitObject } from './trait-object.ts'
import { checkHostable, type HostPlan } from './host/plan.ts'
import { traitVTable } from './vtable.ts'
import { objectSize, ownsObject, pointerKind, pointerRepr, type PointerKind } from './pointer.ts'
import { expiresWithCall } from './lend.ts'
import { lendHostObject, lendObject, sameTrait, writeHostArc } from './borrowed.ts'

export interface TraitOptions<M> {
  /** The method carrying `#[sabi(last_prefix_field)]`: it and those before it are always present. */
  lastPrefixField?: keyof M & string
  /**
   * Whether JS objects may implement the trait (default true): then every method must fit the
   * native trampolines and have a value to give the plugin when it fails, checked here. Pass
   * false for traits only plugins implement.
   */
  jsImplementable?: boolean
  /**
   * The pointer the object is over (reference 3.1, 11.B): `'RBox'` (default, owned, 24 bytes),
   * `'RArc'` (shared, owned, 24 bytes; `clone()` adds a reference), `'RMut'` / `'RRef'` (borrowed,
   * 16 bytes, never dropped by the borrower; abi_stable's `Trait_TO<'_, RMut<'_, ()>>`).
   */
  pointer?: PointerKind
  /** The object is `Send`: a supertrait of the trait in abi_stable, compared with the plugin's RequiredTraits at load. */
  send?: boolean
  /** The object is `Sync`: a supertrait of the trait in abi_stable, compared with the plugin's RequiredTraits at load. */
  sync?: boolean
}

export interface TraitInfo<M extends Methods = Methods> {
  readonly name: string
  readonly methods: M
  readonly names: readonly string[]
  /** The trait's VTable prefix type. */
  readonly vtable: PrefixDesc
  /** Field index (in the VTable) of the last prefix field; -1 when every method is checked. */
  readonly lastPrefixIndex: number
  /** How JS implementations are called, when the trait may have them (null otherwise). */
  readonly host: HostPlan | null
  /** The pointer objects are over. */
  readonly pointer: PointerKind
  /** Auto traits, as abi_stable's RequiredTraits records them (Send 1, Sync 2). */
  readonly autoTraits: { readonly send: boolean; readonly sync: boolean }
}

/** What a trait-object parameter accepts: a trait object JS owns, or a JS implementation. */
export type TraitInput<M extends Methods> = TraitObject<M> | TraitImpl<M> | HostedObject<M>

export interface TraitDesc<M extends Methods = Methods> extends CustomDesc<TraitObject<M>, TraitInput<M>> {
  readonly trait: TraitInfo<M>
}

// Names a trait object already uses, and names JS gives meaning to (a `then` would make every
// trait object look like a promise).
const RESERVED = new Set(['drop', 'clone', 'alive', 'owned', 'constructor', 'then', 'toString', 'valueOf', 'toJSON', 'toLocaleString', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', '__proto__'])
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/


export function trait<const M extends Methods>(name: string, methods: M, options: TraitOptions<M> = {}): TraitDesc<M> {
  if (typeof name !== 'string' || !IDENT.test(name)) throw new DeclarationError(`trait name ${JSON.stringify(name)} must be an identifier`)
  if (typeof methods !== 'object' || methods === null) throw new DeclarationError(`${name}: methods must be an object of t.method(...) declarations`)
  checkOptions(name, options, ['lastPrefixField', 'jsImplementable', 'pointer', 'send', 'sync'])
  const pointer = pointerKind(name, options.pointer)
  for (const auto of ['send', 'sync'] as const) {
    if (options[auto] !== undefined && typeof options[auto] !== 'boolean') throw new DeclarationError(`${name}: ${auto} must be a boolean, got ${describeValue(options[auto])}`)
  }
  const names = Object.keys(methods)
  for (const m of names) {
    if (!IDENT.test(m)) throw new DeclarationError(`${name}.${m}: method names must be identifiers (letters, digits, _)`)
    if (RESERVED.has(m) || m.startsWith('$') || m.startsWith('_sabi_')) {
      throw new DeclarationError(`${name}.${m}: the name is taken by trait objects themselves; vtable slots are positional, so give the method another name in JS`)
    }
    if (!isMethod(methods[m])) throw new DeclarationError(`${name}.${m}: expected t.method(args, ret), got ${describeValue(methods[m])}`)
  }
  if (names.length > 62) throw new DeclarationError(`${name}: a trait vtable holds at most 62 methods (64 prefix fields, two taken by _sabi_tys and _sabi_vtable)`)
  if (options.lastPrefixField !== undefined && !names.includes(options.lastPrefixField)) {
    throw new DeclarationError(`${name}: lastPrefixField ${options.lastPrefixField} is not one of its methods`)
  }
  const vtable = traitVTable(name, methods, options.lastPrefixField)
  const repr = t.struct(`${name}_TO`, { vtable, ptr: pointerRepr(pointer) })
  const size = objectSize(pointer)
  const info: TraitInfo<M> = Object.freeze({
    name,
    methods,
    names: Object.freeze(names),
    vtable,
    lastPrefixIndex: options.lastPrefixField === undefined ? -1 : 2 + names.indexOf(options.lastPrefixField),
    // Checked now, so a trait JS cannot implement fails where it is declared.
    // A by-value method of a JS implementation consumes the host object: the runtime lets go of
    // it after the call (src/native/trait_dispatch.c), the plugin frees the storage.
    host: options.jsImplementable === false ? null : checkHostable(name, methods),
    pointer,
    autoTraits: Object.freeze({ send: options.send === true, sync: options.sync === true }),
  })
  const self: TraitDesc<M> = Object.freeze({
    ...custom<TraitObject<M>, TraitInput<M>>({
      name: `${name}_TO`,
      repr,
      // RBox keeps the text it always had; other pointers name themselves.
      layoutText: () => `Trait_TO${pointer === 'RBox' ? '' : `<${pointer}>`} ${layoutString(vtable)}`,
      read(view, offset) {
        const bytes = new Uint8Array(view.buffer, view.byteOffset + offset, size).slice()
        if (!ownsObject(pointer)) {
          // Borrowed: never JS's to drop; lent to a JS method, it expires when the method returns.
          const object = new (traitObjectClass(self))(bytes, false)
          expiresWithCall(object)
          return object as unknown as TraitObject<M>
        }
        if (isInertTraitVTable(new DataView(bytes.buffer).getBigUint64(0, true))) {
          throw new InvalidValueError(`a live ${name} trait object`, 'the remains of one that was already taken (moved into JS)')
        }
        const owned = takingOwnership()
        const object = new (traitObjectClass(self))(bytes, owned)
        // The value this was read from is dropped next: leave a vtable whose drop does nothing.
        if (owned) overwriteSource(view, offset, inertTraitVTable(), copyToNative)
        return object as unknown as TraitObject<M>
      },
      write(view, offset, value) {
        if (value instanceof TraitObjectImpl) {
          if (!sameTrait(value, self)) {
            throw new InvalidValueError(`a ${name} trait object`, `a ${value.$trait} trait object`)
          }
          if (!ownsObject(pointer)) return lendObject(self, value, view, offset)
          if (value.$desc.trait.pointer !== pointer) {
            throw new InvalidValueError(`a ${name} trait object over ${pointer}`, `one over ${value.$desc.trait.pointer}`)
          }
          return value.$moveInto(view, offset)
        }
        if (!ownsObject(pointer)) return lendHostObject(self, value, view, offset)
        if (pointer === 'RArc') return writeHostArc(self, value, view, offset)
        const bytes = hostObjectBytes(self, value)
        new Uint8Array(view.buffer, view.byteOffset + offset, bytes.length).set(bytes)
        // If the call it was made for never happens, the host object is dropped again.
        dropUnlessCalled(self, new Uint8Array(view.buffer, view.byteOffset + offset, bytes.length))
      },
      // `_sabi_drop(&ptr)` releases an RBox or an RArc; borrowed pointers are never dropped.
      dropOps: (offset) => (ownsObject(pointer) ? [{ kind: DropKind.RObject, offset }] : []),
    }),
    trait: info,
  })
  return self
}
