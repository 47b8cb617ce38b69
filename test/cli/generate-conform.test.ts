// `header` / `rust` writing files, and `conform` running the conformance suite over an interface
// file's declarations with the real gcc and rustc (and failing without them).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { skipWithout } from '../setup/tools.ts'
import { cli, runBin } from './run.ts'

const SHAPES = 'test/codegen/shapes.interface.ts'

describe('header and rust --out', () => {
  it('write what stdout shows, and leave an unchanged file alone (its mtime drives rebuilds)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-gen-'))
    for (const kind of ['header', 'rust'] as const) {
      const file = path.join(dir, 'sub', `shapes.${kind === 'header' ? 'h' : 'rs'}`)
      const shown = await cli([kind, SHAPES])
      expect(await cli([kind, SHAPES, '--out', file])).toMatchObject({ code: 0, out: '', err: '' })
      expect(fs.readFileSync(file, 'utf8')).toBe(shown.out)
      const old = new Date(Math.floor(Date.now() / 1000 - 60) * 1000)
      fs.utimesSync(file, old, old)
      await cli([kind, SHAPES, '--out', file])
      expect(fs.statSync(file).mtimeMs).toBe(old.getTime())
    }
  })

  it('--export limits the output to one declaration and what it uses', async () => {
    const r = await cli(['header', SHAPES, '--export', 'Shape'])
    expect(r.code).toBe(0)
    expect(r.out).toContain('union Shape {')
    expect(r.out).toContain('struct Point {')
    expect(r.out).not.toContain('ShapesMod')
    const bad = await cli(['rust', SHAPES, '--export', 'Nope'])
    expect(bad.code).toBe(2)
    expect(bad.err, bad.err).toContain('no declaration exported as Nope (it exports Callback, Counter, Id, Level, Number_, Pair, Point, Shape, ShapesMod, Small, Wide)')
  })
})

describe('conform', () => {
  const agree = "checks the file's declarations against gcc and rustc: every number agrees (exit 0)"
  it.skipIf(skipWithout('rustc', `test/cli/generate-conform.test.ts > conform > ${agree}`))(agree, async () => {
    const r = await cli(['conform', SHAPES, '--json', '--work-dir', path.join(os.tmpdir(), `abi-stable-conform-test-${process.pid}`)])
    expect(r.err).toBe('')
    const result = JSON.parse(r.out)
    expect(result.ok).toBe(true)
    expect(result.declarations).toContain('ShapesMod')
    const gcc64 = result.targets.find((t: { name: string }) => t.name === 'x86_64 / gcc -m64')
    const rustc = result.targets.find((t: { name: string }) => t.name === 'x86_64 / rustc (host)')
    expect(gcc64).toMatchObject({ cases: 11, mismatches: [] })
    expect(rustc.mismatches).toEqual([])
    // Thousands of sizes, alignments and offsets, not a handful.
    expect(gcc64.checked).toBeGreaterThan(500)
    expect(rustc.checked).toBeGreaterThan(500)
    expect(r.code).toBe(0)
  }, 120_000)

  it('without gcc and rustc on PATH it fails (exit 1) and says what to install', () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-nopath-'))
    const r = runBin(['conform', SHAPES, '--export', 'Point'], { PATH: empty })
    expect(r.out).toContain('error: gcc is missing: install it to check C layouts')
    expect(r.out).toContain('error: rustc is missing: install it to check Rust layouts')
    expect(r.code).toBe(1)
  }, 60_000)
})
