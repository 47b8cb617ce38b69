// `abi-stable declare <library>`: prints a TypeScript module declaring the plugin's root module
// (t.prefixModule with lastPrefixField, its structs, enums, trait objects, futures, and the
// version export), reconstructed from what the library carries: our layout descriptor (C header,
// Rust mirror: the canonical layout string, parsed by layout-tree.ts) or abi_stable's TypeLayout
// (a plugin built with the real crate: tl-node.ts). Loading the plugin with the printed file
// passes every check the library allows. No code of the plugin runs except the TypeLayout's
// `type_layouts` constructors.
//
// Every expression is built twice, as code and as the descriptor it evaluates to, so the
// generator checks its own output: the descriptor's layout string must equal the plugin's.
import fs from 'node:fs'
import path from 'node:path'
import { layoutString, resolveLazy, type Desc, type PrefixDesc } from '../abi/index.ts'
import { DeclarationError } from '../abi/errors.ts'
import { t } from '../index.ts'
import { openLibrary, symbolAddress } from '../loader/cache.ts'
import { elfProblem } from '../loader/elf-check.ts'
import { readRootLayoutDescriptor, ROOT_LAYOUT_SYMBOL, ROOT_MODULE_LOADER_SYMBOL } from '../loader/header.ts'
import { LayoutParseError, parseLayout, type LayoutNode } from '../loader/layout-tree.ts'
import { TypeLayoutReadError } from '../loader/type-layout.ts'
import { typeLayoutReader } from '../loader/signature-check.ts'
import { readLibraryHeader } from '../loader/statics-check.ts'
import { memoryMap } from '../abi/mapped-memory.ts'
import { AUTO_TRAIT_BITS, channelElement, stdTypeArgs, throughPrefixRef, type TLField, type TLFunction, type TLNode } from '../loader/tl-node.ts'
import type { PointerKind } from '../trait/index.ts'
import { dynTraitParts, requiredTraitNames } from '../loader/dyn-trait-check.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT } from './errors.ts'
import { AbiError } from '../abi/index.ts'

/** The library cannot be declared (not a plugin, or a type t cannot spell). */
export class DeclareError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_CLI_DECLARE', message)
  }
}

const USAGE = 'abi-stable declare <library> [--from module] [--source layout-string|type-layout] [--out FILE]'

/** A piece of the declaration: its code and the descriptor the code evaluates to. */
interface Expr {
  readonly code: string
  readonly desc: Desc
}

const PRIMS = new Set(['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'usize', 'isize', 'f32', 'f64', 'bool'])
const T = t as unknown as Record<string, (...a: unknown[]) => Desc> & Record<string, Desc>
const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
const key = (s: string) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : q(s))
const ident = (name: string) => name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+$/, '').replace(/^(\d)/, '_$1')

/** Hoisted declarations (user structs, enums, traits), in dependency order. */
class Module {
  readonly consts: { name: string; code: string }[] = []
  readonly descs = new Map<string, Desc>()
  readonly building = new Set<string>()
  readonly ids = new Map<string, string>()
  private readonly used = new Set<string>(['t', 'VERSION'])

  /** The identifier of a hoisted declaration named `typeName`, building it on first use. */
  hoist(typeName: string, build: () => Expr, idName = typeName): Expr {
    const id = ident(idName)
    if (this.descs.has(typeName)) return { code: this.ids.get(typeName)!, desc: this.descs.get(typeName)! }
    if (this.building.has(typeName)) return this.lazy(typeName)
    this.building.add(typeName)
    const e = build()
    this.building.delete(typeName)
    let name = id
    for (let i = 2; this.used.has(name); i++) name = `${id}${i}`
    this.used.add(name)
    this.consts.push({ name, code: e.code })
    this.descs.set(typeName, e.desc)
    this.ids.set(typeName, name)
    return { code: name, desc: e.desc }
  }

  /** A reference to a type being declared (recursion): `t.lazy('Value', () => Value)`. */
  lazy(typeName: string): Expr {
    const id = this.ids.get(typeName) ?? ident(typeName)
    return { code: `t.lazy(${q(typeName)}, () => ${id})`, desc: t.lazy(typeName, () => this.descs.get(typeName) ?? fail(`${typeName} is referred to but never declared`)) }
  }

  text(header: string, from: string, version: string, root: { name: string; code: string }): string {
    return (
      `${header}\n` +
      `import { t } from ${q(from)}\n\n` +
      `/** The interface version the plugin was built against. */\n` +
      `export const VERSION = ${q(version)}\n\n` +
      this.consts.map((c) => `export const ${c.name} = ${c.code}\n\n`).join('') +
      `export const ${root.name} = ${root.code}\n`
    )
  }
}

function fail(message: string): never {
  throw new DeclareError(message)
}

