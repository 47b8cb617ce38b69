// The C plugin kit's runtime (plugins-c/include/abi_stable_runtime.h and .c), generated from the
// native runtime's sources (src/native) so a C plugin that makes owned values (RString, RVec,
// RHashMap, RBox, Value, trait objects) needs one include directory and one extra C file:
//
//   cc -std=c11 -shared -fPIC -fvisibility=hidden -pthread -I <kit> plugin.c <kit>/abi_stable_runtime.c
//
// abi_stable_runtime.c is an amalgamation of src/native/*.c (their internal headers inlined, the
// few file-scope statics two files share renamed per file, each file's own macros #undef'd after
// it). Everything in it is hidden (ABS_RT_API and a visibility pragma): a plugin exports only its
// own symbols, and its strings and maps carry its own copy's vtables, never the host's.
// abi_stable_runtime.h is abs_runtime.h (the runtime's API) and abs_rchannel.h (making channels)
// plus ready-made `abs_type` records of
// the std types and small helpers to build and drop owned values; `abi-stable header` adds the
// records of an interface's own types (c-header.ts).
//
// Both files are committed (the repository and the package agree); test/codegen/kit.test.ts fails
// when they are stale. Regenerate: npm run kit
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { DropKind, dropOpsOf, floatUnitsOf, type Desc, type DropOp } from '../abi/index.ts'
import { t } from '../types/index.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
export const kitRepoRoot = path.resolve(here, '..', '..')
export const kitNativeDir = path.join(kitRepoRoot, 'src', 'native')
export const kitIncludeDir = path.join(kitRepoRoot, 'plugins-c', 'include')
export const KIT_HEADER = 'abi_stable_runtime.h'
export const KIT_SOURCE = 'abi_stable_runtime.c'

// ---- abs_type records, shared with c-header.ts -----------------------------------------------

const KIND_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries({
    RVec: 'ABS_DROP_RVEC',
    RBox: 'ABS_DROP_RBOX',
    RHashMap: 'ABS_DROP_RHASHMAP',
    RArc: 'ABS_DROP_RARC',
    Enum: 'ABS_DROP_ENUM',
    Array: 'ABS_DROP_ARRAY',
    RObject: 'ABS_DROP_ROBJECT',
    DynTrait: 'ABS_DROP_DYNTRAIT',
    FfiFuture: 'ABS_DROP_FFIFUTURE',
    NonExhaustive: 'ABS_DROP_NONEXHAUSTIVE',
  }).map(([k, v]) => [DropKind[k as keyof typeof DropKind], v]),
)

/**
 * C definitions of `static const abs_type abs_type_<ident>` for the value type `cType` described
 * by `d`, with its drop glue as `abs_drop_<ident>` arrays (nested enum/array ops first). Sizes and
 * alignments are C's own (sizeof/_Alignof); drop offsets are the host's numbers for 64-bit targets.
 */
export function absTypeRecord(ident: string, cType: string, d: Desc, keyStr = false): string {
  const out: string[] = []
  let nested = 0
  const opsArray = (name: string, ops: readonly DropOp[]): void => {
    const items = ops.map((op) => {
      let inner = 'NULL, 0'
      if (op.ops?.length) {
        const innerName = `abs_drop_${ident}_${++nested}`
        opsArray(innerName, op.ops)
        inner = `${innerName}, ${op.ops.length}`
      }
      const tag = op.tagValue === undefined ? '0' : `${BigInt.asUintN(64, op.tagValue)}u`
      return `{ ${KIND_NAMES[op.kind]}, ${op.tagSize ?? 0}, ${tag}, ${op.offset}, ${op.count ?? 0}, ${op.stride ?? 0}, ${inner} }`
    })
    out.push(`static const abs_drop_op ${name}[] ABS_UNUSED = {\n${items.map((i) => `    ${i},\n`).join('')}};\n`)
  }
  const ops = dropOpsOf(d)
  if (ops.length) opsArray(`abs_drop_${ident}`, ops)
  const drop = ops.length ? `abs_drop_${ident}, ${ops.length}` : 'NULL, 0'
  const floats = floatUnitsOf(d)
  out.push(
    `static const abs_type abs_type_${ident} ABS_UNUSED = { sizeof(${cType}), _Alignof(${cType}), ${drop}, ${keyStr ? 'ABS_KEY_STR' : 'ABS_KEY_BYTES'}, ${floats ? `0x${floats.toString(16)}u` : '0'} };\n`,
  )
  return out.join('')
}

