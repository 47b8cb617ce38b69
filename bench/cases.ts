// The benchmark cases and their baselines, shared by the benchmark (bench/main.ts, run by
// `npm run bench`) and its smoke test (test/bench/smoke.test.ts, one call each, checked).
// Every case names its primary baseline (the target in issue 7 is a ratio to it) and may
// list further reference rows measured in the same run.
import { createRequire } from 'node:module'
import koffi from 'koffi'
import { t, viewOf } from '../src/index.ts'
import { codecOf } from '../src/abi/index.ts'
import { decodeMapRecords } from '../src/types/hashmap.ts'
import { loadTestPlugin } from '../test/std-types/api.ts'
import { structCases } from './struct-cases.ts'
import { traitCases } from './trait-cases.ts'
import { asyncCases } from './async-cases.ts'
import { checkCases } from './check-cases.ts'
import { moduleCases } from './module-cases.ts'
import { engineCases } from './engine-cases.ts'

export interface Floor {
  init(path: string): void
  live(): bigint
  echo(s: string): string
  sum(a: BigInt64Array): bigint
  range(n: number): Uint32Array
  rangeView(n: number): Uint32Array
}

export interface Row {
  name: string
  run: () => unknown
}
export interface Case {
  /** What is measured: the library's path. */
  name: string
  run: () => unknown
  /** The primary baseline (the target's denominator) and any further reference rows. */
  baseline: Row
  others: Row[]
  /** The target (issue 7; issue 17 for the value path), as a maximum ratio to the primary baseline. */
  target?: number
  /** Checks one result of `run` and of every baseline (the smoke test calls it). */
  check: (result: unknown) => boolean
  /** Per-row check when baselines return a different shape. */
  checkBaseline?: (result: unknown) => boolean
  /** The ratio is to the fastest of the baseline and the other rows (targets like "at least as fast as the faster of A and B"). */
  againstFastest?: boolean
  /** Run before each checked row (a write case scribbles over its memory, so a write that does nothing fails its check). */
  reset?: () => void
  /** `run` and every row return a Promise: measured by bench/main.ts's timed loop of awaited ops, not by `benchmark`. */
  async?: boolean
  /** Samples per row for async cases (default 20, as the `benchmark` rows' minSamples). */
  samples?: number
  /** Events one op carries (channel cases): results also give events per second. */
  eventsPerOp?: number
  /** A throughput target (events per second of the median op) instead of a ratio target. */
  minEventsPerSecond?: number
}

export interface Setup {
  pluginPath: string
  floorPath: string
  /** Include the legacy peer (@2060.io/ffi-napi) when it is installed. */
  legacy?: boolean
  /** The Rust trait test plugin, for the trait-object case (bench/trait-cases.ts); the case is left out without it. */
  traitPluginPath?: string
  /** The Rust async test plugin, for the future and channel cases (bench/async-cases.ts); left out without it. */
  asyncPluginPath?: string
  /** The Rust example connector (its TypeLayout carries every signature), for the load-check case (bench/check-cases.ts). */
  connectorPluginPath?: string
}

const require = createRequire(import.meta.url)

