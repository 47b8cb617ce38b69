// `abi-stable declare`: a TypeScript declaration of a plugin's root module, reconstructed from its
// layout string (C header, Rust mirror) or abi_stable's TypeLayout. Snapshots over the example
// connectors, and the round trip: declare -> write the file -> check -> load -> call.
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, inject, it } from 'vitest'
import { ConnectorMod } from '../../examples/connector/interface.ts'
import { layoutString, loadLibrary, type PrefixDesc } from '../../src/index.ts'
import { goodPlugins, plugins } from '../loader/plugins.ts'
import { repoRoot } from '../setup/paths.ts'
import { cli } from './run.ts'

const OUT = path.join(repoRoot, 'build', 'declare-roundtrip')
const rel = (p: string) => path.relative(repoRoot, p)

describe('declare', () => {
  it.each(goodPlugins())('the %s example connector: the declaration (snapshot)', async (lang, lib) => {
    const r = await cli(['declare', rel(lib), '--from', 'abi-stable'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    await expect(r.out).toMatchFileSnapshot(`__snapshots__/declare-${lang === 'C' ? 'c' : 'rust'}.txt`)
  })

  it.each(goodPlugins())('the %s example connector: declare, write, check, load, call', async (lang, lib) => {
    fs.mkdirSync(OUT, { recursive: true })
    const file = path.join(OUT, `connector-${lang.toLowerCase()}.ts`)
    const w = await cli(['declare', rel(lib), '--from', path.relative(OUT, path.join(repoRoot, 'src', 'index.ts')), '-o', rel(file)])
    expect(w.code).toBe(0)
    expect(w.out).toMatch(/^wrote .*connector-.*\.ts \(from the (layout string|TypeLayout)\)\n$/)
    const check = await cli(['check', rel(lib), rel(file)])
    expect(check.out).toMatch(/^compatible: /)
    expect(check.code).toBe(0)
    const mod = (await import(pathToFileURL(file).href)) as { ConnectorMod: PrefixDesc; VERSION: string }
    expect(layoutString(mod.ConnectorMod)).toBe(layoutString(ConnectorMod))
    const loaded = loadLibrary(lib, mod.ConnectorMod, { version: mod.VERSION })
    const m = loaded.module as unknown as { sum(xs: BigInt64Array): bigint; echo(s: string): string; connector_type(): string }
    expect(m.sum(new BigInt64Array([1n, 2n, 3n]))).toBe(6n)
    expect(m.echo('hi')).toBe('hi!')
    expect(typeof m.connector_type()).toBe('string')
  })

  it("the Rust example connector from abi_stable's TypeLayout: snapshot, write, check, load, call", async () => {
    const lib = plugins().rust.example_connector
    const r = await cli(['declare', rel(lib), '--source', 'type-layout'])
    expect(r.err).toBe('')
    await expect(r.out).toMatchFileSnapshot('__snapshots__/declare-rust-type-layout.txt')
    fs.mkdirSync(OUT, { recursive: true })
    const file = path.join(OUT, 'connector-rust-type-layout.ts')
    const w = await cli(['declare', rel(lib), '--source', 'type-layout', '--from', path.relative(OUT, path.join(repoRoot, 'src', 'index.ts')), '-o', rel(file)])
    expect(w.out).toBe(`wrote ${rel(file)} (from the TypeLayout)\n`)
    // The plugin without our layout descriptor: only the TypeLayout checks can vouch for it.
    const shaped = plugins().rust.connector_abi_stable_shaped
    const check = await cli(['check', rel(shaped), rel(file)])
    expect(check.out).toContain('checks: abi-header, version, type-layout-field-names, type-layout-field-sizes, type-layout-signatures\n')
    expect(check.code).toBe(0)
    const mod = (await import(pathToFileURL(file).href)) as { ConnectorMod: PrefixDesc; VERSION: string }
    expect(layoutString(mod.ConnectorMod)).toBe(layoutString(ConnectorMod))
    const m = loadLibrary(shaped, mod.ConnectorMod, { version: mod.VERSION }).module as unknown as { sum(xs: BigInt64Array): bigint }
    expect(m.sum(new BigInt64Array([4n, 5n]))).toBe(9n)
  })

  it('a wrong-on-purpose plugin declares what it really has, and loads with that', async () => {
    const lib = plugins().rust.connector_abi_stable_sum_i32
    const r = await cli(['declare', rel(lib)])
    expect(r.code).toBe(0)
    expect(r.out).toContain('sum: t.fn([t.RSlice(t.i32)], t.i64),')
  })

  it('a plugin no declaration can fix (its fingerprint is not its string\'s): declared, with a note', async () => {
    const r = await cli(['declare', rel(plugins().c.c_bad_fingerprint)])
    expect(r.code).toBe(0)
    expect(r.err).toMatch(/^abi-stable declare: note: its layout descriptor's fingerprint is not that of its layout string/)
    const none = await cli(['declare', rel(plugins().c.c_no_layout)])
    expect(none).toMatchObject({ code: 1, out: '' })
    expect(none.err).toContain("carries neither a layout descriptor nor abi_stable's TypeLayout")
  })

  it('a trait object whose extra_checks are garbage (the Rust trait plugin\'s garbled_wild): exit 1 naming the field and the trait', async () => {
    const lib = inject('traitPlugins').Rust
    const r = await cli(['declare', rel(lib)])
    expect(r).toMatchObject({ code: 1, out: '' })
    expect(r.err).toContain("SignaturesMod.garbled_wild.returns (GarbledWild_TO): its auto traits cannot be read: RObject's extra_checks (0x18, 16 bytes) is not in readable memory")
  })

  it('a library that is not a plugin: exit 1 with the reason', async () => {
    const r = await cli(['declare', 'package.json'])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^abi-stable declare: .*package\.json/)
    expect((await cli(['declare', 'nope.so'])).code).toBe(1)
    expect((await cli(['declare', 'package.json', '--source', 'bogus'])).code).toBe(2)
  })
})
