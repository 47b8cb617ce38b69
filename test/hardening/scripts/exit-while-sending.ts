// A script that ends abnormally while a plugin thread is sending to a JS object as fast as it
// can (test/hardening/exit-paths.test.ts runs it as a child process):
//   `node --import tsx exit-while-sending.ts <trait plugin> <how>`, how =
//   throw-in-timer    an uncaught exception from a timer once messages flow  -> exit 1
//   throw-in-method   the JS send method itself throws: reported on stderr, delivery goes on,
//                     and the script exits 0 from a later send              -> exit 0
//   reject            an unhandled promise rejection                        -> exit 1
//   exit-code         process.exit(7) from a send call                      -> exit 7
import { implement } from '../../../src/index.ts'
import { Sender, loadTraitPlugin } from '../../trait/api.ts'

const [plugin, how] = process.argv.slice(2)
const p = loadTraitPlugin(plugin)
let received = 0
const sender = implement(Sender, {
  send() {
    received++
    if (received === 2000 && how === 'throw-in-method') {
      console.log('still flowing')
      process.exit(0)
    }
    if (received === 1000) {
      console.log('flowing')
      if (how === 'throw-in-method') throw new Error('boom in send')
      if (how === 'exit-code') process.exit(7)
      if (how === 'throw-in-timer') setTimeout(() => {
        throw new Error('boom in timer')
      })
      if (how === 'reject') void Promise.reject(new Error('boom in promise'))
    }
  },
  close() {},
})
// 100 million messages: far more than get delivered before the script dies.
p.fns.tr_spawn_sender(sender, 100_000_000n)
// Keep the loop alive whatever the sender's delivery does (the test's timeout ends a hang).
setInterval(() => {}, 1000)
process.on('exit', (code) => console.log(`exit ${code} after ${received >= 1000 ? '1000+' : received}`))
