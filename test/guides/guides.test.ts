// Runs the guides (docs/guides/*.md) as written, as a user would: in a new app outside the
// repository with the packed tarball installed (test/setup/pack.ts: `npm install --omit=dev`, no
// link to the repository), each guide's `file=` blocks are written, its `run` blocks executed line
// by line exactly as they read (`npx abi-stable ...` finds the installed bin in node_modules/.bin;
// a line ending in `# exit N` must exit N, others 0), and every line of an `expect` block must
// appear in the output of the command before it. The guides share the app, in ORDER: the plugin
// guides build what the host guide's plain .mjs app loads and calls.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshApp } from '../setup/pack.ts'
import { repoRoot } from '../setup/paths.ts'
import { skipWithout, type Tool } from '../setup/tools.ts'

const guidesDir = path.join(repoRoot, 'docs', 'guides')
/** In the order they build on each other: the plugin guides make what the host guide loads. */
const ORDER = ['c-plugin.md', 'rust-plugin.md', 'host.md', 'conformance.md', 'cli.md']
/** What a guide needs besides gcc: rust-plugin.md builds with cargo and host.md and cli.md load what it built; conform runs rustc. */
const NEEDS: Record<string, Tool | undefined> = { 'rust-plugin.md': 'cargo', 'host.md': 'cargo', 'cli.md': 'cargo', 'conformance.md': 'rustc' }
const skipped = (guide: string): boolean => {
  const tool = NEEDS[guide]
  return tool !== undefined && skipWithout(tool, `test/guides/guides.test.ts > guides > ${guide} runs as written`)
}

interface Block {
  readonly lang: string
  readonly info: string
  readonly body: string
}

export function blocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```\s*$/gm)].map((m) => ({ lang: m[1], info: m[2].trim(), body: m[3] }))
}

/** The command lines of a `run` block (comments and blank lines left out). */
const commandLines = (b: Block): string[] => b.body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))
const guide = (name: string): Block[] => blocks(fs.readFileSync(path.join(guidesDir, name), 'utf8'))

it('every guide is in the list, and the list is in the guides README', () => {
  const found = fs.readdirSync(guidesDir).filter((f) => f.endsWith('.md') && f !== 'README.md')
  expect([...found].sort()).toEqual([...ORDER].sort())
  const readme = fs.readFileSync(path.join(guidesDir, 'README.md'), 'utf8')
  for (const g of ORDER) expect(readme).toContain(`(${g})`)
})

it('the guides run the command as an installed package does: `npx abi-stable`, never a bare `abi-stable`', () => {
  for (const name of ORDER) {
    for (const b of guide(name).filter((x) => x.info === 'run')) {
      for (const line of commandLines(b)) {
        // Paths (node_modules/abi-stable/...) are fine; a command word is not.
        const bare = /(^|[\s;&|(`])abi-stable(?=\s|$)/.exec(line.replace(/\bnpx abi-stable\b/g, ''))
        expect(bare, `${name}: \`${line}\` runs abi-stable without npx`).toBeNull()
      }
    }
  }
})

describe.sequential('guides', () => {
  let app = ''
  beforeAll(() => {
    app = freshApp('guides')
    // Outside the repository, with the package installed, not linked.
    expect(path.relative(repoRoot, app).startsWith('..')).toBe(true)
    expect(fs.lstatSync(path.join(app, 'node_modules', 'abi-stable')).isSymbolicLink()).toBe(false)
  }, 600_000)
  // Kept for a look when a guide failed; removed when every guide that ran passed.
  let unfinished = 0
  afterAll(() => {
    if (app && unfinished === 0) fs.rmSync(app, { recursive: true, force: true })
    else if (app) console.log(`the guides' app is kept for a look: ${app}`)
  })

  for (const name of ORDER) {
    it.skipIf(skipped(name))(`${name} runs as written`, () => {
      unfinished++
      const all = guide(name)
      expect(all.some((b) => b.info === 'run'), `${name} runs nothing`).toBe(true)
      let last = ''
      for (const b of all) {
        const file = /(?:^|\s)file=(\S+)/.exec(b.info)?.[1]
        if (file) {
          fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true })
          fs.writeFileSync(path.join(app, file), b.body)
        } else if (b.info === 'run') {
          for (const line of commandLines(b)) {
            const exit = Number(/#\s*exit\s+(\d+)\s*$/.exec(line)?.[1] ?? 0)
            const r = spawnSync('bash', ['-c', line], {
              cwd: app,
              encoding: 'utf8',
              env: { ...process.env, CARGO_NET_OFFLINE: 'true', NO_COLOR: '1', FORCE_COLOR: undefined as unknown as string },
            })
            last = `${r.stdout}${r.stderr}`
            expect(r.status, `${name}: \`${line}\` (in ${app}) exited ${r.status}, expected ${exit}:\n${last}`).toBe(exit)
          }
        } else if (b.info === 'expect') {
          for (const want of b.body.split('\n').filter((l) => l.trim())) expect(last, `${name}: expected output`).toContain(want)
        }
      }
      unfinished--
    }, 300_000)
  }
})
