// Without gcc -m32 (no gcc-multilib: no 32-bit libc headers or libgcc), both conformance front
// ends say so in one line, what to install included, instead of a fragment of gcc's output; the
// compiler's own first error line stays in the JSON (`detail`). A gcc shim that fails -m32 as such
// a machine does makes this the same everywhere, multilib installed or not.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'
import { runBin } from './run.ts'

const made: string[] = []
const tempDir = (prefix: string): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix))
  made.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true })
})

const realGcc = spawnSync('sh', ['-c', 'command -v gcc'], { encoding: 'utf8' }).stdout.trim()

/** A PATH whose gcc refuses -m32 with what gcc says without gcc-multilib, and is the real gcc otherwise. */
function pathWithoutMultilib(): string {
  const dir = tempDir('abi-stable-no-multilib-')
  fs.writeFileSync(
    path.join(dir, 'gcc'),
    `#!/bin/sh
for a in "$@"; do
  if [ "$a" = "-m32" ]; then
    echo 'In file included from /usr/lib/gcc/x86_64-linux-gnu/12/include/stdint.h:9,' >&2
    echo '                 from gcc-check-m32.c:1:' >&2
    echo '/usr/include/stdint.h:26:10: fatal error: bits/libc-header-start.h: No such file or directory' >&2
    echo 'compilation terminated.' >&2
    exit 1
  fi
done
exec ${JSON.stringify(realGcc)} "$@"
`,
    { mode: 0o755 },
  )
  return `${dir}${path.delimiter}${process.env.PATH}`
}

const LINE = 'skipped: gcc -m32 cannot build 32-bit programs here (install gcc-multilib)'

describe.skipIf(realGcc === '')('gcc -m32 unavailable', () => {
  it('abi-stable conform: one clear line, and the gcc error only in --json', () => {
    const PATH = pathWithoutMultilib()
    const r = runBin(['conform', 'examples/connector/interface.ts', '--work-dir', tempDir('abi-stable-conform-')], { PATH })
    expect(r.out).toMatch(new RegExp(`^  i686-linux / gcc -m32 +${LINE.replace(/[()]/g, '\\$&')}$`, 'm'))
    expect(r.out).not.toContain('In file included')
    expect(r.out).not.toContain('not counted')
    const json = runBin(['conform', 'examples/connector/interface.ts', '--json', '--export', 'Connector'], { PATH })
    const i686 = JSON.parse(json.out).targets.find((t: { name: string }) => t.name === 'i686-linux / gcc -m32')
    expect(i686).toMatchObject({
      required: false,
      skipped: 'gcc -m32 cannot build 32-bit programs here (install gcc-multilib)',
      detail: '/usr/include/stdint.h:26:10: fatal error: bits/libc-header-start.h: No such file or directory',
    })
  }, 120_000)

  it('npm run conformance: the same line in its report', () => {
    const cwd = tempDir('abi-stable-conformance-')
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const r = spawnSync(process.execPath, [tsx, path.join(repoRoot, 'src', 'conformance', 'cli.ts'), '--count', '5', '--no-peers'], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, PATH: pathWithoutMultilib() },
    })
    expect(r.stdout).toMatch(new RegExp(`^  i686-linux / gcc -m32 +${LINE.replace(/[()]/g, '\\$&')}$`, 'm'))
    expect(r.stdout).not.toContain('In file included')
    expect(r.stdout).toMatch(/^abi-stable layout conformance: seed \d+ \(--seed N for another\), 5 random \+ \d+ hand-picked cases$/m)
  }, 120_000)
})
