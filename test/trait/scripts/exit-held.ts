// A script whose plugin keeps a JS logger forever (never drops it) and has a call from its own
// thread still queued when the script's last statement has run: the queued call must be
// delivered, and the process must then exit on its own. `node --import tsx exit-held.ts <plugin>`
import { loadTraitPlugin } from '../api.ts'

const p = loadTraitPlugin(process.argv[2])
const logger = {
  log: () => ({ ok: true as const, value: undefined }),
  name: () => 'held',
  level: () => 1,
  flush: () => console.log('flushed'),
}
p.fns.tr_logger_keep(logger)
// Kept by the plugin: the plugin thread's flush is queued, nothing in JS waits for it.
p.fns.tr_flush_on_thread(logger as never)
console.log('script done')
