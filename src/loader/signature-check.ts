// The full check of a host declaration against abi_stable's TypeLayout (reference 5.3.10): every
// function field's parameter count, parameter and return types, recursively: primitives by
// kind and width, pointers and references by pointee, the std types by their element types
// (reached through their fields, 5.3.6), user structs by field names and types, enums by
// variants, discriminants and payloads, trait objects by methods, DynTraits by pointer, interface
// and RequiredTraits (dyn-trait-check.ts), RBoxErrors by marker and RErrorVTable slots
// (rerror-vtable-check.ts), prefix types by prefix and fields; every node's name, size and
// alignment, and the interface version rule on every nested type (abi_stable's "loosely
// compatible" rule, 5.3.6).
//
// Every difference is collected (not only the first), each with its path:
//   ConnectorMod.sum.args[0] (RSlice).data (*const T): expected i32, found i64
//
// Lenient where abi_stable is strict on things that do not change the bytes (docs/loading.md):
// lifetimes, parameter names, `unsafe`, the pointee of a host `*const c_void`, mutability of a
// trait method's receiver pointer type vs RRef/RMut, the Unpin auto trait. Never lenient on bytes.
// Send and Sync of trait objects are compared (abi_stable requires them equal).
//
// Results are memoized per (declaration node, TypeLayout address): layouts are statics of a
// library that is never unloaded, and declarations are immutable.
import { layoutOf, resolveLazy, type ArrayDesc, type CustomDesc, type Desc, type EnumDesc, type FnDesc, type Member, type PrefixDesc, type PtrDesc, type StructDesc, type TransparentDesc, type UnionDesc } from '../abi/index.ts'
import type { RefDesc } from '../abi/kinds/ref.ts'
import { stdTypeOf } from '../codegen/std.ts'
import type { TraitInfo } from '../trait/index.ts'
import { channelElement, futureOutput, hashMapKV, throughPrefixRef, TypeLayoutReader, typeText, type TLField, type TLFunction, type TLNode } from './tl-node.ts'
import { parseVersion, versionIncompatibility, type VersionNumber } from './version.ts'
import { autoTraitDifferences, objectPointerDifferences } from './trait-object-check.ts'
import { dynTraitDifferences, isDynTraitDesc } from './dyn-trait-check.ts'
import { rErrorVTableDifferences } from './rerror-vtable-check.ts'

export interface Difference {
  /** Where: `ConnectorMod.sum.args[0] (RSlice).data (*const T)`. */
  readonly path: string
  readonly expected: string
  readonly found: string
}

/** Versions of the packages abi_stable's own types come from, as a real 0.11 plugin reports them. */
const KNOWN_PACKAGES: Record<string, string> = { std: '1.0.0', core: '1.0.0', abi_stable: '0.11.0', 'async-ffi': '0.5.0' }

interface Ctx {
  /** The interface's package (the root module's) and the version the host implements. */
  readonly interfacePackage: string
  readonly version: VersionNumber
  readonly inProgress: Set<string>
}

/** A field's functions not yet matched, in syntactic order (5.3.4 step 5). */
class FnQueue {
  i = 0
  constructor(readonly fns: readonly TLFunction[]) {}
  next(): TLFunction | undefined {
    return this.fns[this.i++]
  }
  get pending(): boolean {
    return this.i < this.fns.length
  }
}

// (declaration, version, package) → address → relative differences.
const memo = new WeakMap<Desc, Map<string, readonly Difference[]>>()

const bare = (name: string): string => {
  const lt = name.indexOf('<')
  return lt < 0 ? name : name.slice(0, lt)
}
const rel = (prefix: string, ds: readonly Difference[]): Difference[] => ds.map((d) => ({ ...d, path: prefix + d.path }))
const diff = (path: string, expected: string, found: string): Difference => ({ path, expected, found })
const sizeText = (size: number, align: number) => `${size} bytes, align ${align}`
/** Host field names of tuple structs and variants are positions; abi_stable's are `field_<n>`. */
const sameFieldName = (host: string, found: string): boolean => host === found || (/^\d+$/.test(host) && found === `field_${host}`)
const field = (node: TLNode, name: string): TLField | undefined => node.fields.find((f) => f.name === name)

/**
 * Checks every field of the root module `Module` against `moduleNode` (the module's own
 * PrefixType layout), returning all differences. Names, count and prefix length of the root
 * module are checkFieldNames' business; this checks what each common, accessible field holds.
 */