export function makeCases(setup: Setup): Case[] {
  const { pluginPath, floorPath, legacy = true } = setup
  const p = loadTestPlugin(pluginPath)
  const f = p.fns
  const floor = require(floorPath) as Floor
  floor.init(pluginPath)

  // Raw koffi: the same functions declared by hand with koffi structs, as users do without
  // this library. RVec<u32> is dropped with tp_string_drop: both drop through the vector's
  // own vtable (its destructor is the one for its element type).
  const RawSlice = koffi.struct('BenchRawSlice', { data: 'void *', length: 'size_t' })
  const RawVec = koffi.struct('BenchRawVec', { buffer: 'void *', length: 'size_t', capacity: 'size_t', vtable: 'void *' })
  const raw = {
    live: p.lib.func('tp_live_allocations', 'int64_t', []) as () => bigint | number,
    stringNew: p.lib.func('tp_string_new', RawVec, [RawSlice]),
    echo: p.lib.func('tp_string_echo', RawVec, [RawVec]),
    drop: p.lib.func('tp_string_drop', 'void', [RawVec]),
    sum: p.lib.func('tp_sum_i64', 'int64_t', [RawSlice]),
    range: p.lib.func('tp_range_u32', RawVec, ['uint32_t']),
  }
  type RawVecObj = { buffer: unknown; length: number; capacity: number; vtable: unknown }
  const rawEcho = (s: string): string => {
    const b = Buffer.from(s)
    const r = raw.echo(raw.stringNew({ data: b, length: b.length })) as RawVecObj
    const out = r.length === 0 ? '' : Buffer.from(koffi.view(r.buffer, r.length)).toString('utf8')
    raw.drop(r)
    return out
  }
  const rawRange = (n: number): Uint32Array => {
    const r = raw.range(n) as RawVecObj
    const out = r.length === 0 ? new Uint32Array(0) : new Uint32Array(koffi.view(r.buffer, r.length * 4).slice(0))
    raw.drop(r)
    return out
  }

  const rangeHandle = p.handle('tp_range_u32')
  const viewCase = (n: number) => () => {
    const h = rangeHandle(n)
    const v = viewOf(h) as Uint32Array
    const last = v[n - 1]
    h.drop()
    return last
  }
  const floorViewCase = (n: number) => () => floor.rangeView(n)[n - 1]

  const small = 'hello'
  const mib = 'x'.repeat(1 << 20)
  const n1k = new BigInt64Array(1000).map((_, i) => BigInt(i))
  const n1m = new BigInt64Array(1_000_000).map((_, i) => BigInt(i % 1000))
  const sumOf = (a: BigInt64Array) => a.reduce((s, x) => s + x, 0n)
  const sum1k = sumOf(n1k)
  const sum1m = sumOf(n1m)
  const words = Array.from({ length: 20_000 }, (_, i) => `w${i % 10_000}`).join(' ')
  const wordCountHandle = p.handle('tp_word_count')
  const wordCountAlone = (s: string) => {
    wordCountHandle(s).drop()
    return 'dropped'
  }
  const wcRecords = mapRecords(jsWordCount(words))
  const u32Codec = codecOf(t.u32)
  const doc = tremorDocument(1 << 20)
  const docJson = canonical(doc)
  const valueMapJson = JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, { id: i, name: `v${i}` }])))

  const isRange = (n: number) => (r: unknown) => r instanceof Uint32Array && r.length === n && r[0] === 0 && r[n - 1] === n - 1

  const cases: Case[] = [
    {
      name: 'primitive call: tp_live_allocations() -> i64',
      run: () => f.tp_live_allocations(),
      // Like with like: the library returns an i64 as a BigInt, koffi as a number when it fits.
      baseline: { name: 'raw koffi, BigInt result', run: () => BigInt(raw.live()) },
      others: [{ name: 'raw koffi, number result', run: () => raw.live() }, { name: 'Node-API floor (BigInt)', run: () => floor.live() }],
      target: 1.3,
      check: (r) => (typeof r === 'bigint' || typeof r === 'number') && Number(r) >= 0,
    },
    {
      name: 'echo(RString "hello") -> RString',
      run: () => f.tp_string_echo(small),
      baseline: { name: 'Node-API floor', run: () => floor.echo(small) },
      others: [{ name: 'raw koffi', run: () => rawEcho(small) }],
      target: 1.5,
      check: (r) => r === 'hello!',
    },
    {
      name: 'echo(RString 1 MiB) -> RString 1 MiB',
      run: () => f.tp_string_echo(mib),
      baseline: { name: 'Node-API floor', run: () => floor.echo(mib) },
      others: [{ name: 'raw koffi', run: () => rawEcho(mib) }],
      target: 1.3,
      check: (r) => typeof r === 'string' && r.length === (1 << 20) + 1 && r.endsWith('x!'),
    },
    {
      name: 'sum(RSlice<i64>) over 1,000 (BigInt64Array lent)',
      run: () => f.tp_sum_i64(n1k),
      baseline: { name: 'Node-API floor', run: () => floor.sum(n1k) },
      others: [{ name: 'raw koffi', run: () => raw.sum({ data: n1k, length: n1k.length }) }],
      target: 1.5,
      check: (r) => BigInt(r as bigint) === sum1k,
    },
    {
      name: 'sum(RSlice<i64>) over 1,000,000 (BigInt64Array lent)',
      run: () => f.tp_sum_i64(n1m),
      baseline: { name: 'Node-API floor', run: () => floor.sum(n1m) },
      others: [{ name: 'raw koffi', run: () => raw.sum({ data: n1m, length: n1m.length }) }],
      target: 1 / 0.7,
      check: (r) => BigInt(r as bigint) === sum1m,
    },
    {
      name: 'range(1000) -> RVec<u32> -> Uint32Array (copy)',
      run: () => f.tp_range_u32(1000),
      baseline: { name: 'Node-API floor', run: () => floor.range(1000) },
      others: [{ name: 'raw koffi', run: () => rawRange(1000) }],
      target: 1.5,
      check: isRange(1000),
    },
    {
      name: 'range(1,000,000) -> RVec<u32> -> Uint32Array (copy)',
      run: () => f.tp_range_u32(1_000_000),
      baseline: { name: 'Node-API floor', run: () => floor.range(1_000_000) },
      others: [{ name: 'raw koffi', run: () => rawRange(1_000_000) }],
      target: 1.3,
      check: isRange(1_000_000),
    },
    {
      name: 'range(1000) -> Handle<RVec<u32>> -> viewOf (zero-copy), dropped',
      run: viewCase(1000),
      baseline: { name: 'Node-API floor (external ArrayBuffer, dropped by GC)', run: floorViewCase(1000) },
      others: [],
      target: 2,
      check: (r) => r === 999,
    },
    {
      name: 'range(1,000,000) -> Handle<RVec<u32>> -> viewOf (zero-copy), dropped',
      run: viewCase(1_000_000),
      baseline: { name: 'Node-API floor (external ArrayBuffer, dropped by GC)', run: floorViewCase(1_000_000) },
      others: [],
      target: 1 / 0.7,
      check: (r) => r === 999_999,
    },
    {
      name: 'word_count(20,000 words) -> RHashMap<RString,u32> of 10,000 keys -> Map',
      run: () => f.tp_word_count(words),
      // No native floor: converting an RHashMap in C needs its DynTrait iterator; the
      // reference is the same counting done in plain JS.
      baseline: { name: 'plain JS (split + Map count, no FFI)', run: () => jsWordCount(words) },
      // Where ours goes: the plugin's own work (counting into its RHashMap, dropping it), and V8
      // making the Map from the records the runtime dumps (the library's decode loop, no FFI).
      others: [
        { name: 'the plugin alone (kept as a handle and dropped: no conversion)', run: () => wordCountAlone(words) },
        { name: 'the Map alone (the same 10,000 records decoded into a Map, no FFI)', run: () => decodeMapRecords(wcRecords.bytes, wcRecords.view, wcRecords.used, u32Codec, 4) },
      ],
      target: 1.5,
      check: (r) => r instanceof Map && r.size === 10_000 && r.get('w0') === 2 && r.get('w9999') === 2,
      checkBaseline: (r) => r === 'dropped' || (r instanceof Map && r.size === 10_000 && r.get('w0') === 2 && r.get('w9999') === 2),
    },
    {
      name: 'Value echo of a ~1 MB Tremor-style document (host -> plugin -> host)',
      run: () => f.tp_value_echo(doc as never),
      // The JSON-string path through tp_string_echo (which appends "!", cut off again): the
      // plugin copies the text instead of deep-copying a Value; no extra plugin function.
      baseline: { name: 'JSON string path (stringify + RString echo + parse)', run: () => JSON.parse(f.tp_string_echo(JSON.stringify(doc)).slice(0, -1)) },
      others: [],
      target: 3,
      // The plugin's map does not keep key order: compare with keys sorted.
      check: (r) => canonical(r) === docJson,
    },
    {
      name: 'Value identity of a ~1 MB Tremor-style document (host -> plugin moves it back -> host)',
      // tp_value_identity returns its argument unchanged: the host's conversion both ways, alone.
      run: () => f.tp_value_identity(doc as never),
      baseline: { name: 'JSON.parse(JSON.stringify(doc)) (no FFI)', run: () => JSON.parse(JSON.stringify(doc)) },
      others: [],
      target: 1,
      check: (r) => canonical(r) === docJson,
    },
    {
      name: "a plugin's RHashMap<RString, Value> of 10,000 entries -> Map",
      run: () => f.tp_value_map(10_000),
      // No target (issue 17 asks for the row): the reference makes the same Map from the entries' JSON text.
      baseline: { name: 'JSON.parse of the same entries into a Map (no FFI)', run: () => new Map(Object.entries(JSON.parse(valueMapJson))) },
      others: [],
      check: (r) => r instanceof Map && r.size === 10_000 && canonical(r.get('k9999')) === '{"id":9999,"name":"v9999"}',
    },
  ]
  // Further groups of cases, each a function in its own file returning Case[] (add yours
  // here: main.ts measures, and test/bench/smoke.test.ts checks, whatever this returns).
  for (const group of caseGroups) cases.push(...group(setup))
  // The legacy peer runs last, in a row of its own: once its calls have run, the rows that build
  // many JS objects from plugin data run 2-3.5x slower in the same process (bench/notes.md).
  const peer = legacy ? loadLegacy(pluginPath) : undefined
  if (peer) cases.push({ ...cases[0], name: `${cases[0].name}, with the legacy peer (run last)`, target: undefined, others: [{ name: '@2060.io/ffi-napi (legacy peer)', run: peer }] })
  return cases
}

