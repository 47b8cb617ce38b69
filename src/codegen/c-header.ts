// `abi-stable header`: a C11 header for plugin authors, generated from the host's declarations.
// The std types are spelled as plugins-c/include/abi_stable.h spells them (AbsRString, AbsValue,
// ABS_DECLARE_ROPTION...), so a plugin uses the header's helpers on them; the user's own types
// (structs, enums, unions, prefix modules, trait vtables) are written out, each with
// _Static_asserts of the sizes the host computes, so a header that drifts fails to compile.
import {
  alignOf,
  layoutFingerprint,
  layoutOf,
  layoutString,
  models,
  sizeOf,
  type ArrayDesc,
  type CustomDesc,
  type Desc,
  type EnumDesc,
  type FnDesc,
  type Member,
  type PrefixDesc,
  type PtrDesc,
  type RefDesc,
  type StructDesc,
  type TransparentDesc,
  type UnionDesc,
} from '../abi/index.ts'
import { resolveLazy } from '../abi/index.ts'
import { tagIntOf } from '../abi/kinds/enum.ts'
import { prefixStructName } from '../abi/kinds/prefix.ts'
import { RObjectVtable } from '../trait/index.ts'
import { RDuration } from '../types/index.ts'
import { cField } from '../conformance/c-probe.ts'
import { CodegenError } from './errors.ts'
import { stdTypeOf } from './std.ts'
import { cIdent, literalLines, type CodegenInput } from './common.ts'
import { absTypeRecord, KIT_RECORD_NAMES, kitRecordOf } from './runtime-kit.ts'
import { needsDrop } from '../abi/index.ts'

const C_PRIMS: Record<string, string> = {
  u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
  i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
  usize: 'size_t', isize: 'ptrdiff_t', f32: 'float', f64: 'double', bool: 'bool',
}
const C_STD: Record<string, string> = {
  RString: 'AbsRString', RStr: 'AbsRStr', Value: 'AbsValue', RDuration: 'AbsRDuration', RCmpOrdering: 'AbsRCmpOrdering',
  RVec: 'AbsRVec', RHashMap: 'AbsRHashMap', RBox: 'AbsRBox', RArc: 'AbsRArc', trait: 'AbsRObject', opaque: 'AbsRBox',
  // async-ffi's four future types share one layout; poll_fn is cast to the FfiPoll<T> signature.
  FfiFuture: 'AbsFfiFuture', BorrowingFfiFuture: 'AbsFfiFuture', LocalFfiFuture: 'AbsFfiFuture', LocalBorrowingFfiFuture: 'AbsFfiFuture',
  EventSender: 'AbsEventSender',
  // RSender<T> / RReceiver<T>: the runtime header's channel end (reference 11.C).
  RSender: 'AbsRChannelEnd', RReceiver: 'AbsRChannelEnd',
  // The three markers of RBoxError_<M> share bytes and vtable.
  RBoxError: 'AbsRBoxError', SendRBoxError: 'AbsRBoxError', UnsyncRBoxError: 'AbsRBoxError',
}
const x64 = models.x86_64

const isUnit = (d: Desc): boolean => d.kind === 'zst'
const withSpace = (declarator: string): string => (declarator ? ` ${declarator}` : '')
const intLiteral = (v: bigint, unsigned: boolean): string =>
  v < -(2n ** 31n) ? `(-${-(v + 1n)}ll - 1)` : v > 2147483647n ? `${v}${unsigned ? 'ull' : 'll'}` : `${v}`

class CHeader {
  private readonly names = new Map<Desc, string>()
  private readonly taken = new Set<string>()
  private readonly inProgress = new Set<Desc>()
  private readonly forwards: string[] = []
  private readonly defs: string[] = []
  private readonly asserts: string[] = []
  /** Types put in an RVec, RBox or RHashMap: they get abs_type records (as do owned ones). */
  private readonly elements = new Set<Desc>()
  /** The vtable declared for each trait name. */
  private readonly traitVTables = new Map<string, Desc>()
  /** Whether AbsRObjectRef (borrowed trait objects) is declared yet. */
  private borrowedObject = false

