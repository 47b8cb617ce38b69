// JS implementations consumed and shared by plugins, through the C and the Rust trait plugins
// (plugins-c/trait-plugin/consume.c, plugins-rust/trait-plugin/src/consume.rs):
// - by-value `self` (reference 11.B): the plugin calls the slot, then frees only the storage
//   (destructor(data, No, Yes)) and never `_sabi_drop`s it; the JS method runs once and the JS
//   object is let go of once, after the call, also when the method throws, when the call comes
//   from a plugin thread (queued, refused for a method returning a value, or waited for), and when
//   JS calls the method itself on a host object a plugin handed back;
// - host objects over RArc clone through their trait vtable's `_sabi_clone` (strong count + 1),
//   and the JS object is let go of once, after the last reference is dropped, on any thread.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { UseAfterMoveError, deliveries, hostEvents, hostStats, implement, liveAllocations, type HostFailure, type TraitImpl } from '../../src/index.ts'
import { Ticket, loadTraitPlugin, traitPlugins, type TraitPlugin } from './api.ts'
import { Session, Tally, TicketWait, bindConsumeApi, type ConsumeApi } from './consume-api.ts'

/** A ticket implemented in JS that records its calls. */
function jsTicket(id: bigint, redeem?: (note: string) => string) {
  const calls: string[] = []
  const impl: TraitImpl<typeof Ticket.trait.methods> = {
    id: () => id,
    redeem(note) {
      calls.push(`redeem ${note}`)
      return redeem ? redeem(note) : `js ticket ${id}: ${note}`
    },
  }
  return { impl, calls }
}

describe.each(traitPlugins())('%s plugin: by-value self on JS implementations', (_lang, path) => {
  let p: TraitPlugin
  let f: ConsumeApi
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  let failures: HostFailure[] = []
  const onFailure = (x: HostFailure) => failures.push(x)
  beforeAll(() => {
    p = loadTraitPlugin(path)
    f = bindConsumeApi(p)
    pluginBaseline = p.fns.tr_live_allocations()
    runtimeBaseline = liveAllocations()
    hostEvents.on('failure', onFailure)
  })
  afterEach(async () => {
    await deliveries()
    failures = []
  })
  afterAll(async () => {
    hostEvents.off('failure', onFailure)
    await deliveries()
    expect(hostStats().liveObjects).toBe(0)
    expect(p.fns.tr_live_allocations()).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })

  it('a plugin redeems a JS ticket: the method runs once, then the object is let go of once', () => {
    const live = hostStats().liveObjects
    const unknown = hostStats().unknownObject
    const { impl, calls } = jsTicket(4n)
    expect(f.tr_ticket_redeem(implement(Ticket, impl), 'at the door')).toBe('js ticket 4: at the door')
    expect(calls).toEqual(['redeem at the door'])
    expect(hostStats().liveObjects).toBe(live)
    expect(hostStats().unknownObject).toBe(unknown)
    expect(failures).toEqual([])
  })

  it('a JS method that throws: the plugin gets the fallback, the object is still let go of once', () => {
    const live = hostStats().liveObjects
    const threw = hostStats().threw
    const { impl, calls } = jsTicket(5n, () => {
      throw new Error('torn ticket')
    })
    expect(f.tr_ticket_redeem(impl, 'x')).toBe('')
    expect(calls).toEqual(['redeem x'])
    expect(hostStats().threw).toBe(threw + 1)
    expect(hostStats().liveObjects).toBe(live)
    expect(failures.map((x) => [x.method, x.reason])).toEqual([['redeem', 'threw']])
  })

  it('redeemed on a plugin thread: refused (it returns a value), and the object is let go of all the same', async () => {
    const live = hostStats().liveObjects
    const refused = hostStats().refused
    const { impl, calls } = jsTicket(6n)
    expect(f.tr_ticket_redeem_on_thread(impl, 'elsewhere')).toBe('')
    await deliveries()
    expect(calls).toEqual([])
    expect(hostStats().refused).toBe(refused + 1)
    expect(hostStats().liveObjects).toBe(live)
    expect(failures.map((x) => [x.method, x.reason])).toEqual([['redeem', 'refused']])
  })

  it("redeemed on a detached plugin thread that waits for JS (offThread: 'wait'): answered, then the object is let go of", async () => {
    const live = hostStats().liveObjects
    const { impl, calls } = jsTicket(7n)
    f.tr_ticket_redeem_detached(implement(TicketWait, impl), 'waited')
    for (let i = 0; i < 400 && !f.tr_ticket_redeemed_ready(); i++) await new Promise((r) => setTimeout(r, 5))
    expect(f.tr_ticket_redeemed_take()).toBe('js ticket 7: waited')
    await deliveries()
    expect(calls).toEqual(['redeem waited'])
    expect(hostStats().liveObjects).toBe(live)
    expect(failures).toEqual([])
  })

  it('closed from the calling thread and from a plugin thread (queued behind the touches), once each', async () => {
    const live = hostStats().liveObjects
    const seen: string[] = []
    const session = (name: string): TraitImpl<typeof Session.trait.methods> => ({
      touch: (seq) => void seen.push(`${name} touch ${seq}`),
      close: (code) => void seen.push(`${name} close ${code}`),
    })
    f.tr_session_close(session('here'), 7n)
    expect(seen).toEqual(['here close 7'])
    expect(hostStats().liveObjects).toBe(live)
    f.tr_session_close_on_thread(implement(Session, session('there'), { keepAlive: true }), 3n)
    await deliveries()
    for (let i = 0; i < 200 && hostStats().liveObjects !== live; i++) {
      await new Promise((r) => setTimeout(r, 5))
      await deliveries()
    }
    expect(seen.slice(1)).toEqual(['there touch 0', 'there touch 1', 'there touch 2', 'there close 3'])
    expect(hostStats().liveObjects).toBe(live)
    expect(failures).toEqual([])
  })

  it('JS consumes a JS ticket a plugin handed back: its method runs, then the object is moved and let go of', () => {
    const live = hostStats().liveObjects
    const unknown = hostStats().unknownObject
    const { impl, calls } = jsTicket(8n)
    const back = f.tr_ticket_echo(impl)
    expect(hostStats().liveObjects).toBe(live + 1)
    expect(back.id()).toBe(8n)
    expect(back.redeem('by JS')).toBe('js ticket 8: by JS')
    expect(calls).toEqual(['redeem by JS'])
    expect(hostStats().liveObjects).toBe(live)
    expect(back.alive).toBe(false)
    expect(() => back.redeem('twice')).toThrow(UseAfterMoveError)
    expect(() => back.id()).toThrow(UseAfterMoveError)
    expect(calls).toEqual(['redeem by JS'])
    expect(hostStats().unknownObject).toBe(unknown)
  })

  it('a plugin-made ticket redeemed twice from JS: the second call is refused before reaching the plugin', () => {
    const drops = p.fns.tr_ticket_drops()
    const ticket = p.fns.tr_ticket_new(9n)
    expect(f.tr_ticket_redeem(ticket, 'once')).toBe('ticket 9 redeemed: once')
    expect(() => f.tr_ticket_redeem(ticket, 'twice')).toThrow(UseAfterMoveError)
    expect(() => ticket.redeem('twice')).toThrow(UseAfterMoveError)
    expect(p.fns.tr_ticket_drops() - drops).toBe(1n)
  })
})

