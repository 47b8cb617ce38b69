// Exiting while a plugin thread is still sending into a channel: `close` leaves the loop (the
// channel is closed, the thread keeps trying), `exit` calls process.exit with the channel open.
// Either way the process ends cleanly: no native thread ever waits for or calls into JS.
import { channel } from '../../../src/index.ts'
import { loadAsyncPlugin } from '../api.ts'

const [path, mode] = process.argv.slice(2)
const p = loadAsyncPlugin(path)
const events = channel({ capacity: mode === 'exit' ? 16 : 0 })
p.ap_send_forever(events)
let n = 0
for await (const _ of events) {
  if (++n === 1000) {
    if (mode === 'exit') {
      console.log('exiting')
      process.exit(0)
    }
    break
  }
}
console.log('exiting')