/** The std types the kit header has records of (abs_type_<name>): generated headers use these. */
export const KIT_PRIMITIVES: Readonly<Record<string, string>> = {
  u8: 'uint8_t', u16: 'uint16_t', u32: 'uint32_t', u64: 'uint64_t',
  i8: 'int8_t', i16: 'int16_t', i32: 'int32_t', i64: 'int64_t',
  usize: 'size_t', isize: 'ptrdiff_t', f32: 'float', f64: 'double', bool: 'bool',
}
const KIT_STD = { RString: ['AbsRString', t.RString], Value: ['AbsValue', t.Value], RStr: ['AbsRStr', t.RStr] } as const
/**
 * The name of the kit header's record of `d` (abs_type_<name>), when it has one. By name, not
 * identity: an interface file may import another copy of the package than the CLI's.
 */
export function kitRecordOf(d: Desc): string | undefined {
  if (d.kind === 'prim') return d.name in KIT_PRIMITIVES ? d.name : undefined
  return d.kind === 'custom' && d.name in KIT_STD ? d.name : undefined
}
/** Every record name the kit header takes. */
export const KIT_RECORD_NAMES: ReadonlySet<string> = new Set([...Object.keys(KIT_PRIMITIVES), ...Object.keys(KIT_STD)])

function kitRecords(): string {
  const prims = Object.entries(KIT_PRIMITIVES)
    .map(([name, c]) => absTypeRecord(name, c, (t as unknown as Record<string, Desc>)[name]))
    .join('')
  const std = Object.entries(KIT_STD)
    .map(([name, [c, d]]) => absTypeRecord(name, c, d, name === 'RString'))
    .join('')
  return (
    `/* abs_type records of the std types, named abs_type_<Rust name>: pass them to abs_vec_init,\n` +
    ` * abs_box_init, abs_map_new, abs_drop. A header from \`abi-stable header\` adds the records of its\n` +
    ` * interface's own types. The drop offsets are those of 64-bit targets. */\n` +
    prims +
    `#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu\n` +
    std +
    `#endif\n`
  )
}

