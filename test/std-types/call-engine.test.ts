// The call engine (src/types/call-engine.ts, src/native/call_engine.c and its Node-API entry
// point src/native/call_napi.c) against the koffi path it
// stands in for: the same functions bound both ways (ABI_STABLE_CALL=koffi at bind time) give
// the same results and the same errors for generated arguments, through the C and the Rust std
// test plugins, and every value is freed exactly once (suite.ts checks both counters).
import fc from 'fast-check'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import koffi from 'koffi'
import { DeclarationError, bindFunction, bindPointer, loadLibrary, t, type FnDesc } from '../../src/index.ts'
import { callPathOf } from '../../src/abi/call.ts'
import { codecOf } from '../../src/abi/codec.ts'
import { HOSTILE_VERSION, HostileMod, hostileLibrary } from '../hardening/hostile.ts'
import { api, loadTestPlugin, type Api } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')
const RUNS = 60

/** Binds every function of the test API with ABI_STABLE_CALL set to `path`. */
function bindWith(path: string, file: string): Api {
  const before = process.env.ABI_STABLE_CALL
  process.env.ABI_STABLE_CALL = path
  try {
    return loadTestPlugin(file).fns
  } finally {
    if (before === undefined) delete process.env.ABI_STABLE_CALL
    else process.env.ABI_STABLE_CALL = before
  }
}

/** What a call gives: its value, or its error's class and message. */
function outcome(run: () => unknown): unknown {
  try {
    const v = run()
    // A plugin's map keeps no order (each map its own hash seed): compared as sorted entries.
    return { value: v instanceof Map ? [...v.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : v }
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message }
  }
}

describe.each(Object.entries(plugins))('%s plugin: engine and koffi paths agree', (_lang, file) => {
  const plugin = pluginWithoutLeaks(file)
  let fast: Api
  let slow: Api
  beforeAll(() => {
    plugin()
    fast = bindWith('engine', file)
    slow = bindWith('koffi', file)
  })
  const same = (run: (f: Api) => unknown) => expect(outcome(() => run(fast))).toEqual(outcome(() => run(slow)))

  it('takes the engine by default and koffi when forced', () => {
    expect(callPathOf(fast.tp_string_echo)).toBe('engine')
    expect(callPathOf(fast.tp_sum_i64)).toBe('engine')
    expect(callPathOf(fast.tp_range_u32)).toBe('engine')
    // Options, results and vectors of strings are encoded into the frame and built by the engine
    // (test/std-types/call-engine-kinds.test.ts compares them with the koffi path).
    expect(callPathOf(fast.tp_option_double)).toBe('engine')
    expect(callPathOf(fast.tp_option_string)).toBe('engine')
    expect(callPathOf(fast.tp_result_echo)).toBe('engine')
    expect(callPathOf(fast.tp_vec_push_strings)).toBe('engine')
    expect(callPathOf(fast.tp_vec_drop_strings)).toBe('engine')
    expect(callPathOf(slow.tp_string_echo)).toBe('koffi')
    // Primitive-only signatures already make one crossing through koffi.
    expect(callPathOf(fast.tp_live_allocations)).toBe('koffi')
    // A referent that owns something (a map, a Value) is dropped after the call: koffi's path.
    expect(callPathOf(fast.tp_map_get)).toBe('koffi')
    expect(callPathOf(fast.tp_value_to_json)).toBe('koffi')
  })

  it('an unknown ABI_STABLE_CALL is a DeclarationError naming it', () => {
    const lib = koffi.load(file)
    process.env.ABI_STABLE_CALL = 'fast'
    try {
      expect(() => bindFunction(lib, 'tp_string_echo', api.tp_string_echo as FnDesc)).toThrow(DeclarationError)
      expect(() => bindFunction(lib, 'tp_string_echo', api.tp_string_echo as FnDesc)).toThrow(/ABI_STABLE_CALL must be 'engine' or 'koffi', not "fast"/)
    } finally {
      delete process.env.ABI_STABLE_CALL
    }
  })

  it('strings in and out (RStr, RString; ASCII, non-ASCII, lone surrogates, NUL)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        same((f) => f.tp_string_echo(s))
        same((f) => f.tp_string_new(s))
        same((f) => f.tp_str_len(s))
        same((f) => f.tp_tuple_string(s))
      }),
      { seed: 17, numRuns: RUNS },
    )
    for (const s of ['', '\0', 'a\0b', '\ud800', 'é'.repeat(1_500_000), 'x'.repeat(5 << 20)]) {
      same((f) => f.tp_string_echo(s))
      same((f) => f.tp_str_len(s))
    }
  })

  it('typed arrays lent (RSlice, RSliceMut) and copied into host-made RVecs', () => {
    fc.assert(
      fc.property(fc.bigInt64Array({ maxLength: 50 }), fc.uint32Array({ maxLength: 50 }), fc.integer({ min: 0, max: 300 }), (a, b, n) => {
        same((f) => f.tp_sum_i64(a))
        same((f) => f.tp_range_u32(n))
        same((f) => f.tp_vec_push_u32(b, n))
        same((f) => f.tp_vec_shrink(b))
      }),
      { seed: 23, numRuns: RUNS },
    )
    const x = new Uint32Array(5)
    const y = new Uint32Array(5)
    fast.tp_fill_u32(x, 9)
    slow.tp_fill_u32(y, 9)
    expect([...x]).toEqual([...y])
  })

  // The engine places arguments by moves worked out at bind time and calls through the shortest
  // prototype that passes them: general registers only (sum), with stack words (an RString is 32
  // bytes, passed in memory: echo), with XMM registers and a result in them (tuple1 of an f64).
  it('arguments in general registers, on the stack and in XMM registers land where the plugin reads them', () => {
    expect(callPathOf(fast.tp_tuple1)).toBe('engine')
    fc.assert(
      fc.property(fc.double(), fc.bigInt64Array({ minLength: 1, maxLength: 8 }), (x, a) => {
        same((f) => f.tp_tuple1([x]))
        same((f) => f.tp_sum_i64(a))
      }),
      { seed: 31, numRuns: RUNS },
    )
    expect(fast.tp_tuple1([1.25])).toEqual([2.5])
  })

  it('other shapes of the same arguments go the koffi way, with its results and errors', () => {
    same((f) => f.tp_sum_i64([1n, 2n, 3n]))
    same((f) => f.tp_vec_push_u32([1, 2], 2))
    same((f) => f.tp_string_echo(5 as never))
    same((f) => f.tp_sum_i64(new Int32Array(2) as never))
    same((f) => (f.tp_string_echo as (...a: unknown[]) => unknown)('a', 'b'))
    same((f) => f.tp_checked_div(7n, 0n))
    same((f) => f.tp_checked_div(-1n as never, 1n))
  })

  it('results of every shape (RResult, ROption, tuples, maps, Value) read and dropped once', () => {
    same((f) => f.tp_checked_div(7n, 2n))
    same((f) => f.tp_word_count('a b a c'))
    same((f) => f.tp_split_words('the  quick brown'))
    same((f) => f.tp_tuple2([1, 2n]))
    same((f) => f.tp_duration_add({ seconds: 1n, subsec_nanos: 600_000_000 }, { seconds: 2n, subsec_nanos: 500_000_000 }))
    same((f) => f.tp_string_invalid_utf8())
    same((f) => f.tp_value_sample())
  })
})

