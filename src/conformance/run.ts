// The suite's programmatic API: builds the cases, writes one C and one Rust probe,
// compiles them for every available target, and compares every number with ours.
//
// Reachable from the CLI (`abi-stable conform`), so it imports no devDependency: the random cases
// (fast-check, arbitrary.ts) and the peers (ref-struct-di, peers.ts) are given by the caller,
// which is the repository's suite runner (cli.ts) for both.
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { models, type DataModel } from '../abi/index.ts'
import { cProbe } from './c-probe.ts'
import { handPickedCases } from './cases.ts'
import { compareTarget, type Mismatch } from './compare.ts'
import { buildGraph, type Case, type CaseGraph } from './graph.ts'
import type { PeerReport } from './peers.ts'
import { queriesOf, type LayoutFn, type Query } from './queries.ts'
import { rustProbe } from './rust-probe.ts'
import { compilerVersion, gccTargetWorks, probeC, probeRust, rustTargets, type Probed } from './toolchain.ts'

/** Compares other FFI libraries' layouts with gcc -m64's numbers: peers.ts's runPeers. */
export type PeerRunner = (graphs: readonly CaseGraph[], queries: readonly (readonly Query[])[], gcc: ReadonlyMap<Query, number>) => PeerReport[]

export interface ConformanceOptions {
  /** Random cases: `count` of them drawn from `seed` by `generate` (arbitrary.ts's randomCases); none by default. */
  random?: { readonly seed: number; readonly count: number; readonly generate: (seed: number, count: number) => readonly Case[] }
  /** Include the hand-picked cases (default true). */
  handPicked?: boolean
  /** Extra cases to check. */
  cases?: Case[]
  /** Our layout function; tests swap in a wrong one to see the suite catch it. */
  layout?: LayoutFn
  /** Where the probe sources and binaries go (`.conformance/` by default). */
  workDir?: string
  /** Compare other FFI libraries too (peers.ts's runPeers; none by default). */
  peers?: PeerRunner
}

export interface TargetResult {
  /** `x86_64 / gcc -m64`. */
  readonly name: string
  readonly tool: 'gcc' | 'rustc'
  readonly model: DataModel
  /** Why it did not run, when it did not: one line that says what to do. */
  readonly skipped?: string
  /** The compiler's own words behind `skipped`, when it said something (its first error line). */
  readonly detail?: string
  /** A compiler or probe failure (the run fails). */
  readonly error?: string
  /** Whether a missing piece makes the whole run fail (a missing compiler) or is only noted (gcc -m32). */
  readonly required: boolean
  readonly method?: Probed['method']
  readonly cases: number
  readonly checked: number
  readonly mismatches: Mismatch[]
}

export interface ConformanceResult {
  /** The random cases' seed, when there were random cases. */
  readonly seed?: number
  /** How many random cases. */
  readonly count: number
  readonly handPicked: number
  readonly compilers: { readonly gcc?: string; readonly rustc?: string }
  readonly targets: TargetResult[]
  readonly peers: PeerReport[]
  /** Number of (case, target) comparisons that ran. */
  readonly comparisons: number
  readonly mismatches: Mismatch[]
  /** Names of missing compilers: the run must fail. */
  readonly missing: string[]
  readonly notes: string[]
  readonly ms: number
}

interface TargetPlan {
  readonly name: string
  readonly tool: 'gcc' | 'rustc'
  readonly model: DataModel
  readonly required: boolean
  readonly kind: 'c' | 'rust'
  readonly flag?: string
}

const PLANS: TargetPlan[] = [
  { name: 'x86_64 / gcc -m64', tool: 'gcc', model: models.x86_64, required: true, kind: 'c', flag: models.x86_64.gccFlag },
  { name: 'i686-linux / gcc -m32', tool: 'gcc', model: models['i686-linux'], required: false, kind: 'c', flag: models['i686-linux'].gccFlag },
  { name: 'x86_64 / rustc (host)', tool: 'rustc', model: models.x86_64, required: true, kind: 'rust' },
]

