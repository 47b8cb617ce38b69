// A plain script (no test runner) that drives every trait-object path of a trait test plugin,
// for runs under valgrind and ASan: `node trait-scenario.mjs <plugin.so> [rounds]`. Plugin-made
// objects (counters, connectors, opaque bags, objects inside returned containers), JS objects the
// plugin calls on the main thread and from its threads (queued, refused, dropped there), failures
// in JS, JS objects consumed by by-value methods, JS objects over RArc cloned through `_sabi_clone`. It checks results, and that the plugin's and the runtime's allocation counters and the
// host's object registry return to their baselines.
import assert from 'node:assert/strict'
import { deliveries, hostEvents, hostStats, implement, liveAllocations, type TraitImpl } from '../../src/index.ts'
import { Logger, Sender, loadTraitPlugin } from '../trait/api.ts'
import { Session, Tally, TicketWait, bindConsumeApi } from '../trait/consume-api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node trait-scenario.mjs <plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const plugin = loadTraitPlugin(path)
const { fns } = plugin
const consume = bindConsumeApi(plugin)
const pluginBaseline = fns.tr_live_allocations()
const runtimeBaseline = liveAllocations()
let failures = 0
hostEvents.on('failure', () => failures++)

const logger = (overrides: Partial<TraitImpl<typeof Logger.trait.methods>> = {}) => ({
  log: (_level: number, msg: string) => (msg === 'line 3' ? { ok: false as const, error: 'refused line 3' } : { ok: true as const, value: undefined }),
  name: () => 'scenario',
  level: () => 2,
  flush: () => {},
  ...overrides,
})

