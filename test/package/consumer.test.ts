// The package as a user gets it: packed, installed with production dependencies only into a new
// app outside the repository, and used from there: an ESM and a CommonJS script calling the
// example connectors (C and Rust) and a plugin future, a TypeScript consumer compiled under
// `tsc --init`'s defaults with nodenext and strict, and the CLI from node_modules/.bin.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import '../async/plugins.ts'
import '../loader/plugins.ts'
import { platformTag } from '../../src/types/runtime-path.ts'
import { freshApp, packedTarball, type Packed } from '../setup/pack.ts'
import { repoRoot } from '../setup/paths.ts'

const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')

interface Run {
  status: number | null
  out: string
}
function run(cwd: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}
const node = (cwd: string, file: string) => run(cwd, process.execPath, [file])

/** The example connector's interface as a user writes it: the repository's, importing the package by name. */
function connectorInterface(): string {
  const source = fs.readFileSync(path.join(repoRoot, 'examples', 'connector', 'interface.ts'), 'utf8')
  expect(source).toContain("from '../../src/index.ts'")
  return source.replace("from '../../src/index.ts'", "from 'abi-stable'")
}

/** The same as plain JavaScript (a TypeScript-free file; its types are inferred anyway). */
const interfaceMjs = () => connectorInterface().replace(/^import \{ fileURLToPath \}[^\n]*\n/m, '').replace(/\/\/ Printed for plugin authors[\s\S]*$/, '')

/** A consumer's module exporting a declaration of every kind `t` makes. */
const EVERY_KIND = `import { t } from 'abi-stable'
export const P = t.struct('P', { x: t.f64, y: t.u8, z: t.i8, w: t.i16, v: t.i32 })
export const Tup = t.struct('Tup', [t.u8, t.i64])
export const A = t.array(t.u32, 4)
export const U = t.union('U', { a: t.u32, b: t.f32 })
export const Tr = t.transparent('Tr', t.u64)
export const E = t.enum('E', { A: { x: t.u8 }, B: null, C: [t.u16] }, { repr: 'u8' })
export const Pre = t.prefix('Pre', { a: t.u8, b: t.u16 }, { lastPrefixField: 'a' })
export const Mod = t.prefixModule('Mod', { f: t.fn([t.RStr], t.RString) }, { lastPrefixField: 'f' })
export const L: ReturnType<typeof t.lazy> = t.lazy('L', () => P)
export const Ptrs = t.struct('Ptrs', { a: t.ptr(P), b: t.mutPtr(P), c: t.ref(P), d: t.refMut(P), e: t.fn([t.u8], t.unit), f: t.phantom(), g: t.bool, h: t.usize, i: t.isize })
export const Std = t.struct('Std', {
  s: t.RStr, st: t.RString, sl: t.RSlice(t.i64), slm: t.RSliceMut(t.u8), v: t.RVec(P), o: t.ROption(t.u32), r: t.RResult(t.u8, t.RString), b: t.RBox(P),
  t1: t.Tuple1(t.u8), t2: t.Tuple2(t.u8, t.u16), t3: t.Tuple3(t.u8, t.u16, t.u32), t4: t.Tuple4(t.u8, t.u16, t.u32, t.u64),
  m: t.RHashMap(t.RString, t.Value), c: t.RCow(t.RStr, t.RString), cs: t.RCowStr, cl: t.RCowSlice(t.u8), d: t.RDuration, ord: t.RCmpOrdering, arc: t.RArc(P), val: t.Value,
  err: t.RBoxError, serr: t.SendRBoxError, uerr: t.UnsyncRBoxError,
})
export const Tra = t.trait('Tra', { m: t.method([t.RStr], t.RResult(t.u64, t.RString), { mut: true }), n: t.method([], t.u8) })
export const Op = t.opaque('Op')
export const Fut = t.struct('Fut', { a: t.FfiFuture(t.u64), b: t.BorrowingFfiFuture(t.RString), c: t.LocalFfiFuture(t.u8), d: t.LocalBorrowingFfiFuture(t.u8), p: t.FfiPoll(t.u8), s: t.EventSender })
export const Dyn = t.DynTrait('RBox', { name: 'DynI', Send: true, Sync: true, Display: true, Debug: true, Clone: true, Iterator: t.RString })
export const Cmd = t.enum('Cmd', { A: { x: t.u8 }, B: null }, { repr: 'u8' })
export const CmdNE = t.NonExhaustive(Cmd, t.array(t.usize, 4), { Send: true, Sync: true, Debug: true })
export const Chan = t.struct('Chan', { s: t.RSender(t.u64), r: t.RReceiver(t.RString), d: Dyn, ne: CmdNE })
export const ArcTra = t.trait('ArcTra', { n: t.method([], t.u8) }, { pointer: 'RArc', send: true, sync: true })
export const M2 = t.prefixModule('M2', { mk: t.fn([], t.RResult(Tra, t.RString)), op: t.fn([t.refMut(Op)], t.u64), fut: t.fn([t.FfiFuture(t.u64)], t.FfiFuture(t.RString)) }, { lastPrefixField: 'mk' })
`