/** Compiles and runs one target's probe: its numbers, or why there are none. */
async function probeTarget(plan: TargetPlan, cSource: string, rustSource: string, workDir: string): Promise<{ probed: Probed } | { skipped: string; detail: string } | { error: string }> {
  try {
    if (plan.kind === 'rust') return { probed: await probeRust(rustSource, workDir) }
    const works = await gccTargetWorks(plan.flag!, workDir)
    if (!works.ok) {
      // gcc -m32 without the 32-bit libc and libgcc (gcc-multilib) fails on a header or at link time.
      const skipped = plan.flag === '-m32' ? 'gcc -m32 cannot build 32-bit programs here (install gcc-multilib)' : `gcc ${plan.flag} cannot build programs here`
      return { skipped, detail: works.reason }
    }
    return { probed: await probeC(cSource, plan.flag!, workDir, works.runs) }
  } catch (e) {
    const err = e as { stderr?: string; message: string }
    const lines = (err.stderr || err.message).split('\n')
    const first = Math.max(0, lines.findIndex((l) => /^error|error:/.test(l)))
    return { error: lines.slice(first, first + 12).join('\n') }
  }
}

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceResult> {
  const started = performance.now()
  const random = options.random ? options.random.generate(options.random.seed, options.random.count) : []
  const workDir = options.workDir ?? join(process.cwd(), '.conformance')
  await mkdir(workDir, { recursive: true })
  const notes: string[] = []
  if (process.arch !== 'x64') notes.push(`host is ${process.arch}, not x86_64: the rustc target is the host and is compared with the x86_64 model`)

  const hand = options.handPicked === false ? [] : handPickedCases()
  const cases = [...hand, ...(options.cases ?? []), ...random]
  const graphs = cases.map((c, i) => buildGraph(c, i))
  const queries = graphs.map(queriesOf)

  const [gcc, rustc, rustTriples] = await Promise.all([compilerVersion('gcc'), compilerVersion('rustc'), rustTargets()])
  const missing = [...(gcc ? [] : ['gcc']), ...(rustc ? [] : ['rustc'])]
  if (rustTriples) {
    notes.push(
      `rustc checks the host target only (${rustTriples.host}); ` +
        (rustTriples.i686
          ? 'the i686 standard library is installed, but 32-bit layouts are checked with gcc -m32 only'
          : 'no rust-std for i686-unknown-linux-gnu is installed, so 32-bit Rust layouts are not compared'),
    )
  }

  const c = cProbe(graphs, queries)
  const rust = rustProbe(graphs, queries)

  // Each target's numbers by query, for the peers (which are compared with gcc -m64).
  const theirsByTarget = new Map<string, Map<Query, number>>()
  const targets = await Promise.all(
    PLANS.map(async (plan): Promise<TargetResult> => {
      const base = { name: plan.name, tool: plan.tool, model: plan.model, required: plan.required, cases: 0, checked: 0, mismatches: [] }
      if (plan.tool === 'gcc' && !gcc) return { ...base, skipped: 'gcc not found on PATH' }
      if (plan.tool === 'rustc' && !rustc) return { ...base, skipped: 'rustc not found on PATH' }
      const got = await probeTarget(plan, c.source, rust.source, workDir)
      if ('skipped' in got) return { ...base, skipped: got.skipped, detail: got.detail }
      if ('error' in got) return { ...base, error: got.error }
      const probed = got.probed
      const probe = plan.kind === 'c' ? c : rust
      const result = compareTarget(plan, graphs, probe.queries, probed.values, options.layout)
      theirsByTarget.set(plan.name, result.theirs)
      const left = (probe.skipped ?? []).flatMap((why, i) => (why ? [`${plan.name}: left out ${cases[i].name}: ${why}`] : []))
      notes.push(...left)
      return { ...base, method: probed.method, cases: graphs.length - left.length, checked: result.checked, mismatches: result.mismatches }
    }),
  )
  const gcc64 = theirsByTarget.get(PLANS[0].name)
  const peers = !options.peers ? [] : gcc64 ? options.peers(graphs, queries, gcc64) : [{ peer: 'koffi, ref-struct-di', skipped: 'no gcc -m64 numbers to compare with', cases: 0, checked: 0, findings: [] }]

  const mismatches = targets.flatMap((t) => t.mismatches)
  return {
    seed: options.random?.seed,
    count: random.length,
    handPicked: hand.length,
    compilers: { gcc, rustc },
    targets,
    peers,
    comparisons: targets.reduce((n, t) => n + t.cases, 0),
    mismatches,
    missing,
    notes,
    ms: performance.now() - started,
  }
}
