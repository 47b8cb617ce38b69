// Generated C headers and Rust modules: snapshot-tested, compiled with warnings as errors
// (gcc -std=c11 -Wall -Wextra -pedantic -Werror, 64- and 32-bit; rustc with warnings denied,
// against the mirror crate), and shown to catch drift: plugin code written against one version of
// a declaration stops compiling when the declaration changes. The example connectors themselves
// are built from generated code (plugins-c/build-connectors.mjs, plugins-rust/build-connectors.mjs)
// and driven by test/loader and test/trait.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/index.ts'
import { cHeader } from '../../src/codegen/c-header.ts'
import { CodegenError } from '../../src/codegen/errors.ts'
import { rustModule } from '../../src/codegen/rust-module.ts'
import { cli } from '../cli/run.ts'
import { repoRoot } from '../setup/paths.ts'
import { buildMirrorCrate } from './mirror-crate.ts'
import { skipWithout } from '../setup/tools.ts'

const work = path.join(repoRoot, 'build', 'codegen')
const include = path.join(repoRoot, 'plugins-c', 'include')
const INTERFACES = { shapes: 'test/codegen/shapes.interface.ts', connector: 'examples/connector/interface.ts' } as const
type Name = keyof typeof INTERFACES

const generated: Record<string, string> = {}
async function generate(kind: 'header' | 'rust', name: Name): Promise<string> {
  const key = `${kind}:${name}`
  if (!generated[key]) {
    const r = await cli([kind, INTERFACES[name]])
    if (r.code !== 0) throw new Error(r.err)
    generated[key] = r.out
  }
  return generated[key]
}

function gcc(args: string[]): { ok: boolean; out: string } {
  const r = spawnSync('gcc', ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', ...args], { encoding: 'utf8' })
  if (r.error) throw new Error(`gcc is needed for the codegen tests: ${r.error.message}`)
  return { ok: r.status === 0, out: r.stderr }
}

beforeAll(() => fs.mkdirSync(work, { recursive: true }))

describe.each(Object.keys(INTERFACES) as Name[])('%s interface', (name) => {
  it('C header: snapshot', async () => {
    await expect(await generate('header', name)).toMatchFileSnapshot(`__snapshots__/${name}.h`)
  })

  it('Rust module: snapshot', async () => {
    await expect(await generate('rust', name)).toMatchFileSnapshot(`__snapshots__/${name}.rs`)
  })

  /** Writes the header and a whole translation unit using the root module's macros, as a plugin does. */
  async function pluginSource(): Promise<{ dir: string; source: string }> {
    const dir = path.join(work, name)
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, `${name}.h`), await generate('header', name))
    const mod = name === 'shapes' ? 'ShapesMod' : 'ConnectorMod'
    const source = path.join(dir, 'use.c')
    fs.writeFileSync(
      source,
      `#include "${name}.h"\n` +
        `${mod}_DEFINE_TYPE_LAYOUT(module_layout, "generated_test");\n` +
        `static const ${mod}_WM module = { ${mod}_ALL_FIELDS, &module_layout, { 0 } };\n` +
        `static AbsRootModuleResult constructor(void) { return abs_root_module_ok(&module); }\n` +
        `${mod}_EXPORT_ROOT_MODULE("${name}", "${name}", constructor);\n`,
    )
    return { dir, source }
  }

  it('the header compiles with gcc -std=c11 -Wall -Wextra -pedantic -Werror, its export macros too (64-bit)', async () => {
    const { dir, source } = await pluginSource()
    const x64 = gcc(['-c', '-fPIC', '-I', include, '-I', dir, source, '-o', path.join(dir, 'use.o')])
    expect(x64.out).toBe('')
    expect(x64.ok).toBe(true)
  })

  const m32 = 'the header compiles the same way for 32-bit x86 (gcc -m32)'
  it.skipIf(skipWithout('gcc -m32', `test/codegen/codegen.test.ts > ${name} interface > ${m32}`))(m32, async () => {
    const { dir, source } = await pluginSource()
    const x86 = gcc(['-m32', '-c', '-I', include, '-I', dir, source, '-o', path.join(dir, 'use32.o')])
    expect(x86.out).toBe('')
    expect(x86.ok).toBe(true)
  })
})

describe('the Rust modules compile with warnings denied, export macros included', () => {
  const cdylib = 'cargo build of a cdylib including both generated modules'
  it.skipIf(skipWithout('cargo', `test/codegen/codegen.test.ts > ${cdylib}`))(cdylib, async () => {
    const r = buildMirrorCrate(work, 'rust-check', 'codegen-check', {
      'shapes.rs': await generate('rust', 'shapes'),
      'connector.rs': await generate('rust', 'connector'),
      'lib.rs':
        `#![deny(warnings)]\n` +
        `#[macro_use]\nmod shapes;\nmod connector;\n` +
        `use shapes::*;\n` +
        `fn new_module() -> Result<ShapesMod, abi_stable_mirror::RBoxError> { Err(abi_stable_mirror::RBoxError::new("not built")) }\n` +
        `export_shapes_mod!(base_name: "shapes", name: "shapes", package: "shapes_interface", constructor: new_module);\n` +
        `#[no_mangle]\npub extern "C" fn connector_layout_len() -> usize { connector::ConnectorMod::LAYOUT.len() }\n`,
    })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(0)
  }, 300_000)
})

