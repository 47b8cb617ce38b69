// Load: 10,000,000 calls and 1,000,000 values created and dropped (plus 1,000,000 converted at
// once) against a std-types test plugin in one process, with RSS sampled after a GC at every
// twentieth of each phase. Memory must level off (memory-samples.ts), and the plugin's and the
// runtime's live allocations end where they began. Prints a report; exits non-zero when a limit is broken.
// `node --expose-gc --import tsx test/hardening/load.ts <std plugin> [scale]` (scale 1 = the full counts).
import assert from 'node:assert/strict'
import { liveAllocations } from '../../src/index.ts'
import { loadTestPlugin } from '../std-types/api.ts'
import { judge, sample, type Sample } from './memory-samples.ts'

const [path, scaleArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node --expose-gc --import tsx test/hardening/load.ts <std plugin> [scale]')
  process.exit(2)
}
const scale = Number(scaleArg ?? 1)

const p = loadTestPlugin(path)
const { fns } = p
const pluginBaseline = fns.tp_live_allocations()
const runtimeBaseline = liveAllocations()
interface Phase {
  name: string
  count: number
  samples: Sample[]
  seconds: number
}
const phases: Phase[] = []

function phase(name: string, count: number, step: (i: number) => void): void {
  const samples = [sample()]
  const every = Math.max(1, Math.floor(count / 20))
  const start = process.hrtime.bigint()
  for (let i = 0; i < count; i++) {
    step(i)
    if ((i + 1) % every === 0) samples.push(sample())
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
  const { levels, text, series } = judge(ph.samples)
  ok &&= levels
  console.log(
    `  ${ph.name}: ${ph.count.toLocaleString('en')} in ${ph.seconds.toFixed(1)} s (${((ph.seconds * 1e9) / ph.count).toFixed(0)} ns each); ${text} ` +
      `${levels ? '(levels off)' : '(GROWS)'}`,
  )
  console.log(`    ${series}`)
}
console.log(`  plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}`)
console.log(`load: ${ok ? 'memory levels off, nothing leaked' : 'PROBLEMS'}`)
process.exit(ok ? 0 : 1)
