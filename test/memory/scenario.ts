// A plain script (no test runner) that drives every std-types entry point of a test
// plugin, for runs under valgrind and ASan: `node scenario.mjs <plugin.so> [rounds]`.
// It checks results and that both allocation counters return to their baselines.
import assert from 'node:assert/strict'
import { Handle, bindFunction, encode, liveAllocations, t, viewOf } from '../../src/index.ts'
import { loadTestPlugin } from '../std-types/api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node scenario.mjs <plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = loadTestPlugin(path)
const { fns } = p
const pluginBaseline = fns.tp_live_allocations()
const runtimeBaseline = liveAllocations()
const MapSU = t.RHashMap(t.RString, t.u32)
// Large buffers checked before they are read (test/hardening/unreadable-buffers.test.ts), and a
// Value's block-shared strings grown and dropped on plugin threads (test/std-types/value-threads.test.ts).
const sliceUnreadable = bindFunction(p.lib, 'tp_slice_unreadable', t.fn([t.u32], t.RSlice(t.u32))) as (kind: number) => Uint32Array
const stringsOnThreads = bindFunction(p.lib, 'tp_value_strings_on_threads', t.fn([t.Value, t.u32], t.u32)) as (v: unknown, growEvery: number) => number
const valueThreadsJoin = bindFunction(p.lib, 'tp_value_threads_join', t.fn([], t.u64)) as () => bigint
// Values dumped on a plugin thread that ends: only the C plugin has a runtime copy that dumps.
const hasDump = /std_test_plugin_c/.test(path)
const dumpOnThread = hasDump ? (bindFunction(p.lib, 'tp_value_dump_on_thread', t.fn([t.ref(t.Value), t.u32], t.i64)) as (v: unknown, times: number) => bigint) : null
const dumpScratchHeld = hasDump ? (bindFunction(p.lib, 'tp_dump_scratch_held', t.fn([], t.i64)) as () => bigint) : null
const Pair = t.struct('Pair', { a: t.u32, b: t.u64 })
const engineCases = {
  tp_strings_join: bindFunction(p.lib, 'tp_strings_join', t.fn([t.RVec(t.RString)], t.RString)),
  tp_result_strings_count: bindFunction(p.lib, 'tp_result_strings_count', t.fn([t.RResult(t.RVec(t.RString), t.u32)], t.u64)),
  tp_option_pairs_sum: bindFunction(p.lib, 'tp_option_pairs_sum', t.fn([t.RVec(t.ROption(Pair))], t.u64)),
  tp_pair_ref_sum: bindFunction(p.lib, 'tp_pair_ref_sum', t.fn([t.ref(Pair)], t.u64)),
}

