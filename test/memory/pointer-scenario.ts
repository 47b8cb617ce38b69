// A plain script (no test runner) for runs under valgrind and ASan: `node pointer-scenario.mjs
// <trait plugin.so> [rounds]`. Trait objects over RArc (plugin-made: cloned and dropped; host-made:
// kept, cloned and dropped by the plugin), RMut/RRef lending both ways (a JS implementation lent
// for one call, a plugin counter lent to a JS method and used after it: ExpiredBorrowError), and
// RSender/RReceiver: a host channel 4 plugin threads send on (u64 and owned RStrings, the reader
// stopping early), a plugin channel JS sends into and one JS reads. It checks that the plugin's and
// the runtime's allocation counters, the host registry and the live channels return to baseline.
import assert from 'node:assert/strict'
import { ExpiredBorrowError, bindFunction, hostStats, liveAllocations, liveRChannels, rchannel, t, type FnDesc } from '../../src/index.ts'
import { loadTraitPlugin } from '../trait/api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node pointer-scenario.mjs <trait plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)

const methods = {
  incr: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
  reset: t.method([], t.unit, { mut: true }),
}
const SharedCounter = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RArc' })
const CounterMut = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RMut' })
const CounterRef = t.trait('Counter', methods, { lastPrefixField: 'get', pointer: 'RRef' })
const Visitor = t.trait('Visitor', { visit: t.method([CounterMut], t.i64, { mut: true }) }, { pointer: 'RMut' })
const decl = {
  tr_shared_counter_new: t.fn([t.i64], SharedCounter),
  tr_shared_live: t.fn([], t.i64),
  tr_shared_take: t.fn([SharedCounter], t.i64),
  tr_counter_ref_get: t.fn([CounterRef], t.i64),
  tr_counter_mut_incr: t.fn([CounterMut, t.i64], t.i64),
  tr_visit_counter: t.fn([Visitor, t.i64], t.i64),
  tr_shared_keep: t.fn([SharedCounter], t.u64),
  tr_shared_kept_get: t.fn([], t.i64),
  tr_shared_drop_kept: t.fn([], t.unit),
  ch_spawn_senders: t.fn([t.RSender(t.u64), t.u32, t.u32], t.unit),
  ch_spawn_string_senders: t.fn([t.RSender(t.RString), t.u32, t.u32], t.unit),
  ch_summer_new: t.fn([t.u64], t.RSender(t.u64)),
  ch_summer_done: t.fn([], t.bool),
  ch_summer_total: t.fn([], t.u64),
  ch_count_to: t.fn([t.u64], t.RReceiver(t.u64)),
} as const

const p = loadTraitPlugin(path)
const f = Object.fromEntries(Object.entries(decl).map(([n, d]) => [n, bindFunction(p.lib, n, d as FnDesc)])) as { [K in keyof typeof decl]: (...a: any[]) => any }
const pluginBaseline = p.fns.tr_live_allocations()
const runtimeBaseline = liveAllocations()
const sharedBaseline = f.tr_shared_live()

async function until(read: () => unknown, expected: unknown): Promise<void> {
  for (let i = 0; i < 500 && read() !== expected; i++) await new Promise((r) => setTimeout(r, 10))
  assert.equal(read(), expected)
}

async function round(): Promise<void> {
  const a = f.tr_shared_counter_new(3n)
  const b = a.clone()
  assert.equal(f.tr_shared_take(a), 3n)
  assert.equal(f.tr_counter_ref_get(b), 3n)
  b.drop()
  assert.equal(f.tr_shared_live(), sharedBaseline)

  let value = 0n
  const impl = { incr: (by: bigint) => (value += by), get: () => value, reset: () => void (value = 0n) }
  assert.equal(f.tr_counter_mut_incr(impl, 2n), 2n)
  let kept: { get(): bigint } | undefined
  assert.equal(f.tr_visit_counter({ visit: (c: any) => ((kept = c), c.incr(1n)) }, 1n), 2002n)
  assert.throws(() => kept!.get(), ExpiredBorrowError)
  assert.equal(f.tr_shared_keep(impl), 2n)
  assert.equal(f.tr_shared_kept_get(), 2n)
  f.tr_shared_drop_kept()
  assert.equal(hostStats().liveObjects, 0)

  const numbers = rchannel(t.u64, { capacity: 8 })
  f.ch_spawn_senders(numbers.sender, 4, 200)
  let n = 0
  for await (const _ of numbers.receiver) n++
  assert.equal(n, 800)
  const strings = rchannel(t.RString, { capacity: 4 })
  f.ch_spawn_string_senders(strings.sender, 4, 50)
  let s = 0
  for await (const _ of strings.receiver) if (++s === 20) break
  const summer = f.ch_summer_new(2n)
  for (let i = 1; i <= 50; i++) await summer.send(BigInt(i))
  summer.close()
  await until(() => f.ch_summer_done(), true)
  assert.equal(f.ch_summer_total(), 1275n)
  const counted: bigint[] = []
  for await (const v of f.ch_count_to(20n)) counted.push(v)
  assert.equal(counted.length, 20)
  await until(liveRChannels, 0)
}

for (let i = 0; i < rounds; i++) await round()
await until(() => p.fns.tr_live_allocations(), pluginBaseline)
assert.equal(liveAllocations(), runtimeBaseline)
console.log(`pointer scenario: ${rounds} rounds clean`)
