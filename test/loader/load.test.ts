// loadLibrary through the good example connectors in C and Rust: the checks that ran, the root
// module's functions with std types, the cache (same file, symlink, another declaration), the
// constructor called once (and not at all when a Rust loader stored the module), handles.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import koffi from 'koffi'
import { describe, expect, it } from 'vitest'
import { ConnectorMod, CONNECTOR_VERSION } from '../../examples/connector/interface.ts'
import {
  Handle,
  MissingFieldError,
  UseAfterMoveError,
  VersionMismatchError,
  bindPointer,
  layoutFingerprint,
  layoutString,
  loadLibrary,
  readAt,
  t,
  writeAt,
} from '../../src/index.ts'
import { readRootLayoutDescriptor, ROOT_LAYOUT_SYMBOL, ROOT_MODULE_LOADER_SYMBOL } from '../../src/loader/header.ts'
import { connectorDrops, constructions, goodPlugins, plugins } from './plugins.ts'

const load = (p: string) => loadLibrary(p, ConnectorMod, { version: CONNECTOR_VERSION })

describe.each(goodPlugins())('the %s example connector', (lang, file) => {
  it('loads with every check its library allows', () => {
    const lib = load(file)
    expect(lib.version).toBe('0.1.0')
    expect(lib.abi).toEqual({ major: 0, minor: 11 })
    // A C plugin has no TypeLayout (abi_stable's checker would not accept one written in C);
    // a mirror plugin carries both our descriptor and the TypeLayout #[export_root_module] emits.
    expect(lib.checks).toEqual(
      lang === 'C'
        ? ['abi-header', 'version', 'layout-string']
        : ['abi-header', 'version', 'layout-string', 'type-layout-field-names', 'type-layout-field-sizes', 'type-layout-signatures'],
    )
    expect(lib.fields).toEqual({ present: ['connector_type', 'from_config', 'echo', 'sum', 'word_count'], absent: [], libraryCount: 5 })
    expect(lib.name).toBe(lang === 'C' ? 'example_connector_c' : 'example_connector')
  })

  it("embeds exactly the host declaration's layout string and fingerprint", () => {
    // The check above already compares them; this says which side drifted when it fails.
    const descriptor = readRootLayoutDescriptor(koffi.load(file).symbol(ROOT_LAYOUT_SYMBOL) as bigint)
    expect(descriptor.layout).toBe(layoutString(ConnectorMod))
    expect(descriptor.fingerprint.toString(16).padStart(16, '0')).toBe(layoutFingerprint(ConnectorMod))
  })

  it('calls the root module with std types', () => {
    const m = load(file).module
    expect(m.connector_type()).toBe('echo')
    expect(m.echo('hi')).toBe('hi!')
    expect(m.echo('x'.repeat(10_000))).toBe(`${'x'.repeat(10_000)}!`)
    expect(m.sum(new BigInt64Array([1n, 2n, -3n, 2n ** 40n]))).toBe(2n ** 40n)
    expect(m.sum([])).toBe(0n)
    expect(m.word_count('to be or not to be')).toEqual(new Map([['to', 2], ['be', 2], ['or', 1], ['not', 1]]))
    expect(m.from_config('in', undefined)).toEqual({ ok: false, error: "connector 'in': a config is required" })
    expect(m.from_config('in', 5)).toEqual({ ok: false, error: expect.stringMatching(/^connector 'in': the config must be an object/) })
    expect(m.from_config('in', { target: 5 })).toEqual({ ok: false, error: expect.stringMatching(/^connector 'in': target must be a string/) })
  })

  it('builds connectors from a config: trait objects called through their vtable, dropped once by the plugin', () => {
    const m = load(file).module
    const before = connectorDrops(file)
    const built = m.from_config('in', { target: 'stderr', batch: 10 })
    if (!built.ok) throw new Error(built.error)
    const c = built.value
    expect(c.id()).toBe('in')
    expect(c.on_event('first')).toEqual({ ok: true, value: 1n })
    expect(c.on_event('second')).toEqual({ ok: true, value: 2n })
    expect(c.on_event('')).toEqual({ ok: false, error: "connector 'in': empty event" })
    expect(c.events()).toBe(2n)
    expect(c.describe()).toBe("echo connector 'in' to stderr, 2 events")
    {
      const defaults = m.from_config('out', {})
      if (!defaults.ok) throw new Error(defaults.error)
      using d = defaults.value
      expect(d.describe()).toBe("echo connector 'out' to stdout, 0 events")
    }
    expect(connectorDrops(file)).toBe(before + 1n)
    c.drop()
    expect(connectorDrops(file)).toBe(before + 2n)
    expect(() => c.events()).toThrow(UseAfterMoveError)
    expect(() => c.drop()).toThrow(UseAfterMoveError)
    expect(connectorDrops(file)).toBe(before + 2n)
  })

  it('keeps the library mapped until the process exits', () => {
    expect(load(file).pinned).toBe(true)
  })

  it('binds a function again to keep its result native', () => {
    const lib = load(file)
    const echo = lib.bind('echo', { returns: 'handle' })
    const h = echo('native')
    expect(h).toBeInstanceOf(Handle)
    expect(h.value()).toBe('native!')
    h.drop()
  })

  it('gives the same object for the same file, a symlink to it, and another compatible version', () => {
    const lib = load(file)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-link-'))
    const link = path.join(dir, path.basename(file))
    fs.symlinkSync(file, link)
    expect(load(link)).toBe(lib)
    expect(loadLibrary(file, ConnectorMod, { version: '0.1.9' })).toBe(lib)
    expect(lib.path).toBe(fs.realpathSync(file))
    // ...but still refuses a version the library cannot serve.
    expect(() => loadLibrary(file, ConnectorMod, { version: '0.2.0' })).toThrow(VersionMismatchError)
    expect(constructions(file)).toBe(1)
    fs.rmSync(dir, { recursive: true })
  })

  it('reads the module with another declaration of it without building it again', () => {
    const Older = t.prefixModule('ConnectorMod', { connector_type: ConnectorMod.fields.connector_type, from_config: ConnectorMod.fields.from_config }, { lastPrefixField: 'from_config' })
    const lib = loadLibrary(file, Older, { version: '0.1.0' })
    expect(lib.module.connector_type()).toBe('echo')
    // Fields past the declaration are ignored, and the library was constructed only once.
    expect(Object.keys(lib.module)).toEqual(['connector_type', 'from_config'])
    expect(lib.module.$address).toBe(load(file).module.$address)
    expect(constructions(file)).toBe(1)
  })

  it("uses the module a Rust loader stored in LibHeader.module instead of calling the constructor", () => {
    // A fresh copy is a separate library: nothing has built its module yet.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-stored-'))
    const copy = path.join(dir, `stored${path.extname(file)}`)
    fs.copyFileSync(file, copy)
    const header = koffi.load(copy).symbol(ROOT_MODULE_LOADER_SYMBOL) as bigint
    // What abi_stable's LateStaticRef::try_init does: call the constructor, store the module.
    const constructor = readAt(t.ptr(), header + 144n)
    const result = bindPointer(constructor, t.fn([], t.struct('R', { tag: t.u64, module: t.ptr(), rest: t.array(t.u64, 3) })))()
    expect(result.tag & 0xffn).toBe(0n)
    writeAt(t.ptr(), header + 120n, result.module)
    expect(constructions(copy)).toBe(1)
    const lib = load(copy)
    expect(lib.module.$address).toBe(result.module)
    expect(lib.module.echo('stored')).toBe('stored!')
    expect(constructions(copy)).toBe(1)
  })
})

