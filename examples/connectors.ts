// Demo (`npm run demo`): builds the example connector plugins (C and Rust) and some broken ones,
// puts them on a plugin path, discovers them with findPlugins, prints what loaded and which
// checks ran, builds connectors from a config and calls them, and prints the failures as a user
// would see them.
import { spawnSync } from 'node:child_process'
import koffi from 'koffi'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { AbiError, bindFunction, channel, findPlugins, pinLibrary, t } from '../src/index.ts'
import { repoRoot } from '../test/setup/paths.ts'
import { CONNECTOR_VERSION, ConnectorMod } from './connector/interface.ts'

const { buildCConnectors } = await import(path.join(repoRoot, 'plugins-c', 'build-connectors.mjs'))
const { buildRustConnectors } = await import(path.join(repoRoot, 'plugins-rust', 'build-connectors.mjs'))

console.log('building the example plugins (C with the system compiler, Rust with cargo --offline)...')
const c: Record<string, string> = await buildCConnectors(path.join(repoRoot, 'build', 'connectors-c'))
let rust: Record<string, string> = {}
try {
  rust = await buildRustConnectors(path.join(repoRoot, 'build', 'rust'))
} catch (e) {
  console.log(`(no Rust plugins: ${(e as Error).message.split('\n')[0]})`)
}

// Two plugin folders on a PATH-like variable, as Tremor's TREMOR_PLUGIN_PATH. Files are copied:
// discovery does not follow symbolic links.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-demo-'))
const place = (dir: string, file: string | undefined, name = file && path.basename(file)) => {
  if (!file || !name) return
  fs.mkdirSync(path.join(base, dir), { recursive: true })
  fs.copyFileSync(file, path.join(base, dir, name))
}
place('connectors', c.example_connector_c)
place('connectors', rust.example_connector)
place('connectors/legacy', rust.connector_older)
place('connectors/abi_stable', rust.connector_abi_stable_shaped)
place('incoming', c.c_not_a_plugin)
place('incoming', c.c_wrong_abi_minor)
place('incoming', rust.connector_version_0_2_0 ?? c.c_version_0_2_0)
place('incoming', rust.connector_layout_drift ?? c.c_layout_drift)
place('incoming', c.c_constructor_error)
fs.writeFileSync(path.join(base, 'incoming', 'notes.so'), 'a text file with a library suffix\n')
process.env.CONNECTOR_PLUGIN_PATH = [path.join(base, 'connectors'), path.join(base, 'incoming')].join(path.delimiter)

const { plugins, errors } = findPlugins({ envVar: 'CONNECTOR_PLUGIN_PATH', module: ConnectorMod, version: CONNECTOR_VERSION })

console.log(`\nfound ${plugins.length} plugins (host interface ${CONNECTOR_VERSION}):`)
console.table(
  plugins.map((p) => ({
    file: path.relative(base, p.path),
    name: p.name,
    version: p.version,
    checks: p.checks.join(', '),
    fields: `${p.fields.present.length}/${ConnectorMod.members.length}${p.fields.absent.length ? ` (no ${p.fields.absent.join(', ')})` : ''}`,
  })),
)

for (const p of plugins) {
  const m = p.module
  console.log(`\n${p.name}: connector type ${JSON.stringify(m.connector_type())}`)
  const built = m.from_config(`${p.name}-1`, { target: 'stdout', batch: 10 })
  if (built.ok) {
    // A Connector trait object: JS owns it, calls go through the plugin's vtable, and `using`
    // drops it through the plugin's own drop at the end of the block.
    using connector = built.value
    console.log(`  from_config -> a Connector trait object, id ${JSON.stringify(connector.id())}`)
    for (const event of ['{"tick":1}', '{"tick":2}', '']) {
      const r = connector.on_event(event)
      console.log(`  on_event(${JSON.stringify(event)}) -> ${r.ok ? `ok, ${r.value} events` : `error: ${r.error}`}`)
    }
    console.log(`  describe() -> ${JSON.stringify(connector.describe())}`)
  } else {
    console.log(`  from_config -> error: ${built.error}`)
  }
  const refused = m.from_config(`${p.name}-2`, 'not an object')
  console.log(`  from_config with a bad config -> ${refused.ok ? 'a connector?!' : `error: ${refused.error}`}`)
  console.log(`  echo("hello") -> ${JSON.stringify(m.echo('hello'))}`)
  console.log(`  sum([1, 2, 3, 2^40]) -> ${m.sum(new BigInt64Array([1n, 2n, 3n, 2n ** 40n]))}`)
  try {
    console.log(`  word_count("the cat and the hat") ->`, m.word_count('the cat and the hat'))
  } catch (e) {
    console.log(`  word_count -> ${(e as AbiError).code}: ${(e as Error).message}`)
  }
}

console.log(`\n${errors.length} files did not load:`)
for (const e of errors) console.log(`- ${path.relative(base, e.path)}\n  ${(e.error as AbiError).code}: ${e.reason.slice(e.path.length + 2)}`)

fs.rmSync(base, { recursive: true, force: true })

// Streaming: the metronome connectors (plugins-c/metronome, plugins-rust/metronome) tick from a
// thread of their own into a host channel, read here with `for await`, until stopped.
console.log('\nmetronomes: a Value event every 20 ms from a plugin thread into a host channel')
const { buildMetronomeC } = await import(path.join(repoRoot, 'plugins-c', 'metronome', 'build.mjs'))
const metronomes: [string, string][] = [['C', buildMetronomeC(path.join(repoRoot, 'build', 'plugins-c'), {}).plain]]
const cargo = spawnSync('cargo', ['build', '--offline', '--release', '-p', 'metronome'], {
  cwd: path.join(repoRoot, 'plugins-rust'),
  env: { ...process.env, CARGO_TARGET_DIR: path.join(repoRoot, 'build', 'rust') },
  encoding: 'utf8',
})
if (cargo.status === 0) metronomes.push(['Rust', path.join(repoRoot, 'build', 'rust', 'release', `libmetronome${path.extname(c.example_connector_c)}`)])
else console.log(`(no Rust metronome: ${(cargo.error?.message ?? cargo.stderr).split('\n')[0]})`)

const Metronome = t.opaque('Metronome')
for (const [lang, file] of metronomes) {
  const lib = koffi.load(file)
  pinLibrary(file) // its thread must not lose its code if the script ends first
  const start = bindFunction(lib, 'metronome_start', t.fn([t.RString, t.ROption(t.Value), t.EventSender], t.RResult(Metronome, t.RString)))
  const stop = bindFunction(lib, 'metronome_stop', t.fn([t.refMut(Metronome)], t.u64))
  const events = channel()
  const started = start(`${lang.toLowerCase()}-beat`, { interval_ms: 20 }, events)
  if (!started.ok) throw new Error(started.error)
  using metronome = started.value
  let n = 0
  for await (const event of events) {
    console.log(`  ${lang}: ${JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? Number(v) : v))}`)
    // Stopping joins the plugin's thread while this call waits; the channel then ends the loop.
    if (++n === 3) console.log(`  ${lang}: stopped after ${stop(metronome)} events`)
  }
}