  constructor(private readonly input: CodegenInput) {}

  /** A C type name for `d` (declaring it first if needed); fn pointers and arrays get a typedef. */
  typeName(d: Desc, where: string): string {
    d = resolveLazy(d)
    if (d.kind === 'prim') return C_PRIMS[d.name]
    const known = this.names.get(d)
    if (known) return known
    if (d === RDuration) return 'AbsRDuration'
    switch (d.kind) {
      case 'struct':
      case 'union':
      case 'enum':
      case 'prefix':
      case 'transparent':
        return this.declareNamed(d, where)
      case 'custom':
        return this.custom(d as CustomDesc, where)
      case 'zst':
        throw new CodegenError(`${where || d.name}: C has no zero-sized types (${d.name}); only fields and returns may be ()`)
      default: {
        // Pointers, fn pointers, arrays where one name is needed (a macro argument): a typedef.
        const name = this.claim(`${cIdent(d.name)}_t`)
        this.names.set(d, name)
        this.defs.push(`typedef ${this.decl(d, name, where)};\n`)
        return name
      }
    }
  }

  /** A C declaration of `declarator` with type `d` (`uint8_t x`, `AbsRString (*echo)(AbsRString)`). */
  decl(d: Desc, declarator: string, where: string): string {
    d = resolveLazy(d)
    switch (d.kind) {
      case 'ptr':
      case 'ref': {
        const p = d as PtrDesc | RefDesc
        const target = p.target ? resolveLazy(p.target) : null
        const konst = p.mutable ? '' : 'const '
        if (target === null) return `${konst}void *${declarator}`
        if (target.kind === 'fn' || target.kind === 'array' || target.kind === 'ptr' || target.kind === 'ref') return this.decl(target, `*${declarator}`, where)
        return `${konst}${this.pointee(target, where)} *${declarator}`
      }
      case 'fn': {
        const f = d as FnDesc
        const args = f.args.length ? f.args.map((a, i) => this.decl(a, '', `${where} argument ${i}`)).join(', ') : 'void'
        const inner = `(*${declarator})(${args})`
        if (isUnit(f.ret)) return `void ${inner}`
        const ret = resolveLazy(f.ret)
        if (ret.kind === 'array') throw new CodegenError(`${where}: returns an array (${ret.name}), which C cannot return by value; wrap it in a struct`)
        return this.decl(ret, inner, `${where} return`)
      }
      case 'array': {
        const a = d as ArrayDesc
        if (a.length === 0) throw new CodegenError(`${where}: ISO C has no zero-length arrays (${a.name}); declare the alignment another way`)
        if (declarator === '') throw new CodegenError(`${where}: an array (${a.name}) is not passed by value in C; wrap it in a struct`)
        const inner = declarator.startsWith('*') ? `(${declarator})` : declarator
        return this.decl(a.element, `${inner}[${a.length}]`, where)
      }
      default:
        return `${this.typeName(d, where)}${withSpace(declarator)}`
    }
  }

  /** The name behind a pointer: a type being declared (recursion) is fine, its forward typedef exists. */
  private pointee(d: Desc, where: string): string {
    if (this.inProgress.has(d)) return this.names.get(d)!
    return this.typeName(d, where)
  }