let packed: Packed
let app: string
const plugins = () => ({ c: inject('connectorPlugins').c.example_connector_c, rust: inject('connectorPlugins').rust.example_connector, future: inject('asyncPlugins').C })

beforeAll(() => {
  packed = packedTarball()
  app = freshApp('consumer')
  fs.writeFileSync(path.join(app, 'interface.mjs'), interfaceMjs())
  console.log(`abi-stable tarball: ${path.basename(packed.tarball)}, ${packed.files.length} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`)
}, 600_000)

describe('the tarball', () => {
  it('ships the built library, its declarations, the runtime and the plugin kits, and no tests, benchmarks or CI', () => {
    const files = packed.files
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'bin/abi-stable.mjs', 'scripts/build-native.mjs', 'plugins-c/include/abi_stable.h', 'plugins-rust/abi_stable_mirror/Cargo.toml']) {
      expect(files, f).toContain(f)
    }
    if (process.platform === 'linux' && process.arch === 'x64') expect(files).toContain('prebuilds/linux-x64-glibc/libabi_stable_rt.so')
    expect(files.filter((f) => /^(test|bench|\.ci|examples|build|node_modules)\//.test(f) || f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([])
    expect(files.filter((f) => f.startsWith('src/') && !/^src\/native\/[^/]+\.[ch]$/.test(f))).toEqual([])
    // No devDependency is imported by what runs.
    const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'abi-stable', 'package.json'), 'utf8'))
    expect(Object.keys(manifest.dependencies)).toEqual(['koffi'])
  })
})

