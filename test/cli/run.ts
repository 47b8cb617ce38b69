// Runs the CLI in-process with its output captured (no colour, paths relative to the repository),
// and the real bin in a child process.
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { main } from '../../src/cli/main.ts'
import type { Io } from '../../src/cli/io.ts'
import { repoRoot } from '../setup/paths.ts'

export interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

export async function cli(args: readonly string[], options: { colour?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Run> {
  let out = ''
  let err = ''
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    colour: options.colour ?? false,
    cwd: options.cwd ?? repoRoot,
    env: options.env ?? {},
  }
  const code = await main(args, io)
  return { code, out, err }
}

export const bin = path.join(repoRoot, 'bin', 'abi-stable.mjs')

/** The bin as a user runs it: a child process whose stdout is a pipe (not a terminal). */
export function runBin(args: readonly string[], env: NodeJS.ProcessEnv = {}): Run {
  const base = { ...process.env }
  delete base.NO_COLOR
  delete base.FORCE_COLOR
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...base, ...env } })
  if (r.error) throw r.error
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr }
}

/** A library path relative to the repository root, as the CLI tests name them. */
export const rel = (file: string): string => path.relative(repoRoot, file)