const call = (fn: string, args: Expr[], extra: string[] = []): string => `t.${fn}(${[...args.map((a) => a.code), ...extra].join(', ')})`
const fields = (entries: [string, Expr][]): string => {
  const one = `{ ${entries.map(([k, e]) => `${key(k)}: ${e.code}`).join(', ')} }`
  if (one.length <= 100 && !one.includes('\n')) return one
  return `{\n${entries.map(([k, e]) => `  ${key(k)}: ${e.code.replace(/\n/g, '\n  ')},`).join('\n')}\n}`
}
const list = (es: Expr[]): string => `[${es.map((e) => e.code).join(', ')}]`

// ---------------------------------------------------------------------------------------------
// From a layout string (C header, Rust mirror).

/** Std types whose layout text is written out (not named): recognised by their exact text. */
function knownByText(): Map<string, Expr> {
  const m = new Map<string, Expr>()
  for (const name of ['Value', 'RDuration', 'RCmpOrdering', 'EventSender', 'RBoxError', 'SendRBoxError', 'UnsyncRBoxError']) {
    const d = T[name] as Desc | undefined
    if (d) m.set(layoutString(d), { code: `t.${name}`, desc: d })
  }
  return m
}

/**
 * The auto traits of every trait object a TypeLayout reaches, by trait name (RObject's
 * RequiredTraits, reference 5.3.8): what a layout string does not record. Unreadable ones are left out.
 */
export function autoTraitsByTrait(layout: bigint): Map<string, number> {
  const reader = typeLayoutReader()
  const out = new Map<string, number>()
  const seen = new Set<bigint>()
  const visit = (n: TLNode | undefined): void => {
    if (!n || seen.has(n.address)) return
    seen.add(n.address)
    if (n.name.endsWith('_TO')) {
      const obj = n.fields.find((f) => f.name === 'obj')?.type
      const read = obj ? reader.requiredTraits(obj) : undefined
      if (read?.state === 'ok') out.set(n.name.slice(0, -'_TO'.length), read.autoTraits)
    }
    for (const f of [...n.fields, ...n.phantomFields]) {
      visit(f.type)
      for (const fun of f.functions) {
        fun.params.forEach(visit)
        visit(fun.returns)
      }
    }
    n.typeArgs.forEach(visit)
  }
  visit(typeLayoutReader().node(layout))
  return out
}

