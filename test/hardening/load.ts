// Load: 10,000,000 calls and 1,000,000 values created and dropped (plus 1,000,000 converted at
// once) against a std-types test plugin in one process, with RSS sampled after a GC at every
// twentieth of each phase. Memory must level off: the median RSS of a phase's last quarter
// exceeds that of its second quarter by less than a limit (a leak of a few bytes per operation
// grows linearly and breaks it; one GC spike does not), and the plugin's and the runtime's live allocations end where they
// began. Prints a report; exits non-zero when a limit is broken.
// `node --expose-gc --import tsx test/hardening/load.ts <std plugin> [scale]` (scale 1 = the full counts).
import assert from 'node:assert/strict'
import { liveAllocations } from '../../src/index.ts'
import { loadTestPlugin } from '../std-types/api.ts'

const [path, scaleArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node --expose-gc --import tsx test/hardening/load.ts <std plugin> [scale]')
  process.exit(2)
}
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('run with --expose-gc')
const scale = Number(scaleArg ?? 1)
/** RSS growth allowed from a phase's second quarter to its last. */
const GROWTH_LIMIT_MB = 16
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const p = loadTestPlugin(path)
const { fns } = p
const pluginBaseline = fns.tp_live_allocations()
const runtimeBaseline = liveAllocations()
const mb = (bytes: number) => bytes / 2 ** 20
const rss = () => {
  gc!()
  return mb(process.memoryUsage().rss)
}

interface Phase {
  name: string
  count: number
  samples: number[]
  seconds: number
}
const phases: Phase[] = []

function phase(name: string, count: number, step: (i: number) => void): void {
  const samples = [rss()]
  const every = Math.max(1, Math.floor(count / 20))
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    step(i)
    if ((i + 1) % every === 0) samples.push(rss())
  }
  phases.push({ name, count, samples, seconds: Number(process.hrtime.bigint() - start) / 1e9 })
}

const calls = Math.round(10_000_000 * scale)
const values = Math.round(1_000_000 * scale)
phase('calls: tp_compare(i64, i64) and tp_str_len(RStr), alternately', calls, (i) => {
  if (i & 1) assert.equal(fns.tp_str_len('héllo wörld'), 13n)
  else assert.equal(fns.tp_compare(BigInt(i), 5n), i < 5 ? -1 : i === 5 ? 0 : 1)
})
const range = p.handle('tp_range_u32')
phase('values kept as handles: tp_range_u32(8), then drop()', values, () => {
  const h = range(8)
  h.drop()
})
phase('values converted at once: tp_split_words -> RVec<RString> dropped by the call', values, () => {
  assert.equal(fns.tp_split_words('two words').length, 2)
})
phase('values moved in: host-made RString through tp_string_echo', values, (i) => {
  assert.equal(fns.tp_string_echo(i & 1 ? 'x' : 'yy').length, i & 1 ? 2 : 3)
})

const pluginLive = fns.tp_live_allocations()
const runtimeLive = liveAllocations()
let ok = pluginLive === pluginBaseline && runtimeLive === runtimeBaseline
console.log(`load against ${path}`)
for (const ph of phases) {
  const s = ph.samples
  const q = Math.floor(s.length / 4)
  const second = median(s.slice(q, 2 * q))
  const last = median(s.slice(s.length - q))
  const growth = last - second
  const levels = growth < GROWTH_LIMIT_MB
  ok &&= levels
  console.log(
    `  ${ph.name}: ${ph.count.toLocaleString('en')} in ${ph.seconds.toFixed(1)} s (${((ph.seconds * 1e9) / ph.count).toFixed(0)} ns each); ` +
      `RSS MB start ${s[0].toFixed(1)}, end ${s[s.length - 1].toFixed(1)}, max ${Math.max(...s).toFixed(1)}; ` +
      `median of 2nd quarter ${second.toFixed(1)} -> last quarter ${last.toFixed(1)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB) ` +
      `${levels ? '(levels off)' : `(GROWS, limit ${GROWTH_LIMIT_MB} MB)`}`,
  )
  console.log(`    samples: ${s.map((x) => x.toFixed(0)).join(' ')}`)
}
console.log(`  plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}`)
console.log(`load: ${ok ? 'memory levels off, nothing leaked' : 'PROBLEMS'}`)
process.exit(ok ? 0 : 1)
