// A script that ends while a plugin thread is still running in the plugin and calling a JS sender
// through the runtime's trampolines: Node tears down (finalizing the FFI layer's library handles),
// the thread keeps running, and the process must exit with code 0, not crash in unmapped code.
// `node --import tsx exit-while-sending.ts <plugin>`
import { loadTraitPlugin } from '../api.ts'

const p = loadTraitPlugin(process.argv[2])
let received = 0
// Messages far apart: the queue is empty most of the time, so nothing keeps the loop alive.
p.fns.tr_spawn_paced_sender({ send: () => void received++, close: () => {} }, 1_000_000n, 2_000_000n)
process.on('exit', () => console.log('exiting'))
