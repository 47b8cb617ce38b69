// The call engine's encoded arguments (src/types/call-engine-encode.ts, the engine's fixups in
// src/native/call_engine.c): ROption, RResult, references to structs, RVec and RSlice of strings,
// structs and options, nested. The same plugin functions are bound on both paths
// (ABI_STABLE_CALL=koffi at bind time) and must give the same results and the same errors for
// generated arguments, good and bad, through the C and the Rust std test plugins; every value
// moved into the plugin is freed by it exactly once (both allocation counters back at baseline).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import fc from 'fast-check'
import koffi from 'koffi'
import { afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { bindFunction, callEngineStatus, liveAllocations, t, type BoundFn, type FnDesc } from '../../src/index.ts'
import { callPathOf } from '../../src/abi/call.ts'
import { loadTestPlugin, type Api } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')
const RUNS = 80

const Pair = t.struct('Pair', { a: t.u32, b: t.u64 })
/** The functions tp_engine_cases.c / engine_cases.rs export. */
const cases = {
  tp_option_u64_or: t.fn([t.ROption(t.u64), t.u64], t.u64),
  tp_pair_ref_sum: t.fn([t.ref(Pair)], t.u64),
  tp_pair_mut_double: t.fn([t.refMut(Pair)], t.u64),
  tp_pairs_sum: t.fn([t.RVec(Pair)], t.u64),
  tp_pairs_slice_sum: t.fn([t.RSlice(Pair)], t.u64),
  tp_strings_join: t.fn([t.RVec(t.RString)], t.RString),
  tp_strs_total_len: t.fn([t.RSlice(t.RStr)], t.u64),
  tp_result_strings_count: t.fn([t.RResult(t.RVec(t.RString), t.u32)], t.u64),
  tp_option_pairs_sum: t.fn([t.RVec(t.ROption(Pair))], t.u64),
} as const
type Cases = { [K in keyof typeof cases]: BoundFn<(typeof cases)[K]> }
type Both = Cases & Api

/** Binds the test API and the cases with ABI_STABLE_CALL set to `path`. */
function bindWith(path: string, file: string): Both {
  const before = process.env.ABI_STABLE_CALL
  process.env.ABI_STABLE_CALL = path
  try {
    const lib = koffi.load(file)
    const own = Object.fromEntries(Object.entries(cases).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)]))
    return { ...loadTestPlugin(file).fns, ...own } as unknown as Both
  } finally {
    if (before === undefined) delete process.env.ABI_STABLE_CALL
    else process.env.ABI_STABLE_CALL = before
  }
}

/** What a call gives: its value, or its error's class and message. */
function outcome(run: () => unknown): unknown {
  try {
    return { value: run() }
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message }
  }
}

// Values of each argument type, and values that are not (wrong types anywhere inside, out of range).
const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })
const badScalar = fc.oneof(fc.constant(-1n), fc.constant(2n ** 64n), fc.constant('7'), fc.constant(1.5), fc.constant(true), fc.constant({}))
const pair = fc.record({ a: fc.integer({ min: 0, max: 2 ** 32 - 1 }), b: u64 })
const badPair = fc.oneof(
  fc.record({ a: fc.oneof(fc.constant(-1), fc.constant(2 ** 32), fc.constant('1')), b: u64 }),
  fc.record({ a: fc.integer({ min: 0, max: 9 }), b: badScalar }),
  fc.record({ a: fc.integer({ min: 0, max: 9 }) }),
  fc.constant(null),
  fc.constant(5),
)
const maybeBad = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: good, weight: 4 }, { arbitrary: bad, weight: 1 })
const text = fc.string({ unit: 'binary', maxLength: 24 })
const strings = fc.array(maybeBad(text, fc.oneof(fc.constant(3), fc.constant(null), fc.constant(['x']))), { maxLength: 20 })
const resultOf = <T>(ok: fc.Arbitrary<T>) =>
  fc.oneof(
    fc.record({ ok: fc.constant(true as const), value: ok }),
    fc.record({ ok: fc.constant(false as const), error: maybeBad(fc.integer({ min: 0, max: 2 ** 32 - 1 }), badScalar) }),
    fc.constant({ ok: 'yes' }),
    fc.constant(null),
    fc.constant([]),
  )

