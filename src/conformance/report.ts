// Formats a conformance result as the printed report: targets, our mismatches,
// peer findings, notes, and the closing `conformance: N cases, M mismatches` line.
import { formatMismatch } from './compare.ts'
import type { PeerFinding } from './peers.ts'
import type { ConformanceResult, TargetResult } from './run.ts'

/** At most this many mismatches (and peer findings per peer) are listed. */
export const LIST_LIMIT = 50

export function summaryLine(r: ConformanceResult): string {
  return `conformance: ${r.comparisons} cases, ${r.mismatches.length} mismatches`
}

export function formatReport(r: ConformanceResult): string[] {
  const out: string[] = []
  const seed = r.seed === undefined ? '' : `seed ${r.seed} (--seed N for another), `
  out.push(`abi-stable layout conformance: ${seed}${r.count} random + ${r.handPicked} hand-picked cases`)
  out.push(`compilers: gcc: ${r.compilers.gcc ?? 'NOT FOUND'}; rustc: ${r.compilers.rustc ?? 'NOT FOUND'}`)
  for (const name of r.missing) out.push(`error: ${name} is missing: install ${name} (it is needed to check ${name === 'gcc' ? 'C' : 'Rust'} layouts); the run fails`)
  out.push('targets:')
  const width = Math.max(...r.targets.map((t) => t.name.length))
  for (const t of r.targets) {
    const name = t.name.padEnd(width)
    if (t.skipped) out.push(`  ${name}  ${skippedText(t)}`)
    else if (t.error) out.push(`  ${name}  FAILED:\n${t.error.replace(/^/gm, '      ')}`)
    else out.push(`  ${name}  ${t.cases} cases, ${t.checked} numbers, ${t.mismatches.length} mismatches (numbers ${t.method === 'run' ? 'printed by the program' : 'read from the binary: this machine cannot run it'})`)
  }
  if (r.mismatches.length > 0) {
    out.push(`mismatches (ours vs the compiler)${r.mismatches.length > LIST_LIMIT ? `, first ${LIST_LIMIT} of ${r.mismatches.length}` : ''}:`)
    for (const m of r.mismatches.slice(0, LIST_LIMIT)) out.push(`  [${m.target}] ${formatMismatch(m)}`)
  }
  if (r.peers.length > 0) {
    out.push('peers (plain C structs and arrays, compared with gcc -m64; findings about the peer, not counted as our mismatches):')
    for (const p of r.peers) {
      if (p.skipped) {
        out.push(`  ${p.peer}: skipped: ${p.skipped}`)
        continue
      }
      out.push(`  ${p.peer}: ${p.cases} cases, ${p.checked} numbers, ${p.findings.length} disagreements with gcc`)
      for (const f of p.findings.slice(0, LIST_LIMIT)) out.push(`    ${formatFinding(f)}`)
      if (p.findings.length > LIST_LIMIT) out.push(`    ... ${p.findings.length - LIST_LIMIT} more`)
    }
  }
  for (const n of r.notes) out.push(`note: ${n}`)
  out.push(`time: ${(r.ms / 1000).toFixed(1)} s`)
  out.push(summaryLine(r))
  return out
}

export const formatFinding = (f: PeerFinding): string =>
  `peer ${f.peer}: ${f.case} ${f.label} ${f.peerValue}${f.gcc === undefined ? '' : `, gcc ${f.gcc}`}`

/**
 * A target that did not run, in one line: an optional one (gcc -m32) is `skipped: why`, and does
 * not count; a required one is `not run: why`, and fails the run.
 */
export const skippedText = (t: TargetResult): string => `${t.required ? 'not run' : 'skipped'}: ${t.skipped}`

/** Whether the run failed: a mismatch, a missing compiler, or a target that broke. */
export const failed = (r: ConformanceResult): boolean =>
  r.mismatches.length > 0 || r.missing.length > 0 || r.targets.some((t) => t.error !== undefined || (t.required && t.skipped !== undefined))