/** Case groups kept in files of their own (bench/struct-cases.ts, ...). */
const caseGroups: ((setup: Setup) => Case[])[] = [moduleCases, traitCases, structCases, engineCases, asyncCases, checkCases]

function loadLegacy(pluginPath: string): (() => unknown) | undefined {
  try {
    const ffi = require('@2060.io/ffi-napi') as { Library(path: string, fns: Record<string, [string, string[]]>): Record<string, () => unknown> }
    const lib = ffi.Library(pluginPath, { tp_live_allocations: ['int64', []] })
    return () => lib.tp_live_allocations()
  } catch {
    return undefined
  }
}

/** JSON text with object keys sorted (a Value's map does not keep insertion order). */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : x))
}

/** A Map<string, u32> as the records abs_map_dump writes (src/native/map_dump.c), all keys ASCII here. */
function mapRecords(m: Map<string, number>): { bytes: Buffer; view: DataView; used: number } {
  const bytes = Buffer.alloc([...m.keys()].reduce((n, k) => n + 8 + k.length, 0))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  let at = 0
  for (const [k, v] of m) {
    view.setUint32(at, k.length, true)
    at += 4 + bytes.write(k, at + 4, 'latin1')
    view.setUint32(at, v, true)
    at += 4
  }
  return { bytes, view, used: at }
}

function jsWordCount(s: string): Map<string, number> {
  const m = new Map<string, number>()
  for (const w of s.split(' ')) m.set(w, (m.get(w) ?? 0) + 1)
  return m
}

/** Tremor-style events (nested objects, arrays, strings, ints, floats, bools) of about `bytes` of JSON. */
export function tremorDocument(bytes: number): Record<string, unknown> {
  const events: unknown[] = []
  let size = 0
  for (let i = 0; size < bytes; i++) {
    const e = {
      ingest_ns: 1_700_000_000_000 + i,
      host: `host-${i % 17}.example.org`,
      level: ['info', 'warn', 'error'][i % 3],
      message: `request ${i} handled in ${i % 97} ms`,
      tags: ['svc:api', `shard:${i % 8}`, 'env:prod'],
      fields: { status: 200 + (i % 5), latency: (i % 1000) / 7, ok: i % 11 !== 0, path: `/v1/items/${i}`, nothing: null },
    }
    size += JSON.stringify(e).length + 1
    events.push(e)
  }
  return { source: 'bench', version: 1, events }
}
