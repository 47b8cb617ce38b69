// The hostile libraries of the hardening suite, built on demand (like the other C fixtures):
// fixtures/hostile_header.c once per corruption case, the sound one for 32-bit x86 (gcc -m32),
// and copies of the sound one cut short or relabelled for another machine.
import fs from 'node:fs'
import path from 'node:path'
import { t } from '../../src/index.ts'
import { buildCLibrary } from '../setup/build-c.ts'
import { buildDir, libPath, repoRoot } from '../setup/paths.ts'

export const HostileMod = t.prefixModule(
  'HostileMod',
  { answer: t.fn([], t.u32), twice: t.fn([t.u32], t.u32), later: t.fn([], t.u32), latest: t.fn([t.u64], t.u64) },
  // The fixture has only the prefix fields: later ones are absent, and reading one throws.
  { lastPrefixField: 'twice', missingField: 'throw' },
)
export const HOSTILE_VERSION = '0.1.0'

/** HOSTILE_CASE values of fixtures/hostile_header.c. */
export const hostileCases = {
  sound: 0,
  wrong_magic: 1,
  huge_version_len: 2,
  huge_name_len: 3,
  wild_version_ptr: 4,
  invalid_utf8_name: 5,
  null_constructor: 6,
  data_constructor: 7,
  bad_layout_tag: 8,
  wild_layout: 9,
  wild_stored_module: 10,
  wild_module: 11,
  accessible_64: 12,
  wild_base_name: 13,
} as const
export type HostileCase = keyof typeof hostileCases

const source = 'test/hardening/fixtures/hostile_header.c'
const header = path.join(repoRoot, 'plugins-c/include/abi_stable.h')
const flags = ['-std=c11', `-I${path.dirname(header)}`]

/** The library of `name`, built if needed. */
export function hostileLibrary(name: HostileCase): string {
  return buildCLibrary(source, `hostile_${name}`, { deps: [header], flags: [...flags, `-DHOSTILE_CASE=${hostileCases[name]}`] })
}

/** The sound plugin built for 32-bit x86 (needs gcc-multilib). */
export function hostile32BitLibrary(): string {
  return buildCLibrary(source, 'hostile_sound_m32', { deps: [header], flags: [...flags, '-m32'] })
}

/** A copy of the sound plugin cut to its first `bytes` bytes. */
export function truncatedLibrary(bytes: number): string {
  const whole = fs.readFileSync(hostileLibrary('sound'))
  const out = path.join(buildDir, `libhostile_cut_${bytes}.so`)
  writeAtomically(out, whole.subarray(0, bytes))
  return out
}

/** A copy of the sound plugin whose ELF header names another machine (`machine`, e.g. 183 = AArch64). */
export function foreignMachineLibrary(machine: number): string {
  const bytes = Buffer.from(fs.readFileSync(hostileLibrary('sound')))
  bytes.writeUInt16LE(machine, 18)
  const out = path.join(buildDir, `libhostile_machine_${machine}.so`)
  writeAtomically(out, bytes)
  return out
}

/**
 * Writes `bytes` to `out` under a temporary name and renames it into place. Test files run in
 * parallel processes (test/cli and test/hardening make the same copies): rewriting a library in
 * place while another process has it mapped truncates that mapping, and its next read dies of
 * SIGBUS. A rename leaves the other process its old file.
 */
function writeAtomically(out: string, bytes: Uint8Array): void {
  const tmp = `${out}.${process.pid}.tmp`
  fs.writeFileSync(tmp, bytes)
  fs.renameSync(tmp, out)
}

export const soundSize = (): number => fs.statSync(hostileLibrary('sound')).size
export { libPath }
