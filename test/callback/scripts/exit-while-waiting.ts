// A script that exits while a plugin thread waits for an answer from JS (offThread: 'wait'): the
// process ends cleanly. `node --import tsx exit-while-waiting.ts <plugin>`
import { callback, t } from '../../../src/index.ts'
import { U32Callback, loadCallbackPlugin } from '../api.ts'

const p = loadCallbackPlugin(process.argv[2])
let answered = 0
const cb = callback(
  (n: number) => {
    if (++answered === 100) {
      console.log('exiting')
      process.exit(0)
    }
    return n
  },
  t.fn([t.u32], t.u32),
  { keepAlive: true, offThread: 'wait', timeoutMs: 60_000 },
)
void U32Callback
p.cb.tr_ask_start(cb, 1_000_000)