for (let round = 0; round < rounds; round++) {
  assert.equal(fns.tp_string_new('héllo'), 'héllo')
  assert.equal(fns.tp_string_echo('x'.repeat(1000)), `${'x'.repeat(1000)}!`)
  assert.throws(() => fns.tp_string_invalid_utf8())
  fns.tp_string_drop('dropped')
  assert.equal(fns.tp_sum_i64(new BigInt64Array([1n, 2n])), 3n)
  assert.equal(fns.tp_sum_i64([1, 2, 3]), 6n)
  const plain = [0, 0]
  fns.tp_fill_u32(plain, 1)
  assert.deepEqual(plain, [1, 2])
  assert.equal(fns.tp_range_u32(100).length, 100)
  assert.equal(fns.tp_vec_push_u32([1], 50).length, 51)
  assert.deepEqual(fns.tp_vec_push_strings(['a', 'b']), ['a', 'b', 'plugin'])
  fns.tp_vec_drop_strings(['a', 'b', 'c'])
  assert.deepEqual(fns.tp_split_words('a b c'), ['a', 'b', 'c'])
  assert.equal(fns.tp_vec_shrink([1, 2]).length, 2)
  assert.throws(() => fns.tp_vec_push_strings(['ok', 5 as never]))
  assert.equal(fns.tp_option_double(2), 4)
  assert.equal(fns.tp_option_string('a'), 'a?')
  assert.deepEqual(fns.tp_checked_div(1n, 0n), { ok: false, error: 'division by zero' })
  assert.deepEqual(fns.tp_result_echo({ ok: true, value: 'y' }), { ok: true, value: 'y!' })
  assert.equal(fns.tp_box_new(1n), 1n)
  // RBoxError: read (formatted through the vtable) before the drop, also nested in a box; host-made ones dropped by the plugin.
  assert.equal(fns.tp_error_new('e').message, 'e')
  assert.equal(fns.tp_error_plain('p').debug, 'PlainError("p")')
  assert.equal(fns.tp_error_boxed('boxed').error.message, 'boxed')
  assert.equal(fns.tp_error_vec(3).length, 3)
  assert.equal(fns.tp_error_display('host-made'), 'host-made')
  assert.equal(fns.tp_error_debug(new Error('borrowed')), 'Error: borrowed | borrowed')
  assert.equal(fns.tp_box_take(2n), 2n)
  assert.equal(fns.tp_box_string('b'), 'b#')
  assert.deepEqual(fns.tp_tuple_string('ab'), ['ab', 2n])
  assert.equal(fns.tp_word_count('a b a').get('a'), 2)
  assert.equal(fns.tp_map_get(new Map([['k', 1]]), 'k'), 1)
  assert.equal(fns.tp_map_sum({ a: 1, b: 2 }), 3n)
  const host = new Handle(MapSU, new DataView(encode(MapSU, new Map()).buffer))
  fns.tp_map_insert(host, 'k', 1)
  assert.equal(fns.tp_map_entry_incr(host, 'k'), 2)
  assert.equal(fns.tp_map_remove(host, 'k'), 2)
  fns.tp_map_insert(host, 'left', 1)
  host.drop()
  const plugin = p.handle('tp_word_count')('x y')
  fns.tp_map_insert(plugin, 'z', 1)
  assert.equal(fns.tp_map_entry_incr(plugin, 'x'), 2)
  plugin.drop()
  assert.equal(fns.tp_map_of_vecs(4).size, 4)
  fns.tp_map_drop_on_thread(new Map([['a', [1, 2]], ['b', []]]))
  assert.equal(fns.tp_cow(true), 'owned')
  assert.equal(fns.tp_cow_len('abc'), 3n)
  assert.equal(fns.tp_compare(1n, 2n), -1)
  const arc = p.handle('tp_arc_new')(3n)
  assert.equal(fns.tp_arc_strong_count(arc), 1n)
  arc.drop()
  const doc = { a: [1, 'two', { b: null }], u: 2n ** 64n - 1n, bytes: new Uint8Array([1, 2]) }
  assert.deepEqual(fns.tp_value_echo(doc), doc)
  assert.equal(typeof fns.tp_value_to_json(doc), 'string')
  assert.equal(typeof fns.tp_value_sample(), 'object')
  // The call engine (one crossing: host-made RString/RVec built in C, results copied and dropped
  // in C) and the one-buffer Value and map paths, with what they pass to the per-node path.
  assert.equal(fns.tp_string_echo('é'.repeat(3 << 20)).length, (3 << 20) + 1)
  assert.deepEqual([...fns.tp_vec_push_u32(new Uint32Array([5]), 2)], [5, 0, 1])
  assert.equal(fns.tp_word_count('a b a').get('a'), 2)
  const big = { xs: Array.from({ length: 300 }, (_, i) => ({ i, s: `é${i}`, n: [2n ** 63n + BigInt(i), null, true] })), m: new Map([['k', 1.5]]) }
  assert.deepEqual(fns.tp_value_identity(big as never), { ...big, m: { k: 1.5 } })
  // Host-made objects (entries and index in the map's own block) edited by the plugin: entry API,
  // remove, growth out of the block, clear (its entries copied out of the block, then dropped).
  const edited = { hits: 1, drop: ['gone', { x: 1 }], keep: 'é', nested: { a: 1 } }
  assert.deepEqual(fns.tp_value_edit(edited as never, 20), { hits: 2, keep: 'é', nested: { a: 1 }, ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`x${i}`, i])) })
  assert.deepEqual(fns.tp_value_edit({ a: 'b' } as never, 0), { a: 'b', hits: 1 })
  assert.deepEqual(fns.tp_value_clear({ a: [1, 'two'], b: { c: 'd' } } as never), {})
  assert.throws(() => fns.tp_value_identity({ a: ['ok', '\ud800'] }))
  assert.throws(() => fns.tp_value_identity({ a: [Symbol('s')] } as never))
  const v = p.handle('tp_range_u32')(4)
  assert.equal((viewOf(v) as Uint32Array)[3], 3)
  fns.tp_vec_push_on_thread(v, 100)
  v.drop()
  // Encoded arguments (options, results, references, vectors of strings and structs) built by the
  // engine's fixups and moved into the plugin; a bad element leaves the call to koffi, nothing built.
  assert.equal(engineCases.tp_strings_join(['a', 'é', '']), 'a,é,')
  assert.equal(engineCases.tp_result_strings_count({ ok: true, value: ['ab', 'c'] }), 5n)
  assert.equal(engineCases.tp_option_pairs_sum([{ a: 1, b: 2n }, undefined]), 1003n)
  assert.equal(engineCases.tp_pair_ref_sum({ a: 1, b: 2n }), 3n)
  assert.throws(() => engineCases.tp_strings_join(['ok', 5 as never]))
}

const pluginLive = fns.tp_live_allocations()
const runtimeLive = liveAllocations()
console.log(`scenario: ${rounds} rounds; plugin live allocations ${pluginBaseline} -> ${pluginLive}; runtime ${runtimeBaseline} -> ${runtimeLive}`)
assert.equal(pluginLive, pluginBaseline, 'plugin allocations leaked or freed twice')
assert.equal(runtimeLive, runtimeBaseline, 'runtime allocations leaked or freed twice')