  private claim(wanted: string): string {
    let name = wanted
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`
    this.taken.add(name)
    return name
  }

  private assertSize(name: string, d: Desc): void {
    this.asserts.push(`_Static_assert(sizeof(${name}) == ${sizeOf(d, x64)} && _Alignof(${name}) == ${alignOf(d, x64)}, "layout of ${name}");\n`)
  }

  private members(owner: string, ms: readonly Member[], indent: string): string {
    const lines: string[] = []
    for (const m of ms) {
      const type = resolveLazy(m.type)
      if (type.kind === 'zst') lines.push(`${indent}/* ${m.name}: ${type.name}, no bytes */\n`)
      else lines.push(`${indent}${this.decl(type, cField(m.name), `${owner}.${m.name}`)};\n`)
    }
    if (ms.every((m) => resolveLazy(m.type).kind === 'zst')) throw new CodegenError(`${owner}: every field is zero-sized, and ISO C has no empty structs`)
    return lines.join('')
  }

  private declareNamed(d: Desc, where: string): string {
    const base = d.kind === 'prefix' ? prefixStructName(d as PrefixDesc) : d.name
    const name = this.claim(cIdent(base))
    const isStructLike = d.kind === 'struct' || d.kind === 'union' || d.kind === 'prefix'
    if (d.kind === 'prefix') {
      this.taken.add(`${name}_WM`)
      this.taken.add(`${name}_Ref`)
      this.names.set(d, `${name}_Ref`)
      this.forwards.push(`typedef struct ${name} ${name};\ntypedef struct ${name}_WM ${name}_WM;\ntypedef const ${name}_WM *${name}_Ref;\n`)
    } else {
      this.names.set(d, name)
      if (isStructLike) this.forwards.push(`typedef ${d.kind === 'union' ? 'union' : 'struct'} ${name} ${name};\n`)
    }
    this.inProgress.add(d)
    const body = this.define(d, name, where)
    this.inProgress.delete(d)
    this.defs.push(body)
    return this.names.get(d)!
  }

  private define(d: Desc, name: string, where: string): string {
    // Error paths read from the root down: `ShapesMod.area argument 0 > Shape`.
    const owner = where ? `${where} > ${name}` : name
    switch (d.kind) {
      case 'struct': {
        const s = d as StructDesc
        this.assertSize(name, d)
        return `struct ${name} {\n${this.members(owner, s.members, '    ')}};\n`
      }
      case 'union':
        this.assertSize(name, d)
        return `union ${name} {\n${this.members(owner, (d as UnionDesc).members, '    ')}};\n`
      case 'transparent':
        return `typedef ${this.decl((d as TransparentDesc).inner, name, owner)}; /* repr(transparent) */\n`
      case 'enum':
        return this.enumDef(d as EnumDesc, name, owner)
      case 'prefix':
        return this.prefixDef(d as PrefixDesc, name, owner)
      default:
        throw new CodegenError(`${owner}: not a named type`)
    }
  }

  private enumDef(e: EnumDesc, name: string, owner: string): string {
    const tagInt = tagIntOf(e.repr)
    const unsigned = tagInt.startsWith('u')
    const tagType = e.repr === 'C' ? 'int32_t' : C_PRIMS[tagInt]
    const consts = e.variants.map((v) => `#define ${name}_${v.name} ${intLiteral(v.discriminant, unsigned)}\n`).join('')
    const data = e.variants.filter((v) => v.members.some((m) => resolveLazy(m.type).kind !== 'zst'))
    const head = `/* ${e.name}: enum repr(${e.repr}); the tag values: */\n${consts}`
    if (data.length === 0) return `${head}typedef ${tagType} ${name};\n`
    this.assertSize(name, e)
    this.forwards.push(`typedef ${e.repr.startsWith('C') ? 'struct' : 'union'} ${name} ${name};\n`)
    if (e.repr.startsWith('C')) {
      // RFC 2195 repr(C) / repr(C, Int): the tag, then a union of the variants' fields.
      const arms = data.map((v) => `        struct {\n${this.members(`${owner}::${v.name}`, v.members, '            ')}        } ${cField(v.name)};\n`).join('')
      return `${head}struct ${name} {\n    ${tagType} tag;\n    union {\n${arms}    } payload;\n};\n`
    }
    // RFC 2195 repr(Int): a union of structs that each start with the tag.
    const arms = data.map((v) => `    struct {\n        ${tagType} tag;\n${this.members(`${owner}::${v.name}`, v.members, '        ')}    } ${cField(v.name)};\n`).join('')
    return `${head}union ${name} {\n    ${tagType} tag;\n${arms}};\n`
  }

