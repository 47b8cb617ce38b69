// A script that hands a sender to a plugin thread with { keepAlive: true } and awaits nothing:
// the loop stays alive while the plugin holds the sender, every message is delivered, and the
// process exits once the plugin drops it. `node --import tsx exit-keep-alive.ts <plugin> <count>`
import { implement } from '../../../src/index.ts'
import { Sender, loadTraitPlugin } from '../api.ts'

const p = loadTraitPlugin(process.argv[2])
const count = BigInt(process.argv[3] ?? 1000)
let received = 0n
p.fns.tr_spawn_sender(
  implement(
    Sender,
    {
      send(seq) {
        if (seq !== received) throw new Error(`out of order: ${seq} after ${received}`)
        received++
      },
      close(n) {
        console.log(`closed after ${received} of ${n}`)
      },
    },
    { keepAlive: true },
  ),
  count,
)
process.on('exit', () => console.log(`exit with ${received} delivered`))