describe('installed in a fresh app (production dependencies only)', () => {
  it('an ESM script calls both example connectors (a string, a Value config, a trait object) and a plugin future', () => {
    fs.writeFileSync(
      path.join(app, 'esm.mjs'),
      `import koffi from 'koffi'
import { bindFunction, loadLibrary, t } from 'abi-stable'
import { ConnectorMod, CONNECTOR_VERSION } from './interface.mjs'

for (const file of ${JSON.stringify([plugins().c, plugins().rust])}) {
  const lib = loadLibrary(file, ConnectorMod, { version: CONNECTOR_VERSION })
  const built = lib.module.from_config('in', { target: 'stdout' })
  if (!built.ok) throw new Error(built.error)
  const connector = built.value
  try {
    console.log(lib.module.echo('hi'), connector.on_event('{"tick":1}').value, connector.describe(), lib.checks.join(','))
  } finally {
    connector.drop() // \`using\` where the runtime has it (Node 24)
  }
}
const ready = bindFunction(koffi.load(${JSON.stringify(plugins().future)}), 'ap_ready', t.fn([t.u64], t.FfiFuture(t.u64)))
console.log('future', await ready(41n))
`,
    )
    const r = node(app, 'esm.mjs')
    expect(r.out).toMatch(/^hi! 1n? echo connector 'in' to stdout, 1 events abi-header,version,layout-string/m)
    expect(r.out.match(/^hi! /gm)).toHaveLength(2)
    expect(r.out).toContain('future 41')
    expect(r.status, r.out).toBe(0)
  })

  it("a CommonJS script require()s the package", () => {
    fs.writeFileSync(
      path.join(app, 'cjs.cjs'),
      `const { loadLibrary, t, layoutOf } = require('abi-stable')
const { ConnectorMod, CONNECTOR_VERSION } = require('./interface.mjs')
console.log('size', layoutOf(t.struct('S', { a: t.u8, b: t.u64 })).size)
const lib = loadLibrary(${JSON.stringify(plugins().c)}, ConnectorMod, { version: CONNECTOR_VERSION })
console.log(lib.module.connector_type(), lib.module.word_count('a b a'))
`,
    )
    const r = node(app, 'cjs.cjs')
    expect(r.out).toContain('size 16')
    expect(r.out).toContain("echo Map(2) { 'a' => 2, 'b' => 1 }")
    expect(r.status, r.out).toBe(0)
  })

  it("a TypeScript consumer compiles with tsc --init's defaults plus module nodenext and strict, with no error", async () => {
    const dir = path.join(app, 'ts')
    fs.mkdirSync(dir, { recursive: true })
    expect(run(dir, process.execPath, [tsc, '--init']).status).toBe(0)
    fs.writeFileSync(path.join(dir, 'interface.ts'), connectorInterface())
    // A declaration of every kind, exported: each must be nameable in the consumer's .d.ts.
    const every = EVERY_KIND
    fs.writeFileSync(path.join(dir, 'declarations.ts'), every)
    const { t } = await import('../../src/index.ts')
    for (const name of Object.keys(t)) expect(every, `EVERY_KIND uses t.${name}`).toMatch(new RegExp(`t\\.${name === 'enum' ? 'enum' : name}\\b`))
    fs.writeFileSync(
      path.join(dir, 'main.ts'),
      `import { loadLibrary, type Infer, t } from 'abi-stable'
import { ConnectorMod, CONNECTOR_VERSION } from './interface.js'

const Point = t.struct('Point', { x: t.f64, y: t.f64 })
const p: Infer<typeof Point> = { x: 1, y: 2 }
const lib = loadLibrary(process.argv[2]!, ConnectorMod, { version: CONNECTOR_VERSION })
const echoed: string = lib.module.echo('typed')
const total: bigint = lib.module.sum([1n, 2n, 3n])
console.log(echoed, total, p.x + p.y)
`,
    )
    const r = run(dir, process.execPath, [tsc, '-p', '.', '--module', 'nodenext', '--strict', '--types', 'node', '--typeRoots', path.join(repoRoot, 'node_modules', '@types')])
    expect(r.out).toBe('')
    expect(r.status).toBe(0)
    const ran = run(dir, process.execPath, ['main.js', plugins().rust])
    expect(ran.out).toContain('typed! 6n 3')
  })

  it('runs the CLI from node_modules/.bin: --help, inspect, header from a .mjs interface', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'abi-stable')
    const help = run(app, bin, ['--help'])
    expect(help.out).toContain('usage: abi-stable <command>')
    expect(help.status).toBe(0)
    const inspect = run(app, bin, ['inspect', plugins().c])
    expect(inspect.out).toContain('ConnectorMod')
    expect(inspect.status, inspect.out).toBe(0)
    const header = run(app, bin, ['header', 'interface.mjs'])
    expect(header.out).toContain('ConnectorMod_EXPORT_ROOT_MODULE')
    expect(header.status, header.out).toBe(0)
    const check = run(app, bin, ['check', plugins().rust, 'interface.mjs'])
    expect(check.out).toContain('compatible')
    expect(check.status, check.out).toBe(0)
  })

  it('reads a TypeScript interface file with the project\'s typescript, and says what to install without it', () => {
    const bin = path.join(app, 'node_modules', '.bin', 'abi-stable')
    fs.writeFileSync(path.join(app, 'interface.ts'), connectorInterface())
    const without = run(app, bin, ['header', 'interface.ts'])
    expect(without.out).toContain('npm install --save-dev typescript')
    expect(without.status).toBe(2)
    // The user's typescript: the repository's, linked in as if installed.
    fs.symlinkSync(path.join(repoRoot, 'node_modules', 'typescript'), path.join(app, 'node_modules', 'typescript'), 'dir')
    try {
      const r = run(app, bin, ['header', 'interface.ts'])
      expect(r.out).toContain('ConnectorMod_EXPORT_ROOT_MODULE')
      expect(r.status, r.out).toBe(0)
    } finally {
      fs.rmSync(path.join(app, 'node_modules', 'typescript'))
    }
  })
})

