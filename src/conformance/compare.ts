// Compares a compiler's numbers with ours, query by query, for one target.
import type { DataModel } from '../abi/index.ts'
import type { CaseGraph } from './graph.ts'
import { labelOf, oursOf, type LayoutFn, type Query } from './queries.ts'

export interface Mismatch {
  readonly target: string
  readonly tool: string
  readonly case: string
  readonly label: string
  /** Undefined when our layout lacks the number altogether. */
  readonly ours: number | undefined
  readonly theirs: number
}

export interface Comparison {
  readonly mismatches: Mismatch[]
  /** How many numbers were compared. */
  readonly checked: number
  /** The compiler's answer to each query, for comparing peers against it. */
  readonly theirs: Map<Query, number>
}

/**
 * `values` holds the compiler's numbers in the order of `queries` (case by case).
 * A count that does not match means the probe and the query list disagree: that is thrown.
 */
export function compareTarget(
  target: { readonly name: string; readonly tool: string; readonly model: DataModel },
  graphs: readonly CaseGraph[],
  queries: readonly (readonly Query[])[],
  values: readonly number[],
  layout?: LayoutFn,
): Comparison {
  const expected = queries.reduce((n, qs) => n + qs.length, 0)
  if (values.length !== expected) throw new Error(`${target.name} (${target.tool}): the probe printed ${values.length} numbers, expected ${expected}`)
  const mismatches: Mismatch[] = []
  const theirs = new Map<Query, number>()
  let i = 0
  graphs.forEach((g, c) => {
    for (const q of queries[c]) {
      const value = values[i++]
      theirs.set(q, value)
      const ours = oursOf(q, target.model, layout)
      if (ours !== value) mismatches.push({ target: target.name, tool: target.tool, case: g.case.name, label: labelOf(q), ours, theirs: value })
    }
  })
  return { mismatches, checked: expected, theirs }
}

export const formatMismatch = (m: Mismatch): string => `${m.case} ${m.label}: ours ${m.ours ?? 'missing'}, ${m.tool} ${m.theirs}`
