// `abi-stable build-runtime`: builds the native runtime for this machine with its C compiler, into
// the package's build/native (where it is looked for before a prebuilt one: types/runtime-path.ts).
// For platforms the package carries no prebuilt runtime for, when installing could not build it
// (no compiler then, or `npm install --ignore-scripts`).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { builtRuntimePath, platformTag } from '../types/runtime-path.ts'
import { parse } from './args.ts'
import type { Command } from './command.ts'
import { EXIT } from './errors.ts'

const USAGE = 'abi-stable build-runtime'
/** The package's build script (it ships in the package; it also serves the install script). */
const script = fileURLToPath(new URL('../../scripts/build-native.mjs', import.meta.url))

export const buildRuntime: Command = {
  name: 'build-runtime',
  summary: "Build the native runtime for this machine with its C compiler (where no prebuilt one loads).",
  usage: USAGE,
  help: `
The runtime (the vtables of values the host makes, drop glue, wakers, queues) is plain C. The
package carries a prebuilt one for linux-x64-glibc; elsewhere its install script builds it with the
machine's C compiler. Run this when that did not happen (no compiler at install time, or installed
with --ignore-scripts) or to rebuild it. It needs cc, gcc or clang (or $CC).

options:
  -h, --help   this help

exit codes: 0 built, 1 no compiler or the build failed.`,
  async run(argv, io) {
    parse('build-runtime', argv, {}, 0, 0, USAGE)
    if (!existsSync(script)) {
      io.err(`abi-stable: ${script} is missing from the package; reinstall abi-stable\n`)
      return EXIT.no
    }
    const r = spawnSync(process.execPath, [script, '--build'], { encoding: 'utf8' })
    io.out(r.stdout ?? '')
    io.err(r.stderr ?? '')
    if (r.status !== 0) return EXIT.no
    io.out(`abi-stable: the runtime for ${platformTag()} is ${builtRuntimePath}\n`)
    return EXIT.ok
  },
}