export function declareFromLayoutString(layout: string, autoTraits: ReadonlyMap<string, number> = new Map()): { module: Module; root: Expr & { name: string } } {
  const root = parseLayout(layout)
  if (root.kind !== 'prefix' || !root.name) fail(`the layout string does not describe a prefix type (a root module): ${layout.slice(0, 60)}`)
  const mod = new Module()
  const known = knownByText()
  const expr = (n: LayoutNode): Expr => {
    const byText = known.get(n.text)
    if (byText) return byText
    switch (n.kind) {
      case 'prefix': {
        const [code, desc] = prefixOf(n, 'prefix')
        return { code, desc }
      }
      case 'struct': {
        const tuple = /^Tuple([1-4])</.exec(n.name!)
        const kids = n.children.map((c) => expr(c.node))
        if (tuple && n.children.every((c, i) => c.label === String(i))) return { code: call(`Tuple${tuple[1]}`, kids), desc: T[`Tuple${tuple[1]}`](...kids.map((k) => k.desc)) }
        return mod.hoist(n.name!, () => structOf(n.name!, n.children.map((c, i) => [c.label, kids[i]])))
      }
      case 'union':
        return mod.hoist(n.name!, () => {
          const fs = n.children.map((c): [string, Expr] => [c.label, expr(c.node)])
          return { code: `t.union(${q(n.name!)}, ${fields(fs)})`, desc: t.union(n.name!, Object.fromEntries(fs.map(([k, e]) => [k, e.desc]))) }
        })
      case 'enum':
        return mod.hoist(n.name!, () => {
          const repr = /repr\(([^)]*)\)/.exec(n.head)![1]
          const variants = n.children.map((v) => ({ name: v.label, discriminant: BigInt(v.node.head.split('=')[1]), fields: v.node.children.map((c): [string, Expr] => [c.label, expr(c.node)]) }))
          return enumOf(n.name!, repr, variants)
        })
      case 'transparent': {
        const [inner, ...markers] = n.children.map((c) => expr(c.node))
        return mod.hoist(n.name!, () => ({
          code: `t.transparent(${q(n.name!)}, ${inner.code}${markers.length ? `, ${list(markers)}` : ''})`,
          desc: t.transparent(n.name!, inner.desc, markers.map((m) => m.desc)),
        }))
      }
      case 'fn': {
        const args = n.children.slice(0, -1).map((c) => expr(c.node))
        const ret = expr(n.children[n.children.length - 1].node)
        return { code: `t.fn(${list(args)}, ${ret.code})`, desc: t.fn(args.map((a) => a.desc), ret.desc) }
      }
      case 'ref': {
        const target = expr(n.children[0].node)
        const fn = n.head === '&mut' ? 'refMut' : 'ref'
        return { code: call(fn, [target]), desc: T[fn](target.desc) }
      }
      case 'ptr': {
        const mutable = n.head.startsWith('*mut')
        const pointee = n.head.replace(/^\*(const|mut) /, '')
        const fn = mutable ? 'mutPtr' : 'ptr'
        if (pointee === 'c_void') return { code: `t.${fn}()`, desc: T[fn]() }
        const target: Expr = PRIMS.has(pointee)
          ? { code: `t.${pointee}`, desc: T[pointee] }
          : mod.descs.has(pointee) || mod.building.has(pointee)
            ? mod.building.has(pointee)
              ? mod.lazy(pointee)
              : { code: mod.ids.get(pointee)!, desc: mod.descs.get(pointee)! }
            : // Only the pointee's name is in the layout: a named stand-in has the same layout.
              { code: `t.struct(${q(pointee)}, {})`, desc: t.struct(pointee, {}) }
        return { code: call(fn, [target]), desc: T[fn](target.desc) }
      }
      case 'array': {
        const el = expr(n.children[0].node)
        const length = Number(/;(\d+)\]/.exec(n.head)![1])
        return { code: `t.array(${el.code}, ${length})`, desc: t.array(el.desc, length) }
      }
      case 'named':
        return named(n)
      default:
        return fail(`cannot declare a ${n.kind} (${n.text.slice(0, 40)})`)
    }
  }
  const structOf = (name: string, fs: [string, Expr][]): Expr => {
    if (fs.length > 0 && fs.every(([k], i) => k === String(i))) {
      return { code: `t.struct(${q(name)}, ${list(fs.map(([, e]) => e))})`, desc: t.struct(name, fs.map(([, e]) => e.desc)) }
    }
    return { code: `t.struct(${q(name)}, ${fields(fs)})`, desc: t.struct(name, Object.fromEntries(fs.map(([k, e]) => [k, e.desc]))) }
  }
  const named = (n: LayoutNode): Expr => {
    const head = n.head
    if (head === '()') return { code: 't.unit', desc: t.unit }
    if (PRIMS.has(head)) return { code: `t.${head}`, desc: T[head] }
    if (head === 'RString' || head === 'RStr') return { code: `t.${head}`, desc: T[head] }
    const over = /^Trait_TO(?:<(RArc|RMut|RRef)>)?$/.exec(head)
    if (over) return traitOf(n.children[0].node, (over[1] as PointerKind | undefined) ?? 'RBox')
    if ((head === 'RSender' || head === 'RReceiver') && n.children.length === 1) {
      const elem = expr(n.children[0].node)
      return { code: call(head, [elem]), desc: T[head](elem.desc) }
    }
    if (head === 'RBox' && n.children[0]?.node.head.startsWith('opaque ')) {
      const name = n.children[0].node.head.slice('opaque '.length)
      return { code: `t.opaque(${q(name)})`, desc: t.opaque(name) }
    }
    if (/^(PhantomData)/.test(head) && n.children.length === 0) return { code: 't.phantom()', desc: t.phantom() }
    const std = ['RSlice', 'RSliceMut', 'RVec', 'RBox', 'ROption', 'RResult', 'RHashMap', 'RArc', 'RCow', 'FfiFuture', 'BorrowingFfiFuture', 'LocalFfiFuture', 'LocalBorrowingFfiFuture', 'FfiPoll']
    if (std.includes(head) && n.children.length > 0) {
      const args = n.children.map((c) => expr(c.node))
      return { code: call(head, args), desc: T[head](...args.map((a) => a.desc)) }
    }
    if (n.children.length === 0 && (mod.descs.has(head) || mod.building.has(head))) return mod.lazy(head)
    return fail(`cannot declare ${n.text.slice(0, 60)}: not a type this host knows`)
  }
  const prefixOf = (n: LayoutNode, fn: 'prefix' | 'prefixModule'): [string, PrefixDesc] => {
    const fs = n.children.map((c): [string, Expr] => [c.label, expr(c.node)])
    const last = (n.prefixLen ?? 0) > 0 ? n.children[n.prefixLen! - 1].label : undefined
    const opts = last === undefined ? '' : `, { lastPrefixField: ${q(last)} }`
    const desc = (fn === 'prefix' ? t.prefix : t.prefixModule)(n.name!, Object.fromEntries(fs.map(([k, e]) => [k, e.desc])), last === undefined ? {} : { lastPrefixField: last })
    return [`t.${fn}(${q(n.name!)}, ${fields(fs)}${opts})`, desc]
  }
  // The layout string records the pointer, not the auto traits: they come from the TypeLayout, if any.
  const traitOf = (vtable: LayoutNode, pointer: PointerKind): Expr => {
    const name = vtable.name!.replace(/_VTable$/, '')
    return mod.hoist(traitKey(name, pointer), () => {
      const methods = vtable.children.slice(2).map((c) => {
        const f = c.node
        if (f.kind !== 'fn') fail(`${name}.${c.label} is not a method`)
        // `*mut ()`: self by value; `*mut c_void`: &mut self; `*const c_void`: &self.
        const head = f.children[0]?.node.head ?? ''
        const receiver: Receiver = head.startsWith('*mut') ? (/\(\)/.test(head) ? 'value' : 'mut') : 'ref'
        const args = f.children.slice(1, -1).map((a) => expr(a.node))
        const ret = expr(f.children[f.children.length - 1].node)
        return { name: c.label, receiver, args, ret }
      })
      const last = (vtable.prefixLen ?? 0) > 2 ? vtable.children[vtable.prefixLen! - 1].label : undefined
      const auto = autoTraits.get(name) ?? 0
      return traitExpr(name, methods, last, { pointer, send: (auto & AUTO_TRAIT_BITS.Send) !== 0, sync: (auto & AUTO_TRAIT_BITS.Sync) !== 0 })
    }, traitId(name, pointer))
  }
  const [code, desc] = prefixOf(root, 'prefixModule')
  const own = layoutString(desc)
  if (own !== layout) fail(`the reconstructed declaration's layout string differs from the plugin's (a bug in declare):\n  ${own}\n  ${layout}`)
  return { module: mod, root: { code, desc, name: ident(root.name!) } }
}

