// A primitive function of a loaded root module against a raw koffi call of the same function
// pointer (read from the module, as a user without this library would call it). The module is
// the hardening suite's sound C plugin (test/hardening/fixtures/hostile_header.c, built on
// demand): HostileMod { answer: fn() -> u32, twice: fn(u32) -> u32 }, loaded and checked by
// loadLibrary like any plugin. Both sides return a number.
import koffi from 'koffi'
import { loadLibrary } from '../src/index.ts'
import { HOSTILE_VERSION, HostileMod, hostileLibrary } from '../test/hardening/hostile.ts'
import type { Case } from './cases.ts'

export function moduleCases(): Case[] {
  const { module } = loadLibrary(hostileLibrary('sound'), HostileMod, { version: HOSTILE_VERSION })
  // The module's header (WithMetadata): accessibility mask, layout pointer, then answer (+16), twice (+24).
  const twiceAddress = koffi.decode(module.$address + 24n, 'uint64_t') as bigint | number
  const rawTwice = koffi.decode(BigInt(twiceAddress), koffi.proto('uint32_t (uint32_t)')) as (x: number) => number
  if (rawTwice(21) !== 42 || module.twice(21) !== 42) throw new Error('bench: HostileMod.twice(21) is not 42')
  return [
    {
      name: 'primitive call through a root module: HostileMod.twice(21) -> u32',
      run: () => module.twice(21),
      baseline: { name: 'raw koffi call of the same function pointer', run: () => rawTwice(21) },
      others: [],
      target: 1.2,
      check: (r) => r === 42,
    },
  ]
}
