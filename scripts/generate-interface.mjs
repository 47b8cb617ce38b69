// Regenerates a plugin's interface code from the host's TS declarations with the abi-stable CLI
// (`abi-stable header|rust <interface.ts> --out FILE`), for the plugin build scripts. The file is
// rewritten only when its content changes, so its mtime says when the interface last changed.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(repoRoot, 'bin', 'abi-stable.mjs')

/** Runs `abi-stable <kind> <iface> --out <out>` (kind: 'header' or 'rust'); throws with its message when it fails. */
export function generateInterface(kind, iface, out) {
  // Relative to the repository, so the generated comment names the file the same on every machine.
  const relative = path.relative(repoRoot, iface).split(path.sep).join('/')
  const r = spawnSync(process.execPath, [bin, kind, relative, '--out', out], { cwd: repoRoot, encoding: 'utf8' })
  if (r.error) throw new Error(`could not run ${bin}: ${r.error.message}`)
  if (r.status !== 0) throw new Error(`abi-stable ${kind} ${path.relative(repoRoot, iface)} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`)
  return out
}