function enumOf(name: string, repr: string, variants: { name: string; discriminant: bigint; fields: [string, Expr][] }[]): Expr {
  const vCode = variants.map((v) => {
    if (v.fields.length === 0) return `${key(v.name)}: null`
    if (v.fields.every(([k], i) => k === String(i))) return `${key(v.name)}: ${list(v.fields.map(([, e]) => e))}`
    return `${key(v.name)}: ${fields(v.fields)}`
  })
  const vDesc = Object.fromEntries(
    variants.map((v) => [
      v.name,
      v.fields.length === 0 ? null : v.fields.every(([k], i) => k === String(i)) ? v.fields.map(([, e]) => e.desc) : Object.fromEntries(v.fields.map(([k, e]) => [k, e.desc])),
    ]),
  )
  // Discriminants only where they are not the previous + 1 (Rust's implicit rule).
  const explicit: [string, bigint][] = []
  let next = 0n
  for (const v of variants) {
    if (v.discriminant !== next) explicit.push([v.name, v.discriminant])
    next = v.discriminant + 1n
  }
  const discCode = explicit.length ? `, discriminants: { ${explicit.map(([k, d]) => `${key(k)}: ${d}`).join(', ')} }` : ''
  const options: Record<string, unknown> = { repr }
  if (explicit.length) options.discriminants = Object.fromEntries(explicit)
  return { code: `t.enum(${q(name)}, { ${vCode.join(', ')} }, { repr: ${q(repr)}${discCode} })`, desc: t.enum(name, vDesc as never, options as never) }
}

type Receiver = 'ref' | 'mut' | 'value'
const RECEIVER_OPTIONS: Record<Receiver, { code: string; options: Record<string, unknown> }> = {
  ref: { code: '', options: {} },
  mut: { code: ', { mut: true }', options: { mut: true } },
  value: { code: ", { self: 'value' }", options: { self: 'value' } },
}

/** How the object is held and its auto traits: only what differs from t.trait's defaults is printed. */
interface TraitShape {
  readonly pointer: PointerKind
  readonly send?: boolean
  readonly sync?: boolean
}

/** One hoisted declaration per (trait, pointer): `Counter`, `CounterRMut`, ... */
const traitKey = (name: string, pointer: PointerKind) => `${name}_TO${pointer === 'RBox' ? '' : `<${pointer}>`}`
const traitId = (name: string, pointer: PointerKind) => (pointer === 'RBox' ? name : `${name}${pointer}`)

function traitExpr(name: string, methods: { name: string; receiver: Receiver; args: Expr[]; ret: Expr }[], lastPrefixField: string | undefined, shape: TraitShape): Expr {
  const mCode = methods.map((m) => `${key(m.name)}: t.method(${list(m.args)}, ${m.ret.code}${RECEIVER_OPTIONS[m.receiver].code})`)
  const mDesc = Object.fromEntries(methods.map((m) => [m.name, t.method(m.args.map((a) => a.desc), m.ret.desc, RECEIVER_OPTIONS[m.receiver].options)]))
  const opts: Record<string, unknown> = {}
  if (lastPrefixField) opts.lastPrefixField = lastPrefixField
  if (shape.pointer !== 'RBox') opts.pointer = shape.pointer
  if (shape.send) opts.send = true
  if (shape.sync) opts.sync = true
  let desc: Desc
  try {
    desc = t.trait(name, mDesc, opts)
  } catch (e) {
    // A method JS could not implement (a large by-value argument): the plugin implements it.
    if (!(e instanceof DeclarationError) && !(e as Error).name?.includes('Unsupported')) throw e
    opts.jsImplementable = false
    desc = t.trait(name, mDesc, opts as never)
  }
  const optCode = Object.keys(opts).length ? `, { ${Object.entries(opts).map(([k, v]) => `${k}: ${typeof v === 'string' ? q(v) : v}`).join(', ')} }` : ''
  return { code: `t.trait(${q(name)}, {\n  ${mCode.join(',\n  ')},\n}${optCode})`, desc }
}

