// What a library says about itself, read without a declaration and without running any of its
// code (the constructor is not called): the AbiHeader, the root module's name and version, our
// layout descriptor (the module's fields with their whole types) and abi_stable's TypeLayout
// (field names, and type names and sizes). Used by `inspect`; a broken file gets the reason.
import fs from 'node:fs'
import { layoutOf } from '../abi/index.ts'
import { memoryMap } from '../abi/mapped-memory.ts'
import { openLibrary, symbolAddress } from '../loader/cache.ts'
import { elfProblem } from '../loader/elf-check.ts'
import { CorruptLibraryError } from '../loader/errors.ts'
import { checkRootLayoutDescriptor, readLibraryHeader } from '../loader/statics-check.ts'
import { ABI_MAGIC, ABI_VERSION, AbiHeader, ROOT_LAYOUT_MAGIC, ROOT_LAYOUT_SYMBOL, ROOT_MODULE_LOADER_SYMBOL, magicText, readAbiHeader, readRootLayoutDescriptor } from '../loader/header.ts'
import { parseLayout } from '../loader/layout-tree.ts'
import { readRootModuleTypeLayout } from '../loader/type-layout.ts'
import { throughPrefixRef, typeText } from '../loader/tl-node.ts'
import { typeLayoutReader } from '../loader/signature-check.ts'
import type { PrefixDesc } from '../abi/index.ts'
import { declareFromLayoutString, declareFromTypeLayout } from './declare.ts'

export interface FieldInfo {
  readonly name: string
  /** The field's type: its whole layout text (layout descriptor) or its type name and size (TypeLayout). */
  readonly type?: string
  /** Whether every version of the module has it (up to the last prefix field). */
  readonly prefix?: boolean
}

export interface CheckInfo {
  readonly check: string
  readonly runs: boolean
  readonly why: string
}

export interface LibraryInfo {
  readonly file: string
  readonly ok: boolean
  /** Why the file is not a loadable plugin (ok false). */
  readonly problem?: string
  readonly abi?: { readonly magic: string; readonly major: number; readonly minor: number }
  readonly name?: string
  readonly baseName?: string
  readonly version?: string
  readonly module?: string
  readonly fields?: readonly FieldInfo[]
  /** Where the field list came from. */
  readonly fieldsFrom?: 'layout descriptor' | 'TypeLayout'
  readonly layout?: { readonly text: string; readonly fingerprint: string; readonly fingerprintMatches: boolean }
  readonly typeLayout?: { readonly typeName: string; readonly packageAndVersion: string } | { readonly unreadable: string }
  readonly checks: readonly CheckInfo[]
  /** Each function field's full signature, as the host would declare it (see `declare`). */
  readonly functions?: readonly FunctionInfo[]
}

export interface FunctionInfo {
  readonly name: string
  readonly signature: string
}