  private prefixDef(p: PrefixDesc, name: string, owner: string): string {
    const fields: string[] = []
    const maxAlign = Math.max(1, ...p.members.map((m) => alignOf(m.type, x64)))
    let first = true
    p.members.forEach((m, i) => {
      const type = resolveLazy(m.type)
      const index = `/* field ${i}${i === p.lastPrefixIndex ? ', last prefix field' : i > p.lastPrefixIndex ? ', check abs_prefix_has_field' : ''} */`
      if (type.kind === 'zst') return fields.push(`    ${index} /* ${m.name}: ${type.name}, no bytes */\n`)
      // The value of a prefix type is at least pointer-aligned (its header holds a pointer).
      const align = first && maxAlign < x64.pointerSize ? '_Alignas(void *) ' : ''
      first = false
      const decl = type === RObjectVtable ? `const AbsRObjectVtable_WM *${cField(m.name)}` : this.decl(type, cField(m.name), `${owner}.${m.name}`)
      // AbsRVec, AbsRHashMap, AbsRBox and AbsRArc do not say what they hold: the Rust type does.
      const rust = /\b(RVec|RHashMap|RBox|RArc)</.test(type.name) ? `: ${type.name.replace(/^extern "C" /, '').replace(/\*\//g, '* /')}` : ''
      fields.push(`    ${align}${decl}; ${index.replace(/ \*\/$/, `${rust} */`)}\n`)
    })
    const all = p.members.length === 64 ? 'UINT64_MAX' : `0x${((1n << BigInt(p.members.length)) - 1n).toString(16)}ull`
    const l = layoutOf(p, x64).prefix!
    this.asserts.push(
      `_Static_assert(sizeof(${name}) == ${l.valueSize} && _Alignof(${name}) == ${l.valueAlign} && sizeof(${name}_WM) == ${l.blockSize}, "layout of ${name}");\n`,
    )
    return (
      `/* ${prefixStructName(p)}: a prefix type. A ${name}_Ref points at the header (${name}_WM); fields after the\n` +
      ` * last prefix field may be absent in older libraries (abs_prefix_has_field(ref, index)). */\n` +
      `struct ${name} {\n${fields.join('')}};\n` +
      `ABS_DECLARE_WITH_METADATA(${name}_WM, ${name});\n` +
      `#define ${name}_FIELD_COUNT ${p.members.length}\n` +
      `#define ${name}_PREFIX_FIELD_COUNT ${p.lastPrefixIndex + 1}\n` +
      `#define ${name}_ALL_FIELDS ${all} /* field_accessibility with every field present */\n` +
      p.members.map((m, i) => `#define ${name}_FIELD_${m.name} ${i}\n`).join('')
    )
  }

