// A plain script (no test runner) for runs under valgrind and ASan: `node callback-scenario.mjs
// <trait plugin.so> [rounds]`. JS implementations taking by-value arguments of every size and class
// (a 56-byte enum and an RString on the stack, ROption<Value>, RVec, a trait object, float/integer
// mixes), on the main thread, queued from a plugin thread and refused there (every by-value argument
// dropped once by the host), and JS functions as function pointers: per call, inside a struct,
// from plugin threads, long-lived, kept past their call (expired: the fallback). It checks that the
// plugin's and the runtime's allocation counters and the host's registry return to their baselines.
import assert from 'node:assert/strict'
import { callback, callbackStats, deliveries, hostEvents, hostStats, liveAllocations, t, type TraitImpl } from '../../src/index.ts'
import { Hooks, SeqCallback, loadCallbackPlugin } from '../callback/api.ts'
import { App, bindApp } from '../trait/app.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node callback-scenario.mjs <trait plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = loadCallbackPlugin(path)
const app = bindApp(p.lib)
const pluginBaseline = p.fns.tr_live_allocations()
const runtimeBaseline = liveAllocations()
let failures = 0
hostEvents.on('failure', () => failures++)
const U32Fn = t.fn([t.u32], t.u32)
void Hooks

const appImpl: TraitImpl<typeof App.trait.methods> = {
  send: (route, msg) => (route.tag === 'Id' ? { ok: true, value: BigInt(route.name.length + msg.length) } : { ok: false, error: 'no id' }),
  post: () => {},
  mix: (a, b, c, d, e) => [a + c[0] + d + e[1], BigInt(b) + c[1] + e[0]],
  spill: (a, b, c, d, pair, e, f) => a + b + c + d + pair[0] + pair[1] + e + f,
  floats: (...xs) => xs.reduce((s, x) => s + x, 0),
  values: (value, list, tail) => `${JSON.stringify(value ?? null)}|${list.length}|${tail}`,
  take: (counter) => {
    const v = counter.get()
    counter.drop()
    return v
  },
  route: (which) => (which === 3n ? { tag: 'Id', name: 'r', instance: which, weight: 1n } : { tag: 'Many', 0: [1n, 2n] }),
  odd: (n) => [BigInt(n), n / 2],
  big: (n) => ({ a: n, b: n, c: n, d: n, e: n }),
}

async function round(): Promise<void> {
  assert.match(app.run(appImpl), /^send=10;mix=18,12;/)
  assert.equal(app.postOnThread(appImpl, 50), 1)
  await deliveries()

  assert.equal(p.cb.tr_use_callback((n: number) => n * 2, 21), 1042)
  assert.equal(p.cb.tr_maybe_callback((n: number) => n + 1, 1), 2)
  assert.match(
    p.cb.tr_hooks({
      note: () => {},
      mix: (a: number, b: number, c: number) => a * b + c,
      pair: callback(([a, b]) => [BigInt(a) + b, 0.5], t.fn([t.Tuple2(t.u32, t.u64)], t.Tuple2(t.u64, t.f64)), { fallback: [0n, 0] }),
      text: (s: string, owned: string) => `${s}+${owned}`,
      many: (...xs: bigint[]) => xs.reduce((s, x) => s + x, 0n),
    }),
    /^mix=3\.25;pair=1099511627779,0\.5;text=borrowed\+owned;many=36$/,
  )
  let seen = 0
  p.cb.tr_callback_threads(() => void seen++, 4, 500n)
  await deliveries()
  assert.equal(seen, 2000)
  assert.equal(p.cb.tr_callback_value_on_thread((n: number) => n), 0)
  const lasting = callback((n: number) => n + 5, U32Fn, { keepAlive: true })
  p.cb.tr_callback_keep(lasting)
  assert.equal(p.cb.tr_callback_call_kept(1), 6)
  let spun = 0
  const spin = callback(() => void spun++, SeqCallback, { keepAlive: true })
  p.cb.tr_callback_threads_start(spin, 2, 1000n)
  p.cb.tr_callback_threads_join()
  await deliveries()
  assert.equal(spun, 2000)
  spin.close()
  lasting.close()
  // A plugin thread waiting for answers; then one whose wait ends at the deadline (the main thread
  // is blocked joining it), its late call dropped unrun.
  let answered = 0
  const answering = callback((n: number) => (answered++, n), U32Fn, { keepAlive: true, offThread: 'wait' })
  p.cb.tr_ask_start(answering, 200)
  while (answered < 200) await new Promise((r) => setTimeout(r, 1))
  assert.equal(p.cb.tr_ask_join(), 19900n)
  answering.close()
  assert.equal(p.cb.tr_ask_blocking(callback((n: number) => n, U32Fn, { offThread: 'wait', timeoutMs: 50, fallback: 3 }), 1), 3n)
  await deliveries()
  // Kept past its call: expired, the plugin gets the fallback (reported on stderr).
  p.cb.tr_callback_keep((n: number) => n)
  assert.equal(p.cb.tr_callback_call_kept(1), 0)
}

for (let i = 0; i < rounds; i++) await round()
await deliveries()
for (let i = 0; i < 200 && p.fns.tr_live_allocations() !== pluginBaseline; i++) await new Promise((r) => setTimeout(r, 10))

const pluginLive = p.fns.tr_live_allocations()
const runtimeLive = liveAllocations()
const stats = hostStats()
const cb = callbackStats()
console.log(
  `callback scenario: ${rounds} rounds; plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}; ` +
    `JS objects held ${stats.liveObjects}; live callbacks ${cb.live}; expired calls ${cb.expiredCalls}; reported failures ${failures}`,
)
assert.equal(pluginLive, pluginBaseline, 'plugin allocations leaked or freed twice')
assert.equal(runtimeLive, runtimeBaseline, 'runtime allocations leaked or freed twice')
assert.equal(stats.liveObjects, 0, 'JS functions or objects still held after every release was delivered')
assert.equal(stats.unknownObject, 0, 'a release or call for an object JS did not hold')
assert.equal(cb.live, 0, 'callback slots still bound')
assert.equal(cb.expiredCalls, BigInt(rounds))
// Per round: the refused App.send from a thread, the refused value callback from a thread, the timed-out wait.
assert.equal(failures, 3 * rounds)