describe('drift fails the build', () => {
  it("the C connector's code against a header from a changed declaration (sum takes RSlice<i32>) does not compile", async () => {
    const dir = path.join(work, 'drift')
    fs.mkdirSync(dir, { recursive: true })
    const iface = path.join(dir, 'drifted.interface.ts')
    const original = fs.readFileSync(path.join(repoRoot, INTERFACES.connector), 'utf8')
    const drifted = original.replace('sum: t.fn([t.RSlice(t.i64)], t.i64)', 'sum: t.fn([t.RSlice(t.i32)], t.i64)').replace("'../../src/index.ts'", `'${path.join(repoRoot, 'src', 'index.ts')}'`)
    expect(drifted).not.toBe(original)
    fs.writeFileSync(iface, drifted)
    const r = await cli(['header', iface, '--out', path.join(dir, 'connector_interface.h')])
    expect(r.code).toBe(0)
    // A copy of the plugin source beside the drifted header (a quoted include looks there first).
    fs.copyFileSync(path.join(repoRoot, 'plugins-c', 'example-connector', 'connector.c'), path.join(dir, 'connector.c'))
    const c = gcc(['-fsyntax-only', '-I', include, '-I', path.join(repoRoot, 'src', 'native'), path.join(dir, 'connector.c')])
    expect(c.ok).toBe(false)
    expect(c.out).toMatch(/RSlice_i32|RSlice_i64/)
    // The same code against the real declaration's header compiles.
    const fine = await cli(['header', INTERFACES.connector, '--out', path.join(dir, 'ok', 'connector_interface.h')])
    expect(fine.code).toBe(0)
    fs.copyFileSync(path.join(repoRoot, 'plugins-c', 'example-connector', 'connector.c'), path.join(dir, 'ok', 'connector.c'))
    expect(gcc(['-fsyntax-only', '-I', include, '-I', path.join(repoRoot, 'src', 'native'), path.join(dir, 'ok', 'connector.c')])).toEqual({ ok: true, out: '' })
  })

  it('the connector plugins build from what the generator makes of the declaration now', async () => {
    // The build scripts regenerate these before compiling (the global setup ran them).
    expect(fs.readFileSync(path.join(repoRoot, 'plugins-c', 'example-connector', 'connector_interface.h'), 'utf8')).toBe(await generate('header', 'connector'))
    expect(fs.readFileSync(path.join(repoRoot, 'plugins-rust', 'example-connector', 'src', 'connector_interface.rs'), 'utf8')).toBe(await generate('rust', 'connector'))
  })
})

describe('declarations C or Rust cannot spell are refused, naming the place', () => {
  const input = (root: Parameters<typeof cHeader>[0]['roots'][number]) => ({ source: 'x.ts', guard: 'x', roots: [root] })

  it('arrays by value in signatures, zero-length arrays, empty structs (C)', () => {
    expect(() => cHeader(input(t.prefixModule('M', { f: t.fn([t.array(t.u8, 4)], t.unit) })))).toThrow(
      new CodegenError('M.f argument 0: an array ([u8; 4]) is not passed by value in C; wrap it in a struct'),
    )
    expect(() => cHeader(input(t.struct('S', { a: t.u8, z: t.array(t.u64, 0) })))).toThrow(/S\.z: ISO C has no zero-length arrays/)
    expect(() => cHeader(input(t.struct('E', { m: t.phantom() })))).toThrow(/E: every field is zero-sized, and ISO C has no empty structs/)
    expect(() => cHeader(input(t.fn([], t.array(t.u8, 2))))).toThrow(/returns an array/)
  })

  it('opaque boxes and repr(C) enums with explicit discriminants (Rust)', () => {
    expect(() => rustModule(input(t.struct('H', { h: t.opaque('Conn') })))).toThrow(/t\.opaque\('Conn'\) is the plugin's own type behind an RBox/)
    expect(() => rustModule(input(t.enum('E', { A: [t.u8], B: null }, { repr: 'C', discriminants: { A: 5 } })))).toThrow(/E0732/)
  })

  it('TypeLayouts (Rust): every user type gets impl_stable_abi!, a field holding fn pointers lists their signatures', () => {
    const Cb = t.struct('Cb', { maybe: t.ROption(t.fn([t.u32], t.u8)), two: t.Tuple2(t.fn([], t.unit), t.fn([t.u16], t.u16)), plain: t.u32 })
    const out = rustModule(input(Cb))
    expect(out).toContain('abi_stable_mirror::impl_stable_abi! {\n    type: Cb,\n    name: "Cb",\n    package: ABI_STABLE_INTERFACE_PACKAGE,')
    expect(out).toContain('{ "maybe", 0, false, [abi_stable_mirror::ROption<extern "C" fn()>], [{ [u32], [u8], Unnamed, false }] },')
    expect(out).toContain('{ "two", 0, false, [abi_stable_mirror::Tuple2<extern "C" fn(), extern "C" fn()>], [{ [], [], Unnamed, false }, { [u16], [u16], Unnamed, false }] },')
    expect(out).toContain('{ "plain", 0, false, [u32], [] },')
  })

  it('through the CLI: exit 2 and the interface file named', async () => {
    const dir = path.join(work, 'bad')
    fs.mkdirSync(dir, { recursive: true })
    const file = path.join(dir, 'bad.interface.ts')
    fs.writeFileSync(file, `import { t } from '${path.join(repoRoot, 'src', 'index.ts')}'\nexport const M = t.prefixModule('M', { f: t.fn([t.array(t.u8, 4)], t.unit) })\n`)
    const r = await cli(['header', file])
    expect(r.code).toBe(2)
    expect(r.err).toContain(`${file}: M.f argument 0: an array ([u8; 4]) is not passed by value in C`)
  })
})
