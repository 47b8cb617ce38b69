// Many owned results from a plugin, read and dropped: `node --import tsx results-stress.ts <plugin> <n>`.
// Prints `ok <n>` when every value read right and the plugin's allocations came back to where they were.
import { loadTestPlugin } from './api.ts'

const [path, n] = process.argv.slice(2)
const { fns } = loadTestPlugin(path)
const before = fns.tp_live_allocations()
const count = Number(n)
for (let i = 0; i < count; i++) {
  if (fns.tp_string_new('hello') !== 'hello') throw new Error(`call ${i} read the wrong value`)
  if (i % 3 === 0 && fns.tp_string_echo('x') !== 'x!') throw new Error(`echo ${i} read the wrong value`)
}
if (fns.tp_live_allocations() !== before) throw new Error(`plugin allocations ${before} -> ${fns.tp_live_allocations()}`)
console.log(`ok ${count}`)