// ---------------------------------------------------------------------------------------------
// From abi_stable's TypeLayout (a plugin built with the real crate).

export function declareFromTypeLayout(layout: bigint): { module: Module; root: Expr & { name: string } } {
  const moduleNode = throughPrefixRef(typeLayoutReader().node(layout))
  const mod = new Module()
  const STD_ARGS: Record<string, string> = {
    RSlice: 'RSlice', RSliceMut: 'RSliceMut', RVec: 'RVec', RBox: 'RBox', RArc: 'RArc', ROption: 'ROption', RResult: 'RResult', RCow: 'RCow', RHashMap: 'RHashMap',
    Tuple1: 'Tuple1', Tuple2: 'Tuple2', Tuple3: 'Tuple3', Tuple4: 'Tuple4',
    BorrowingFfiFuture: 'FfiFuture', FfiFuture: 'FfiFuture', LocalBorrowingFfiFuture: 'LocalFfiFuture', LocalFfiFuture: 'LocalFfiFuture',
  }
  const fnExpr = (fun: TLFunction | undefined, where: string): Expr => {
    if (!fun) fail(`${where}: a function pointer whose signature the TypeLayout does not record`)
    const args = fun.params.map((p) => node(p, undefined, `${where}.args`))
    const ret = fun.returns ? node(fun.returns, undefined, `${where}.returns`) : { code: 't.unit', desc: t.unit }
    return { code: `t.fn(${list(args)}, ${ret.code})`, desc: t.fn(args.map((a) => a.desc), ret.desc) }
  }
  const fieldExpr = (f: TLField, where: string): Expr => (f.isFunction ? fnExpr(f.functions[0], where) : node(f.type, f.functions.length ? [...f.functions] : undefined, where))
  const node = (n: TLNode, queue: TLFunction[] | undefined, where: string): Expr => {
    if (n.kind === 'primitive') {
      if (PRIMS.has(n.primitive!)) return { code: `t.${n.primitive}`, desc: T[n.primitive!] }
      const target = n.typeArgs[0]
      switch (n.primitive) {
        case '&':
        case '&mut': {
          const e = node(target, queue, where)
          const fn = n.primitive === '&' ? 'ref' : 'refMut'
          return { code: call(fn, [e]), desc: T[fn](e.desc) }
        }
        case '*const':
        case '*mut': {
          const fn = n.primitive === '*const' ? 'ptr' : 'mutPtr'
          if (!target || target.name === 'c_void' || target.name === '()') return { code: `t.${fn}()`, desc: T[fn]() }
          const e = node(target, queue, where)
          return { code: call(fn, [e]), desc: T[fn](e.desc) }
        }
        case 'array': {
          const e = node(target, queue, where)
          const length = target.size ? n.size / target.size : 0
          return { code: `t.array(${e.code}, ${length})`, desc: t.array(e.desc, length) }
        }
      }
    }
    if (n.name === 'AFunctionPointer') return fnExpr(queue?.shift(), where)
    if (n.name === '()') return { code: 't.unit', desc: t.unit }
    if (n.name === 'PhantomData') return { code: 't.phantom()', desc: t.phantom() }
    if (n.name === 'RString' || n.name === 'RStr') return { code: `t.${n.name}`, desc: T[n.name] }
    if (n.name === 'RDuration' && n.package === 'abi_stable') return { code: 't.RDuration', desc: t.RDuration }
    if (n.name === 'RBoxError_' && n.package === 'abi_stable') {
      // RBoxError_<M>: which alias is told by the marker behind `_sync_send: PhantomData<M>` (reference 11.E).
      const marker = n.fields.find((f) => f.name === '_sync_send')?.type.typeArgs[0]?.name
      const alias = ({ SyncSend: 'RBoxError', UnsyncSend: 'SendRBoxError', UnsyncUnsend: 'UnsyncRBoxError' } as const)[marker ?? '']
      if (!alias) fail(`${where}: RBoxError_ with marker ${marker ?? '(none)'}; abi_stable has SyncSend, UnsyncSend and UnsyncUnsend`)
      return { code: `t.${alias}`, desc: T[alias] }
    }
    if (n.name === 'Value' && n.enum && valueShaped(n)) return { code: 't.Value', desc: t.Value }
    if (n.name === 'PrefixRef' || n.kind === 'prefix') {
      const p = throughPrefixRef(n)
      const fs = p.fields.map((f): [string, Expr] => [f.name, fieldExpr(f, `${where}.${f.name}`)])
      const last = p.prefix!.firstSuffixField > 0 ? p.fields[p.prefix!.firstSuffixField - 1].name : undefined
      return {
        code: `t.prefix(${q(p.name)}, ${fields(fs)}${last ? `, { lastPrefixField: ${q(last)} }` : ''})`,
        desc: t.prefix(p.name, Object.fromEntries(fs.map(([k, e]) => [k, e.desc])), last ? { lastPrefixField: last } : {}),
      }
    }
    if (n.name.endsWith('_TO') && n.fields.some((f) => f.name === 'obj')) return traitFromNode(n, where)
    if (n.name === 'DynTrait' && n.package === 'abi_stable') return dynTraitFromNode(n, where)
    if (n.name === 'RSender' || n.name === 'RReceiver') {
      const el = channelElement(n) ?? fail(`${where}: cannot find the element type of ${n.name} (vtable.0 → VTable.send's second parameter)`)
      const e = node(el, undefined, `${where}<T>`)
      return { code: call(n.name, [e]), desc: T[n.name](e.desc) }
    }
    const std = STD_ARGS[n.name]
    if (std) {
      const args = (stdTypeArgs(n) ?? []).map((a, i) => (a ? node(a, queue, `${where}<${i}>`) : fail(`${where}: cannot find generic argument ${i} of ${n.name}`)))
      return { code: call(std, args), desc: T[std](...args.map((a) => a.desc)) }
    }
    if (n.kind === 'struct' || n.kind === 'union') {
      return mod.hoist(n.name, () => {
        const fs = n.fields.map((f): [string, Expr] => [f.name.replace(/^field_(\d+)$/, '$1'), fieldExpr(f, `${where}.${f.name}`)])
        if (n.kind === 'union') return { code: `t.union(${q(n.name)}, ${fields(fs)})`, desc: t.union(n.name, Object.fromEntries(fs.map(([k, e]) => [k, e.desc]))) }
        if (n.repr[0] === 4 && fs.length > 0) {
          const [inner, ...markers] = fs.map(([, e]) => e)
          return { code: `t.transparent(${q(n.name)}, ${inner.code}${markers.length ? `, ${list(markers)}` : ''})`, desc: t.transparent(n.name, inner.desc, markers.map((m) => m.desc)) }
        }
        if (fs.length > 0 && fs.every(([k], i) => k === String(i))) return { code: `t.struct(${q(n.name)}, ${list(fs.map(([, e]) => e))})`, desc: t.struct(n.name, fs.map(([, e]) => e.desc)) }
        return { code: `t.struct(${q(n.name)}, ${fields(fs)})`, desc: t.struct(n.name, Object.fromEntries(fs.map(([k, e]) => [k, e.desc]))) }
      })
    }
    if (n.kind === 'enum' && n.enum) {
      return mod.hoist(n.name, () => {
        const repr = reprOf(n)
        const variants = n.enum!.variants.map((v, i) => ({
          name: v.name,
          discriminant: v.discriminant ?? BigInt(i),
          fields: v.fields.map((f): [string, Expr] => [f.name.replace(/^field_(\d+)$/, '$1'), fieldExpr(f, `${where}::${v.name}.${f.name}`)]),
        }))
        return enumOf(n.name, repr, variants)
      })
    }
    return fail(`${where}: cannot declare ${n.name} (${n.kind}, ${n.package} ${n.version}); declare it by hand (t.opaque for a type only the plugin handles)`)
  }
  const traitFromNode = (n: TLNode, where: string): Expr => {
    const name = n.name.slice(0, -'_TO'.length)
    const obj = n.fields.find((f) => f.name === 'obj')!.type
    // obj.ptr is ManuallyDrop<P>; P's name is the pointer kind (reference 11.B).
    const ptr = obj.fields.find((f) => f.name === 'ptr')?.type
    const pointerName = (ptr?.name === 'ManuallyDrop' ? ptr.typeArgs[0] : ptr)?.name ?? 'RBox'
    const pointer = (['RBox', 'RArc', 'RMut', 'RRef'] as const).find((p) => p === pointerName) ?? fail(`${where} (${name}_TO): objects over ${pointerName}, which t.trait cannot declare`)
    // Auto traits: RObject's RequiredTraits (reference 5.3.8).
    const required = typeLayoutReader().requiredTraits(obj)
    if (required.state === 'unreadable') fail(`${where} (${name}_TO): its auto traits cannot be read: ${required.why}`)
    const auto = required.state === 'ok' ? required.autoTraits : 0
    return mod.hoist(traitKey(name, pointer), () => {
      const vt = throughPrefixRef(obj.fields.find((f) => f.name === 'vtable')!.type)
      const methods = vt.fields.slice(2).map((f) => {
        const fun = f.functions[0] ?? fail(`${name}.${f.name}: no recorded signature`)
        const self = fun.params[0]
        const args = fun.params.slice(1).map((p) => node(p, undefined, `${name}.${f.name}.args`))
        const ret = fun.returns ? node(fun.returns, undefined, `${name}.${f.name}.returns`) : { code: 't.unit', desc: t.unit }
        // abi_stable's slots take RRef (&self), RMut (&mut self) or `*mut ()` (self by value).
        const receiver: Receiver = self?.name === '*mut' ? 'value' : self?.name === 'RMut' || self?.name === '&mut' ? 'mut' : 'ref'
        return { name: f.name, receiver, args, ret }
      })
      const first = vt.prefix?.firstSuffixField ?? 0
      return traitExpr(name, methods, first > 2 ? vt.fields[first - 1].name : undefined, { pointer, send: (auto & AUTO_TRAIT_BITS.Send) !== 0, sync: (auto & AUTO_TRAIT_BITS.Sync) !== 0 })
    }, traitId(name, pointer))
  }
  // DynTrait: pointer from `object`, interface name from `_marker`, traits from RequiredTraits (reference 11.D).
  const dynTraitFromNode = (n: TLNode, where: string): Expr => {
    const parts = dynTraitParts(n)
    const pointerName = parts.pointer?.name ?? '(none)'
    const pointer = (['RBox', 'RArc', 'RMut', 'RRef'] as const).find((p) => p === pointerName) ?? fail(`${where} (DynTrait): a DynTrait over ${pointerName}, which t.DynTrait cannot declare`)
    const required = typeLayoutReader().requiredTraits(n)
    if (required.state === 'none') fail(`${where} (DynTrait): its layout has no extra_checks, so its interface's traits are unknown`)
    if (required.state === 'unreadable') fail(`${where} (DynTrait): its interface's traits cannot be read: ${required.why}`)
    const traits = requiredTraitNames(required.autoTraits, required.regularTraits)
    const entries: [string, Expr][] = traits.map((name) => {
      if (name !== 'Iterator') return [name, { code: 'true', desc: true as unknown as Desc }]
      // The item type is recorded only in the vtable's iterator functions, which a layout may not describe.
      fail(`${where} (DynTrait): an Iterator whose item type its layout does not record (VTable_Ref is opaque); declare it by hand: t.DynTrait('${pointer}', { ..., Iterator: <item type> })`)
    })
    const ifaceName = parts.iface?.name
    const code = `t.DynTrait(${q(pointer)}, { ${[...(ifaceName ? [`name: ${q(ifaceName)}`] : []), ...entries.map(([k, e]) => `${k}: ${e.code}`)].join(', ')} })`
    const spec = Object.fromEntries([...(ifaceName ? [['name', ifaceName]] : []), ...entries.map(([k, e]) => [k, e.desc])])
    return { code, desc: T.DynTrait(pointer, spec) }
  }
  const fs = moduleNode.fields.map((f): [string, Expr] => [f.name, fieldExpr(f, `${moduleNode.name}.${f.name}`)])
  const last = moduleNode.prefix!.firstSuffixField > 0 ? moduleNode.fields[moduleNode.prefix!.firstSuffixField - 1].name : undefined
  const desc = t.prefixModule(moduleNode.name, Object.fromEntries(fs.map(([k, e]) => [k, e.desc])), last ? { lastPrefixField: last } : {})
  const code = `t.prefixModule(${q(moduleNode.name)}, ${fields(fs)}${last ? `, { lastPrefixField: ${q(last)} }` : ''})`
  return { module: mod, root: { code, desc, name: ident(moduleNode.name) } }
}

