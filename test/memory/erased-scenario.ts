// A plain script (no test runner) that drives the erased types of an erased test plugin, for runs
// under valgrind and ASan: `node erased-scenario.mjs <plugin.so> [rounds]`. Plugin-made DynTraits
// (every trait slot, clones, moves, loans, containers, iterators), JS-made DynTraits (formatted,
// iterated, cloned, compared, hashed, serialized by the plugin), NonExhaustive commands (known and
// unknown variants, passed back, JS-made ones with the plugin's vtable and with the host's, a broken
// one refused) and the shop's NonExhaustiveFor<Error> answers (known, unknown, cloned, and
// InvalidCommand boxing a host-vtable command), and the io traits: a plugin's Cursor read, written,
// sought and buffered from JS (its RIoErrors dropped once), and JS readers and writers used by the
// plugin (JS errors reaching it as host-made RIoErrors, formatted and dropped there or passed back).
// It checks results, and that the plugin's and the runtime's counters return to their baselines.
import assert from 'node:assert/strict'
import { IoError, RIoError, UnknownVariant, hostStats, liveAllocations, t } from '../../src/index.ts'
import { Cursor, ioApi } from '../erased/io-api.ts'
import { CommandDisplay, CommandInterface, CommandStorage, CommandV1, CommandV2, ErrorInterface, ErrorStorage, bindAll, loadErasedPlugin, shopApi, shopErrors, shopStateApi } from '../erased/api.ts'

const [path, roundsArg] = process.argv.slice(2)
if (!path) {
  console.error('usage: node erased-scenario.mjs <plugin library> [rounds]')
  process.exit(2)
}
const rounds = Number(roundsArg ?? 3)
const p = loadErasedPlugin(path)
const old = bindAll(path, shopApi(t.NonExhaustive(CommandV1, CommandStorage, CommandInterface)))
const cur = bindAll(path, shopApi(t.NonExhaustive(CommandV2, CommandStorage, CommandInterface)))
// Host-vtable commands: these declarations never read a plugin value, so JS writes with the host's vtable.
const CommandV3 = t.enum('Command', { CreateItem: { name: t.RString, price: t.u32 }, DeleteItem: { id: t.u64 }, AddItem: { id: t.u64, count: t.u32 }, RenameItem: { id: t.u64, name: t.RString }, RemoveItem: { id: t.u64, count: t.u32 } }, { repr: 'u8' })
const HostCmd = t.NonExhaustive(CommandV3, CommandStorage, CommandInterface, { display: { ...CommandDisplay, RemoveItem: 'remove {count} of #{id}' } })
const host = bindAll(path, { sh_describe: t.fn([HostCmd, HostCmd], t.RString), sh_run: t.fn([HostCmd], t.RString) })
const OldError = t.NonExhaustive(shopErrors(HostCmd).ErrorV1, ErrorStorage, ErrorInterface)
const shopFns = bindAll(path, shopStateApi(HostCmd, OldError))
const io = bindAll(path, ioApi)
const seekCursor = bindAll(path, { er_io_seek_read: t.fn([Cursor], t.RResult(t.RString, RIoError)) })
const pluginBaseline = p.er_live_allocations()
const runtimeBaseline = liveAllocations()

