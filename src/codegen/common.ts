// What both generators take, and small spelling helpers they share.
import type { Desc } from '../abi/index.ts'

export interface CodegenInput {
  /** The interface file as the user named it, quoted in the generated comment. */
  readonly source: string
  /** A name for the include guard / module (usually the file's base name). */
  readonly guard: string
  /** The declarations to generate, in order; the types they use come along. */
  readonly roots: readonly Desc[]
  /** The interface version, when the file exports one: root modules then get export macros. */
  readonly version?: string
}

/** A Rust type name as a C identifier: `RResult<RString, u32>` -> `RResult_RString_u32`. */
export function cIdent(name: string): string {
  const id = name
    .replace(/\*const /g, 'const_ptr_')
    .replace(/\*mut /g, 'mut_ptr_')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return /^[0-9]/.test(id) ? `T_${id}` : id || 'T'
}

/** A long string as C string-literal pieces of at most `width` characters each (escaped). */
export function literalLines(text: string, indent: string, width = 90): string[] {
  const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')
  const lines: string[] = []
  for (let i = 0; i < text.length; i += width) lines.push(`${indent}"${escape(text.slice(i, i + width))}"`)
  return lines.length ? lines : [`${indent}""`]
}
