// Finds gcc and rustc, compiles the probe programs and gets their numbers: by
// running them, or, for a target this machine cannot execute, from the binary.
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { C_SECTION } from './c-probe.ts'

const exec = promisify(execFile)
const BIG = 256 * 1024 * 1024

export interface Probed {
  readonly values: number[]
  /** How the numbers were obtained. */
  readonly method: 'run' | 'read from the binary'
}

/** The version line of a compiler, or undefined when it is not on PATH. */
export async function compilerVersion(cmd: 'gcc' | 'rustc'): Promise<string | undefined> {
  try {
    const { stdout } = await exec(cmd, ['--version'])
    return stdout.split('\n')[0].trim()
  } catch {
    return undefined
  }
}

/**
 * Whether `gcc <flag>` can compile and link a C program here (the reason when not), and
 * whether this machine can run what it makes (a 32-bit binary needs a kernel with 32-bit support).
 */
export async function gccTargetWorks(flag: string, dir: string): Promise<{ ok: true; runs: boolean } | { ok: false; reason: string }> {
  const src = join(dir, `gcc-check${flag}.c`)
  const exe = join(dir, `gcc-check${flag}`)
  await writeFile(src, '#include <stdint.h>\n#include <stdio.h>\nint main(void) { printf("%zu\\n", sizeof(uint64_t)); return 0; }\n')
  try {
    await exec('gcc', [flag, src, '-o', exe])
  } catch (e) {
    return { ok: false, reason: firstErrorLine(String((e as { stderr?: string }).stderr || (e as Error).message || e)) }
  }
  try {
    // Node falls back to /bin/sh for a binary the kernel refuses, so check the output, not only the exit.
    const { stdout } = await exec(exe, [])
    return { ok: true, runs: stdout === '8\n' }
  } catch {
    return { ok: true, runs: false }
  }
}

/** The line of a compiler's output that says what went wrong (not the `In file included from` lines before it). */
export function firstErrorLine(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean)
  return lines.find((l) => /\berror\b|cannot find/i.test(l)) ?? lines[0] ?? 'no output'
}

function parseLines(stdout: string): number[] {
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => Number(l))
}

/** Compiles the C probe with `gcc <flag>` and returns its numbers, running it when `runs`. */
export async function probeC(source: string, flag: string, dir: string, runs: boolean): Promise<Probed> {
  const tag = flag.replace(/^-/, '')
  const src = join(dir, `probe-${tag}.c`)
  const exe = join(dir, `probe-c-${tag}`)
  await writeFile(src, source)
  await exec('gcc', [flag, '-std=gnu11', '-w', src, '-o', exe], { maxBuffer: BIG })
  if (runs) {
    const { stdout } = await exec(exe, [], { maxBuffer: BIG })
    return { values: parseLines(stdout), method: 'run' }
  }
  // The numbers are compile-time constants kept in their own section: read them from the file.
  const bin = join(dir, `probe-c-${tag}.bin`)
  await exec('objcopy', ['-O', 'binary', `--only-section=${C_SECTION}`, exe, bin])
  const bytes = await readFile(bin)
  const words = Array.from({ length: bytes.length / 8 }, (_, i) => Number(bytes.readBigUInt64LE(i * 8)))
  if (words.length === 0 || words[0] !== words.length - 1) throw new Error(`${bin}: the ${C_SECTION} section is not [count, values...]`)
  return { values: words.slice(1), method: 'read from the binary' }
}

/** Compiles the Rust probe with the host rustc and returns its numbers. */
export async function probeRust(source: string, dir: string): Promise<Probed> {
  const src = join(dir, 'probe.rs')
  const exe = join(dir, 'probe-rs')
  await writeFile(src, source)
  // RUSTC_BOOTSTRAP=1: the probe uses offset_of! on enum variants (feature offset_of_enum).
  await exec('rustc', ['--edition', '2021', '-C', 'debuginfo=0', src, '-o', exe], {
    maxBuffer: BIG,
    env: { ...process.env, RUSTC_BOOTSTRAP: '1' },
  })
  const { stdout } = await exec(exe, [], { maxBuffer: BIG })
  return { values: parseLines(stdout), method: 'run' }
}

/** rustc's host triple and whether the standard library for 32-bit Linux is installed. */
export async function rustTargets(): Promise<{ host: string; i686: boolean } | undefined> {
  try {
    const { stdout } = await exec('rustc', ['-vV'])
    const host = /^host: (.*)$/m.exec(stdout)?.[1] ?? 'unknown'
    const { stdout: sysroot } = await exec('rustc', ['--print', 'sysroot'])
    const i686 = existsSync(join(sysroot.trim(), 'lib', 'rustlib', 'i686-unknown-linux-gnu', 'lib'))
    return { host, i686 }
  } catch {
    return undefined
  }
}
