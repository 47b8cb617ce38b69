// Runs the guides (docs/guides/*.md) as written: in one folder where `abi-stable` is this package
// (node_modules/abi-stable links to the repository, the `abi-stable` and `tsx` commands are the
// package's), each guide's `file=` blocks are written, its `run` blocks executed line by line
// (a line ending in `# exit N` must exit N, others 0), and every line of an `expect` block must
// appear in the output of the command before it.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'

const guidesDir = path.join(repoRoot, 'docs', 'guides')
/** In the order they build on each other: the plugin guides make what the host guide loads. */
const ORDER = ['c-plugin.md', 'rust-plugin.md', 'host.md', 'conformance.md', 'cli.md']
const work = path.join(repoRoot, 'build', 'guides', 'work')
const shims = path.join(repoRoot, 'build', 'guides', 'bin')

interface Block {
  readonly lang: string
  readonly info: string
  readonly body: string
}

export function blocks(markdown: string): Block[] {
  return [...markdown.matchAll(/^```(\w*)([^\n]*)\n([\s\S]*?)^```\s*$/gm)].map((m) => ({ lang: m[1], info: m[2].trim(), body: m[3] }))
}

function shim(name: string, target: string): void {
  const file = path.join(shims, name)
  fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${target}" "$@"\n`)
  fs.chmodSync(file, 0o755)
}

beforeAll(() => {
  fs.mkdirSync(path.join(work, 'node_modules'), { recursive: true })
  fs.mkdirSync(shims, { recursive: true })
  const link = path.join(work, 'node_modules', 'abi-stable')
  if (!fs.existsSync(link)) fs.symlinkSync(repoRoot, link, 'dir')
  shim('abi-stable', path.join(repoRoot, 'bin', 'abi-stable.mjs'))
  shim('tsx', path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'))
})

it('every guide is in the list, and the list is in the guides README', () => {
  const found = fs.readdirSync(guidesDir).filter((f) => f.endsWith('.md') && f !== 'README.md')
  expect([...found].sort()).toEqual([...ORDER].sort())
  const readme = fs.readFileSync(path.join(guidesDir, 'README.md'), 'utf8')
  for (const g of ORDER) expect(readme).toContain(`(${g})`)
})

describe.sequential('guides', () => {
  it.each(ORDER)('%s runs as written', (guide) => {
    const all = blocks(fs.readFileSync(path.join(guidesDir, guide), 'utf8'))
    expect(all.some((b) => b.info === 'run'), `${guide} runs nothing`).toBe(true)
    let last = ''
    for (const b of all) {
      const file = /(?:^|\s)file=(\S+)/.exec(b.info)?.[1]
      if (file) {
        fs.mkdirSync(path.dirname(path.join(work, file)), { recursive: true })
        fs.writeFileSync(path.join(work, file), b.body)
      } else if (b.info === 'run') {
        for (const line of b.body.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'))) {
          const exit = Number(/#\s*exit\s+(\d+)\s*$/.exec(line)?.[1] ?? 0)
          const command = line.replace(/#\s*exit\s+\d+\s*$/, '').replace(/^npx /, '')
          const r = spawnSync('bash', ['-c', command], {
            cwd: work,
            encoding: 'utf8',
            env: { ...process.env, PATH: `${shims}${path.delimiter}${process.env.PATH}`, CARGO_NET_OFFLINE: 'true', NO_COLOR: '1', FORCE_COLOR: undefined as unknown as string },
          })
          last = `${r.stdout}${r.stderr}`
          expect(r.status, `${guide}: \`${command}\` exited ${r.status}, expected ${exit}:\n${last}`).toBe(exit)
        }
      } else if (b.info === 'expect') {
        for (const want of b.body.split('\n').filter((l) => l.trim())) expect(last, `${guide}: expected output`).toContain(want)
      }
    }
  }, 300_000)
})
