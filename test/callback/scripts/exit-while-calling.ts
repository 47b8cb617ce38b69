// A script that exits while a plugin thread is still calling a long-lived JS callback: the process
// ends cleanly (status 0), not in unmapped code. `node --import tsx exit-while-calling.ts <plugin>`
import { callback } from '../../../src/index.ts'
import { SeqCallback, loadCallbackPlugin } from '../api.ts'

const p = loadCallbackPlugin(process.argv[2])
let received = 0
const cb = callback(
  () => {
    if (++received === 1000) {
      console.log('exiting')
      process.exit(0)
    }
  },
  SeqCallback,
  { keepAlive: true },
)
p.cb.tr_callback_forever(cb)