describe('an older and a newer module', () => {
  it.each([
    ['C', () => plugins().c.c_older],
    ['Rust', () => plugins().rust.connector_older],
  ])('%s: a module without a suffix field loads; using the field names it', (_lang, file) => {
    const lib = load(file())
    expect(lib.fields.absent).toEqual(['word_count'])
    expect(lib.fields.libraryCount).toBe(4)
    expect(lib.module.echo('old')).toBe('old!')
    expect(lib.module.$has('word_count')).toBe(false)
    expect(() => lib.module.word_count('a')).toThrow(MissingFieldError)
    expect(() => lib.module.word_count('a')).toThrow(/ConnectorMod\.word_count \(field 4\) is absent/)
    expect(() => lib.bind('word_count', {})).toThrow(MissingFieldError)
  })

  it('a module with a field the host does not declare loads; the field is ignored', () => {
    const lib = load(plugins().rust.connector_newer)
    expect(lib.version).toBe('0.1.1')
    expect(lib.fields.libraryCount).toBe(6)
    expect(Object.keys(lib.module)).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'])
    expect(lib.module.word_count('a a')).toEqual(new Map([['a', 2]]))
  })
})

describe('what abi_stable itself would ask of these libraries', () => {
  // abi_stable's loader runs these checks before anything else (reference 4.3 steps 5-6, 9); we
  // skip them when loading, so here they show that our C header and Rust mirror pass them.
  const u16x1 = t.struct('U16x1', { v: t.u16 })
  const u16x2 = t.struct('U16x2', { a: t.u16, b: t.u16 })
  const pairs = t.struct('U16Pairs', { a: u16x1, b: u16x1 })
  const ptr = t.ptr()

  it.each(goodPlugins())('%s: the C-ABI test functions round-trip the values abi_stable checks', (_lang, file) => {
    const header = koffi.load(file).symbol(ROOT_MODULE_LOADER_SYMBOL) as bigint
    const fns = readAt(t.array(ptr, 15), readAt(ptr, header + 40n + 64n))
    const f = <A extends readonly Parameters<typeof t.fn>[0][number][], R extends Parameters<typeof t.fn>[1]>(i: number, args: A, ret: R) =>
      bindPointer(fns[i], t.fn(args, ret))
    const [takePairA, takePairB, retPairA, retPairB] = [f(0, [u16x1], t.u32), f(1, [u16x1], t.u32), f(2, [t.u32], u16x1), f(3, [t.u32], u16x1)]
    for (const n of [0x1, 0x5]) expect(takePairA(retPairA(n))).toBe(n)
    for (const n of [0x1_0000, 0x5_0000]) expect(takePairB(retPairB(n))).toBe(n)
    const triples = [
      [f(4, [u16x2], t.u64), f(7, [t.u64], u16x2), [0x1_0001_0000n, 0x1_0005_0000n, 0x7_0001_0000n, 0x7_0003_0000n]],
      [f(5, [u16x2], t.u64), f(8, [t.u64], u16x2), [0x1_0000_0001n, 0x1_0000_0005n, 0x7_0000_0001n, 0x7_0000_0003n]],
      [f(6, [u16x2], t.u64), f(9, [t.u64], u16x2), [0x1_0001n, 0x1_0005n, 0x7_0001n, 0x7_0003n]],
    ] as const
    for (const [take, ret, values] of triples) for (const n of values) expect(take(ret(n))).toBe(n)
    const take2a = f(10, [u16x1, u16x1], t.u64)
    const ret2a = f(12, [t.u64], pairs)
    for (const n of [0x1_0000_0005_0000n, 0xf_0000_000a_0000n]) {
      const p = ret2a(n)
      expect(take2a(p.a, p.b)).toBe(n)
    }
    const take2b = f(11, [u16x1, u16x1], t.u64)
    const ret2b = f(13, [t.u64], pairs)
    for (const n of [0x0_0007_0000_0003n, 0x0_0002_0000_000bn]) {
      const p = ret2b(n)
      expect(take2b(p.a, p.b)).toBe(n)
    }
    const mixed = f(14, [t.u16, t.unit, t.u16, t.unit, t.u16, t.unit, t.u16], t.u64)
    for (const n of [0x0n, 0x1n, 0x2_0003n, 0x4_0005_0006n, 0x7_0008_0009_000an]) {
      expect(mixed(Number(n & 0xffffn), undefined, Number((n >> 16n) & 0xffffn), undefined, Number((n >> 32n) & 0xffffn), undefined, Number(n >> 48n))).toBe(n)
    }
  })

  it.each(goodPlugins())("%s: init_globals_with takes a pointer, and LibHeader.module's lock excludes", (_lang, file) => {
    const header = koffi.load(file).symbol(ROOT_MODULE_LOADER_SYMBOL) as bigint
    bindPointer(readAt(ptr, header + 112n), t.fn([ptr], t.unit))(header)
    const rawMutex = header + 128n
    const vtable = readAt(t.array(ptr, 4), readAt(ptr, header + 136n) + 16n)
    expect(readAt(t.u64, readAt(ptr, header + 136n))).toBe(0xfn)
    const lock = bindPointer(vtable[0], t.fn([ptr], t.unit))
    const tryLock = bindPointer(vtable[1], t.fn([ptr], t.bool))
    const unlock = bindPointer(vtable[2], t.fn([ptr], t.unit))
    const tryLockFor = bindPointer(vtable[3], t.fn([ptr, t.struct('RDuration', { seconds: t.u64, subsec_nanos: t.u32 })], t.bool))
    lock(rawMutex)
    expect(tryLock(rawMutex)).toBe(false)
    expect(tryLockFor(rawMutex, { seconds: 0n, subsec_nanos: 1_000_000 })).toBe(false)
    unlock(rawMutex)
    expect(tryLock(rawMutex)).toBe(true)
    unlock(rawMutex)
  })
})