/** FNV-1a 64 of a string's UTF-8 bytes (layoutFingerprint's digest). */
function fnv(text: string): bigint {
  let h = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
  return h
}

function valueShaped(n: TLNode): boolean {
  const names = n.enum!.variants.map((v) => v.name).join(',')
  return names === (resolveLazy(t.Value) as { repr?: { variants?: { name: string }[] } }).repr?.variants?.map((v) => v.name).join(',')
}

const INT_REPRS = ['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'u128', 'i128', 'usize', 'isize']
function reprOf(n: TLNode): string {
  const [tag, payload] = n.repr
  if (tag === 2) return 'C'
  if (tag === 3) return `C,${INT_REPRS[payload]}`
  if (tag === 5) return INT_REPRS[payload]
  return fail(`${n.name}: an enum with repr attribute ${tag}/${payload}, which t.enum cannot declare`)
}

// ---------------------------------------------------------------------------------------------

export interface Declaration {
  /** What no declaration can fix (e.g. a fingerprint that is not its string's): loading will still fail. */
  readonly warnings: readonly string[]
  readonly source: 'layout string' | 'TypeLayout'
  readonly text: string
  readonly module: PrefixDesc
}

/** The declaration of the plugin at `file`, as a TypeScript module importing `t` from `from`. */
export function declareLibrary(file: string, from = 'abi-stable', source?: 'layout-string' | 'type-layout'): Declaration {
  const real = fs.realpathSync(file)
  const elf = elfProblem(real)
  if (elf) fail(`${file}: the system cannot load it: ${elf}`)
  let lib
  try {
    lib = openLibrary(real)
  } catch (e) {
    return fail(`${file}: the system cannot load it: ${(e as Error).message.replace(/^Failed to load shared library: /, '')}`)
  }
  const header = symbolAddress(lib, ROOT_MODULE_LOADER_SYMBOL)
  if (header === null) fail(`${file}: not an abi_stable plugin (no ${ROOT_MODULE_LOADER_SYMBOL})`)
  const { consts } = readLibraryHeader(real, memoryMap(), header)
  const descriptor = symbolAddress(lib, ROOT_LAYOUT_SYMBOL)
  const useString = source === 'layout-string' || (source === undefined && descriptor !== null)
  const warnings: string[] = []
  let built: ReturnType<typeof declareFromLayoutString>
  let from_: Declaration['source']
  if (useString) {
    if (descriptor === null) fail(`${file}: it carries no layout descriptor (${ROOT_LAYOUT_SYMBOL})`)
    const d = readRootLayoutDescriptor(descriptor)
    if (fnv(d.layout) !== d.fingerprint) warnings.push(`its layout descriptor's fingerprint is not that of its layout string, so loading it fails whatever the declaration (rebuild the plugin)`)
    try {
      // A layout string records no auto traits; a TypeLayout beside it does.
      let autoTraits: Map<string, number> | undefined
      if (consts.layout.tag === 'Yes') {
        try {
          autoTraits = autoTraitsByTrait(consts.layout[0])
        } catch (e) {
          if (!(e instanceof TypeLayoutReadError)) throw e
          warnings.push(`its TypeLayout cannot be read (${e.message}): the traits are declared without auto traits`)
        }
      }
      built = declareFromLayoutString(d.layout, autoTraits)
    } catch (e) {
      if (e instanceof LayoutParseError) fail(`${file}: its layout string does not parse: ${e.message}`)
      throw e
    }
    from_ = 'layout string'
  } else {
    if (consts.layout.tag !== 'Yes') fail(`${file}: it carries neither a layout descriptor nor abi_stable's TypeLayout (IsLayoutChecked::No)`)
    try {
      built = declareFromTypeLayout(consts.layout[0])
    } catch (e) {
      if (e instanceof TypeLayoutReadError) fail(`${file}: its TypeLayout cannot be read: ${e.message}`)
      throw e
    }
    from_ = 'TypeLayout'
  }
  const header_ =
    `// The root module of ${path.basename(file)} (${consts.name} ${consts.version_strings}), declared by\n` +
    `// \`abi-stable declare\` from its ${from_}. Loading the plugin with this file passes every check.`
  return { warnings, source: from_, text: built.module.text(header_, from, consts.version_strings, built.root), module: built.root.desc as PrefixDesc }
}

export const declare: Command = {
  name: 'declare',
  summary: "Print a TypeScript declaration of a plugin's root module, reconstructed from its layout string or TypeLayout.",
  usage: USAGE,
  help: `
Reads the library's layout descriptor (C header, Rust mirror) or abi_stable's TypeLayout (a plugin
built with the real crate) and prints a module declaring its root module with t: the
t.prefixModule (with lastPrefixField), the structs, enums and trait objects it uses, and a VERSION
export. Loading the plugin with the printed file passes every check (abi-stable check exits 0).
Runs no code of the plugin except abi_stable's type-layout constructors.

options:
  --from module    where the printed file imports t from (default: abi-stable)
  --source s       layout-string or type-layout (default: the layout string when there is one)
  --out FILE       write the declaration to a file instead of printing it (-o)
  -h, --help       this help

exit codes: 0 declared, 1 the library is not a plugin or cannot be declared, 2 bad arguments.`,
  async run(argv, io) {
    const { values, positionals } = parse('declare', argv, { from: { type: 'string' }, source: { type: 'string' }, out: { type: 'string', short: 'o' } }, 1, 1, USAGE)
    const source = values.source as string | undefined
    if (source !== undefined && source !== 'layout-string' && source !== 'type-layout') fail(`--source must be layout-string or type-layout, not ${JSON.stringify(source)}`)
    const file = path.resolve(io.cwd, positionals[0])
    if (!fs.existsSync(file)) {
      io.err(`abi-stable declare: ${positionals[0]}: no such file\n`)
      return EXIT.no
    }
    let d: Declaration
    try {
      d = declareLibrary(file, (values.from as string | undefined) ?? 'abi-stable', source as 'layout-string' | 'type-layout' | undefined)
    } catch (e) {
      if (!(e instanceof AbiError)) throw e
      io.err(`abi-stable declare: ${e.message}\n`)
      return EXIT.no
    }
    for (const w of d.warnings) io.err(`abi-stable declare: note: ${w}\n`)
    if (values.out) {
      fs.writeFileSync(path.resolve(io.cwd, values.out as string), d.text)
      io.out(`wrote ${values.out} (from the ${d.source})\n`)
    } else io.out(d.text)
    return EXIT.ok
  },
}
