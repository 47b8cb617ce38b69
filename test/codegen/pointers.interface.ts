// Trait objects over every pointer kind, with and without auto traits, and channel ends: the
// fixture of test/codegen/pointers-channels.test.ts (generated Rust and C compile; the Rust
// plugin built from the generated module loads with this very declaration, every check passing).
import { t } from '../../src/index.ts'

export const POINTERS_VERSION = '0.3.0'

/** Objects usable from any thread (RequiredTraits auto_traits 3). */
export const Sink = t.trait('Sink', { put: t.method([t.u64], t.u64, { mut: true }) }, { send: true, sync: true })

const tally = {
  add: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
}
export const TallyArc = t.trait('Tally', tally, { pointer: 'RArc' })
export const TallyMut = t.trait('Tally', tally, { pointer: 'RMut' })
export const TallyRef = t.trait('Tally', tally, { pointer: 'RRef' })

export const PointersMod = t.prefixModule(
  'PointersMod',
  {
    sink_new: t.fn([], Sink),
    tally_arc: t.fn([t.i64], TallyArc),
    tally_add: t.fn([TallyMut, t.i64], t.i64),
    tally_get: t.fn([TallyRef], t.i64),
    count_to: t.fn([t.u64], t.RReceiver(t.u64)),
    send_all: t.fn([t.RSender(t.RString), t.u32], t.unit),
  },
  { lastPrefixField: 'send_all' },
)