describe.each(Object.entries(plugins))('%s plugin: encoded arguments on the engine and koffi paths', (_lang, file) => {
  const plugin = pluginWithoutLeaks(file)
  let fast: Both
  let slow: Both
  let baseline: bigint
  let pluginBaseline: bigint
  beforeAll(() => {
    plugin()
    fast = bindWith('engine', file)
    slow = bindWith('koffi', file)
  })
  beforeEach(() => {
    baseline = liveAllocations()
    pluginBaseline = slow.tp_live_allocations()
  })
  // Nothing leaked, nothing freed twice by each test (a double free drives a counter below its baseline).
  afterEach(() => {
    expect(liveAllocations()).toBe(baseline)
    expect(slow.tp_live_allocations()).toBe(pluginBaseline)
  })
  const same = (run: (f: Both) => unknown) => {
    const a = outcome(() => run(fast))
    expect(a).toEqual(outcome(() => run(slow)))
    return a
  }

  it('every function taking an option, a result, a reference or a vector of non-numbers takes the engine', () => {
    for (const name of Object.keys(cases) as (keyof Cases)[]) {
      expect(callPathOf(fast[name]), name).toBe('engine')
      expect(callPathOf(slow[name]), name).toBe('koffi')
    }
    for (const name of ['tp_option_double', 'tp_option_string', 'tp_result_echo', 'tp_vec_push_strings', 'tp_vec_drop_strings'] as const) {
      expect(callPathOf(fast[name]), name).toBe('engine')
    }
    // A referent that owns something (a map, a Value) is dropped after the call: koffi's path.
    expect(callPathOf(fast.tp_map_sum)).toBe('koffi')
    expect(callPathOf(fast.tp_value_to_json)).toBe('koffi')
  })

  it('ROption and RResult by value (of numbers, strings and vectors of strings)', () => {
    fc.assert(
      fc.property(fc.option(maybeBad(u64, badScalar), { nil: undefined }), u64, (o, d) => {
        same((f) => f.tp_option_u64_or(o as bigint | undefined, d))
      }),
      { seed: 41, numRuns: RUNS },
    )
    fc.assert(
      fc.property(fc.option(maybeBad(fc.integer({ min: 0, max: 2 ** 32 - 1 }), badScalar), { nil: null }), fc.option(maybeBad(text, fc.constant(7)), { nil: undefined }), (a, s) => {
        same((f) => f.tp_option_double(a as number | null))
        same((f) => f.tp_option_string(s as string | undefined))
      }),
      { seed: 43, numRuns: RUNS },
    )
    fc.assert(
      fc.property(resultOf(maybeBad(text, fc.constant(7))), resultOf(strings), (r, rs) => {
        same((f) => f.tp_result_echo(r as never))
        same((f) => f.tp_result_strings_count(rs as never))
      }),
      { seed: 47, numRuns: RUNS },
    )
    expect(fast.tp_option_u64_or(2n ** 64n - 1n, 0n)).toBe(2n ** 64n - 1n)
    expect(fast.tp_option_u64_or(null as never, 5n)).toBe(5n)
    expect(fast.tp_result_strings_count({ ok: true, value: ['ab', 'é'] })).toBe(2n + 2n + 2n)
    expect(fast.tp_result_strings_count({ ok: false, error: 3 })).toBe(1003n)
  })

  it('references to a struct: the referent is written for the call, a &mut one changes only the copy', () => {
    fc.assert(
      fc.property(maybeBad(pair, badPair), (p) => {
        same((f) => f.tp_pair_ref_sum(p as never))
        const x = structuredClone(p)
        const y = structuredClone(p)
        expect(outcome(() => fast.tp_pair_mut_double(x as never))).toEqual(outcome(() => slow.tp_pair_mut_double(y as never)))
        // The koffi path writes a JS object's referent into memory of its own: the object is untouched.
        expect(x).toEqual(p)
        expect(y).toEqual(p)
      }),
      { seed: 53, numRuns: RUNS },
    )
    expect(fast.tp_pair_mut_double({ a: 3, b: 4n })).toBe(14n)
  })

  it('RVec and RSlice of structs, options and strings, built from one encoded frame', () => {
    fc.assert(
      fc.property(fc.array(maybeBad(pair, badPair), { maxLength: 12 }), fc.array(fc.option(maybeBad(pair, badPair), { nil: undefined }), { maxLength: 12 }), strings, (ps, os, ss) => {
        same((f) => f.tp_pairs_sum(ps as never))
        same((f) => f.tp_pairs_slice_sum(ps as never))
        same((f) => f.tp_option_pairs_sum(os as never))
        same((f) => f.tp_strings_join(ss as never))
        same((f) => f.tp_strs_total_len(ss as never))
        same((f) => f.tp_vec_push_strings(ss as never))
        same((f) => f.tp_vec_drop_strings(ss as never))
      }),
      { seed: 59, numRuns: RUNS },
    )
    const sixteen = Array.from({ length: 16 }, (_, i) => `string number ${i} ${'é'.repeat(i)}`)
    expect(fast.tp_strings_join(sixteen)).toBe(sixteen.join(','))
    expect(fast.tp_strings_join([])).toBe('')
    expect(fast.tp_strings_join(['', 'a\0b', '\ud800'])).toBe(',a\0b,\ufffd')
    expect(fast.tp_pairs_sum([{ a: 1, b: 2n }, { a: 3, b: 4n }])).toBe(10n)
    expect(fast.tp_option_pairs_sum([{ a: 1, b: 2n }, undefined])).toBe(1003n)
  })

  it('bad input: the typed error names the function, the argument and the path inside it, and nothing is built', () => {
    const bad: [string, (f: Both) => unknown, RegExp][] = [
      ['tp_pairs_sum', (f) => f.tp_pairs_sum([{ a: 1, b: 2n }, { a: -1, b: 0n }]), /^tp_pairs_sum, argument 0 \(RVec<Pair>\): \[1\]\.a: expected integer in u32 range/],
      ['tp_strings_join', (f) => f.tp_strings_join(['a', 'b', 5 as never]), /^tp_strings_join, argument 0 \(RVec<RString>\): \[2\]: expected string \(RString\), got number/],
      ['tp_option_u64_or', (f) => f.tp_option_u64_or(-1n, 0n), /^tp_option_u64_or, argument 0 \(ROption<u64>\): expected integer in u64 range/],
      ['tp_pair_ref_sum', (f) => f.tp_pair_ref_sum({ a: 1, b: 'x' as never }), /^tp_pair_ref_sum, argument 0 \(&Pair\): b: expected bigint/],
      ['tp_result_strings_count', (f) => f.tp_result_strings_count({ ok: true, value: ['x', 1 as never] }), /^tp_result_strings_count, argument 0 \(RResult<RVec<RString>, u32>\): \[1\]: expected string/],
      ['tp_option_pairs_sum', (f) => f.tp_option_pairs_sum([undefined, { a: 1, b: 2n, c: 3 } as never, 7 as never]), /^tp_option_pairs_sum, argument 0 \(RVec<ROption<Pair>>\): \[2\]: expected struct Pair/],
    ]
    for (const [name, run, message] of bad) {
      const got = same(run) as { error?: string; message?: string }
      expect(got.error, name).toBe('InvalidValueError')
      expect(got.message, name).toMatch(message)
    }
  })

  it('many strings, long strings and deep frames still agree (the region full: koffi takes the call)', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `${i}`)
    same((f) => f.tp_strings_join(many))
    const long = ['x'.repeat(3 << 20), 'y']
    same((f) => f.tp_strs_total_len(long))
    same((f) => f.tp_strings_join(long))
  })
})

describe('callEngineStatus', () => {
  it('says the engine is loaded here, and why not when calls are forced through koffi', () => {
    expect(callEngineStatus()).toEqual({ engine: 'napi' })
    process.env.ABI_STABLE_CALL = 'koffi'
    try {
      expect(callEngineStatus()).toEqual({ engine: 'koffi', reason: 'ABI_STABLE_CALL=koffi' })
    } finally {
      delete process.env.ABI_STABLE_CALL
    }
  })

  it('gives the reason when Node cannot load the runtime as an addon, and calls still work through koffi', () => {
    const child = path.join(import.meta.dirname, 'call-engine-status-child.ts')
    const r = spawnSync(process.execPath, ['--import', 'tsx', child, plugins.C], { encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    const got = JSON.parse(r.stdout.trim().split('\n').pop()!)
    expect(got.status.engine).toBe('koffi')
    expect(got.status.reason).toMatch(/as a Node-API addon failed: dlopen refused by the test/)
    expect(got.path).toBe('koffi')
    expect(got.result).toBe('41')
  })
})