const fnv = (text: string): bigint => {
  let h = 0xcbf29ce484222325n
  for (const byte of new TextEncoder().encode(text)) h = ((h ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn
  return h
}

export function libraryInfo(file: string): LibraryInfo {
  const broken = (problem: string, rest: Partial<LibraryInfo> = {}): LibraryInfo => ({ file, ok: false, problem, checks: [], ...rest })
  let real: string
  try {
    real = fs.realpathSync(file)
  } catch {
    return broken('no such file')
  }
  if (!fs.statSync(real).isFile()) return broken('not a file')
  // The loader's own checks come first, so a truncated or hostile file is reported, not followed.
  const elf = elfProblem(real)
  if (elf) return broken(`the system cannot load it: ${elf}`)
  let lib
  try {
    lib = openLibrary(real)
  } catch (e) {
    return broken(`the system cannot load it: ${(e as Error).message.replace(/^Failed to load shared library: /, '')}`)
  }
  const header = symbolAddress(lib, ROOT_MODULE_LOADER_SYMBOL)
  if (header === null) return broken(`not an abi_stable plugin: it exports no ${ROOT_MODULE_LOADER_SYMBOL} (the root-module loader)`)
  const map = memoryMap()
  if (!map.readable(header, layoutOf(AbiHeader).size)) return broken(`its ${ROOT_MODULE_LOADER_SYMBOL} is not in readable memory`)
  const h = readAbiHeader(header)
  const abi = { magic: magicText(h.magic_string), major: h.abi_major, minor: h.abi_minor }
  if (abi.magic !== ABI_MAGIC) return broken(`its AbiHeader magic is ${JSON.stringify(abi.magic)}, not abi_stable's ${JSON.stringify(ABI_MAGIC)}`, { abi })
  if (abi.major !== ABI_VERSION.major || (abi.major === 0 && abi.minor !== ABI_VERSION.minor)) {
    return broken(`built for abi_stable ABI ${abi.major}.${abi.minor}; this host reads ${ABI_VERSION.major}.${ABI_VERSION.minor}`, { abi })
  }
  let consts
  try {
    consts = readLibraryHeader(real, map, header).consts
  } catch (e) {
    if (e instanceof CorruptLibraryError) return broken(`corrupt statics: ${e.field} ${e.problem}`, { abi })
    throw e
  }
  const base = { file, abi, name: consts.name, baseName: consts.base_name, version: consts.version_strings }

  const checks: CheckInfo[] = [
    { check: 'abi-header', runs: true, why: `ABI ${abi.major}.${abi.minor}` },
    { check: 'version', runs: true, why: `interface version ${consts.version_strings}` },
  ]
  let fields: FieldInfo[] | undefined
  let fieldsFrom: LibraryInfo['fieldsFrom']
  let module: string | undefined
  let layout: LibraryInfo['layout']
  let problem: string | undefined

  const descriptor = symbolAddress(lib, ROOT_LAYOUT_SYMBOL)
  let descriptorProblem: string | undefined
  if (descriptor !== null) {
    try {
      checkRootLayoutDescriptor(real, map, descriptor)
    } catch (e) {
      if (!(e instanceof CorruptLibraryError)) throw e
      descriptorProblem = `corrupt statics: ${e.field} ${e.problem}`
    }
  }
  if (descriptorProblem) {
    problem = descriptorProblem
    checks.push({ check: 'layout-string', runs: false, why: descriptorProblem })
  } else if (descriptor !== null) {
    const d = readRootLayoutDescriptor(descriptor)
    const fingerprintMatches = d.magic === ROOT_LAYOUT_MAGIC && fnv(d.layout) === d.fingerprint
    layout = { text: d.layout, fingerprint: `0x${d.fingerprint.toString(16).padStart(16, '0')}`, fingerprintMatches }
    if (!fingerprintMatches) problem = 'its layout descriptor is inconsistent: the fingerprint is not that of its layout string'
    checks.push({ check: 'layout-string', runs: true, why: 'our layout descriptor: every field and its whole type' })
    try {
      const root = parseLayout(d.layout)
      module = root.name
      fields = root.children.map((c, i) => ({ name: c.label, type: c.node.text, prefix: root.prefixLen === undefined ? undefined : i < root.prefixLen }))
      fieldsFrom = 'layout descriptor'
    } catch (e) {
      problem = `its layout descriptor does not parse: ${(e as Error).message}`
    }
  } else {
    checks.push({ check: 'layout-string', runs: false, why: `no ${ROOT_LAYOUT_SYMBOL} symbol` })
  }

  let typeLayout: LibraryInfo['typeLayout']
  if (consts.layout.tag === 'Yes') {
    try {
      const t = readRootModuleTypeLayout(consts.layout[0])
      typeLayout = { typeName: t.typeName, packageAndVersion: t.packageAndVersion }
      module ??= t.typeName
      if (!fields) {
        fields = t.fields.map((f, i) => ({ name: f.name, type: f.type ? `${f.type.name} (${f.type.size} bytes)` : f.isFunction ? 'fn' : undefined, prefix: i < t.firstSuffixField }))
        fieldsFrom = 'TypeLayout'
      }
      checks.push({ check: 'type-layout-field-names', runs: true, why: "abi_stable's TypeLayout: names, prefix length" }, { check: 'type-layout-field-sizes', runs: true, why: 'field type sizes' })
      const moduleNode = throughPrefixRef(typeLayoutReader().node(consts.layout[0]))
      const fnFields = moduleNode.fields.filter((f) => f.isFunction)
      const signatures = fnFields.length === 0 || fnFields.some((f) => f.functions.length > 0)
      checks.push(
        signatures
          ? { check: 'type-layout-signatures', runs: true, why: 'every function signature and nested type, node by node' }
          : { check: 'type-layout-signatures', runs: false, why: 'its TypeLayout records no function signatures (TLFunctions)' },
      )
    } catch (e) {
      typeLayout = { unreadable: (e as Error).message }
      problem ??= `its TypeLayout cannot be read: ${(e as Error).message}`
      checks.push({ check: 'type-layout-field-names', runs: false, why: `TypeLayout unreadable: ${(e as Error).message}` })
    }
  } else {
    checks.push({ check: 'type-layout-field-names', runs: false, why: 'the LibHeader says IsLayoutChecked::No' })
  }
  if (descriptor === null && consts.layout.tag !== 'Yes') {
    checks.push({ check: 'module-header-field-names', runs: true, why: "only at load: the module's own header, after its constructor ran" })
  }
  const functions = signaturesOf(layout?.text, consts.layout.tag === 'Yes' ? consts.layout[0] : undefined)
  return { ...base, ok: problem === undefined, problem, module, fields, fieldsFrom, layout, typeLayout, checks, ...(functions ? { functions } : {}) }
}

/** Each function field's signature, from the layout string or else the TypeLayout; undefined when neither can be declared. */
function signaturesOf(layoutText: string | undefined, typeLayout: bigint | undefined): FunctionInfo[] | undefined {
  const attempts = [() => (layoutText === undefined ? undefined : declareFromLayoutString(layoutText)), () => (typeLayout === undefined ? undefined : declareFromTypeLayout(typeLayout))]
  for (const attempt of attempts) {
    try {
      const d = attempt()
      if (!d) continue
      const module = d.root.desc as PrefixDesc
      return module.members.filter((m) => m.type.kind === 'fn').map((m) => ({ name: m.name, signature: m.type.name }))
    } catch {
      // Not declarable from this source: try the next.
    }
  }
  if (typeLayout === undefined) return undefined
  // Not declarable (a type t cannot spell): the signatures as the TypeLayout records them.
  try {
    const moduleNode = throughPrefixRef(typeLayoutReader().node(typeLayout))
    return moduleNode.fields
      .filter((f) => f.isFunction && f.functions[0])
      .map((f) => {
        const fun = f.functions[0]
        return { name: f.name, signature: `${fun.unsafe ? 'unsafe ' : ''}extern "C" fn(${fun.params.map((p) => typeText(p)).join(', ')})${fun.returns ? ` -> ${typeText(fun.returns)}` : ''}` }
      })
  } catch {
    return undefined
  }
}