export function signatureDifferences(Module: PrefixDesc, moduleNode: TLNode, version: VersionNumber): Difference[] {
  const root = Module.name.slice(0, -'_Ref'.length)
  const ctx: Ctx = { interfacePackage: moduleNode.package, version, inProgress: new Set() }
  const out: Difference[] = []
  const v = versionProblem(moduleNode, ctx)
  if (v) out.push(diff(root, v.expected, v.found))
  const accessible = moduleNode.prefix?.accessible ?? ~0n
  const common = Math.min(Module.members.length, moduleNode.fields.length)
  for (let i = 0; i < common; i++) {
    const m = Module.members[i]
    const f = moduleNode.fields[i]
    if (!sameFieldName(m.name, f.name)) continue // checkFieldNames reports it
    // A field the plugin's module does not have (older library): nothing to compare.
    if (((accessible >> BigInt(i)) & 1n) === 0n) continue
    out.push(...rel(`${root}.${m.name}`, memberDifferences(m, f, undefined, ctx)))
  }
  return dedupe(out)
}

/** One field: a function field's signature, or its type (with the field's functions queued). */
function memberDifferences(m: Member, f: TLField, outer: FnQueue | undefined, ctx: Ctx): Difference[] {
  const e = resolveLazy(m.type)
  const queue = outer?.pending ? outer : new FnQueue(f.functions)
  if (e.kind === 'fn') {
    if (!f.isFunction && f.type.name !== 'AFunctionPointer') return [diff('', `a function pointer (${e.name})`, typeText(f.type))]
    const fun = queue.next()
    if (!fun) return [diff('', `${e.name}`, 'a function pointer with no recorded signature')]
    return fnDifferences(e as FnDesc, fun, ctx)
  }
  return nodeDifferences(e, f.type, queue, ctx)
}

function fnText(fun: TLFunction): string {
  return `fn(${fun.params.map((p) => typeText(p)).join(', ')})${fun.returns ? ` -> ${typeText(fun.returns)}` : ''}`
}

/** A trait method's receiver as its slot's first parameter: `&self` RRef, `&mut self` RMut, `self` `*mut ()` (reference 11.B). */
type Receiver = 'RRef' | 'RMut' | 'value'
const RECEIVER_TEXT: Record<Receiver, string> = { RRef: '&self (RRef<()>)', RMut: '&mut self (RMut<()>)', value: 'self by value (*mut ())' }

function fnDifferences(e: FnDesc, fun: TLFunction, ctx: Ctx, receiver?: Receiver): Difference[] {
  const args = receiver ? e.args.slice(1) : e.args
  const found = receiver ? fun.params.slice(1) : fun.params
  const foundCount = fun.paramCount - (receiver ? 1 : 0)
  const out: Difference[] = []
  if (args.length !== foundCount) {
    out.push(diff('', `${args.length} parameter${args.length === 1 ? '' : 's'} (${e.name})`, `${foundCount} (${fnText(fun)})`))
    return out
  }
  if (receiver) {
    const self = fun.params[0]
    // Strict between &mut self and self: the bytes are alike, but who frees the object is not.
    const ok = self && (receiver === 'value' ? self.name === '*mut' : self.name === receiver || (receiver === 'RRef' && self.name === '*const'))
    if (!ok) out.push(diff('.self', RECEIVER_TEXT[receiver], self ? typeText(self) : 'no receiver'))
  }
  for (let i = 0; i < args.length; i++) out.push(...rel(`.args[${i}]`, nodeDifferences(resolveLazy(args[i]), found[i], undefined, ctx)))
  const ret = resolveLazy(e.ret)
  const isUnit = (d: Desc) => d.kind === 'zst' && d.name === '()'
  if (fun.returns === undefined) {
    if (!isUnit(ret)) out.push(diff('.returns', ret.name, '()'))
  } else if (isUnit(ret)) {
    if (!(fun.returns.name === '()' && fun.returns.size === 0)) out.push(diff('.returns', '()', typeText(fun.returns)))
  } else out.push(...rel('.returns', nodeDifferences(ret, fun.returns, undefined, ctx)))
  return out
}

