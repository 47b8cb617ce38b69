// The abi-stable CLI driven through the compiled example connectors (C and Rust) and their
// loading-error fixtures: inspect, check, ls, help, exit codes, colour, the bin itself.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { commands } from '../../src/cli/main.ts'
import { plugins } from '../loader/plugins.ts'
import { repoRoot } from '../setup/paths.ts'
import { cli, rel, runBin } from './run.ts'

const IFACE = 'examples/connector/interface.ts'
const c = (name: string) => rel(plugins().c[name])
const rust = (name: string) => rel(plugins().rust[name])

describe('help and usage', () => {
  it('abi-stable --help lists every command and the exit codes', async () => {
    const r = await cli(['--help'])
    expect(r.code).toBe(0)
    await expect(r.out).toMatchFileSnapshot('__snapshots__/help.txt')
  })

  it.each(commands.map((cmd) => cmd.name))('abi-stable %s --help', async (name) => {
    const r = await cli([name, '--help'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(new RegExp(`^usage: abi-stable ${name}(\\s|$)`, 'm'))
    expect(r.out).toMatch(/exit codes: 0 /)
    await expect(r.out).toMatchFileSnapshot(`__snapshots__/help-${name}.txt`)
  })

  it('no command prints the help and exits 2; an unknown one names the commands', async () => {
    expect((await cli([])).code).toBe(2)
    const r = await cli(['frobnicate'])
    expect(r).toMatchObject({ code: 2, out: '' })
    expect(r.err).toContain('unknown command "frobnicate"; commands: inspect, check, declare, ls, header, rust, conform')
  })

  it('bad arguments exit 2 with the usage line', async () => {
    const missing = await cli(['check', c('example_connector_c')])
    expect(missing.code).toBe(2)
    expect(missing.err).toContain('check: missing argument\nusage: abi-stable check <library> <interface.ts>')
    const unknown = await cli(['inspect', '--colour', 'x.so'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toContain("Unknown option '--colour'")
    const noDirs = await cli(['ls'])
    expect(noDirs.err).toContain('ls: give directories, --env VAR, or both')
    expect((await cli(['ls', '--depth=-1', '.'])).err).toContain('--depth needs a non-negative integer')
  })
})

describe('inspect', () => {
  it('the C connector: its layout descriptor gives every field with its whole type', async () => {
    const r = await cli(['inspect', c('example_connector_c')])
    expect(r.code).toBe(0)
    await expect(r.out).toMatchFileSnapshot('__snapshots__/inspect-c.txt')
  })

  it("the Rust connector: also abi_stable's TypeLayout, so the type-layout checks can run", async () => {
    const r = await cli(['inspect', rust('example_connector')])
    expect(r.code).toBe(0)
    await expect(r.out).toMatchFileSnapshot('__snapshots__/inspect-rust.txt')
  })

  it('--json gives the same facts, untruncated', async () => {
    const r = await cli(['inspect', '--json', c('example_connector_c')])
    const info = JSON.parse(r.out)
    expect(info).toMatchObject({ ok: true, name: 'example_connector_c', version: '0.1.0', module: 'ConnectorMod', abi: { major: 0, minor: 11 } })
    expect(info.fields.map((f: { name: string }) => f.name)).toEqual(['connector_type', 'from_config', 'echo', 'sum', 'word_count'])
    expect(info.fields[1].type).toMatch(/^fn\(RString,ROption<enum Value .*\)->RResult<Trait_TO prefix Connector_VTable .*,RString>$/)
    expect(info.checks.filter((x: { runs: boolean }) => x.runs).map((x: { check: string }) => x.check)).toEqual(['abi-header', 'version', 'layout-string'])
  })

  it('a library without a layout descriptor: only the module header check remains, at load', async () => {
    const info = JSON.parse((await cli(['inspect', '--json', c('c_no_layout')])).out)
    expect(info.ok).toBe(true)
    expect(info.fields).toBeUndefined()
    expect(info.checks.map((x: { check: string; runs: boolean }) => `${x.check}:${x.runs}`)).toEqual([
      'abi-header:true',
      'version:true',
      'layout-string:false',
      'type-layout-field-names:false',
      'module-header-field-names:true',
    ])
  })

  it.each([
    ['c_not_a_plugin', 'not an abi_stable plugin: it exports no _1as_0lib_1header_0root_bmodule_bloader'],
    ['c_wrong_magic', 'its AbiHeader magic is "abi stable library for Rusk     "'],
    ['c_wrong_abi_minor', 'built for abi_stable ABI 0.12; this host reads 0.11'],
    ['c_wrong_abi_major', 'built for abi_stable ABI 1.11; this host reads 0.11'],
    ['c_bad_fingerprint', 'its layout descriptor is inconsistent: the fingerprint is not that of its layout string'],
  ])('%s: exit 1 and the exact reason', async (name, reason) => {
    const r = await cli(['inspect', c(name)])
    expect(r.code).toBe(1)
    expect(r.out).toContain(`status      NOT LOADABLE: ${reason}`)
    expect(JSON.parse((await cli(['inspect', '--json', c(name)])).out)).toMatchObject({ ok: false, problem: expect.stringContaining(reason) })
  })

  it('a missing file and a file that is not a library', async () => {
    expect((await cli(['inspect', 'build/nope.so'])).out).toContain('NOT LOADABLE: no such file')
    const r = await cli(['inspect', 'package.json'])
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/NOT LOADABLE: the system cannot load it: /)
  })
})

describe('check', () => {
  it.each([
    ['C', () => c('example_connector_c'), 'abi-header, version, layout-string'],
    ['Rust', () => rust('example_connector'), 'abi-header, version, layout-string, type-layout-field-names, type-layout-field-sizes, type-layout-signatures'],
  ])('the %s connector is compatible with the interface file (exit 0)', async (_lang, lib, checks) => {
    const r = await cli(['check', lib(), IFACE])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^compatible: .* is example_connector(_c)? 0\.1\.0, loaded as ConnectorMod 0\.1\.0\n/)
    expect(r.out).toContain(`checks: ${checks}\n`)
  })

  it('a drifted layout: exit 1 and the first difference as a path', async () => {
    const r = await cli(['check', rust('connector_layout_drift'), IFACE])
    expect(r.code).toBe(1)
    expect(r.out).toContain('first difference at ConnectorMod.sum.args[0]<0>:\n  expected i64\n  found    i32\n')
    const json = JSON.parse((await cli(['check', '--json', c('c_layout_drift'), IFACE])).out)
    expect(json).toMatchObject({ compatible: false, error: { code: 'ERR_ABI_LAYOUT_MISMATCH', difference: { path: 'ConnectorMod.echo.args[0]', expected: 'RString', found: 'RStr' } } })
  })

  it("abi_stable's TypeLayout: every difference, one line each, and all of them in --json", async () => {
    const r = await cli(['check', rust('connector_abi_stable_signatures'), IFACE])
    expect(r.code).toBe(1)
    expect(r.out).toContain('3 differences (type-layout-signatures check):\n')
    expect(r.out).toContain('\n  ConnectorMod.connector_type.returns: expected RString, found ()\n')
    expect(r.out).toContain('\n  ConnectorMod.word_count.returns (RHashMap<RString, u64>)<V>: expected u32, found u64\n')
    expect(r.out).toMatch(/\n  ConnectorMod\.echo: expected 1 parameter .*, found 2 .*\n/)
    const json = JSON.parse((await cli(['check', '--json', rust('connector_abi_stable_sum_i32'), IFACE])).out)
    expect(json).toMatchObject({
      compatible: false,
      error: {
        code: 'ERR_ABI_LAYOUT_MISMATCH',
        check: 'type-layout-signatures',
        difference: { path: 'ConnectorMod.sum.args[0] (RSlice<i32>).data (*const T)', expected: 'i64', found: 'i32' },
        differences: [{ path: 'ConnectorMod.sum.args[0] (RSlice<i32>).data (*const T)', expected: 'i64', found: 'i32' }],
      },
    })
  })

  it('the layout string: every difference too', async () => {
    fs.mkdirSync(path.join(repoRoot, 'build'), { recursive: true })
    fs.writeFileSync(
      path.join(repoRoot, 'build', 'cli-two-differences.interface.ts'),
      "import { ConnectorMod as M } from '../examples/connector/interface.ts'\nimport { t } from '../src/index.ts'\n" +
        "export const VERSION = '0.1.0'\n" +
        "export const ConnectorMod = t.prefixModule('ConnectorMod', { ...M.fields, echo: t.fn([t.RString], t.u8), sum: t.fn([t.RSlice(t.i32)], t.i64) }, { lastPrefixField: 'from_config' })\n",
    )
    const r = await cli(['check', c('example_connector_c'), 'build/cli-two-differences.interface.ts'])
    expect(r.code).toBe(1)
    expect(r.out).toContain('2 differences (layout-string check):\n  ConnectorMod.echo.returns: expected u8, found RString\n  ConnectorMod.sum.args[0]<0>: expected i32, found i64\n')
  })

  it('versions: the file exports CONNECTOR_VERSION; --version overrides it', async () => {
    const r = await cli(['check', c('c_version_0_2_0'), IFACE])
    expect(r.code).toBe(1)
    expect(r.out).toContain('ERR_ABI_VERSION_MISMATCH')
    expect((await cli(['check', c('c_version_0_2_0'), IFACE, '--version', '0.2.3'])).code).toBe(0)
    expect((await cli(['check', c('c_version_0_1_5'), IFACE])).code).toBe(0)
  })

  it('an older library loads, and says which fields it lacks', async () => {
    const r = await cli(['check', c('c_older'), IFACE])
    expect(r.code).toBe(0)
    expect(r.out).toContain('absent (an older library): word_count\n')
  })

  it('not a plugin, and a constructor that fails: exit 1 with the typed error', async () => {
    expect((await cli(['check', c('c_not_a_plugin'), IFACE])).out).toContain('ERR_ABI_NOT_A_PLUGIN')
    const r = await cli(['check', rust('connector_constructor_error'), IFACE])
    expect(r.code).toBe(1)
    expect(r.out).toContain('ERR_ABI_PLUGIN_RETURNED_ERROR')
  })

  it('interface files that cannot say what to check: exit 2', async () => {
    const missing = await cli(['check', c('example_connector_c'), 'nope.ts'])
    expect(missing).toMatchObject({ code: 2 })
    expect(missing.err).toContain('nope.ts: no such interface file')
    const noModule = await cli(['check', c('example_connector_c'), IFACE, '--export', 'Connector'])
    expect(noModule.err).toContain('Connector is not an exported t.prefixModule(...) (root modules: ConnectorMod)')
    expect((await cli(['check', c('example_connector_c'), IFACE, '--version', 'latest'])).err).toContain("--version: version must be a string major.minor.patch, like '0.1.0'; got string \"latest\"")
  })
})

describe('ls', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-ls-'))
  const put = (rel: string, from: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true })
    fs.copyFileSync(from, path.join(dir, rel))
  }
  const setUp = () => {
    if (fs.existsSync(path.join(dir, 'c'))) return
    put('c/libexample_connector_c.so', plugins().c.example_connector_c)
    put('rust/libexample_connector.so', plugins().rust.example_connector)
    put('rust/old/libconnector_older.so', plugins().rust.connector_older)
    put('bad/libc_wrong_magic.so', plugins().c.c_wrong_magic)
    put('bad/libc_version_0_2_0.so', plugins().c.c_version_0_2_0)
    put('bad/readme.txt', path.join(repoRoot, 'README.md'))
    put('a/b/c/d/libdeep.so', plugins().c.example_connector_c)
  }

  it('without a declaration: every library file inspected, good ones and failures (exit 1)', async () => {
    setUp()
    const r = await cli(['ls', '.'], { cwd: dir })
    expect(r.code).toBe(1)
    await expect(r.out).toMatchFileSnapshot('__snapshots__/ls.txt')
  })

  it('without a declaration a plugin is not marked good: its layout was not checked, and the summary says so', async () => {
    setUp()
    const r = await cli(['ls', 'c', 'rust', 'bad'], { cwd: dir, colour: true })
    const row = r.out.split('\n').find((l) => l.startsWith('example_connector_c'))
    expect(row).toMatch(/ c\/libexample_connector_c\.so +\u001b\[33mloads \(layout not checked: give --interface\)\u001b\[39m$/)
    expect(r.out).not.toContain('\u001b[32m')
    expect(r.out).toMatch(/\n\n\u001b\[33mnot checked\u001b\[39m: 4 plugins listed by inspection only; their layouts and versions were not compared with a declaration \(give --interface file\.ts\)\n$/)
    const json = JSON.parse((await cli(['ls', 'c', 'rust', 'bad', '--json'], { cwd: dir })).out)
    expect(json.plugins.map((p: { name: string; layoutChecked: boolean }) => [p.name, p.layoutChecked])).toEqual([
      ['example_connector_c', false],
      ['example_connector', false],
      ['connector_older', false],
      ['c_version_0_2_0', false],
    ])
  })

  it('with --interface: loaded and checked as findPlugins does, version mismatches fail', async () => {
    setUp()
    const r = await cli(['ls', 'c', 'rust', 'bad', '--interface', path.resolve(IFACE), '--json'], { cwd: dir })
    expect(r.code).toBe(1)
    const { plugins: good, failures } = JSON.parse(r.out)
    expect(good.map((p: { name: string }) => p.name)).toEqual(['example_connector_c', 'example_connector', 'connector_older'])
    expect(good.every((p: { layoutChecked: boolean }) => p.layoutChecked)).toBe(true)
    // The table keeps the good mark and has no status column.
    const table = await cli(['ls', 'c', '--interface', path.resolve(IFACE)], { cwd: dir, colour: true })
    expect(table).toMatchObject({ code: 0 })
    expect(table.out).toMatch(/^\u001b\[1mplugin\u001b\[22m +\u001b\[1mversion\u001b\[22m +\u001b\[1mmodule\u001b\[22m +\u001b\[1mfile\u001b\[22m\n\u001b\[32mexample_connector_c\u001b\[39m +0\.1\.0 +ConnectorMod \(abi-header, version, layout-string\) +c\/libexample_connector_c\.so\n$/)
    expect(failures.map((f: { file: string }) => f.file)).toEqual(['bad/libc_version_0_2_0.so', 'bad/libc_wrong_magic.so'])
    expect(failures[0].reason).toContain("'c_version_0_2_0' implements interface version 0.2.0, the host expects 0.1.0")
  })

  it('--env VAR: the directories of a PATH-like variable; all good: exit 0', async () => {
    setUp()
    const r = await cli(['ls', '--env', 'MY_PLUGINS', '--depth', '0'], { cwd: dir, env: { MY_PLUGINS: [path.join(dir, 'c'), path.join(dir, 'rust')].join(path.delimiter) } })
    expect(r.code).toBe(0)
    expect(r.out).toMatch(
      /^plugin +version +module +file +status\nexample_connector_c +0\.1\.0 +ConnectorMod +c\/libexample_connector_c\.so +loads \(layout not checked: give --interface\)\nexample_connector +0\.1\.0 +ConnectorMod +rust\/libexample_connector\.so +loads \(layout not checked: give --interface\)\n\nskipped +why\nrust\/old +deeper than --depth 0\n\nnot checked: 2 plugins listed by inspection only; .*\n$/,
    )
    const unset = await cli(['ls', '--env', 'NOT_SET'], { cwd: dir })
    expect(unset).toMatchObject({ code: 0, out: 'no plugins found\n\nskipped   why\n$NOT_SET  the variable is not set\n' })
  })
})

describe('the bin', () => {
  it('runs as a user runs it: no colour when stdout is a pipe, colour with FORCE_COLOR, same exit codes', () => {
    const plain = runBin(['inspect', c('example_connector_c')])
    expect(plain.code).toBe(0)
    expect(plain.out).not.toContain('\u001b[')
    expect(plain.out).toContain('status      plugin (its statics are sound;')
    const coloured = runBin(['inspect', c('c_wrong_magic')], { FORCE_COLOR: '1' })
    expect(coloured.code).toBe(1)
    expect(coloured.out).toContain('\u001b[31mNOT LOADABLE')
    expect(runBin(['check', c('c_layout_drift'), IFACE]).code).toBe(1)
    expect(runBin(['nope']).code).toBe(2)
  })

  it('colour in-process only when asked (a TTY), never in --json', async () => {
    expect((await cli(['inspect', c('example_connector_c')], { colour: true })).out).toContain('\u001b[32mplugin (its statics')
    expect((await cli(['inspect', '--json', c('example_connector_c')], { colour: true })).out).not.toContain('\u001b[')
  })

  it('npx abi-stable resolves to the package bin', () => {
    const r = spawnSync('npx', ['--offline', 'abi-stable', '--help'], { cwd: repoRoot, encoding: 'utf8' })
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^usage: abi-stable <command> \[options\]/)
  }, 60_000)
})
