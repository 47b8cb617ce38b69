// The call engine's encoded arguments (src/types/call-engine-encode.ts): a call taking an
// ROption<u64> and one taking an RVec<RString> of 16 strings, on the engine and, as the baseline,
// on the koffi path (ABI_STABLE_CALL=koffi at bind time: how these calls went before the engine
// took them). `engineCases` is a case group of bench/cases.ts (`BENCH_ONLY=engine` runs just these).
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