function versionProblem(f: TLNode, ctx: Ctx): { expected: string; found: string } | undefined {
  let expected: VersionNumber | undefined
  let label: string
  if (f.package === ctx.interfacePackage) {
    expected = ctx.version
    label = `the interface's version ${ctx.version.major}.${ctx.version.minor}.${ctx.version.patch}`
  } else if (KNOWN_PACKAGES[f.package]) {
    expected = parseVersion(KNOWN_PACKAGES[f.package])
    label = `${f.package} ${KNOWN_PACKAGES[f.package]}`
  } else return undefined
  const found = parseVersion(f.version)
  if (!found) return { expected: `${f.name} of ${label}`, found: `version ${JSON.stringify(f.version)} (not a version)` }
  const why = versionIncompatibility(expected!, found)
  return why ? { expected: `${f.name} of ${f.package} compatible with ${label}`, found: `${f.package} ${f.version} (${why})` } : undefined
}

/** Compares a host node with a plugin node (memoized when no outer functions are pending). */
function nodeDifferences(e: Desc, f: TLNode, queue: FnQueue | undefined, ctx: Ctx): Difference[] {
  e = resolveLazy(e)
  const useMemo = !queue?.pending
  const key = `${f.address}`
  if (useMemo) {
    const known = memo.get(e)?.get(`${ctx.interfacePackage};${ctx.version.major}.${ctx.version.minor};${key}`)
    if (known) return known as Difference[]
  }
  const cycleKey = `${e.name}@${key}`
  // A cycle (Value holds RVec<Value>): assumed compatible, as abi_stable does.
  if (ctx.inProgress.has(cycleKey)) return []
  ctx.inProgress.add(cycleKey)
  let out: Difference[]
  try {
    out = compare(e, f, queue, ctx)
  } finally {
    ctx.inProgress.delete(cycleKey)
  }
  if (useMemo) {
    let m = memo.get(e)
    if (!m) memo.set(e, (m = new Map()))
    m.set(`${ctx.interfacePackage};${ctx.version.major}.${ctx.version.minor};${key}`, Object.freeze(out))
  }
  return out
}

function compare(e: Desc, f: TLNode, queue: FnQueue | undefined, ctx: Ctx): Difference[] {
  const here = (expected: string, found: string) => [diff('', expected, found)]
  // Bytes first: size and alignment of every node.
  const { size, align } = layoutOf(e)
  const sizeDiff = size !== f.size || align !== f.align
  const expectName = expectedName(e)
  if (expectName !== undefined && expectName !== f.name && !aliases(expectName, f)) {
    return here(hostText(e), typeText(f))
  }
  const out: Difference[] = []
  const v = versionProblem(f, ctx)
  if (v) out.push(diff('', v.expected, v.found))
  const inside = ` (${typeText(f)})`
  switch (e.kind) {
    case 'prim': {
      if (f.kind !== 'primitive' || f.primitive !== e.name) out.push(diff('', e.name, typeText(f)))
      break
    }
    case 'zst':
      break
    case 'ptr': {
      const p = e as PtrDesc
      const target = p.target ? resolveLazy(p.target) : null
      const pointee = f.typeArgs[0]
      // `*const c_void` on the host: the pointee is not declared, so not compared.
      if (target && pointee) out.push(...rel(` (${f.name} T)`, nodeDifferences(target, pointee, undefined, ctx)))
      break
    }
    case 'ref': {
      const r = e as RefDesc
      const pointee = f.typeArgs[0]
      if (pointee) out.push(...rel(` (${f.name} T)`, nodeDifferences(resolveLazy(r.target), pointee, undefined, ctx)))
      break
    }
    case 'fn': {
      const fun = queue?.next()
      if (!fun) out.push(diff('', e.name, 'a function pointer with no recorded signature'))
      else out.push(...fnDifferences(e as FnDesc, fun, ctx))
      break
    }
    case 'array': {
      const a = e as ArrayDesc
      const el = f.typeArgs[0]
      if (f.primitive !== 'array' || !el) out.push(diff('', hostText(e), typeText(f)))
      else {
        out.push(...rel(`${inside}[]`, nodeDifferences(resolveLazy(a.element), el, undefined, ctx)))
        const n = el.size ? f.size / el.size : a.length
        if (n !== a.length) out.push(diff('', `an array of ${a.length}`, `one of ${n}`))
      }
      break
    }
    case 'struct':
    case 'union': {
      const s = e as StructDesc | UnionDesc
      if (f.kind !== e.kind) {
        out.push(diff('', `${e.kind} ${e.name}`, `${f.kind} ${typeText(f)}`))
        break
      }
      out.push(...fieldListDifferences(s.members, f.fields, inside, queue, ctx, false))
      break
    }
    case 'transparent': {
      const tr = e as TransparentDesc
      const inner = f.fields[0]
      if (!inner) out.push(diff('', hostText(e), `${typeText(f)} with no fields`))
      else out.push(...rel(`${inside}.${inner.name}`, memberDifferences({ name: inner.name, type: tr.inner }, inner, queue, ctx)))
      break
    }
    case 'enum':
      out.push(...enumDifferences(e as EnumDesc, f, inside, queue, ctx))
      break
    case 'prefix':
      out.push(...prefixDifferences(e as PrefixDesc, throughPrefixRef(f), queue, ctx))
      break
    case 'custom':
      out.push(...customDifferences(e as CustomDesc, f, inside, queue, ctx))
      break
  }
  // Sizes differ: the differences inside explain it when there are any; else say so here.
  if (sizeDiff && e.kind !== 'prefix' && !out.some((d) => d.path !== '' || d.expected.includes(' compatible with '))) {
    out.push(diff('', `${hostText(e)} (${sizeText(size, align)})`, `${typeText(f)} (${sizeText(f.size, f.align)})`))
  }
  return out
}

