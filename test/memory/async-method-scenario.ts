// A plain script (no test runner) for runs under valgrind and ASan: `node async-method-scenario.mjs
// <trait plugin.so> [rounds]`. A JS async SenderOpaque.send (returning BorrowingFfiFuture<'_,
// RResult<(), RBoxError>>) awaited by 4 plugin tasks on their own threads, some replies rejected
// (RErr(RBoxError) the plugin drops); a send on the main thread polled later; futures dropped
// before their promise settles (main thread and plugin thread). Checks that the plugin's and the
// runtime's allocation counters, the host futures, the plugin's wakers and the host registry
// return to baseline.
import assert from 'node:assert/strict'
import { asyncLive, deliveries, hostStats, liveAllocations } from '../../src/index.ts'
import { Sent, bind } from '../trait/async-sender-api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node async-method-scenario.mjs <trait plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = bind(path)
const pluginBaseline = p.tr_live_allocations()
const runtimeBaseline = liveAllocations()
const futuresBaseline = asyncLive().hostFutures

async function until(read: () => unknown, expected: unknown): Promise<void> {
  for (let i = 0; i < 1000 && read() !== expected; i++) await new Promise((r) => setTimeout(r, 10))
  assert.equal(read(), expected)
}
const tick = () => new Promise((r) => setTimeout(r, 0))

async function round(): Promise<void> {
  const sender = {
    async send(reply: { seq: bigint }) {
      if (reply.seq % 5n === 2n) throw new Error(`refused ${reply.seq}`)
      return { ok: true as const, value: undefined }
    },
  }
  p.tr_async_send_spawn(sender, 4, 200n)
  await until(() => p.tr_async_threads_done(), 4)
  assert.equal(p.tr_async_sent_err(), 4n * 40n)
  assert.equal(p.tr_async_sent_ok(), 4n * 160n)
  assert.equal(p.tr_async_sent_panicked(), 0n)

  const a = p.tr_async_send_main(sender, 1n, 2n)
  const b = p.tr_async_send_main(sender, 1n, 3n)
  await tick()
  assert.equal(p.tr_async_poll_main(a), Sent.Err)
  assert.equal(p.tr_async_last_error(), 'refused 2')
  assert.equal(p.tr_async_poll_main(b), Sent.Ok)

  const gates: (() => void)[] = []
  const slow = { send: () => new Promise<{ ok: false; error: Error }>((resolve) => gates.push(() => resolve({ ok: false, error: new Error('late') }))) }
  assert.equal(p.tr_async_drop_main(p.tr_async_send_main(slow, 2n, 0n)), 0)
  p.tr_async_send_drop_early(slow)
  await until(() => p.tr_async_threads_done() === 1 && gates.length === 2, true)
  for (const open of gates) open()
  await deliveries()
  p.tr_async_release_main_waker()
  await until(() => asyncLive().hostFutures, futuresBaseline)
  await until(() => p.tr_async_live_wakers(), 0n)
  assert.equal(hostStats().liveObjects, 0)
}

for (let i = 0; i < rounds; i++) await round()
await until(() => p.tr_live_allocations(), pluginBaseline)
assert.equal(liveAllocations(), runtimeBaseline)
console.log(`async method scenario: ${rounds} rounds clean`)
