// Abnormal exits while plugin threads call into the async runtime (test/hardening/exit-paths.test.ts
// runs it as a child process): `node --import tsx async-exit.ts <async plugin> <how>`, how =
//   throw-while-streaming   4 plugin threads send into a channel as fast as they can; the loop
//                           reading it throws once events flow (uncaught)            -> exit 1
//   exit-while-streaming    the same with process.exit(3)                            -> exit 3
//   exit-while-waking       1,000 futures pending, their plugin threads calling the wakers
//                           over the next 200 ms; process.exit(3) from a timer       -> exit 3
//   throw-while-waking      the same with an uncaught exception from the timer       -> exit 1
// (A timer or a rejection cannot end the streaming cases: while events keep arriving, the loop
// reading the channel never yields to the event loop; docs/hardening.md.)
import { channel } from '../../../src/index.ts'
import { loadAsyncPlugin } from '../../async/api.ts'

const [plugin, how] = process.argv.slice(2)
const p = loadAsyncPlugin(plugin)
process.on('exit', (code) => console.log(`exit ${code}`))

if (how.endsWith('-while-streaming')) {
  const events = channel()
  p.ap_spawn_streams(events, 4, 100_000_000n)
  let n = 0
  for await (const _ of events) {
    if (++n === 1000) {
      console.log('flowing')
      if (how === 'exit-while-streaming') process.exit(3)
      throw new Error('boom while streaming')
    }
  }
} else {
  // Each future's plugin thread wakes it after 1..200 ms, and again 20 ms after it completed.
  const pending = Array.from({ length: 1000 }, (_, i) => p.ap_sleep_then(BigInt(1 + (i % 200)), BigInt(i), 20n))
  for (const f of pending) void f.catch(() => {})
  setTimeout(() => {
    console.log('waking')
    if (how === 'exit-while-waking') process.exit(3)
    throw new Error('boom while waking')
  }, 50)
}
