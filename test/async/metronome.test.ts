// The metronome example connectors (plugins-c/metronome, plugins-rust/metronome): started from a
// config, they emit a Value event every interval from their own thread into a host channel until
// stopped; stopping joins the thread while JS waits in the call, without deadlock, and ends the
// iteration.
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import { asyncLive, bindFunction, channel, loopHolds, pinLibrary, t } from '../../src/index.ts'
import { settled } from './api.ts'
import { metronomes } from './plugins.ts'

const Metronome = t.opaque('Metronome')
const api = {
  metronome_start: t.fn([t.RString, t.ROption(t.Value), t.EventSender], t.RResult(Metronome, t.RString)),
  metronome_stop: t.fn([t.refMut(Metronome)], t.u64),
  metronome_sent: t.fn([t.ref(Metronome)], t.u64),
  metronome_skipped: t.fn([t.ref(Metronome)], t.u64),
  metronome_live_allocations: t.fn([], t.i64),
}

function load(path: string) {
  const lib = koffi.load(path)
  pinLibrary(path) // its thread may outlive a test that forgets to stop it
  return Object.fromEntries(Object.entries(api).map(([k, f]) => [k, bindFunction(lib, k, f)])) as {
    [K in keyof typeof api]: ReturnType<typeof bindFunction<(typeof api)[K]>>
  }
}

type Tick = { connector: string; seq: number | bigint; ingest_ns: number | bigint }

describe.each(metronomes())('%s metronome', (_lang, path) => {
  const m = load(path)

  it('emits numbered ticks from its own thread until stopped; stop joins while JS waits, and the iteration ends', async () => {
    const live = m.metronome_live_allocations()
    const events = channel()
    const started = m.metronome_start('beat', { interval_ms: 2 }, events)
    if (!started.ok) throw new Error(started.error)
    const metronome = started.value
    const ticks: Tick[] = []
    for await (const e of events) {
      ticks.push(e as Tick)
      if (ticks.length === 25) {
        // The thread is still sending: stop waits for it in this very call.
        const sent = m.metronome_stop(metronome)
        expect(sent).toBeGreaterThanOrEqual(25n)
      }
    }
    expect(ticks.length).toBe(Number(m.metronome_sent(metronome)))
    ticks.forEach((tick, i) => {
      expect(tick.connector).toBe('beat')
      expect(BigInt(tick.seq)).toBe(BigInt(i))
      if (i > 0) expect(BigInt(tick.ingest_ns)).toBeGreaterThan(BigInt(ticks[i - 1].ingest_ns))
    })
    expect(m.metronome_stop(metronome)).toBe(BigInt(ticks.length)) // stopping again does nothing
    metronome.drop()
    expect(loopHolds()).toBe(0)
    expect(await settled(() => asyncLive().channels, 0n)).toBe(0n)
    expect(await settled(() => m.metronome_live_allocations(), live)).toBe(live)
  })

  it('skips beats the host does not read (a full bounded channel) and still stops at once', async () => {
    const events = channel({ capacity: 2 })
    const started = m.metronome_start('slow', { interval_ms: 1 }, events)
    if (!started.ok) throw new Error(started.error)
    await new Promise((r) => setTimeout(r, 60)) // nobody reads: the channel fills
    const before = Date.now()
    const sent = m.metronome_stop(started.value)
    expect(Date.now() - before).toBeLessThan(1000)
    expect(sent).toBe(2n)
    expect(m.metronome_skipped(started.value)).toBeGreaterThan(0n)
    const got: unknown[] = []
    for await (const e of events) got.push(e)
    expect(got.length).toBe(2)
    started.value.drop()
  })

  it('dropping the handle stops it too; the host closing makes the thread end by itself', async () => {
    const events = channel()
    const started = m.metronome_start('dropped', { interval_ms: 1 }, events)
    if (!started.ok) throw new Error(started.error)
    let n = 0
    for await (const _ of events) if (++n === 3) break // closes the channel
    started.value.drop() // joins (the thread may already have ended on ABS_SEND_CLOSED)
    expect(await settled(() => asyncLive().channels, 0n)).toBe(0n)
  })

  it('refuses a bad config with the plugin error, dropping the sender it was given', async () => {
    for (const [config, message] of [
      [undefined, 'a config { interval_ms } is required'],
      [{ interval_ms: 0 }, 'interval_ms must be an integer from 1 to 3600000'],
      ['fast', 'the config must be an object'],
    ] as const) {
      const events = channel()
      const r = m.metronome_start('bad', config, events)
      expect(r).toEqual({ ok: false, error: `metronome 'bad': ${message}` })
      // The plugin dropped its only sender: the iteration ends at once.
      await expect(events.next()).resolves.toEqual({ done: true, value: undefined })
    }
    expect(loopHolds()).toBe(0)
  })
})
