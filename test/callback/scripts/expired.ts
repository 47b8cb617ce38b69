// A plugin keeps a callback made for one call and calls it later: a report on stderr and the
// fallback, never the JS function (nor another callback's). Then a long-lived one, called until
// closed. `node --import tsx expired.ts <plugin>` prints what the plugin got as JSON.
import { callback, callbackStats, t } from '../../../src/index.ts'
import { loadCallbackPlugin } from '../api.ts'

const p = loadCallbackPlugin(process.argv[2])
const calls: unknown[] = []
p.cb.tr_callback_keep((n: number) => (calls.push(['kept', n]), n + 1))
p.cb.tr_use_callback((n: number) => (calls.push(['other', n]), n), 3)
const expired = p.cb.tr_callback_call_kept(5)
const lasting = callback((n: number) => n * 10, t.fn([t.u32], t.u32), { keepAlive: true })
p.cb.tr_callback_keep(lasting)
const kept = p.cb.tr_callback_call_kept(6)
lasting.close()
const closed = p.cb.tr_callback_call_kept(7)
const stats = callbackStats()
console.log(JSON.stringify({ expired, kept, closed, calls, expiredCalls: Number(stats.expiredCalls), live: stats.live }))