/** The name abi_stable gives the type the host declares (undefined: not compared by name). */
function expectedName(e: Desc): string | undefined {
  switch (e.kind) {
    case 'prim':
      return e.name
    case 'ptr':
      return (e as PtrDesc).mutable ? '*mut' : '*const'
    case 'ref':
      return (e as RefDesc).mutable ? '&mut' : '&'
    case 'fn':
      return 'AFunctionPointer'
    case 'zst':
      return e.name === '()' ? '()' : 'PhantomData'
    case 'prefix':
      return undefined // PrefixRef<M> or M itself; the module's name is compared past the PrefixRef
    case 'array':
      return undefined
    case 'custom': {
      const c = e as CustomDesc & { trait?: TraitInfo; opaqueName?: string }
      if (c.trait) return `${c.trait.name}_TO`
      if (c.opaqueName) return 'RBox'
      return bare(e.name)
    }
    default:
      return bare(e.name)
  }
}

/** The marker `M` of abi_stable's `RBoxError_<M>` each error declaration means (reference 11.E). */
const RBOX_ERROR_MARKER: Record<string, string> = { RBoxError: 'SyncSend', SendRBoxError: 'UnsyncSend', UnsyncRBoxError: 'UnsyncUnsend' }

/** Names abi_stable spells otherwise for the same thing. */
function aliases(expected: string, f: TLNode): boolean {
  // RBoxError, SendRBoxError and UnsyncRBoxError are aliases of `RBoxError_<M>`, the name the layout records.
  if (RBOX_ERROR_MARKER[expected] && f.name === 'RBoxError_') return true
  // A host `*mut c_void` is also how NonNull reads; PhantomData is also what markers are.
  if (expected === '*mut' && f.name === 'NonNull') return true
  if (expected === 'PhantomData' && f.size === 0) return true
  // `FfiFuture<T>` is an alias of `BorrowingFfiFuture<'static, T>` (LocalFfiFuture likewise).
  if (expected === 'FfiFuture' && f.name === 'BorrowingFfiFuture') return true
  if (expected === 'LocalFfiFuture' && f.name === 'LocalBorrowingFfiFuture') return true
  return false
}

/** How the host's declaration reads in a difference. */
function hostText(e: Desc): string {
  return resolveLazy(e).name
}