  private custom(d: CustomDesc, where: string): string {
    const std = stdTypeOf(d)
    if (std.std === 'trait') {
      // The object is an AbsRObject (over RBox or RArc: 24 bytes) or, borrowed over RMut/RRef, an
      // AbsRObjectRef (16 bytes); the trait's own vtable is declared so plugins can build and call it.
      const t = std.trait
      const borrowed = t.pointer === 'RMut' || t.pointer === 'RRef'
      const object = borrowed ? 'AbsRObjectRef' : 'AbsRObject'
      if (borrowed && !this.borrowedObject) {
        this.borrowedObject = true
        this.defs.push(
          `#ifndef ABS_GENERATED_AbsRObjectRef\n#define ABS_GENERATED_AbsRObjectRef\n` +
            `/* Trait_TO<'_, RMut<'_, ()>> / Trait_TO<'_, RRef<'_, ()>>: a borrowed trait object, never dropped by the borrower. */\n` +
            `typedef struct AbsRObjectRef {\n    const void *vtable; /* the trait's VTable_WM */\n    void *data;\n} AbsRObjectRef;\n#endif\n`,
        )
        this.asserts.push(`_Static_assert(sizeof(AbsRObjectRef) == 16 && _Alignof(AbsRObjectRef) == 8, "layout of AbsRObjectRef");\n`)
      }
      this.names.set(d, object)
      // The same trait over another pointer: one vtable struct serves both (same methods, same layout).
      const seen = this.traitVTables.get(t.name)
      if (seen && layoutString(seen) === layoutString(t.vtable)) {
        this.names.set(t.vtable, this.typeName(seen, `${where} > ${t.name}`))
        return object
      }
      this.traitVTables.set(t.name, t.vtable)
      this.defs.push(
        `/* trait ${t.name}: its objects are AbsRObject { vtable, ptr }, the vtable a ${t.name}_VTable_WM whose\n` +
          ` * method k is field 2 + k, called with ptr.data first: ${t.names.join(', ')}. */\n`,
      )
      this.typeName(t.vtable, `${where} > ${t.name}`)
      return object
    }
    const fixed = C_STD[std.std]
    if (fixed) {
      this.names.set(d, fixed)
      // The element types are declared too (a plugin builds the container from them), and get records.
      if (std.std === 'RVec' || std.std === 'RBox' || std.std === 'RHashMap' || std.std === 'RSender' || std.std === 'RReceiver') {
        std.args.forEach((x, i) => {
          const e = resolveLazy(x)
          if (e.kind === 'zst') return
          this.typeName(e, `${where} > ${d.name} argument ${i}`)
          this.elements.add(e)
        })
      }
      return fixed
    }
    const [a, b] = std.args.map((x) => resolveLazy(x))
    const name = this.claim(cIdent(d.name))
    this.names.set(d, name)
    const arg = (x: Desc, i: number) => this.typeName(x, `${where} > ${d.name} argument ${i}`)
    let line: string
    switch (std.std) {
      case 'RSlice':
      case 'RSliceMut':
        line = `ABS_DECLARE_${std.std === 'RSlice' ? 'RSLICE' : 'RSLICE_MUT'}(${name}, ${a.kind === 'zst' ? 'void' : arg(a, 0)});`
        break
      case 'ROption':
        if (isUnit(a)) throw new CodegenError(`${where}: ROption<()> has no C spelling in abi_stable.h`)
        line = `ABS_DECLARE_ROPTION(${name}, ${arg(a, 0)});`
        break
      case 'RResult':
        if (isUnit(a) && isUnit(b)) {
          this.names.set(d, 'AbsRResultUnit')
          return 'AbsRResultUnit'
        }
        line = isUnit(a)
          ? `ABS_DECLARE_RRESULT_UNIT_OK(${name}, ${arg(b, 1)});`
          : isUnit(b)
            ? `ABS_DECLARE_RRESULT_UNIT_ERR(${name}, ${arg(a, 0)});`
            : `ABS_DECLARE_RRESULT(${name}, ${arg(a, 0)}, ${arg(b, 1)});`
        break
      case 'RCow':
        line = `ABS_DECLARE_RCOW(${name}, ${arg(a, 0)}, ${arg(b, 1)});`
        break
      default:
        throw new CodegenError(`${where}: no C spelling for ${d.name}`)
    }
    // Guarded: two generated headers in one plugin may both need the same instantiation.
    this.defs.push(`#ifndef ABS_GENERATED_${name}\n#define ABS_GENERATED_${name}\n${line} /* ${d.name} */\n#endif\n`)
    this.assertSize(name, d)
    return name
  }

