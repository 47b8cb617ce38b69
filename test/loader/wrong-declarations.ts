// Wrong declarations of the example connector's root module, each with where it must be refused
// and both sides: shared by the synthetic TypeLayout tests (signatures.test.ts) and the tests on
// the built plugins (signatures-plugins.test.ts).
import { Connector as ConnectorTrait, ConnectorMod } from '../../examples/connector/interface.ts'
import { t, type Desc, type PrefixDesc } from '../../src/index.ts'

/** ConnectorMod with some fields replaced. */
export const connectorWith = (fields: Record<string, Desc>): PrefixDesc => t.prefixModule('ConnectorMod', { ...ConnectorMod.fields, ...fields }, { lastPrefixField: 'from_config' })

export type WrongDeclaration = [name: string, Module: PrefixDesc, path: RegExp | string, expected: RegExp | string, found?: RegExp | string]

export function wrongDeclarations(): WrongDeclaration[] {
  const Mod = connectorWith
  return [
    ['slice element i32 vs i64', Mod({ sum: t.fn([t.RSlice(t.i32)], t.i64) }), 'ConnectorMod.sum.args[0] (RSlice<i64>).data (*const T)', 'i32', 'i64'],
    ['integer width (i32 return)', Mod({ sum: t.fn([t.RSlice(t.i64)], t.i32) }), 'ConnectorMod.sum.returns', /^i32/, /^i64/],
    ['signedness (u64 return)', Mod({ sum: t.fn([t.RSlice(t.i64)], t.u64) }), 'ConnectorMod.sum.returns', 'u64', 'i64'],
    ['float vs int', Mod({ sum: t.fn([t.RSlice(t.i64)], t.f64) }), 'ConnectorMod.sum.returns', 'f64', 'i64'],
    ['slice element signedness', Mod({ sum: t.fn([t.RSlice(t.u64)], t.i64) }), 'ConnectorMod.sum.args[0] (RSlice<i64>).data (*const T)', 'u64', 'i64'],
    ['slice vs vec', Mod({ sum: t.fn([t.RVec(t.i64)], t.i64) }), 'ConnectorMod.sum.args[0]', 'RVec<i64>', 'RSlice<i64>'],
    ['sliceMut vs slice', Mod({ sum: t.fn([t.RSliceMut(t.i64)], t.i64) }), 'ConnectorMod.sum.args[0]', 'RSliceMut<i64>', 'RSlice<i64>'],
    ['one parameter too many', Mod({ sum: t.fn([t.RSlice(t.i64), t.u8], t.i64) }), 'ConnectorMod.sum', /^2 parameters/, /^1 /],
    ['one parameter too few', Mod({ echo: t.fn([], t.RString) }), 'ConnectorMod.echo', /^0 parameters/, /^1 /],
    ['unit return for a returned value', Mod({ echo: t.fn([t.RString], t.unit) }), 'ConnectorMod.echo.returns', '()', 'RString'],
    ['unit return for a trait object', Mod({ from_config: t.fn([t.RString, t.ROption(t.Value)], t.unit) }), 'ConnectorMod.from_config.returns', '()', 'RResult<Connector_TO, RString>'],
    ['RStr vs RString parameter', Mod({ echo: t.fn([t.RStr], t.RString) }), 'ConnectorMod.echo.args[0]', 'RStr', 'RString'],
    ['map key type', Mod({ word_count: t.fn([t.RStr], t.RHashMap(t.RStr, t.u32)) }), 'ConnectorMod.word_count.returns (RHashMap<RString, u32>)<K>', 'RStr', 'RString'],
    ['map value type', Mod({ word_count: t.fn([t.RStr], t.RHashMap(t.RString, t.u64)) }), 'ConnectorMod.word_count.returns (RHashMap<RString, u32>)<V>', 'u64', 'u32'],
    ['option payload', Mod({ from_config: t.fn([t.RString, t.ROption(t.RString)], ConnectorMod.fields.from_config.ret) }), 'ConnectorMod.from_config.args[1] (ROption<Value>)::RSome.field_0', 'RString', 'Value'],
    ['result error type', Mod({ from_config: t.fn([t.RString, t.ROption(t.Value)], t.RResult(ConnectorTrait, t.RStr)) }), 'ConnectorMod.from_config.returns (RResult<Connector_TO, RString>)::RErr.field_0', 'RStr', 'RString'],
    ['enum variant payload (Value::Bool as u8)', Mod({ from_config: t.fn([t.RString, t.ROption(valueWith({ Bool: [t.u8] }))], ConnectorMod.fields.from_config.ret) }), /from_config\.args\[1\].*::Bool\.0$/, 'u8', 'bool'],
    ['enum variant name', Mod({ from_config: t.fn([t.RString, t.ROption(valueWith({ Bool: undefined, Boolean: [t.bool] }))], ConnectorMod.fields.from_config.ret) }), /::I64$/, /variant 1 named I64/, /variant 1 named Bool/],
    ['enum discriminant', Mod({ from_config: t.fn([t.RString, t.ROption(valueWith({}, { Bool: 9n }))], ConnectorMod.fields.from_config.ret) }), /::Bool$/, 'discriminant 9', 'discriminant 1'],
    ['enum variant count', Mod({ from_config: t.fn([t.RString, t.ROption(valueWith({ Object: undefined }))], ConnectorMod.fields.from_config.ret) }), /from_config\.args\[1\].*\(Value\)$/, /^8 variants/, /^9/],
    ['enum repr', Mod({ from_config: t.fn([t.RString, t.ROption(valueWith({}, {}, 'u32'))], ConnectorMod.fields.from_config.ret) }), /from_config\.args\[1\]/, /./, /./],
    ['trait method name', Mod({ from_config: fromConfigWith({ id: undefined, ident: t.method([], t.RString) }, ['ident', 'describe', 'on_event', 'events']) }), /Connector_TO\)\.ident$/, 'method 0 named ident', 'method 0 named id'],
    ['trait method order', Mod({ from_config: fromConfigWith({}, ['describe', 'id', 'on_event', 'events']) }), /Connector_TO\)\.describe$/, 'method 0 named describe', 'method 0 named id'],
    ['trait method return', Mod({ from_config: fromConfigWith({ events: t.method([], t.u32) }) }), /Connector_TO\)\.events\.returns$/, 'u32', 'u64'],
    ['trait method parameter', Mod({ from_config: fromConfigWith({ on_event: t.method([t.RString], t.RResult(t.u64, t.RString), { mut: true }) }) }), /Connector_TO\)\.on_event\.args\[0\]$/, 'RString', 'RStr'],
    ['trait method receiver', Mod({ from_config: fromConfigWith({ on_event: t.method([t.RStr], t.RResult(t.u64, t.RString)) }) }), /Connector_TO\)\.on_event\.self$/, /RRef/, /RMut/],
    ['trait method parameter count', Mod({ from_config: fromConfigWith({ events: t.method([t.u8], t.u64) }) }), /Connector_TO\)\.events$/, /^1 parameter/, /^0 /],
    ['trait with an extra method', Mod({ from_config: fromConfigWith({ extra: t.method([], t.u8) }, ['id', 'describe', 'on_event', 'events', 'extra']) }), /\(Connector_TO\)$/, /^5 methods/, /^4/],
    ['trait vtable prefix length', Mod({ from_config: fromConfigWith({}, undefined, 'events') }), /Connector_TO.*\.vtable$/, '6 prefix fields', '0'],
    ['i32 vs u32 parameter', Mod({ sum: t.fn([t.RSlice(t.i64)], t.i64), echo: t.fn([t.u32], t.RString) }), 'ConnectorMod.echo.args[0]', /^u32/, /^RString/],
    ['pointer for a slice', Mod({ sum: t.fn([t.ptr(t.i64)], t.i64) }), 'ConnectorMod.sum.args[0]', '*const i64', 'RSlice<i64>'],
    ['a struct for a string', Mod({ echo: t.fn([t.struct('RString', { ptr: t.ptr(t.u8), len: t.usize, cap: t.usize, vtable: t.ptr() })], t.RString) }), /ConnectorMod\.echo\.args\[0\]/, /./, /./],
  ]
}