const HELPERS = `
/* ---- building and dropping owned values --------------------------------------------------
 * Whoever receives an owned value (an RString/RVec/RHashMap/RBox/Value/trait object argument, or
 * a return value from another library) drops it once, or hands it on: abs_rvec_drop,
 * abs_rhashmap_drop, abs_rbox_drop, abs_robject_drop (abi_stable.h), or abs_drop with its record.
 * Values made here carry this plugin's vtables: whoever drops them frees them here. */

/* Drops the value at \`value\` (of the type \`type\` describes), each part through its own vtable. */
static inline void abs_drop(void *value, const abs_type *type) {
    if (type->drop_len) abs_drop_in_place(value, type->drop, type->drop_len);
}

/* A new RString holding a copy of \`length\` bytes of UTF-8 at \`data\` (not checked). */
static inline AbsRString abs_rstring_new(const char *data, size_t length) {
    AbsRString s;
    abs_vec_init(&s, &abs_type_u8, length);
    if (length) memcpy(s.buffer, data, length);
    s.length = length;
    return s;
}
static inline AbsRString abs_rstring_from_cstr(const char *text) { return abs_rstring_new(text, strlen(text)); }
static inline AbsRString abs_rstring_from_rstr(AbsRStr text) { return abs_rstring_new(text.data, text.length); }

/* Appends bytes to any RString (made here, by the host or by another plugin), growing it through
 * its own vtable. */
static inline void abs_rstring_push(AbsRString *s, const char *data, size_t length) {
    abs_rvec_reserve(s, length);
    if (length) memcpy((char *)s->buffer + s->length, data, length);
    s->length += length;
}
static inline void abs_rstring_push_cstr(AbsRString *s, const char *text) { abs_rstring_push(s, text, strlen(text)); }

/* A new empty RVec of elements described by \`elem\`, with room for \`capacity\` of them. */
static inline AbsRVec abs_rvec_new(const abs_type *elem, size_t capacity) {
    AbsRVec v;
    abs_vec_init(&v, elem, capacity);
    return v;
}
/* Moves \`size\` bytes at \`elem\` (one element) to the end of any RVec, growing it through its own
 * vtable. ABS_RVEC_PUSH(&vec, T, value) does the same for a value of element type T. */
static inline void abs_rvec_push(AbsRVec *v, const void *elem, size_t size) {
    abs_rvec_reserve(v, 1);
    if (size) memcpy((unsigned char *)v->buffer + v->length * size, elem, size);
    v->length++;
}
#define ABS_RVEC_PUSH(vec_ptr, T, value)                                                        \\
    do {                                                                                        \\
        T abs__pushed = (value);                                                                \\
        abs_rvec_push((vec_ptr), &abs__pushed, sizeof abs__pushed);                             \\
    } while (0)

/* A new RBox owning a copy of the \`type->size\` bytes at \`value\` (moved in). */
static inline AbsRBox abs_rbox_new(const abs_type *type, const void *value) {
    AbsRBox b;
    abs_box_init(&b, type);
    if (type->size) memcpy(b.data, value, type->size);
    return b;
}

/* Trait objects (Name_TO). abs_robject_new moves the \`type->size\` bytes at \`state\` into a box
 * of this runtime, behind \`vtable\`: a Name_VTable_WM from the generated header whose
 * _sabi_vtable is &abs_robject_vtable_boxed (or another RObjectVtable whose _sabi_drop ends with
 * abs_rbox_drop on the object's box):
 *   ABS_DEFINE_TYPE_LAYOUT(counter_layout, "VTable", "my_plugin;1.0.0", 0);
 *   static const Counter_VTable_WM counter_vtable = {
 *       Counter_VTable_ALL_FIELDS, &counter_layout, { &abs_robject_vtable_boxed, counter_get, ... } };
 *   AbsRObject o = abs_robject_new(&counter_vtable, &my_state_type, &state);
 * Methods receive the box's data (the state) as their first argument. */
static inline AbsRObject abs_robject_new(const void *vtable, const abs_type *type, const void *state) {
    AbsRObject o;
    o.vtable = (const AbsTraitVTableBase_WM *)vtable;
    o.ptr = abs_rbox_new(type, state);
    return o;
}
/* The RObjectVtable of objects made by abs_robject_new: no downcasting, no Clone, Debug or
 * Display; dropping the object drops its box, and the state in it through the state's record. */
static inline AbsMaybeCmpUTypeId abs__robject_type_id(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}
static inline void abs__robject_drop(void *ptr_field) { abs_rbox_drop((AbsRBox *)ptr_field); }
ABS_DEFINE_TYPE_LAYOUT(abs__robject_vtable_layout, "RObjectVtable", "abi_stable;0.11.3", 6);
static const AbsRObjectVtable_WM abs_robject_vtable_boxed ABS_UNUSED = {
    ABS_ROBJECT_VTABLE_BITS, &abs__robject_vtable_layout, { abs__robject_type_id, abs__robject_drop, NULL, NULL, NULL } };

/* Records of a plugin's own types (the state behind a trait object, a boxed struct):
 *   static const abs_drop_op my_drop[] = { ABS_DROP_OP(ABS_DROP_RVEC, offsetof(My, name)) };
 *   static const abs_type my_type = ABS_TYPE_WITH_DROP(My, my_drop);
 * ABS_DROP_OP takes ABS_DROP_RVEC (RVec, RString), ABS_DROP_RBOX, ABS_DROP_RHASHMAP,
 * ABS_DROP_ROBJECT (a trait object), ABS_DROP_FFIFUTURE at a field's offset. */
#define ABS_DROP_OP(kind, offset) { (kind), 0, 0, (offset), 0, 0, NULL, 0 }
#define ABS_TYPE_PLAIN(T) { sizeof(T), _Alignof(T), NULL, 0, ABS_KEY_BYTES, 0 }
#define ABS_TYPE_WITH_DROP(T, ops) { sizeof(T), _Alignof(T), (ops), sizeof(ops) / sizeof((ops)[0]), ABS_KEY_BYTES, 0 }
`