function fieldListDifferences(
  members: readonly Member[],
  fields: readonly TLField[],
  inside: string,
  queue: FnQueue | undefined,
  ctx: Ctx,
  extensible: boolean,
  accessible = ~0n,
): Difference[] {
  const out: Difference[] = []
  if (members.length > fields.length || (!extensible && members.length < fields.length)) {
    out.push(diff(inside, `${members.length} fields (${members.map((m) => m.name).join(', ')})`, `${fields.length} (${fields.map((f) => f.name).join(', ')})`))
  }
  const common = Math.min(members.length, fields.length)
  for (let i = 0; i < common; i++) {
    const m = members[i]
    const f = fields[i]
    if (!sameFieldName(m.name, f.name)) {
      out.push(diff(`${inside}.${m.name}`, `field ${i} named ${m.name}`, `field ${i} named ${f.name}`))
      continue
    }
    const path = `${inside}.${m.name}`
    if (((accessible >> BigInt(i)) & 1n) === 0n) {
      // Inaccessible in the plugin's mask: abi_stable compares only size and alignment.
      const { size, align } = layoutOf(m.type)
      if (size !== f.type.size || align !== f.type.align) out.push(diff(path, `${hostText(m.type)} (${sizeText(size, align)})`, `${typeText(f.type)} (${sizeText(f.type.size, f.type.align)})`))
      continue
    }
    out.push(...rel(path, memberDifferences(m, f, queue, ctx)))
  }
  return out
}

const ENUM_REPR_INT = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'i128', 'usize', 'isize']

function enumReprText(tag: number, payload: number): string {
  switch (tag) {
    case 2:
      return 'C'
    case 3:
      return `C,${ENUM_REPR_INT[payload] ?? payload}`
    case 5:
      return ENUM_REPR_INT[payload] ?? `int ${payload}`
    case 4:
      return 'transparent'
    case 0:
      return 'Option-like (non-zero)'
    case 1:
      return 'primitive'
    default:
      return `packed(${payload})`
  }
}

function enumDifferences(e: EnumDesc, f: TLNode, inside: string, queue: FnQueue | undefined, ctx: Ctx): Difference[] {
  if (f.kind !== 'enum' || !f.enum) return [diff('', `enum ${e.name}`, `${f.kind} ${typeText(f)}`)]
  const out: Difference[] = []
  const repr = enumReprText(f.repr[0], f.repr[1])
  if (repr.replace(/ /g, '') !== e.repr.replace(/ /g, '')) out.push(diff(inside, `repr(${e.repr})`, `repr(${repr})`))
  const vs = f.enum.variants
  if (e.variants.length !== vs.length || !f.enum.exhaustive) {
    out.push(
      diff(
        inside,
        `${e.variants.length} variants (${e.variants.map((v) => v.name).join(', ')})`,
        `${vs.length}${f.enum.exhaustive ? '' : ' (non-exhaustive)'} (${vs.map((v) => v.name).join(', ')})`,
      ),
    )
  }
  const common = Math.min(e.variants.length, vs.length)
  for (let i = 0; i < common; i++) {
    const ev = e.variants[i]
    const fv = vs[i]
    const path = `${inside}::${ev.name}`
    if (ev.name !== fv.name) {
      out.push(diff(path, `variant ${i} named ${ev.name}`, `variant ${i} named ${fv.name}`))
      continue
    }
    if (fv.discriminant !== undefined && fv.discriminant !== ev.discriminant) out.push(diff(path, `discriminant ${ev.discriminant}`, `discriminant ${fv.discriminant}`))
    out.push(...fieldListDifferences(ev.members, fv.fields, path, queue, ctx, false))
  }
  return out
}

function prefixDifferences(e: PrefixDesc, f: TLNode, queue: FnQueue | undefined, ctx: Ctx): Difference[] {
  const name = e.name.endsWith('_Ref') ? e.name.slice(0, -4) : e.name
  const inside = ` (${f.name})`
  if (f.name !== name) return [diff('', `${name} (a prefix type)`, typeText(f))]
  if (f.kind !== 'prefix' || !f.prefix) return [diff('', `${name} (a prefix type)`, `${f.kind} ${typeText(f)}`)]
  const out: Difference[] = []
  const v = versionProblem(f, ctx)
  if (v) out.push(diff('', v.expected, v.found))
  const prefixLen = e.lastPrefixIndex + 1
  if (f.prefix.firstSuffixField !== prefixLen) {
    out.push(diff(inside, `${prefixLen} prefix fields (up to ${e.members[prefixLen - 1]?.name ?? 'none'})`, `${f.prefix.firstSuffixField} (up to ${f.fields[f.prefix.firstSuffixField - 1]?.name ?? 'none'})`))
  }
  if (f.prefix.conditionalFields !== 0n) out.push(diff(inside, 'no conditional prefix fields', `mask 0x${f.prefix.conditionalFields.toString(16)}`))
  out.push(...fieldListDifferences(e.members, f.fields, inside, queue, ctx, true, f.prefix.accessible === 0n ? ~0n : f.prefix.accessible))
  return out
}

