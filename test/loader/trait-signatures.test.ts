// The signature check on trait objects and channel ends, through the Rust trait plugin's root
// module (plugins-rust/trait-plugin/src/signatures.rs, built with the mirror crate): the auto
// traits abi_stable records in RObject's extra_checks (reference 5.3.8), the pointer an object
// is over (11.B) and the element type of RSender/RReceiver (11.C). The C plugins emit no
// TypeLayout for their modules (their root layout is `No`), so this check is Rust-only.
import { inject } from 'vitest'
import { describe, expect, it } from 'vitest'
import { LayoutMismatchError, loadLibrary, t, type Desc, type PrefixDesc } from '../../src/index.ts'

const VERSION = '0.1.0'
const plugin = (): string => {
  const path = inject('traitPlugins').Rust
  if (!path) throw new Error('the Rust trait plugin was not built')
  return path
}

const counterMethods = {
  incr: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
  reset: t.method([], t.unit, { mut: true }),
}
const Sink = t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) }, { send: true, sync: true })
const Tally = t.trait('Tally', { count: t.method([], t.u64) })
const CounterArc = t.trait('PCounter', counterMethods, { pointer: 'RArc' })
const CounterMut = t.trait('PCounter', counterMethods, { pointer: 'RMut' })
const CounterRef = t.trait('PCounter', counterMethods, { pointer: 'RRef' })
const count = { count: t.method([], t.u64) }

const members = {
  sink_new: t.fn([], Sink),
  tally_new: t.fn([t.u64], Tally),
  counter_arc_new: t.fn([t.i64], CounterArc),
  counter_mut_incr: t.fn([CounterMut, t.i64], t.i64),
  counter_ref_get: t.fn([CounterRef], t.i64),
  count_to: t.fn([t.u64], t.RReceiver(t.u64)),
  spawn_senders: t.fn([t.RSender(t.u64), t.u32, t.u32], t.unit),
}
const module = (changes: Partial<Record<keyof typeof members, Desc>> = {}, extra: Record<string, Desc> = {}): PrefixDesc =>
  t.prefixModule('SignaturesMod', { ...members, ...changes, ...extra }, { lastPrefixField: 'spawn_senders' })

function refusal(Module: PrefixDesc): LayoutMismatchError {
  try {
    loadLibrary(plugin(), Module, { version: VERSION })
  } catch (e) {
    if (e instanceof LayoutMismatchError) return e
    throw e
  }
  throw new Error('the trait plugin loaded with a wrong declaration')
}

describe('a declaration matching the plugin', () => {
  it('passes the signature check and its functions work', async () => {
    const lib = loadLibrary(plugin(), module(), { version: VERSION })
    expect(lib.checks).toContain('type-layout-signatures')
    const m = lib.module as any
    const sink = m.sink_new()
    expect(sink.put(5n)).toBe(5n)
    expect(sink.put(7n)).toBe(12n)
    sink.drop()
    const tally = m.tally_new(9n)
    expect(tally.count()).toBe(9n)
    tally.drop()
    const arc = m.counter_arc_new(40n)
    expect(arc.get()).toBe(40n)
    arc.drop()
    const receiver = m.count_to(3n)
    const got: bigint[] = []
    for await (const v of receiver) got.push(v)
    expect(got).toEqual([1n, 2n, 3n])
  })
})

describe('auto traits (RequiredTraits in extra_checks)', () => {
  it('a Send + Sync trait declared without send/sync: refused, naming the trait and both bit sets', () => {
    const e = refusal(module({ sink_new: t.fn([], t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) })) }))
    expect(e.check).toBe('type-layout-signatures')
    expect(e.differences).toEqual([
      {
        path: 'SignaturesMod.sink_new.returns (Sink_TO) auto traits of Sink',
        expected: 'no auto traits (auto_traits 0), as declared { send: false, sync: false }',
        found: "Send + Sync (auto_traits 3): declare t.trait('Sink', ..., { send: true, sync: true })",
      },
    ])
  })

  it('a trait without auto traits declared Send: refused', () => {
    const e = refusal(module({ tally_new: t.fn([t.u64], t.trait('Tally', count, { send: true })) }))
    expect(e.differences).toEqual([
      expect.objectContaining({ path: 'SignaturesMod.tally_new.returns (Tally_TO) auto traits of Tally', expected: expect.stringMatching(/^Send \(auto_traits 1\)/), found: expect.stringMatching(/^no auto traits \(auto_traits 0\)/) }),
    ])
  })

  it('Sync alone is not Send + Sync', () => {
    const e = refusal(module({ sink_new: t.fn([], t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) }, { sync: true })) }))
    expect(e.differences[0]).toMatchObject({ expected: expect.stringMatching(/^Sync \(auto_traits 2\)/), found: expect.stringMatching(/^Send \+ Sync \(auto_traits 3\)/) })
  })
})

