// Optional tools some tests need (gcc -m32, valgrind, cargo, rustc): cheap probes, cached per
// process, and the registry of skip reasons. A test that needs a missing tool is skipped, never
// failed, and says why:
//
//   it.skipIf(skipWithout('gcc -m32', 'test/x.test.ts > what it checks'))('what it checks', ...)
//
// skipWithout prints one line and writes it to build/test-skips/<name from the reason>.txt (one
// file per reason, so parallel test workers never write the same file differently); `npm test`
// (scripts/test.mjs) clears that folder first and prints every reason in its summary.
//
// ABI_STABLE_TEST_HIDE=gcc-m32,valgrind,cargo,rustc makes the probes report those tools as
// missing, to see the skips on a machine that has them.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { repoRoot } from './paths.ts'

export type Tool = 'gcc -m32' | 'valgrind' | 'cargo' | 'rustc'

/** Where the skip reasons go, one file per reason (read and cleared by scripts/test.mjs). */
export const skipDir = path.join(repoRoot, 'build', 'test-skips')

const install: Record<Tool, string> = {
  'gcc -m32': 'install gcc-multilib',
  valgrind: 'install valgrind',
  cargo: 'install rustc and cargo, e.g. with rustup',
  rustc: 'install rustc, e.g. with rustup',
}

/** `gcc -m32`, `gcc-m32` and `GCC_M32` are the same tool here. */
const key = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '')
const hidden = new Set((process.env.ABI_STABLE_TEST_HIDE ?? '').split(',').map(key).filter(Boolean))

/** The error line of a failed command's output (or its spawn error), without gcc's file:line: prefix. */
function errorLine(r: ReturnType<typeof spawnSync>): string {
  if (r.error) return r.error.message
  // gcc puts "In file included from ..." before the error itself: show the error.
  const lines = `${r.stderr ?? ''}${r.stdout ?? ''}`.split('\n').map((l) => l.trim()).filter(Boolean)
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? `exit ${r.status}`
  return line.replace(/^\S+:\d+:(\d+:)? /, '').slice(0, 200)
}

/** `<cmd> --version` runs: undefined, else what is wrong ("not found", or how it failed). */
function runs(cmd: string): string | undefined {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' })
  if (r.status === 0) return undefined
  return r.error ? 'not found' : `does not run (${errorLine(r)})`
}

/** gcc -m32 compiles and links a C program that includes libc headers (what gcc-multilib adds). */
function gccM32(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'abi-stable-probe-'))
  try {
    const src = path.join(dir, 'probe.c')
    fs.writeFileSync(src, '#include <stdint.h>\n#include <stdio.h>\nint main(void) { printf("%u\\n", (unsigned)sizeof(uint64_t)); return 0; }\n')
    const r = spawnSync('gcc', ['-m32', src, '-o', path.join(dir, 'probe')], { encoding: 'utf8' })
    if (r.status === 0) return undefined
    return r.error ? 'not found (no gcc)' : `cannot build (${errorLine(r)})`
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const probes: Record<Tool, () => string | undefined> = {
  'gcc -m32': gccM32,
  valgrind: () => runs('valgrind'),
  cargo: () => runs('cargo'),
  rustc: () => runs('rustc'),
}

const probed = new Map<Tool, string | undefined>()

/** Why `tool` cannot be used here (with what to install), or undefined when it works. Cached. */
export function missingReason(tool: Tool): string | undefined {
  if (!probed.has(tool)) {
    const why = hidden.has(key(tool)) ? 'not found (hidden by ABI_STABLE_TEST_HIDE)' : probes[tool]()
    probed.set(tool, why === undefined ? undefined : `${tool} ${why}: ${install[tool]}`)
  }
  return probed.get(tool)
}

export const hasGccM32 = (): boolean => missingReason('gcc -m32') === undefined
export const hasValgrind = (): boolean => missingReason('valgrind') === undefined
export const hasCargo = (): boolean => missingReason('cargo') === undefined
export const hasRustc = (): boolean => missingReason('rustc') === undefined

const recorded = new Set<string>()

/** Prints `skipped: <reason>` once per process and writes it to build/test-skips/. */
export function recordSkip(reason: string): void {
  if (recorded.has(reason)) return
  recorded.add(reason)
  console.log(`skipped: ${reason}`)
  const slug = reason.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80)
  const hash = createHash('sha1').update(reason).digest('hex').slice(0, 8)
  const file = path.join(skipDir, `${slug}-${hash}.txt`)
  fs.mkdirSync(skipDir, { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, `${reason}\n`)
  fs.renameSync(tmp, file)
}

/**
 * For `it.skipIf` / `describe.skipIf`: whether `what` (a test, named with its file) must be
 * skipped because `tool` is missing; if so, records the reason (`<what>: <tool> not found: install ...`).
 */
export function skipWithout(tool: Tool, what: string): boolean {
  const why = missingReason(tool)
  if (why !== undefined) recordSkip(`${what}: ${why}`)
  return why !== undefined
}

/** The skip reasons recorded so far (by every process), sorted. */
export function skipReasons(): string[] {
  if (!fs.existsSync(skipDir)) return []
  const lines = fs
    .readdirSync(skipDir)
    .filter((f) => f.endsWith('.txt'))
    .flatMap((f) => fs.readFileSync(path.join(skipDir, f), 'utf8').split('\n'))
  return [...new Set(lines.filter(Boolean))].sort()
}
