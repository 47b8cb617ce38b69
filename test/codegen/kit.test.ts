// The C plugin kit (plugins-c/include): abi_stable_runtime.h and abi_stable_runtime.c are generated
// from src/native (src/codegen/runtime-kit.ts) and committed, so the repository and the package
// agree; this fails when they are stale. A plugin that makes and receives every kind of owned value
// (test/codegen/kit/kit_plugin.c) builds with the one command of docs/guides/c-plugin.md, warning-free
// at -Wall -Wextra -pedantic -Werror, exports only its own symbols, and everything it hands the
// host comes back to it and is freed there.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import koffi from 'koffi'
import { beforeAll, describe, expect, it } from 'vitest'
import { liveAllocations, loadLibrary } from '../../src/index.ts'
import { KIT_HEADER, KIT_SOURCE, fileStatics, runtimeKit } from '../../src/codegen/runtime-kit.ts'
import { cli } from '../cli/run.ts'
import { repoRoot } from '../setup/paths.ts'
import { KIT_VERSION, KitMod } from './kit/kit.interface.ts'

const include = path.join(repoRoot, 'plugins-c', 'include')
const work = path.join(repoRoot, 'build', 'codegen', 'kit')

describe('the committed kit', () => {
  it('is what src/codegen/runtime-kit.ts makes of src/native now (regenerate: npm run kit)', () => {
    const kit = runtimeKit()
    const stale = 'plugins-c/include is stale: run `npm run kit` and commit the result'
    expect(fs.readFileSync(path.join(include, KIT_HEADER), 'utf8'), stale).toBe(kit.header)
    expect(fs.readFileSync(path.join(include, KIT_SOURCE), 'utf8'), stale).toBe(kit.source)
  })

  it('renames the statics two runtime files share, and only those', () => {
    expect(fileStatics('static int a;\nstatic _Atomic(int) b = 1;\nstatic const char *name(void) {\nstatic void\nlong_one(int x);\n  static int local;\n')).toEqual(['a', 'b', 'name', 'long_one'])
    const source = runtimeKit().source
    expect(source).toContain('#define queue_head abs__async_wake__queue_head')
    expect(source).toContain('#define queue_head abs__trait_queue__queue_head')
  })
})

describe('a plugin built with the kit alone', () => {
  let lib = ''
  beforeAll(async () => {
    fs.mkdirSync(work, { recursive: true })
    const r = await cli(['header', 'test/codegen/kit/kit.interface.ts', '--out', path.join(work, 'kit.h')])
    expect(r.code, r.err).toBe(0)
    fs.copyFileSync(path.join(repoRoot, 'test', 'codegen', 'kit', 'kit_plugin.c'), path.join(work, 'kit_plugin.c'))
    lib = path.join(work, 'libkit_plugin.so')
    // The command of docs/guides/c-plugin.md, with the kit in the repository.
    const cc = spawnSync(
      'cc',
      ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-shared', '-fPIC', '-fvisibility=hidden', '-pthread', '-I', include, 'kit_plugin.c', path.join(include, KIT_SOURCE), '-o', 'libkit_plugin.so'],
      { cwd: work, encoding: 'utf8' },
    )
    expect(`${cc.stdout}${cc.stderr}`).toBe('')
    expect(cc.status).toBe(0)
  }, 120_000)

  it('exports only its own symbols: the LibHeader, the layout descriptor and its one function', () => {
    const nm = spawnSync('nm', ['-D', '--defined-only', lib], { encoding: 'utf8' })
    expect(nm.status).toBe(0)
    const names = nm.stdout.split('\n').filter(Boolean).map((l) => l.split(/\s+/).at(-1))
    expect(names.sort()).toEqual(['_1as_0lib_1header_0root_bmodule_bloader', 'abi_stable_node_root_layout', 'kit_live_allocations'])
  })

  it('makes and receives strings, vectors, maps, Values, boxes, trait objects and futures; the host frees what it made, the plugin what it made', async () => {
    const kit = loadLibrary(lib, KitMod, { version: KIT_VERSION })
    const pluginLive = koffi.load(lib).func('kit_live_allocations', 'int64', []) as () => number | bigint
    const hostBefore = liveAllocations()
    const m = kit.module
    expect(m.hello('Ada')).toBe('Hello, Ada')
    expect(m.split('to be  or not')).toEqual(['to', 'be', 'or', 'not'])
    expect(m.count('a b a')).toEqual(new Map([['a', 2], ['b', 1]]))
    expect(m.wrap({ list: [1, 'two'] })).toEqual([{ list: [1, 'two'] }, 'seen'])
    expect(m.boxed(1, 2)).toEqual({ x: 1, y: 2 })
    expect(m.points(3)).toEqual([{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 2, y: 4 }])
    {
      using c = m.counter('c1')
      expect(c.name()).toBe('c1')
      expect(c.incr()).toBe(1n)
      expect(c.incr()).toBe(2n)
    }
    expect(await m.later('soon')).toBe('soon')
    m.drop_value({ deep: { text: 'x', bytes: new Uint8Array([1, 2]) } })
    m.drop_value(null)
    expect(liveAllocations()).toBe(hostBefore)
    expect(BigInt(pluginLive())).toBe(0n)
  })
})