describe('extra_checks that are no RequiredTraits (hardening)', () => {
  it('NULL, a wild pointer and out-of-range words: each refused at its path, nothing read blindly', () => {
    const e = refusal(
      module({}, {
        garbled_null: t.fn([], t.trait('GarbledNull', count)),
        garbled_wild: t.fn([], t.trait('GarbledWild', count)),
        garbled_bits: t.fn([], t.trait('GarbledBits', count)),
      }),
    )
    expect(e.check).toBe('type-layout-signatures')
    const byPath = Object.fromEntries(e.differences.map((d) => [d.path, d.found]))
    expect(Object.keys(byPath).sort()).toEqual([
      'SignaturesMod.garbled_bits.returns (GarbledBits_TO) auto traits of GarbledBits',
      'SignaturesMod.garbled_null.returns (GarbledNull_TO) auto traits of GarbledNull',
      'SignaturesMod.garbled_wild.returns (GarbledWild_TO) auto traits of GarbledWild',
    ])
    expect(byPath['SignaturesMod.garbled_null.returns (GarbledNull_TO) auto traits of GarbledNull']).toMatch(/^no extra_checks/)
    expect(byPath['SignaturesMod.garbled_wild.returns (GarbledWild_TO) auto traits of GarbledWild']).toMatch(/RObject's extra_checks \(0x18, 16 bytes\) is not in readable memory/)
    expect(byPath['SignaturesMod.garbled_bits.returns (GarbledBits_TO) auto traits of GarbledBits']).toMatch(/holds no RequiredTraits \(auto_traits 0xffff, regular_traits 0xffffffffffffffff/)
  })
})

describe('the pointer a trait object is over', () => {
  it.each([
    ['an RArc object declared over RBox', { counter_arc_new: t.fn([t.i64], t.trait('PCounter', counterMethods)) }, 'SignaturesMod.counter_arc_new.returns (PCounter_TO).ptr', 'RBox', 'RArc'],
    ['an RMut object declared over RRef', { counter_mut_incr: t.fn([CounterRef, t.i64], t.i64) }, 'SignaturesMod.counter_mut_incr.args[0] (PCounter_TO).ptr', 'RRef', 'RMut'],
    ['an RRef object declared over RMut', { counter_ref_get: t.fn([CounterMut], t.i64) }, 'SignaturesMod.counter_ref_get.args[0] (PCounter_TO).ptr', 'RMut', 'RRef'],
  ] as const)('%s: refused at .ptr', (_, changes, path, declared, found) => {
    const e = refusal(module(changes))
    expect(e.differences).toEqual([{ path, expected: `PCounter objects over ${declared}<()> (declared pointer: '${declared}')`, found: expect.stringMatching(new RegExp(`^over ${found}`)) }])
  })

  it('an owned object declared as a borrowed one: the size differs too, and is reported', () => {
    const e = refusal(module({ counter_arc_new: t.fn([t.i64], CounterMut) }))
    expect(e.differences.map((d) => d.path)).toContain('SignaturesMod.counter_arc_new.returns (PCounter_TO).ptr')
  })
})

describe('channel ends', () => {
  it('the element type is checked through the VTable: RReceiver<u32> against RReceiver<u64>', () => {
    const e = refusal(module({ count_to: t.fn([t.u64], t.RReceiver(t.u32)) }))
    expect(e.differences).toEqual([{ path: 'SignaturesMod.count_to.returns (RReceiver<u64>).vtable.send.args[1]', expected: 'u32', found: 'u64' }])
  })

  it('RSender<RString> against RSender<u64>', () => {
    const e = refusal(module({ spawn_senders: t.fn([t.RSender(t.RString), t.u32, t.u32], t.unit) }))
    expect(e.differences).toEqual([{ path: 'SignaturesMod.spawn_senders.args[0] (RSender<u64>).vtable.send.args[1]', expected: 'RString', found: 'u64' }])
  })

  it('a receiver declared where the plugin has a sender: refused by name', () => {
    const e = refusal(module({ spawn_senders: t.fn([t.RReceiver(t.u64), t.u32, t.u32], t.unit) }))
    expect(e.differences).toEqual([{ path: 'SignaturesMod.spawn_senders.args[0]', expected: 'RReceiver<u64>', found: 'RSender<u64>' }])
  })
})