// Primitive-only signatures take neither path above: each bound function has code of its own
// (src/abi/call-shim.ts) with an inline test per argument that lets its usual values through and
// hands anything else to the argument's full check. The inline tests must accept exactly what the
// full check accepts unchanged: the hardening suite's sound C plugin's `twice(u32) -> u32`,
// declared with each integer type (all travel in the same register; twice reads its low 32 bits),
// is called with edge values and generated ones, and each call succeeds exactly when the codec's
// write of the value succeeds, with twice's answer, or throws the InvalidValueError naming the argument.
describe('primitive-only calls: the inline argument tests accept what the full check accepts', () => {
  const ints = ['u8', 'u16', 'u32', 'i8', 'i16', 'i32', 'u64', 'i64', 'usize', 'isize'] as const
  let twice: bigint
  beforeAll(() => {
    const { module } = loadLibrary(hostileLibrary('sound'), HostileMod, { version: HOSTILE_VERSION })
    twice = koffi.decode(module.$address + 24n, 'uint64_t') as bigint
    expect(module.twice(21)).toBe(42)
  })
  const edges: unknown[] = [0, -0, 1, -1, 1.5, NaN, Infinity, -Infinity, 127, 128, -128, -129, 255, 256, 32767, 32768, -32769, 65535, 65536, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 0n, 1n, -1n, 2n ** 63n - 1n, 2n ** 63n, -(2n ** 63n), -(2n ** 63n) - 1n, 2n ** 64n - 1n, 2n ** 64n, '1', true, false, null, undefined, {}, [1]]

  function agrees(name: (typeof ints)[number], v: unknown): void {
    const d = t[name]
    let accepted = true
    try {
      codecOf(d).write(new DataView(new ArrayBuffer(8)), 0, v as never)
    } catch {
      accepted = false
    }
    const f = bindPointer(twice, t.fn([d], t.u32), { name: `twice_${name}` }) as unknown as (x: unknown) => number
    if (accepted) expect(f(v), `${name} ${String(v)}`).toBe(Number(BigInt.asUintN(32, 2n * BigInt(v as number | bigint))))
    else expect(() => f(v), `${name} ${String(v)}`).toThrow(new RegExp(`^twice_${name}, argument 0 \\(${name}\\): expected`))
  }

  it('edge values of every integer type', () => {
    for (const name of ints) for (const v of edges) agrees(name, v)
  })

  it('generated values', () => {
    const anyValue = fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 65n), max: 2n ** 65n }), fc.boolean(), fc.string({ maxLength: 3 }), fc.constant(null))
    fc.assert(
      fc.property(fc.constantFrom(...ints), anyValue, (name, v) => agrees(name, v)),
      { seed: 29, numRuns: 400 },
    )
  })

  it('bool and the arity check', () => {
    const f = bindPointer(twice, t.fn([t.bool], t.u32), { name: 'twice_bool' }) as unknown as (...x: unknown[]) => number
    expect(f(true)).toBe(2)
    expect(f(false)).toBe(0)
    expect(() => f(1)).toThrow(/^twice_bool, argument 0 \(bool\): expected boolean/)
    expect(() => f()).toThrow(/^twice_bool: expected 1 argument, got 0/)
    expect(() => f(true, true)).toThrow(/^twice_bool: expected 1 argument, got 2/)
  })
})
