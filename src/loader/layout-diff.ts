// The first difference between two layouts of a root module, as a path: the host's declaration
// (expected) against what the library says it has (found). Prefix types (modules, nested
// modules) may differ in length past their prefix, as abi_stable's extensible structs allow:
// a library with more fields is newer and loads; one with fewer is older and loads too (asking
// for an absent field throws), which is more lenient than abi_stable (see docs/loading.md).
import { parseLayout, LayoutParseError, type LayoutNode } from './layout-tree.ts'

export interface LayoutDifference {
  /** `ConnectorMod.sum.args[0]<0>`: the root type's name, then the way down. */
  readonly path: string
  readonly expected: string
  readonly found: string
}

/** The first difference between the layout strings, or undefined when they describe the same layout. */
export function firstLayoutDifference(expected: string, found: string): LayoutDifference | undefined {
  return allLayoutDifferences(expected, found)[0]
}

/** Every difference between the layout strings, in path order (empty when they are the same). */
export function allLayoutDifferences(expected: string, found: string): LayoutDifference[] {
  if (expected === found) return []
  let e: LayoutNode
  let f: LayoutNode
  try {
    e = parseLayout(expected)
  } catch (err) {
    // The host's own string always parses; anything else is a bug here, not in the plugin.
    throw new Error(`abi-stable: cannot parse the host's layout string: ${(err as Error).message}`)
  }
  try {
    f = parseLayout(found)
  } catch (err) {
    if (!(err instanceof LayoutParseError)) throw err
    const at = commonPrefixLength(expected, found)
    return [
      {
        path: e.name ?? e.head,
        expected: `a layout string like the host's`,
        found: `text that is not a layout string (${err.message}; first differing character at ${at}: ${JSON.stringify(found.slice(at, at + 40))})`,
      },
    ]
  }
  const out: LayoutDifference[] = []
  walk(e, f, e.name ?? e.head, out)
  return out
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

function walk(e: LayoutNode, f: LayoutNode, path: string, out: LayoutDifference[]): void {
  if (e.text === f.text) return
  if (e.kind !== f.kind || e.head !== f.head) {
    out.push({ path, expected: e.text, found: f.text })
    return
  }
  if (e.kind === 'prefix') return walkPrefix(e, f, path, out)
  if (e.children.length !== f.children.length) {
    out.push({ path, expected: e.text, found: f.text })
    return
  }
  const before = out.length
  for (let i = 0; i < e.children.length; i++) {
    const ec = e.children[i]
    const fc = f.children[i]
    if (ec.label !== fc.label) {
      out.push({ path: path + ec.segment, expected: `${ec.label}: ${ec.node.text}`, found: `${fc.label}: ${fc.node.text}` })
      continue
    }
    walk(ec.node, fc.node, path + ec.segment, out)
  }
  if (out.length === before) out.push({ path, expected: e.text, found: f.text })
}

function walkPrefix(e: LayoutNode, f: LayoutNode, path: string, out: LayoutDifference[]): void {
  const ePrefix = e.prefixLen ?? 0
  if (ePrefix !== f.prefixLen) {
    out.push({
      path,
      expected: `${ePrefix} prefix fields (up to ${e.children[ePrefix - 1]?.label ?? 'none'})`,
      found: `${f.prefixLen} (up to ${f.children[(f.prefixLen ?? 0) - 1]?.label ?? 'none'})`,
    })
  }
  const common = Math.min(e.children.length, f.children.length)
  for (let i = 0; i < common; i++) {
    const ec = e.children[i]
    const fc = f.children[i]
    if (ec.label !== fc.label) {
      out.push({ path: path + ec.segment, expected: `field ${i} ${ec.label}: ${ec.node.text}`, found: `field ${i} ${fc.label}: ${fc.node.text}` })
      continue
    }
    walk(ec.node, fc.node, path + ec.segment, out)
  }
  // Fewer fields: only suffix fields may be missing (every version has the prefix ones).
  if (f.children.length < ePrefix) {
    const missing = e.children[f.children.length]
    out.push({ path: path + missing.segment, expected: `prefix field ${missing.label}: ${missing.node.text}`, found: `no such field (the module ends after ${f.children.length} fields)` })
  }
}