/** A difference list has one at `path` with those sides (the message says which is missing). */
export function findDifference(ds: readonly { path: string; expected: string; found: string }[], [, , path, expected, found]: WrongDeclaration): string | undefined {
  const d = ds.find((x) => (typeof path === 'string' ? x.path === path : path.test(x.path)))
  if (!d) return `no difference at ${path}; got ${JSON.stringify(ds, null, 1)}`
  const re = (p: RegExp | string) => (typeof p === 'string' ? new RegExp(`^${escape(p)}$`) : p)
  if (!re(expected).test(d.expected)) return `expected side ${JSON.stringify(d.expected)} does not match ${expected}`
  if (found && !re(found).test(d.found)) return `found side ${JSON.stringify(d.found)} does not match ${found}`
  return undefined
}

export function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
export function connectorTrait() {
  return ConnectorMod.fields.from_config.ret
}
export type VariantOverride = Record<string, readonly Desc[] | undefined>
export function valueWith(changes: VariantOverride, discs: Record<string, bigint> = {}, repr: 'u8' | 'u32' = 'u8'): Desc {
  const base: [string, readonly Desc[] | null][] = [
    ['Null', null], ['Bool', [t.bool]], ['I64', [t.i64]], ['U64', [t.u64]], ['F64', [t.f64]], ['String', [t.RString]], ['Bytes', [t.RVec(t.u8)]],
    ['Array', [t.RVec(t.lazy('Value', () => t.Value))]], ['Object', [t.RHashMap(t.RString, t.lazy('Value', () => t.Value))]],
  ]
  const variants: Record<string, readonly Desc[] | null> = {}
  for (const [name, fields] of base) {
    if (name in changes) {
      const c = changes[name]
      if (c !== undefined) variants[name] = c
    } else variants[name] = fields
  }
  for (const [name, c] of Object.entries(changes)) if (!base.some(([n]) => n === name) && c) variants[name] = c
  const e = t.enum('Value', variants as never, { repr, discriminants: discs } as never)
  return e
}
export function fromConfigWith(methods: Record<string, ReturnType<typeof t.method> | undefined>, order?: string[], lastPrefixField?: string) {
  const base: Record<string, ReturnType<typeof t.method>> = {
    id: t.method([], t.RString),
    describe: t.method([], t.RString),
    on_event: t.method([t.RStr], t.RResult(t.u64, t.RString), { mut: true }),
    events: t.method([], t.u64),
  }
  const all: Record<string, ReturnType<typeof t.method>> = { ...base }
  for (const [k, v] of Object.entries(methods)) {
    if (v === undefined) delete all[k]
    else all[k] = v
  }
  const names = order ?? Object.keys(all)
  const Trait = t.trait('Connector', Object.fromEntries(names.map((n) => [n, all[n]])), lastPrefixField ? { lastPrefixField, jsImplementable: false } : { jsImplementable: false })
  return t.fn([t.RString, t.ROption(t.Value)], t.RResult(Trait, t.RString))
}

