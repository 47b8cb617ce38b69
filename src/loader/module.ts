// The root module as JS sees it: its function fields made callable with their declared
// signatures, its other fields read as JS values, nested modules likewise; a field the library
// does not have throws MissingFieldError naming it; fields past the declaration are ignored.
import {
  InvalidValueError,
  MissingFieldError,
  bindPointer,
  readPrefix,
  type BoundFn,
  type FnDesc,
  type Infer,
  type PrefixDesc,
} from '../abi/index.ts'
import type { Fields } from '../abi/descriptor.ts'

/** What a module's fields become: bound functions, nested modules, or JS values. */
export type ModuleValue<F extends Fields> = {
  readonly [K in keyof F]: F[K] extends FnDesc ? BoundFn<F[K]> : F[K] extends PrefixDesc<infer G> ? ModuleValue<G> : Infer<F[K]>
} & ModuleMeta<F>

export interface ModuleMeta<F extends Fields> {
  /** Address of the module's header (`WithMetadata`), what a `Module_Ref` holds. */
  readonly $address: bigint
  /** The accessibility bits the library wrote: bit i set = field i present. */
  readonly $accessible: bigint
  /** Whether the library's module has field `name`. */
  $has(name: keyof F & string): boolean
}

/** Reads the module whose header is at `address` and binds its function fields. */
export function bindModule<D extends PrefixDesc>(d: D, address: bigint): ModuleValue<D['fields']> {
  const raw = readPrefix(d, address) as unknown as Record<string, unknown> & ModuleMeta<Fields>
  const structName = d.name.slice(0, -'_Ref'.length)
  const out: Record<string, unknown> = {}
  d.members.forEach((m, i) => {
    if (!raw.$has(m.name)) {
      // What an absent field is depends on the declaration's missingField (a root module declared
      // 'panic' was refused before binding; a nested one is refused here).
      if (d.missingField === 'panic') throw new MissingFieldError(structName, m.name, i)
      if (d.missingField === 'throw') {
        Object.defineProperty(out, m.name, {
          enumerable: false,
          // Configurable until the freeze below: V8 turns an object given a non-configurable
          // accessor into a dictionary, and every field read of the module would pay for it.
          configurable: true,
          get: () => {
            throw new MissingFieldError(structName, m.name, i)
          },
        })
      } else out[m.name] = d.missingField === 'default' ? d.defaults![m.name] : undefined
      return
    }
    const value = raw[m.name]
    if (m.type.kind === 'fn') {
      if (value === 0n) throw new InvalidValueError('a non-null function pointer', 'null', [`${structName}.${m.name}`])
      // Named for its errors: `ConnectorMod.echo, argument 0 (RString): expected ...`.
      out[m.name] = bindPointer(value as bigint, m.type as FnDesc, { name: `${structName}.${m.name}` })
    } else if (m.type.kind === 'prefix') {
      out[m.name] = bindModule(m.type as PrefixDesc, (value as { $address: bigint }).$address)
    } else {
      out[m.name] = value
    }
  })
  Object.defineProperty(out, '$address', { value: address })
  Object.defineProperty(out, '$accessible', { value: raw.$accessible })
  Object.defineProperty(out, '$has', { value: raw.$has })
  return Object.freeze(out) as ModuleValue<D['fields']>
}
