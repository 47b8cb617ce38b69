// Turns a declared field list (an object or a tuple) into ordered members, and
// checks the names on the way: JS objects put integer-like keys first, so a record
// with such keys would silently reorder its fields.
import type { Desc, Member } from '../descriptor.ts'
import { DeclarationError } from '../errors.ts'

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/

export function isDesc(value: unknown): value is Desc {
  return typeof value === 'object' && value !== null && typeof (value as Desc).kind === 'string' && typeof (value as Desc).name === 'string'
}

export function toMembers(owner: string, fields: unknown): { members: Member[]; tuple: boolean } {
  if (Array.isArray(fields)) {
    const members = fields.map((type, i) => {
      if (!isDesc(type)) throw new DeclarationError(`${owner}.${i}: expected a type descriptor, got ${typeof type}`)
      return { name: String(i), type }
    })
    return { members, tuple: true }
  }
  if (typeof fields !== 'object' || fields === null) {
    throw new DeclarationError(`${owner}: fields must be an object of descriptors or an array of descriptors`)
  }
  const members: Member[] = []
  for (const [name, type] of Object.entries(fields)) {
    if (!IDENT.test(name)) {
      throw new DeclarationError(
        `${owner}.${name}: field names must be identifiers (letters, digits, _); for positional fields use the tuple form [a, b]`,
      )
    }
    if (!isDesc(type)) throw new DeclarationError(`${owner}.${name}: expected a type descriptor, got ${typeof type}`)
    members.push({ name, type })
  }
  return { members, tuple: false }
}

// Type names may carry generic arguments, as Rust prints them: `Tuple2<u8, u64>`.
const TYPE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(<.+>)?$/

export function checkTypeName(name: unknown): string {
  if (typeof name !== 'string' || !TYPE_NAME.test(name)) {
    throw new DeclarationError(`type name ${JSON.stringify(name)} must be an identifier (letters, digits, _), optionally with <generic arguments>`)
  }
  return name
}
