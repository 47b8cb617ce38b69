// The call engine's encoded arguments (src/types/call-engine-encode.ts): a call taking an
// ROption<u64> and one taking an RVec<RString> of 16 strings, on the engine and, as the baseline,
// on the koffi path (ABI_STABLE_CALL=koffi at bind time: how these calls went before the engine
// took them). `engineCases` is a case group for bench/cases.ts; `npx tsx bench/engine-cases.ts
// <std test plugin>` prints medians of its own (an ad-hoc check, no results file).
import { pathToFileURL } from 'node:url'
import koffi from 'koffi'
import type { LibraryHandle } from 'koffi'
import { bindFunction, t, type FnDesc } from '../src/index.ts'
import type { Case, Setup } from './cases.ts'

const optionU64 = t.fn([t.ROption(t.u64), t.u64], t.u64)
const joinStrings = t.fn([t.RVec(t.RString)], t.RString)
const SIXTEEN = Array.from({ length: 16 }, (_, i) => `string number ${i}`)

function bindBoth<F extends FnDesc>(lib: LibraryHandle, name: string, f: F): { engine: (...a: unknown[]) => unknown; koffi: (...a: unknown[]) => unknown } {
  const before = process.env.ABI_STABLE_CALL
  try {
    process.env.ABI_STABLE_CALL = 'koffi'
    const slow = bindFunction(lib, name, f) as unknown as (...a: unknown[]) => unknown
    process.env.ABI_STABLE_CALL = 'engine'
    const fast = bindFunction(lib, name, f) as unknown as (...a: unknown[]) => unknown
    return { engine: fast, koffi: slow }
  } finally {
    if (before === undefined) delete process.env.ABI_STABLE_CALL
    else process.env.ABI_STABLE_CALL = before
  }
}

export function engineCases(setup: Pick<Setup, 'pluginPath'>): Case[] {
  const lib = koffi.load(setup.pluginPath)
  const option = bindBoth(lib, 'tp_option_u64_or', optionU64)
  const join = bindBoth(lib, 'tp_strings_join', joinStrings)
  const joined = SIXTEEN.join(',')
  return [
    {
      name: 'engine: tp_option_u64_or(ROption<u64>, u64)',
      run: () => option.engine(41n, 0n),
      baseline: { name: 'koffi path', run: () => option.koffi(41n, 0n) },
      others: [],
      check: (r) => r === 41n,
    },
    {
      name: 'engine: tp_strings_join(RVec<RString> of 16)',
      run: () => join.engine(SIXTEEN),
      baseline: { name: 'koffi path', run: () => join.koffi(SIXTEEN) },
      others: [],
      check: (r) => r === joined,
    },
  ]
}

/** Median nanoseconds per call of `run` over `rounds` rounds of `n` calls. */
function median(run: () => unknown, n = 20000, rounds = 15): number {
  for (let i = 0; i < n; i++) run()
  const times: number[] = []
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < n; i++) run()
    times.push(Number(process.hrtime.bigint() - t0) / n)
  }
  times.sort((a, b) => a - b)
  return times[rounds >> 1]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const c of engineCases({ pluginPath: process.argv[2] })) {
    if (!c.check(c.run()) || !c.check(c.baseline.run())) throw new Error(`${c.name}: wrong result`)
    const fast = median(c.run)
    const slow = median(c.baseline.run)
    console.log(`${c.name}: engine ${fast.toFixed(0)} ns, koffi path ${slow.toFixed(0)} ns (x${(slow / fast).toFixed(2)})`)
  }
}