  /** Constants of a root module: its layout string, fingerprint, version and an export macro. */
  rootMacros(p: PrefixDesc): string {
    const name = prefixStructName(p)
    const out = [
      `/* layoutString(${name}): the host compares it with its declaration when it loads the library. */\n`,
      `#define ${name}_LAYOUT \\\n${literalLines(layoutString(p), '    ').join(' \\\n')}\n`,
      `#define ${name}_FINGERPRINT 0x${layoutFingerprint(p)}ull\n`,
    ]
    if (this.input.version) {
      out.push(
        `#define ${name}_VERSION "${this.input.version}"\n`,
        `/* Defines \`static const AbsPTStructLayout ident\` for ${name}_WM.type_layout ("package;version"). */\n`,
        `#define ${name}_DEFINE_TYPE_LAYOUT(ident, package) \\\n    ABS_DEFINE_TYPE_LAYOUT(ident, "${name}", package ";" ${name}_VERSION, ${name}_PREFIX_FIELD_COUNT)\n`,
        `/* Exports the LibHeader (with constructor: AbsRootModuleResult (*)(void)) and the layout descriptor. */\n`,
        `#define ${name}_EXPORT_ROOT_MODULE(base_name, name, constructor) \\\n` +
          `    ABS_EXPORT_ROOT_MODULE(base_name, name, ${name}_VERSION, constructor); \\\n` +
          `    ABS_EXPORT_ROOT_LAYOUT(${name}_LAYOUT, ${name}_FINGERPRINT)\n`,
      )
    }
    return out.join('')
  }

  /**
   * abs_type records of the types put in containers and of every owned type (so a plugin can
   * build the containers and drop owned arguments); the std types' records are in the kit header.
   */
  private records(): string {
    const out: string[] = []
    const taken = new Set<string>(KIT_RECORD_NAMES)
    const wanted = [...this.elements, ...[...this.names.keys()].filter((d) => needsDrop(d))]
    for (const d of new Set(wanted)) {
      if (d.kind === 'zst' || d.kind === 'prefix' || kitRecordOf(d)) continue
      const cType = this.typeName(d, d.name)
      let ident = cIdent(d.name)
      for (let n = 2; taken.has(ident); n++) ident = `${cIdent(d.name)}_${n}`
      taken.add(ident)
      out.push(`#ifndef ABS_GENERATED_TYPE_${ident}\n#define ABS_GENERATED_TYPE_${ident}\n${absTypeRecord(ident, cType, d)}#endif\n`)
    }
    if (out.length === 0) return ''
    return (
      `\n/* abs_type records (abi_stable_runtime.h) of the types this interface puts in RVec, RBox and RHashMap\n` +
      ` * and of the owned ones: abs_rvec_new(&abs_type_X, n), abs_box_init, abs_map_new, abs_drop(&value,\n` +
      ` * &abs_type_X). The std types' records (abs_type_u8, abs_type_RString, abs_type_Value, ...) are in\n` +
      ` * abi_stable_runtime.h. Drop offsets are the host's numbers for 64-bit targets. */\n` +
      `#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu\n${out.join('')}#endif\n`
    )
  }

  render(): string {
    const roots = this.input.roots.map((r) => resolveLazy(r))
    for (const r of roots) this.typeName(r, '')
    // May declare a few more names (element types are already declared), so before the defs are joined.
    const records = this.records()
    const guard = `ABS_GENERATED_${cIdent(this.input.guard).toUpperCase()}_H`
    const rootPrefixes = roots.filter((r): r is PrefixDesc => r.kind === 'prefix')
    return (
      `/* Generated by \`abi-stable header ${this.input.source}\` from the host's declarations: do not edit,\n` +
      ` * regenerate. Layout facts and helpers: abi_stable.h; owned values: abi_stable_runtime.h (both in\n` +
      ` * the package's plugins-c/include). */\n` +
      `#ifndef ${guard}\n#define ${guard}\n\n#include "abi_stable_runtime.h"\n\n` +
      (this.forwards.length ? `${this.forwards.join('')}\n` : '') +
      this.defs.join('\n') +
      records +
      rootPrefixes.map((p) => `\n${this.rootMacros(p)}`).join('') +
      (this.asserts.length
        ? `\n/* Sizes and alignments the host computes for x86_64. */\n#if defined(__x86_64__) && !defined(_WIN32)\n${this.asserts.join('')}#endif\n`
        : '') +
      `\n#endif /* ${guard} */\n`
    )
  }
}

/** The C header for the declarations of `input`. */
export function cHeader(input: CodegenInput): string {
  return new CHeader(input).render()
}
