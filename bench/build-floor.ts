// Builds the Node-API floor addon (bench/floor/floor.c) with gcc against Node's headers.
import { spawnSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { repoRoot } from '../test/setup/paths.ts'

export function nodeHeaders(): string {
  // Debian's nodejs puts them at /usr/include/node; a node.js tarball at <prefix>/include/node.
  return path.resolve(path.dirname(process.execPath), '..', 'include', 'node')
}

export function buildFloor(): string {
  const out = path.join(repoRoot, 'build', 'bench')
  mkdirSync(out, { recursive: true })
  const addon = path.join(out, 'floor.node')
  const args = ['-O2', '-shared', '-fPIC', '-DNODE_GYP_MODULE_NAME=floor', `-I${nodeHeaders()}`, `-I${path.join(repoRoot, 'plugins-c', 'include')}`,
    path.join(repoRoot, 'bench', 'floor', 'floor.c'), '-o', addon, '-ldl']
  const r = spawnSync('gcc', args, { encoding: 'utf8' })
  if (r.error || r.status !== 0) throw new Error(`building the floor addon failed (gcc ${args.join(' ')}):\n${r.error ?? ''}${r.stdout}${r.stderr}`)
  return addon
}