async function round(): Promise<void> {
  // Plugin-made objects.
  const c = fns.tr_counter_new(1n)
  assert.equal(c.incr(2n), 3n)
  c.reset()
  assert.equal(fns.tr_counter_add(c, 5n), 5n)
  c.drop()
  // By-value self: the method moves the value out, the storage alone is freed.
  const ticket = fns.tr_ticket_new(9n)
  assert.equal(ticket.redeem('memory'), 'ticket 9 redeemed: memory')
  assert.equal(fns.tr_ticket_redeem(fns.tr_ticket_new(10n), 'plugin'), 'ticket 10 redeemed: plugin')
  const old = fns.tr_counter_new_v1(0n)
  assert.throws(() => old.reset(), /absent/)
  assert.equal(fns.tr_counter_take(old), 0n)
  fns.tr_counter_maybe(3n, true)!.drop()
  for (const e of fns.tr_counter_vec(4)) e.drop()
  const bag = fns.tr_bag_new()
  fns.tr_bag_insert(bag, 'key', 1n)
  assert.equal(fns.tr_bag_get(bag, 'key'), 1n)
  assert.equal(fns.tr_bag_len(bag), 1n)
  bag.drop()
  const moved = fns.tr_bag_new()
  fns.tr_bag_insert(moved, 'a', 2n)
  assert.equal(fns.tr_bag_into_len(moved), 1n)
  const made = fns.tr_from_config('scenario', { a: 1, nested: { b: [1, 'two'] } })
  assert.ok(made.ok)
  assert.deepEqual(made.value.on_event('e'), { ok: true, value: 1n })
  assert.deepEqual(made.value.on_event(''), { ok: false, error: 'empty event' })
  assert.equal(made.value.describe(), 'scenario: 2 config keys, 1 events')
  made.value.drop()
  assert.equal(fns.tr_from_config('bad', 'x').ok, false)

  // JS objects the plugin calls, keeps, drops.
  assert.deepEqual(fns.tr_log_lines(logger(), 3), { ok: true, value: 3 })
  assert.deepEqual(fns.tr_log_lines(logger(), 5), { ok: false, error: 'log failed at line 3: refused line 3' })
  assert.equal(fns.tr_logger_name(logger()), 'scenario!')
  const throwing = logger({
    log: () => {
      throw new Error('thrown')
    },
    name: () => {
      throw new Error('thrown')
    },
  })
  assert.deepEqual(fns.tr_log_lines(throwing, 1), { ok: false, error: 'log failed at line 0: thrown' })
  assert.equal(fns.tr_logger_name(throwing), '!')
  assert.equal(fns.tr_log_on_thread(logger()).ok, false)
  assert.equal(fns.tr_level_on_thread(logger()), 255)
  fns.tr_flush_on_thread(logger())
  fns.tr_logger_keep(logger())
  fns.tr_logger_keep(logger())
  fns.tr_logger_drop_kept_on_thread()
  fns.tr_logger_keep(logger())
  fns.tr_logger_drop_kept()
  fns.tr_logger_echo(logger()).drop()

  // Every shape, on the main thread and queued.
  const probeCalls: unknown[] = []
  const probe = {
    mixed: () => 42n,
    note: (...args: unknown[]) => void probeCalls.push(args),
    floats: (a: number, b: number) => a + b,
    single: (x: number) => x * 4,
    pair: ([a, b]: [number, bigint]) => [BigInt(a) + 1n, b + 1n] as [bigint, bigint],
    wide: () => 'w',
    narrow: (a: number, b: number, c: number) => a + b + c,
  }
  assert.match(fns.tr_probe(probe), /^mixed=42;floats=3\.75;single=2;pair=8,1099511627777;wide=w;narrow=-34470$/)
  fns.tr_probe_on_thread(probe)

  // A sender on a plugin thread, and one the call waits for.
  let received = 0n
  const closed = new Promise<bigint>((resolve) => {
    const impl: TraitImpl<typeof Sender.trait.methods> = {
      send(seq, msg) {
        assert.equal(seq, received)
        assert.equal(msg, `message ${seq}`)
        received++
      },
      close: resolve,
    }
    // keepAlive: nothing else keeps this script's event loop running while the plugin thread sends.
    fns.tr_spawn_sender(implement(Sender, impl, { keepAlive: true }), 2000n)
  })
  assert.equal(await closed, 2000n)
  let joined = 0
  fns.tr_send_and_join({ send: () => void joined++, close: () => {} }, 500n)
  await deliveries()
  assert.equal(joined, 500)
  assert.equal(probeCalls.length, 1)

  // By-value self on JS implementations: the plugin consumes them (the runtime lets go of the JS
  // object after the call, the plugin frees the storage), on the main thread, throwing, refused
  // on a plugin thread, queued from one; and JS consuming one a plugin handed back.
  const jsTicket = (redeem: (note: string) => string) => ({ id: () => 1n, redeem })
  assert.equal(consume.tr_ticket_redeem(jsTicket((n) => `js ${n}`), 'here'), 'js here')
  const tornTicket = jsTicket(() => {
    throw new Error('torn')
  })
  assert.equal(consume.tr_ticket_redeem(tornTicket, 'x'), '')
  assert.equal(consume.tr_ticket_redeem_on_thread(jsTicket((n) => n), 'there'), '')
  assert.equal(consume.tr_ticket_echo(jsTicket((n) => `back ${n}`)).redeem('js'), 'back js')
  consume.tr_ticket_redeem_detached(implement(TicketWait, jsTicket((n) => `waited ${n}`), { keepAlive: true }), 'there')
  for (let i = 0; i < 1000 && !consume.tr_ticket_redeemed_ready(); i++) await new Promise((r) => setTimeout(r, 5))
  assert.equal(consume.tr_ticket_redeemed_take(), 'waited there')
  consume.tr_session_close({ touch: () => {}, close: () => {} }, 1n)
  const sessionClosed = new Promise<bigint>((resolve) => {
    consume.tr_session_close_on_thread(implement(Session, { touch: () => {}, close: resolve }, { keepAlive: true }), 20n)
  })
  assert.equal(await sessionClosed, 20n)
  // A JS implementation over RArc cloned through `_sabi_clone`, the clone used and dropped on a thread.
  let tallied = 0n
  const tally = { add: (n: bigint) => void (tallied += n), total: () => tallied }
  assert.equal(consume.tr_tally_clones(tally), 3n)
  assert.equal(consume.tr_tally_share(implement(Tally, tally, { keepAlive: true }), 10n), 2n)
  for (let i = 0; i < 1000 && hostStats().liveObjects > 0; i++) await new Promise((r) => setTimeout(r, 5))
  assert.equal(hostStats().liveObjects, 0)
  assert.equal(tallied, 1055n)
}

for (let i = 0; i < rounds; i++) await round()
await deliveries()
// A detached plugin thread frees its own bookkeeping a moment after its last call into JS.
for (let i = 0; i < 200 && fns.tr_live_allocations() !== pluginBaseline; i++) await new Promise((r) => setTimeout(r, 10))

const pluginLive = fns.tr_live_allocations()
const runtimeLive = liveAllocations()
const stats = hostStats()
console.log(
  `trait scenario: ${rounds} rounds; plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}; ` +
    `JS objects held by the plugin ${stats.liveObjects}; reported failures ${failures}`,
)
assert.equal(pluginLive, pluginBaseline, 'plugin allocations leaked or freed twice')
assert.equal(runtimeLive, runtimeBaseline, 'runtime allocations leaked or freed twice')
assert.equal(stats.liveObjects, 0, 'JS objects still held after every plugin drop was delivered')
assert.equal(stats.unknownObject, 0, 'a release or call for an object JS did not hold')
// Per round: log (threw), name (threw), the two refusals; redeem (threw), redeem (refused).
assert.equal(failures, 6 * rounds)
