// Conversion costs of the std types through the Rust test plugin, next to raw koffi
// calls of the same functions measured in the same run. `npx tsx bench/std-types.bench.ts`.
// Prints median ns per call and the ratio to the baseline.
import Benchmark from 'benchmark'
import koffi from 'koffi'
import { t } from '../src/index.ts'
import { loadTestPlugin } from '../test/std-types/api.ts'
import { buildStdTestPlugins } from '../test/setup/plugins.ts'

const { Rust: path } = await buildStdTestPlugins()
const p = loadTestPlugin(path)
const f = p.fns

// Raw koffi: the same functions declared by hand, as users do without this library.
const RawSlice = koffi.struct({ data: 'void *', length: 'size_t' })
const rawStrLen = p.lib.func('tp_str_len', 'size_t', [RawSlice])
const rawSum = p.lib.func('tp_sum_i64', 'int64_t', [RawSlice])
const hello = Buffer.from('hello')
const numbers = new BigInt64Array(1000).map((_, i) => BigInt(i))
const words = Array.from({ length: 1000 }, (_, i) => `w${i % 500}`).join(' ')
const doc = { id: 42, name: 'event', tags: ['a', 'b', 'c'], payload: { x: 1.5, y: -2, ok: true, nested: { deep: [1, 2, 3] } } }

interface Case {
  name: string
  run: () => unknown
  baseline?: string
}
const cases: Case[] = [
  { name: 'raw koffi: str_len(RStr from Buffer)', run: () => rawStrLen({ data: hello, length: hello.length }) },
  { name: 'str_len(RStr from string)', run: () => f.tp_str_len('hello'), baseline: 'raw koffi: str_len(RStr from Buffer)' },
  { name: 'raw koffi: sum(RSlice<i64> 1000)', run: () => rawSum({ data: numbers, length: numbers.length }) },
  { name: 'sum(RSlice<i64> 1000, BigInt64Array lent)', run: () => f.tp_sum_i64(numbers), baseline: 'raw koffi: sum(RSlice<i64> 1000)' },
  { name: 'string_echo(RString) -> RString', run: () => f.tp_string_echo('hello') },
  { name: 'range_u32(1000) -> Uint32Array', run: () => f.tp_range_u32(1000) },
  { name: 'word_count(1000 words) -> Map of 500', run: () => f.tp_word_count(words) },
  { name: 'value_echo(small document)', run: () => f.tp_value_echo(doc) },
  { name: 'Tuple4 by value, both ways', run: () => f.tp_tuple4([1, 2, 3, 4n]) },
]
void t

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const results = new Map<string, number>()
for (const c of cases) {
  const bench = new Benchmark(c.name, c.run, { minSamples: 30, maxTime: 1.5 })
  bench.run()
  const ns = median(bench.stats.sample) * 1e9
  results.set(c.name, ns)
  const base = c.baseline ? results.get(c.baseline) : undefined
  console.log(`${c.name.padEnd(48)} ${ns.toFixed(0).padStart(9)} ns${base ? `   ${(ns / base).toFixed(2)}x ${c.baseline}` : ''}`)
}
