// A plain script (no test runner) that drives the hardening paths, for runs under valgrind and
// ASan: `node hardening-scenario.mjs <std plugin.so> [rounds]`, with the fixtures' paths in the
// environment variable HARDENING_FIXTURES (JSON, written by test/memory/run.ts):
//   { hostile: { case: path }, m32, truncated: [paths], badValues, connectors: { C, Rust } }
// (m32 is null where gcc -m32 cannot build: run.ts says so)
// Loads the example connectors and calls them; loads every hostile library (each a typed error);
// reads the broken values of bad_values.c (typed errors, each owned one dropped once); misuses
// handles of the std plugin (double drop, use after move, dead handles passed back). Checks
// that the plugin's and the runtime's allocation counters return to their baselines.
import assert from 'node:assert/strict'
import koffi from 'koffi'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import { AbiError, CorruptLibraryError, LibraryNotLoadableError, UseAfterMoveError, bindFunction, liveAllocations, loadLibrary, t, type LoadedLibrary } from '../../src/index.ts'
import { HOSTILE_VERSION, HostileMod } from '../hardening/hostile.ts'
import { loadTestPlugin } from '../std-types/api.ts'

const [path, roundsArg] = process.argv.slice(2)
const fixtures = JSON.parse(process.env.HARDENING_FIXTURES ?? 'null') as {
  hostile: Record<string, string>
  m32: string | null
  truncated: string[]
  badValues: string
  connectors: Record<string, string>
} | null
if (!path || !fixtures) {
  console.error('usage: HARDENING_FIXTURES=<json> node hardening-scenario.mjs <std plugin> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = loadTestPlugin(path)
const pluginBaseline = p.fns.tp_live_allocations()
const runtimeBaseline = liveAllocations()

const bad = koffi.load(fixtures.badValues)
const drops = bindFunction(bad, 'bv_drops', t.fn([], t.u64))
const badString = (name: string) => bindFunction(bad, name, t.fn([], t.RString))

function typed(run: () => unknown, type: abstract new (...a: never[]) => AbiError): void {
  assert.throws(run, (e: unknown) => e instanceof type)
}

for (let round = 0; round < rounds; round++) {
  // Connectors through the loader.
  for (const file of Object.values(fixtures.connectors) as string[]) {
    const c: LoadedLibrary<typeof ConnectorMod> = loadLibrary(file, ConnectorMod, { version: CONNECTOR_VERSION })
    assert.equal(c.module.echo('hi'), 'hi!')
    assert.equal(c.module.sum([1, 2, 3]), 6n)
    assert.equal(c.module.word_count('a b a').get('a'), 2)
  }
  // Hostile libraries.
  for (const [name, file] of Object.entries(fixtures.hostile) as [string, string][]) {
    const load = (): LoadedLibrary<typeof HostileMod> => loadLibrary(file, HostileMod, { version: HOSTILE_VERSION })
    if (name === 'sound') assert.equal(load().module.twice(4), 8)
    else assert.throws(load, (e: unknown) => e instanceof AbiError && (name === 'wrong_magic' || e instanceof CorruptLibraryError))
  }
  for (const lib of [...(fixtures.m32 ? [fixtures.m32] : []), ...fixtures.truncated]) typed(() => loadLibrary(lib, HostileMod, { version: HOSTILE_VERSION }), LibraryNotLoadableError)
  // Broken values: refused, each dropped once through its own vtable.
  const before = drops()
  for (const name of ['bv_string_invalid_utf8', 'bv_string_len_over_cap', 'bv_string_null', 'bv_string_null_page', 'bv_string_huge', 'bv_string_unmapped_large']) {
    typed(() => badString(name)(), AbiError)
  }
  assert.equal(badString('bv_string_ok')(), 'hello')
  assert.equal(drops() - before, 7n)
  // Ownership misuse.
  const h = p.handle('tp_range_u32')(4)
  h.drop()
  typed(() => h.drop(), UseAfterMoveError)
  typed(() => p.fns.tp_vec_push_on_thread(h, 1), UseAfterMoveError)
  typed(() => p.fns.tp_vec_push_u32(h as never, 1), UseAfterMoveError)
  const moved = p.handle('tp_range_u32')(4)
  assert.equal(p.fns.tp_vec_shrink(moved as never).length, 4)
  typed(() => moved.value(), UseAfterMoveError)
  typed(() => p.fns.tp_vec_shrink(moved as never), UseAfterMoveError)
  const m = p.handle('tp_word_count')('x y x')
  assert.equal(p.fns.tp_map_entry_incr(m, 'x'), 3)
  m.drop()
  typed(() => p.fns.tp_map_sum(m), UseAfterMoveError)
}

const pluginLive = p.fns.tp_live_allocations()
const runtimeLive = liveAllocations()
console.log(`hardening scenario: ${rounds} rounds; plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}`)
assert.equal(pluginLive, pluginBaseline, 'plugin allocations leaked or freed twice')
assert.equal(runtimeLive, runtimeBaseline, 'runtime allocations leaked or freed twice')