describe.each(traitPlugins())('%s plugin: JS implementations over RArc clone through _sabi_clone', (_lang, path) => {
  let p: TraitPlugin
  let f: ConsumeApi
  beforeAll(() => {
    p = loadTraitPlugin(path)
    f = bindConsumeApi(p)
  })

  /** A tally whose `add`s are recorded. */
  function jsTally() {
    const added: bigint[] = []
    const impl: TraitImpl<typeof Tally.trait.methods> = {
      add: (n) => void added.push(n),
      total: () => added.reduce((a, b) => a + b, 0n),
    }
    return { impl, added }
  }

  it('clones (strong count 3), calls through the last clone, and lets go of the JS object after the last drop', async () => {
    const live = hostStats().liveObjects
    const unknown = hostStats().unknownObject
    const { impl, added } = jsTally()
    impl.add(4n)
    expect(f.tr_tally_clones(impl)).toBe(4n * 10n + 3n)
    expect(added).toEqual([4n])
    await deliveries()
    expect(hostStats().liveObjects).toBe(live)
    expect(hostStats().unknownObject).toBe(unknown)
  })

  it('JS clones one a plugin handed back (through the same _sabi_clone): the JS object lives until both are dropped', () => {
    const live = hostStats().liveObjects
    const unknown = hostStats().unknownObject
    const { impl, added } = jsTally()
    const back = f.tr_tally_echo(impl)
    const copy = back.clone()
    expect(hostStats().liveObjects).toBe(live + 1)
    copy.add(2n)
    back.drop()
    expect(hostStats().liveObjects).toBe(live + 1)
    copy.add(3n)
    expect(copy.total()).toBe(5n)
    copy.drop()
    expect(hostStats().liveObjects).toBe(live)
    expect(added).toEqual([2n, 3n])
    expect(hostStats().unknownObject).toBe(unknown)
  })

  it('a clone used and dropped on a plugin thread: every add arrives, the JS object is let go of once, after both drops', async () => {
    const live = hostStats().liveObjects
    const unknown = hostStats().unknownObject
    const runtime = liveAllocations()
    const { impl, added } = jsTally()
    expect(f.tr_tally_share(implement(Tally, impl, { keepAlive: true }), 50n)).toBe(2n)
    expect(added[0]).toBe(1000n)
    for (let i = 0; i < 400 && hostStats().liveObjects !== live; i++) {
      await new Promise((r) => setTimeout(r, 5))
      await deliveries()
    }
    expect(hostStats().liveObjects).toBe(live)
    expect(added.slice(1)).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i + 1)))
    expect(hostStats().unknownObject).toBe(unknown)
    expect(liveAllocations()).toBe(runtime)
  })
})