function round(): void {
  // DynTrait: every slot, clone, move, loans, containers.
  const a = p.er_text_new('memory')
  const b = a.clone()
  assert.equal(String(a), 'memory')
  assert.equal(a.debug(true), 'Text(\n    "memory",\n)')
  assert.ok(a.equals(b))
  assert.equal(a.compare(b), 0)
  assert.equal(a.hash(), b.hash())
  assert.deepEqual(a.toJSON(), { text: 'memory' })
  const bad = p.er_text_new('!x')
  assert.throws(() => bad.toJSON(), /not serializable/)
  bad.drop()
  p.er_text_push(a, '+')
  assert.equal(p.er_text_len(a), 7n)
  p.er_text_replace(a, b)
  assert.equal(p.er_text_take(a), 'memory')
  b.drop()
  const quiet = p.er_text_no_display('q')
  assert.throws(() => String(quiet), /no Display slot/)
  quiet.drop()
  for (const x of p.er_texts(3)) x.drop()
  p.er_text_maybe('m', true)!.drop()
  const w = p.er_words('a b c d')
  assert.deepEqual(w.nextBack(), { done: false, value: 'd' })
  assert.deepEqual([...w].slice(0, 1), ['a'])
  w.drop()
  const w2 = p.er_words('x y z')
  w2.next()
  assert.equal(p.er_words_count(w2), 2n)
  p.er_words('left behind').drop()

  // JS-made DynTraits: formatted and dropped by the plugin, on its thread too; iterables moved and lent.
  assert.equal(p.er_show({ toString: () => 'js' }), "js|{ toString: [Function: toString] }")
  assert.equal(p.er_show_on_thread('t'), "t|'t'")
  assert.equal(p.er_join(['a', 'b', 'c']), 'n=3 back=c: a,b')
  assert.equal(p.er_take_two(['x', 'y', 'z']), 'x,y')
  assert.throws(() => p.er_join([1] as never))
  assert.equal(p.er_relate('a', 'b'), 'eq=false cmp=Less hash=different json="a" clone=a clone_eq=true')
  assert.equal(p.er_relate({ n: 1n }, { n: 1n }), 'eq=true cmp=Equal hash=same json={"n":1} clone=[object Object] clone_eq=true')

  // io: a plugin's Cursor and Builder from JS; JS readers and writers for the plugin.
  const c = io.er_cursor_new('cursor', 8)
  const buf = new Uint8Array(3)
  assert.equal(c.read(buf), 3)
  assert.equal(c.seek({ end: -1 }), 5n)
  assert.equal(c.fillBuf().length, 1)
  c.consume(1)
  assert.throws(() => c.readExact(buf), IoError)
  assert.throws(() => c.write('too long'), /cursor limit of 8 bytes reached/)
  c.writeAll('!!')
  assert.equal(io.er_cursor_contents(c), 'cursor!!')
  assert.deepEqual(seekCursor.er_io_seek_read(c), { ok: true, value: '5:r!! 1:ur 2:r' })
  const builder = io.er_builder_new()
  builder.writeStr('built')
  assert.equal(String(builder), 'built')
  builder.drop()
  const data = new TextEncoder().encode('js reader')
  let at = 0
  const reader = { read: (b: Uint8Array) => { const n = Math.min(b.length, data.length - at); b.set(data.subarray(at, at + n)); at += n; return n } }
  assert.deepEqual(io.er_io_read_all(reader, 2), { ok: true, value: 'js reader' })
  assert.match(String((io.er_io_read_all({ read: () => { throw new Error('js failed') } }, 0) as { error: unknown }).error), /js failed/)
  const chunks: Uint8Array[] = []
  assert.deepEqual(io.er_io_write_message({ write: (b: Uint8Array) => (chunks.push(b.slice(0, 3)), Math.min(3, b.length)) }, 'to js'), { ok: true, value: 5n })
  assert.equal(io.er_io_try_write({ write: () => { throw new IoError('BrokenPipe', 'js pipe') } }, 'x'), 'error 9: js pipe')
  assert.equal(io.er_fmt_greet({ writeStr: () => {} }, 'mem'), true)
  assert.equal(hostStats().liveObjects, 0)

  // NonExhaustives under the host's vtable: formatted, serialized, compared, cloned, run, dropped by the plugin.
  assert.match(host.sh_describe({ tag: 'CreateItem', name: 'mem', price: 1 }, { tag: 'AddItem', id: 1n, count: 1 }), /^CreateItem \{ name: "mem", price: 1 \} \| create mem for 1 \| .* \| ne other \| eq clone \| /)
  assert.equal(host.sh_run({ tag: 'RenameItem', id: 1n, name: 'host' }), 'ran: rename #1 to host')
  assert.equal(host.sh_run({ tag: 'RemoveItem', id: 1n, count: 1 }), 'unsupported command')

  // The shop's errors: known, unknown to this declaration (cloned, formatted), InvalidCommand boxing a host command.
  const shop = shopFns.sh_shop_new()
  assert.deepEqual(shopFns.sh_shop_run(shop, { tag: 'CreateItem', name: 'x', price: 1 }), { ok: true, value: 'created #0 x' })
  assert.deepEqual(shopFns.sh_shop_run(shop, { tag: 'CreateItem', name: 'x', price: 1 }), { ok: false, error: { tag: 'ItemAlreadyExists', id: 0n, name: 'x' } })
  const invalid = shopFns.sh_shop_run(shop, { tag: 'RemoveItem', id: 0n, count: 1 }) as { ok: false; error: { tag: string; cmd: unknown } }
  assert.deepEqual(invalid.error, { tag: 'InvalidCommand', cmd: { tag: 'RemoveItem', id: 0n, count: 1 } })
  const named = (shopFns.sh_shop_run(shop, { tag: 'RenameItem', id: 0n, name: '' }) as { ok: false; error: UnknownVariant }).error
  assert.equal(String(named), 'invalid name ""')
  const namedCopy = named.clone()
  assert.ok(namedCopy.equals(named))
  namedCopy.drop()
  named.drop()
  shopFns.sh_shop_free(shop)
  assert.equal(shopFns.sh_errors_live(), 0n)

  // NonExhaustive: known, unknown, passed back, JS-made, in a vector, broken.
  assert.deepEqual(old.sh_command_add(1n, 2), { tag: 'AddItem', id: 1n, count: 2 })
  assert.deepEqual(cur.sh_command_delete(6n), { tag: 'DeleteItem', id: 6n })
  assert.deepEqual(old.sh_command_create('c', 1), { tag: 'CreateItem', name: 'c', price: 1 })
  const u = old.sh_command_rename(2n, 'r') as UnknownVariant
  assert.equal(u.debug(), 'RenameItem { id: 2, name: "r" }')
  assert.deepEqual(u.toJSON(), { RenameItem: { id: 2, name: 'r' } })
  const copy = u.clone()
  assert.ok(copy.equals(u))
  copy.drop()
  assert.equal(old.sh_run(u), 'ran: rename #2 to r')
  assert.equal(old.sh_run({ tag: 'CreateItem', name: 'js', price: 4 }), 'ran: create js for 4')
  assert.equal(cur.sh_run({ tag: 'RenameItem', id: 3n, name: 'js' }), 'ran: rename #3 to js')
  for (const c of old.sh_commands()) if (c instanceof UnknownVariant) c.drop()
  assert.equal(cur.sh_commands().length, 2)
  assert.throws(() => old.sh_bad_command(), /non-null vtable/)
}

const made = cur.sh_made()
const drops = cur.sh_drops()
for (let i = 0; i < rounds; i++) round()
// Every command the plugin made was dropped once, and so were the two per round JS made.
assert.equal(cur.sh_drops() - drops, cur.sh_made() - made + 2n * BigInt(rounds))
assert.equal(p.er_live(), 0n)
assert.equal(p.er_live_allocations(), pluginBaseline)
assert.equal(liveAllocations(), runtimeBaseline)
console.log(`erased scenario: ${rounds} rounds passed`)
