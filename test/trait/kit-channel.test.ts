// The C plugin kit (plugins-c/include) carries the runtime's channel API (abs_rchannel.h): a plugin
// built with the kit alone (test/trait/kit/kit_channel.c, the command of docs/guides/c-plugin.md,
// warning-free at -Wall -Wextra -pedantic -Werror) makes RSender/RReceiver channels with its own
// copy of the runtime; JS reads one's receiver and sends into another's sender, and every channel
// and allocation of the plugin's is gone afterwards.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import koffi from 'koffi'
import { beforeAll, describe, expect, it } from 'vitest'
import { bindFunction, pinLibrary, t } from '../../src/index.ts'
import { repoRoot } from '../setup/paths.ts'
import { settled } from './api.ts'

const include = path.join(repoRoot, 'plugins-c', 'include')
const work = path.join(repoRoot, 'build', 'trait', 'kit-channel')

const kitApi = {
  kit_count_to: t.fn([t.u64], t.RReceiver(t.u64)),
  kit_summer_new: t.fn([t.u64], t.RSender(t.u64)),
  kit_summer_total: t.fn([], t.u64),
  kit_summer_done: t.fn([], t.bool),
  kit_channels_live: t.fn([], t.i64),
  kit_live_allocations: t.fn([], t.i64),
} as const

describe('a kit-only C plugin makes channels', () => {
  let lib = ''
  beforeAll(() => {
    fs.mkdirSync(work, { recursive: true })
    lib = path.join(work, 'libkit_channel.so')
    const source = path.join(repoRoot, 'test', 'trait', 'kit', 'kit_channel.c')
    const cc = spawnSync(
      'cc',
      ['-std=c11', '-Wall', '-Wextra', '-pedantic', '-Werror', '-shared', '-fPIC', '-fvisibility=hidden', '-pthread', '-I', include, source, path.join(include, 'abi_stable_runtime.c'), '-o', lib],
      { encoding: 'utf8' },
    )
    expect(`${cc.stdout}${cc.stderr}`).toBe('')
    expect(cc.status).toBe(0)
  }, 120_000)

  it('JS reads the receiver of a channel the plugin fills, and sends into one it drains; nothing of the plugin\'s is left', async () => {
    koffi.load(lib)
    // Its detached threads may outlive Node's teardown.
    expect(pinLibrary(lib)).toBe(true)
    const l = koffi.load(lib)
    const f = Object.fromEntries(Object.entries(kitApi).map(([n, d]) => [n, bindFunction(l, n, d)])) as {
      [K in keyof typeof kitApi]: (...a: any[]) => any
    }
    const got: bigint[] = []
    for await (const v of f.kit_count_to(40n)) got.push(v)
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i + 1)))

    const sender = f.kit_summer_new(2n)
    for (let i = 1; i <= 100; i++) await sender.send(BigInt(i))
    sender.close()
    expect(await settled(() => f.kit_summer_done(), true)).toBe(true)
    expect(f.kit_summer_total()).toBe(5050n)
    expect(await settled(() => f.kit_channels_live(), 0n)).toBe(0n)
    expect(await settled(() => f.kit_live_allocations(), 0n)).toBe(0n)
  })
})