function customDifferences(e: CustomDesc, f: TLNode, inside: string, queue: FnQueue | undefined, ctx: Ctx): Difference[] {
  if (isDynTraitDesc(e)) return dynTraitDifferences(e, f, inside, typeLayoutReader())
  let std: ReturnType<typeof stdTypeOf> | undefined
  try {
    std = stdTypeOf(e)
  } catch {
    std = undefined
  }
  // A custom type no std path is known for: its native layout (repr) is what the plugin must have.
  if (!std) return compare(e.repr, f, queue, ctx).filter((d) => !(d.path === '' && d.expected.includes(' compatible with ')))
  const sub = (segment: string, host: Desc | undefined, node: TLNode | undefined, what: string): Difference[] => {
    if (!host) return []
    if (!node) return [diff(inside + segment, hostText(host), `no ${what} (the plugin's ${f.name} has another shape)`)]
    return rel(inside + segment, nodeDifferences(resolveLazy(host), node, undefined, ctx))
  }
  const fieldType = (n: TLNode | undefined, name: string) => n && field(n, name)?.type
  switch (std.std) {
    case 'RString':
    case 'RStr':
    case 'opaque':
      return []
    case 'RDuration':
    case 'RCmpOrdering':
    case 'Value':
    case 'EventSender':
      return compare(e.repr, f, queue, ctx)
    case 'RSlice':
    case 'RSliceMut': {
      const data = fieldType(f, 'data')
      return sub(`.data (${data?.name ?? '*const'} T)`, std.args[0], data?.typeArgs[0], 'element type')
    }
    case 'RVec': {
      const buffer = fieldType(f, 'buffer')
      return sub(`.buffer (${buffer?.name ?? 'NonNull'} T)`, std.args[0], buffer?.typeArgs[0], 'element type')
    }
    case 'RBox':
    case 'RArc': {
      const data = fieldType(f, 'data')
      return sub(`.data (${data?.name ?? 'NonNull'} T)`, std.args[0], data?.typeArgs[0], 'pointee')
    }
    case 'ROption':
    case 'RResult':
    case 'RCow': {
      const payloads = (f.enum?.variants ?? []).filter((v) => v.fields.length > 0)
      return std.args.flatMap((a, i) => sub(`::${payloads[i]?.name ?? `variant ${i}`}.field_0`, a, payloads[i]?.fields[0]?.type, 'payload'))
    }
    case 'RHashMap': {
      const kv = hashMapKV(f)
      return [...sub('<K>', std.args[0], kv?.[0], 'key type'), ...sub('<V>', std.args[1], kv?.[1], 'value type')]
    }
    case 'FfiFuture':
    case 'BorrowingFfiFuture':
    case 'LocalFfiFuture':
    case 'LocalBorrowingFfiFuture':
      return sub('.poll_fn.returns::Ready', std.args[0], futureOutput(f), 'output type')
    case 'trait':
      return traitDifferences(std.trait, f, inside, ctx)
    case 'RSender':
    case 'RReceiver':
      return sub('.vtable.send.args[1]', std.args[0], channelElement(f), 'element type')
    case 'RBoxError':
    case 'SendRBoxError':
    case 'UnsyncRBoxError': {
      // `RBoxError_<M> { value, vtable, _sync_send: PhantomData<M> }`: the same bytes for every M,
      // but abi_stable compares M (reference 11.E), reached through `_sync_send`.
      const names = f.fields.map((x) => x.name).join(', ')
      if (f.kind !== 'struct' || names !== 'value, vtable, _sync_send') return [diff(inside, 'RBoxError_ { value, vtable, _sync_send }', `${f.kind} { ${names} }`)]
      const marker = RBOX_ERROR_MARKER[std.std]
      const found = fieldType(f, '_sync_send')?.typeArgs[0]
      const vtable = rErrorVTableDifferences(fieldType(f, 'vtable')!, inside)
      if (found?.name === marker) return vtable
      return [diff(`${inside}._sync_send`, `PhantomData<${marker}> (${std.std})`, `PhantomData<${found?.name ?? '_'}>`), ...vtable]
    }
  }
  // Other plain std types: their native layout.
  return compare(e.repr, f, queue, ctx).filter((d) => !(d.path === '' && d.expected.includes(' compatible with ')))
}