describe.runIf(process.platform === 'linux' && process.arch === 'x64')('installed with --ignore-scripts on linux-x64', () => {
  it('uses the prebuilt runtime: host-made values work with no compiler run', () => {
    const bare = freshApp('ignore-scripts', { scripts: false })
    fs.writeFileSync(path.join(bare, 'interface.mjs'), interfaceMjs())
    expect(fs.existsSync(path.join(bare, 'node_modules', 'abi-stable', 'build'))).toBe(false)
    fs.writeFileSync(
      path.join(bare, 'use.mjs'),
      `import { loadLibrary, runtimePath } from 'abi-stable'
import { ConnectorMod, CONNECTOR_VERSION } from './interface.mjs'
const lib = loadLibrary(${JSON.stringify(plugins().c)}, ConnectorMod, { version: CONNECTOR_VERSION })
console.log(lib.module.echo('host-made'), runtimePath)
`,
    )
    const r = node(bare, 'use.mjs')
    expect(r.out).toContain('host-made! ')
    expect(r.out).toContain(path.join('prebuilds', 'linux-x64-glibc', 'libabi_stable_rt.so'))
    expect(r.status, r.out).toBe(0)
  })
})

describe('where no prebuilt runtime fits and install scripts did not run', () => {
  it('the first use names the platform, what is missing and the command; build-runtime fixes it', () => {
    const bare = freshApp('no-prebuilt', { scripts: false })
    fs.writeFileSync(path.join(bare, 'interface.mjs'), interfaceMjs())
    // As on a platform the tarball carries no runtime for.
    fs.rmSync(path.join(bare, 'node_modules', 'abi-stable', 'prebuilds'), { recursive: true })
    fs.writeFileSync(
      path.join(bare, 'use.mjs'),
      `import { loadLibrary } from 'abi-stable'
import { ConnectorMod, CONNECTOR_VERSION } from './interface.mjs'
const lib = loadLibrary(${JSON.stringify(plugins().c)}, ConnectorMod, { version: CONNECTOR_VERSION })
console.log(lib.module.echo('host-made'))
`,
    )
    const before = node(bare, 'use.mjs')
    expect(before.status).not.toBe(0)
    expect(before.out).toContain(`the native runtime of abi-stable is not available on ${platformTag()}: the package carries no prebuilt runtime for this platform and none was built at install`)
    expect(before.out).toContain('RuntimeNotBuiltError')
    expect(before.out).toContain('npx abi-stable build-runtime')
    const build = run(bare, path.join(bare, 'node_modules', '.bin', 'abi-stable'), ['build-runtime'])
    expect(build.status, build.out).toBe(0)
    const after = node(bare, 'use.mjs')
    expect(after.out).toContain('host-made!')
    expect(after.status, after.out).toBe(0)
  })
})
