// `inspect` and `ls` on the hardening suite's hostile libraries (corrupt statics, truncated files,
// other machines): each is reported with its reason, exit 1, never followed into a crash. Run
// through the bin, so a crash would be a signal here instead of a dead test worker.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { foreignMachineLibrary, hostile32BitLibrary, hostileCases, hostileLibrary, soundSize, truncatedLibrary, type HostileCase } from '../hardening/hostile.ts'
import { repoRoot } from '../setup/paths.ts'
import { skipWithout } from '../setup/tools.ts'
import { rel, runBin } from './run.ts'

/** Corruptions of the module the constructor returns: only loading (check) reaches them. */
const inModule: HostileCase[] = ['wild_module', 'accessible_64']
const inStatics = (Object.keys(hostileCases) as HostileCase[]).filter((c) => c !== 'sound' && !inModule.includes(c))

describe('inspect on hostile libraries', () => {
  it('the sound one is a plugin', () => {
    expect(runBin(['inspect', rel(hostileLibrary('sound'))]).code).toBe(0)
  })

  it.each(inStatics)('%s: a reason and exit 1, no crash', (name) => {
    const r = runBin(['inspect', '--json', rel(hostileLibrary(name))])
    expect(r.err).toBe('')
    expect(r.code).toBe(1)
    const info = JSON.parse(r.out)
    expect(info.ok).toBe(false)
    expect(info.problem).toMatch(/corrupt statics|AbiHeader magic|cannot be read|fingerprint/)
  })

  it.each(inModule)('%s: inspect does not run the constructor; check loads it and names the field (exit 1)', (name) => {
    expect(runBin(['inspect', rel(hostileLibrary(name))]).code).toBe(0)
    const iface = path.join(repoRoot, 'build', 'cli-hostile.interface.ts')
    fs.writeFileSync(iface, `export { HostileMod, HOSTILE_VERSION } from '${path.join(repoRoot, 'test', 'hardening', 'hostile.ts')}'\n`)
    const r = runBin(['check', rel(hostileLibrary(name)), rel(iface)])
    expect(r.err).toBe('')
    expect(r.code).toBe(1)
    expect(r.out).toContain('ERR_ABI_CORRUPT_LIBRARY')
  })

  it('a directory is not a library', () => {
    expect(runBin(['inspect', 'docs']).out).toContain('NOT LOADABLE: not a file')
  })

  const notLoadable = (file: string) => {
    const r = runBin(['inspect', rel(file)])
    expect(r.code, r.out + r.err).toBe(1)
    expect(r.out).toContain('NOT LOADABLE: the system cannot load it: ')
  }

  it('truncated and foreign-machine files: the system cannot load them', () => {
    for (const file of [truncatedLibrary(Math.floor(soundSize() / 2)), foreignMachineLibrary(183)]) notLoadable(file)
  })

  const m32 = 'a 32-bit x86 file (gcc -m32): the system cannot load it'
  it.skipIf(skipWithout('gcc -m32', `test/cli/hostile.test.ts > ${m32}`))(m32, () => notLoadable(hostile32BitLibrary()))
})