// ---- the amalgamation ------------------------------------------------------------------------

const GENERATED = (what: string) =>
  `/* GENERATED from ${what} by src/codegen/runtime-kit.ts: do not edit; regenerate with
 * \`npx tsx src/codegen/runtime-kit.ts\` in the abi-stable repository. */\n`

/** The runtime's C sources, sorted (as scripts/build-native.mjs compiles them). */
function nativeSources(dir: string): string[] {
  return fs
    .readdirSync(dir)
    // call_napi.c is the host library's Node-API entry point, no part of a plugin's runtime.
    .filter((f) => f.endsWith('.c') && f !== 'call_napi.c')
    .sort()
}

const read = (dir: string, file: string): string => fs.readFileSync(path.join(dir, file), 'utf8').replace(/\r\n/g, '\n')

/** File-scope identifiers a source declares `static` (functions and objects, column 0). */
export function fileStatics(source: string): string[] {
  const names = new Set<string>()
  const lines = source.split('\n')
  for (let i = 0; i < lines.length; i++) {
    if (!/^static\b/.test(lines[i])) continue
    let decl = lines[i]
    while (!/[(=;[{]/.test(decl.replace(/_Atomic\s*\([^)]*\)/g, '_Atomic')) && i + 1 < lines.length) decl += ` ${lines[++i]}`
    const head = /^[^(=;[{]*/.exec(decl.replace(/_Atomic\s*\([^)]*\)/g, '_Atomic'))![0]
    const ident = /([A-Za-z_]\w*)\s*$/.exec(head)?.[1]
    if (ident) names.add(ident)
  }
  return [...names]
}

/** Macros a source #defines itself (undefined again after it in the amalgamation). */
const fileMacros = (source: string): string[] => [...new Set([...source.matchAll(/^\s*#\s*define\s+([A-Za-z_]\w*)/gm)].map((m) => m[1]))]

/**
 * The system headers a source includes, each with the #if lines around it (include guards left
 * out): the amalgamation includes them all before it hides its own declarations, since a libc
 * declaration seen under `#pragma GCC visibility push(hidden)` would be hidden too.
 */
function systemIncludes(source: string, from: string): { include: string; conditions: string[] }[] {
  const lines = source.split('\n')
  const stack: (string | null | 'guard')[] = []
  const found: { include: string; conditions: string[] }[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    const guard = /^#\s*ifndef\s+(\w+)/.exec(line)
    if (guard && new RegExp(`^#\\s*define\\s+${guard[1]}\\b`).test((lines[i + 1] ?? '').trim())) stack.push('guard')
    else if (/^#\s*if/.test(line)) stack.push(line.replace(/\/\*.*?\*\//g, '').trim())
    else if (/^#\s*(else|elif)/.test(line)) stack[stack.length - 1] = null
    else if (/^#\s*endif/.test(line)) stack.pop()
    const inc = /^#\s*include\s+(<[^>]+>)/.exec(line)
    if (!inc) continue
    if (stack.includes(null)) throw new Error(`${from}: #include ${inc[1]} under #else/#elif: the kit generator cannot hoist it`)
    found.push({ include: inc[1], conditions: stack.filter((c): c is string => c !== 'guard' && c !== null) })
  }
  return found
}

export interface Kit {
  readonly header: string
  readonly source: string
}

/**
 * The runtime headers whose API the kit header carries, after abs_runtime.h (each without its own
 * `#include "abs_runtime.h"`): abs_rchannel.h lets a plugin make channels (RSender/RReceiver).
 */
export const KIT_PUBLIC_HEADERS: readonly string[] = ['abs_rchannel.h']

/** A public runtime header's text as the kit header carries it. */
const publicHeader = (nativeDir: string, name: string): string =>
  `/* ---- src/native/${name} ${'-'.repeat(Math.max(4, 74 - name.length))} */\n` +
  read(nativeDir, name)
    .replace(/^#\s*include\s+"abs_runtime\.h"\n/m, '')
    .trimEnd()

/** The kit's two files, generated from the runtime's sources in `nativeDir`. */
export function runtimeKit(nativeDir: string = kitNativeDir): Kit {
  const runtimeHeader = read(nativeDir, 'abs_runtime.h')
  const header =
    `/* abi_stable_runtime.h: the native runtime for C plugins that make or receive owned values (RString,\n` +
    ` * RVec, RHashMap, RBox, Value, trait objects) or channels (RSender/RReceiver): its API\n` +
    ` * (src/native/abs_runtime.h, abs_rchannel.h), ready-made type records of the std types and\n` +
    ` * helpers. Compile abi_stable_runtime.c (beside this file) into the plugin; everything in it is\n` +
    ` * hidden, so the plugin exports only its own symbols and its values carry its own vtables.\n` +
    ` * Guide: docs/guides/c-plugin.md. */\n` +
    GENERATED('src/native/abs_runtime.h') +
    `#ifndef ABI_STABLE_RUNTIME_H\n#define ABI_STABLE_RUNTIME_H\n\n` +
    `#include <string.h>\n\n#include "abi_stable.h"\n\n` +
    `/* A plugin's runtime copy is private to it (the host exports its own from libabi_stable_rt). */\n` +
    `#ifndef ABS_RT_API\n#if defined(__GNUC__) && !defined(_WIN32)\n#define ABS_RT_API __attribute__((visibility("hidden")))\n#else\n#define ABS_RT_API\n#endif\n#endif\n\n` +
    `/* Records in headers that a plugin may not use. */\n` +
    `#ifndef ABS_UNUSED\n#if defined(__GNUC__)\n#define ABS_UNUSED __attribute__((unused))\n#else\n#define ABS_UNUSED\n#endif\n#endif\n\n` +
    `/* ---- src/native/abs_runtime.h ---------------------------------------------------------- */\n` +
    runtimeHeader.trimEnd() +
    KIT_PUBLIC_HEADERS.map((h) => `\n\n${publicHeader(nativeDir, h)}`).join('') +
    `\n\n/* ---- for plugins ------------------------------------------------------------------------ */\n\n` +
    kitRecords() +
    HELPERS +
    `\n#endif /* ABI_STABLE_RUNTIME_H */\n`

  const files = nativeSources(nativeDir)
  const texts = new Map(files.map((f) => [f, read(nativeDir, f)]))
  // Statics declared by more than one file are renamed in each (queue_head -> abs__trait_queue__queue_head).
  const count = new Map<string, number>()
  for (const text of texts.values()) for (const s of fileStatics(text)) count.set(s, (count.get(s) ?? 0) + 1)
  const shared = new Set([...count].filter(([, n]) => n > 1).map(([s]) => s))

  // The internal headers, each once, at the top (before any file's renames), in include order;
  // the feature-test macros any of them or any file sets go first of all.
  const headers: string[] = []
  const inlined = new Set<string>()
  const features: string[] = []
  const featureLine = (line: string): string | undefined => {
    const m = /^\s*#\s*define\s+(_[A-Z0-9_]*SOURCE)\b(.*)$/.exec(line)
    return m ? `#define ${m[1]}${m[2].replace(/\/\*.*?\*\//g, '').trimEnd()}` : undefined
  }
  const expand = (text: string, from: string): string =>
    text
      .split('\n')
      .map((line) => {
        const feature = featureLine(line)
        if (feature) {
          if (!features.includes(feature)) features.push(feature)
          return `/* ${feature.replace(/^#define\s+/, '').split(/\s/)[0]}: set at the top */`
        }
        const inc = /^\s*#\s*include\s+"([^"]+)"/.exec(line)
        if (!inc) return line
        const name = inc[1]
        if (name === 'abi_stable.h') return `#include "${name}"`
        if (name === 'abs_runtime.h' || KIT_PUBLIC_HEADERS.includes(name)) return `#include "${KIT_HEADER}"`
        if (!inlined.has(name)) {
          if (!fs.existsSync(path.join(nativeDir, name))) throw new Error(`${from}: includes "${name}", which is not in ${nativeDir}`)
          inlined.add(name)
          headers.push(`/* ==== src/native/${name} ==== */\n${expand(read(nativeDir, name), name).trimEnd()}\n`)
        }
        return `/* #include "${name}": at the top */`
      })
      .join('\n')

  const parts: string[] = []
  const system = new Map<string, { include: string; conditions: string[] }>()
  for (const [name, text] of [...[...fs.readdirSync(nativeDir)].filter((f) => f.endsWith('.h')).sort().map((f) => [f, read(nativeDir, f)] as const), ...texts]) {
    for (const inc of systemIncludes(text, name)) {
      const key = `${inc.conditions.join('&&')}|${inc.include}`
      if (!system.has(key)) system.set(key, inc)
    }
  }
  for (const f of files) {
    const text = texts.get(f)!
    const body = expand(text, f).trimEnd()
    const renamed = fileStatics(text).filter((s) => shared.has(s))
    const prefix = `abs__${f.replace(/\.c$/, '').replace(/\W/g, '_')}__`
    const macros = fileMacros(text).filter((m) => !/^_[A-Z0-9_]*SOURCE$/.test(m))
    parts.push(
      `/* ==== src/native/${f} ==== */\n` +
        renamed.map((s) => `#define ${s} ${prefix}${s}\n`).join('') +
        `${body}\n` +
        [...renamed, ...macros].map((m) => `#undef ${m}\n`).join(''),
    )
  }
  const source =
    `/* abi_stable_runtime.c: the native runtime of abi-stable (the ${files.length} C files of src/native), as one file\n` +
    ` * to compile into a C plugin beside the plugin's own sources (see abi_stable_runtime.h):\n` +
    ` *   cc -std=c11 -shared -fPIC -fvisibility=hidden -pthread -I <this directory> plugin.c abi_stable_runtime.c\n` +
    ` * Everything here is hidden: the plugin exports only its own symbols. */\n` +
    GENERATED('the C files of src/native') +
    features.map((f) => `${f}\n`).join('') +
    `\n#include "${KIT_HEADER}"\n\n` +
    `/* Every system header the runtime includes, before its own declarations are hidden. */\n` +
    [...system.values()].map(({ include, conditions }) => (conditions.length ? `${conditions.join('\n')}\n#include ${include}\n${conditions.map(() => '#endif').join('\n')}\n` : `#include ${include}\n`)).join('') +
    `\n#if defined(__GNUC__) && !defined(_WIN32)\n#pragma GCC visibility push(hidden)\n#endif\n\n` +
    headers.join('\n') +
    '\n' +
    parts.join('\n') +
    `\n#if defined(__GNUC__) && !defined(_WIN32)\n#pragma GCC visibility pop\n#endif\n`
  return { header, source }
}

/** Writes the kit into `includeDir` (only files whose content changed); returns the paths written. */
export function writeRuntimeKit(includeDir: string = kitIncludeDir, kit: Kit = runtimeKit()): string[] {
  const written: string[] = []
  for (const [name, text] of [
    [KIT_HEADER, kit.header],
    [KIT_SOURCE, kit.source],
  ] as const) {
    const file = path.join(includeDir, name)
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue
    fs.writeFileSync(file, text)
    written.push(file)
  }
  return written
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const written = writeRuntimeKit()
  console.log(written.length ? `wrote ${written.map((f) => path.relative(process.cwd(), f)).join(', ')}` : 'the kit is up to date')
}