function traitDifferences(info: TraitInfo, f: TLNode, inside: string, ctx: Ctx): Difference[] {
  const obj = field(f, 'obj')?.type
  const vtableRef = obj && field(obj, 'vtable')?.type
  if (!vtableRef) {
    return [diff(inside, `${info.name}_TO { obj: RObject { vtable: PrefixRef<VTable>, .. }, .. }`, `${typeText(f)} (${f.kind}${f.kind === 'opaque' ? ': its layout records no fields, so no methods' : ' without an obj.vtable field'})`)]
  }
  const vt = throughPrefixRef(vtableRef)
  const out: Difference[] = [...objectPointerDifferences(info, obj, inside), ...autoTraitDifferences(info, obj, inside, typeLayoutReader())]
  const v = versionProblem(vt, ctx)
  if (v) out.push(diff(inside, v.expected, v.found))
  if (!vt.prefix) return [diff(inside, `${info.name}'s VTable (a prefix type)`, typeText(vt))]
  const prefixLen = info.lastPrefixIndex + 1
  if (vt.prefix.firstSuffixField !== prefixLen) out.push(diff(`${inside}.vtable`, `${prefixLen} prefix fields`, `${vt.prefix.firstSuffixField}`))
  const methods = vt.fields.slice(2)
  if (info.names.length > methods.length) {
    out.push(diff(inside, `${info.names.length} methods (${info.names.join(', ')})`, `${methods.length} (${methods.map((m) => m.name).join(', ')})`))
  }
  const vtableMembers = (info.vtable as PrefixDesc).members
  for (let k = 0; k < Math.min(info.names.length, methods.length); k++) {
    const name = info.names[k]
    const fm = methods[k]
    const path = `${inside}.${name}`
    if (fm.name !== name) {
      out.push(diff(path, `method ${k} named ${name}`, `method ${k} named ${fm.name}`))
      continue
    }
    const fun = fm.functions[0]
    if (!fun) {
      out.push(diff(path, 'a method', 'a field with no recorded signature'))
      continue
    }
    const slot = vtableMembers[2 + k].type as FnDesc
    const m = info.methods[name] as { mutable?: boolean; byValue?: boolean }
    out.push(...rel(path, fnDifferences(slot, fun, ctx, m.byValue ? 'value' : m.mutable ? 'RMut' : 'RRef')))
  }
  return out
}


let sharedReader: TypeLayoutReader | undefined
/** One reader for the process: decoded layouts stay valid, since plugins are never unloaded. */
export function typeLayoutReader(): TypeLayoutReader {
  return (sharedReader ??= new TypeLayoutReader())
}

const rootMemo = new WeakMap<PrefixDesc, Map<string, RootSignatureCheck>>()

export interface RootSignatureCheck {
  /** False when the library records no signature at all (a mirror plugin without TLFunctions): nothing was checked. */
  readonly checked: boolean
  readonly differences: readonly Difference[]
}

/**
 * The signature check of the root module whose `RootModuleConsts.layout` is at `layout` (the
 * layout of `PrefixRef<Module>`), memoized per (declaration, layout address, interface version).
 */
export function checkRootSignatures(layout: bigint, Module: PrefixDesc, version: VersionNumber): RootSignatureCheck {
  const key = `${layout};${version.major}.${version.minor}.${version.patch}`
  const known = rootMemo.get(Module)?.get(key)
  if (known) return known
  const moduleNode = throughPrefixRef(typeLayoutReader().node(layout))
  const fnFields = moduleNode.fields.filter((f) => f.isFunction)
  // A library whose TypeLayout records no function at all (our mirror crate before it carried
  // TLFunctions) cannot be checked this way; the layout string, if any, has checked it.
  const checked = fnFields.length === 0 || fnFields.some((f) => f.functions.length > 0)
  const result: RootSignatureCheck = Object.freeze({ checked, differences: checked ? signatureDifferences(Module, moduleNode, version) : [] })
  let m = rootMemo.get(Module)
  if (!m) rootMemo.set(Module, (m = new Map()))
  m.set(key, result)
  return result
}

function dedupe(ds: Difference[]): Difference[] {
  const seen = new Set<string>()
  return ds.filter((d) => {
    const k = `${d.path}\u0000${d.expected}\u0000${d.found}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
}
