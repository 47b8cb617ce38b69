// npm test: runs every stage below in order, each as a child process with the terminal as its
// output, and goes on when one fails, so a type error does not hide the tests' results. Then
// prints a summary: each stage with pass/fail and seconds, every skip reason the tests recorded
// (test/setup/tools.ts writes one file per reason to build/test-skips/, cleared here first), and
// last, alone on its line, `N passed, N failed` counting stages (`, N skipped` added when tests
// were skipped: N distinct reasons). Exits 1 if any stage failed.
//
// `npm test -- <args>` passes <args> to vitest (the stage marked `passArgs`), e.g.
// `npm test -- test/abi`.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The stages, in order: `command` is looked up in node_modules/.bin first, then on PATH, and run
 * in the repository root with `args` (then, for the stage with `passArgs: true`, the arguments
 * given to npm test).
 * @type {{ name: string, command: string, args: string[], passArgs?: boolean }[]}
 */
const stages = [
  { name: 'typecheck', command: 'tsc', args: ['--noEmit'] },
  { name: 'vitest', command: 'vitest', args: ['run'], passArgs: true },
  { name: 'conformance', command: 'tsx', args: ['src/conformance/cli.ts'] },
]

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const skipDir = path.join(root, 'build', 'test-skips')
const extra = process.argv.slice(2)

/** node_modules/.bin/<command> when it is there, else the command for PATH to find. */
function resolveCommand(command) {
  if (command.includes('/') || command.includes(path.sep)) return command
  const local = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${command}.cmd` : command)
  return fs.existsSync(local) ? local : command
}

fs.rmSync(skipDir, { recursive: true, force: true })
fs.mkdirSync(skipDir, { recursive: true })

/** @type {{ name: string, ok: boolean, seconds: number, detail: string }[]} */
const results = []
let interrupted = false
for (const stage of stages) {
  const args = [...stage.args, ...(stage.passArgs ? extra : [])]
  console.log(`\n=== ${stage.name}: ${[stage.command, ...args].join(' ')}\n`)
  const started = performance.now()
  const r = spawnSync(resolveCommand(stage.command), args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' })
  const seconds = (performance.now() - started) / 1000
  const detail = r.error ? `could not start: ${r.error.message}` : r.signal ? `killed by ${r.signal}` : r.status !== 0 ? `exit ${r.status}` : ''
  results.push({ name: stage.name, ok: !r.error && r.status === 0, seconds, detail })
  // Ctrl-C reaches the stage too: stop there instead of starting the next one.
  if (r.signal === 'SIGINT' || r.signal === 'SIGTERM') {
    interrupted = true
    break
  }
}

const skips = fs.existsSync(skipDir)
  ? [
      ...new Set(
        fs
          .readdirSync(skipDir)
          .filter((f) => f.endsWith('.txt'))
          .flatMap((f) => fs.readFileSync(path.join(skipDir, f), 'utf8').split('\n'))
          .map((l) => l.trim())
          .filter(Boolean),
      ),
    ].sort()
  : []

const width = Math.max(...stages.map((s) => s.name.length))
console.log('\n=== summary\n')
for (const r of results) console.log(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.seconds.toFixed(1).padStart(6)} s${r.detail ? `  (${r.detail})` : ''}`)
for (const s of stages.slice(results.length)) console.log(`  ----  ${s.name.padEnd(width)}  not run (interrupted)`)
if (skips.length > 0) {
  console.log(`\nskipped (${skips.length}):`)
  for (const s of skips) console.log(`  ${s}`)
}
const passed = results.filter((r) => r.ok).length
const failed = results.length - passed
console.log('')
console.log(`${passed} passed, ${failed} failed${skips.length > 0 ? `, ${skips.length} skipped` : ''}`)
process.exit(failed > 0 || interrupted ? 1 : 0)
