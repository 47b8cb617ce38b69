// Host-made Values on plugin threads. Their short strings share 16 KiB blocks
// (src/native/value_arena.c), each freed with its last string through an atomic count: a plugin
// that grows some strings (moving them out of their block) and drops the rest on two threads at
// once, while JS goes on making and dropping Values, must leave every block freed exactly once.
// And the per-thread scratch of the Value dump (src/native/value_dump.c) is freed when its thread
// ends: a plugin thread (the C plugin's runtime copy) and a Node worker (the host's runtime).
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import koffi from 'koffi'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { bindFunction, liveAllocations, t } from '../../src/index.ts'
import { runtimeLibrary, runtimePath } from '../../src/types/runtime.ts'
import type { Plugin } from './api.ts'
import { pluginWithoutLeaks } from './suite.ts'

const plugins = inject('stdTestPlugins')
const WORDS = 3000
const GROW_EVERY = 3

describe.each(Object.entries(plugins))('%s plugin', (_lang, path) => {
  const plugin = pluginWithoutLeaks(path)
  let p: Plugin
  beforeAll(() => {
    p = plugin()
  })
  const lib = koffi.load(path)
  const onThreads = bindFunction(lib, 'tp_value_strings_on_threads', t.fn([t.Value, t.u32], t.u32)) as (v: unknown, growEvery: number) => number
  const join = bindFunction(lib, 'tp_value_threads_join', t.fn([], t.u64)) as () => bigint

  it("a Value's block-shared strings grown and dropped on two plugin threads while JS works: every block freed once", async () => {
    const runtimeBefore = liveAllocations()
    const pluginBefore = p.fns.tp_live_allocations()
    let grown = 0
    for (let round = 0; round < 8; round++) {
      const words = Array.from({ length: WORDS }, (_, i) => `r${round}-w${i}`)
      expect(onThreads(words, GROW_EVERY)).toBe(WORDS)
      grown += Math.ceil(WORDS / GROW_EVERY)
      // JS goes on while the threads run: more host-made Values with short strings, made and dropped here.
      const doc = { round, names: Array.from({ length: 500 }, (_, i) => `n${i}`), nested: { s: 'short', xs: ['a', 'b'] } }
      expect(p.fns.tp_value_identity(doc)).toEqual(doc)
      await new Promise((resolve) => setImmediate(resolve))
    }
    expect(join()).toBe(BigInt(grown))
    // A double free would take a counter below its baseline; a leak would leave it above.
    expect(liveAllocations()).toBe(runtimeBefore)
    expect(p.fns.tp_live_allocations()).toBe(pluginBefore)
  })
  it('anything but an array of strings is dropped whole, taking nothing', () => {
    const before = liveAllocations()
    expect(onThreads({ a: ['x'] }, 1)).toBe(0)
    expect(onThreads(['x', 1n], 1)).toBe(0)
    expect(join()).toBe(0n)
    expect(liveAllocations()).toBe(before)
  })
})

describe("the Value dump frees a thread's scratch when the thread ends", () => {
  it('a C plugin thread that dumped Values and ended holds none', () => {
    const lib = koffi.load(plugins.C)
    const dumpOnThread = bindFunction(lib, 'tp_value_dump_on_thread', t.fn([t.ref(t.Value), t.u32], t.i64)) as (v: unknown, times: number) => bigint
    const held = bindFunction(lib, 'tp_dump_scratch_held', t.fn([], t.i64)) as () => bigint
    const baseline = held()
    const doc = { words: Array.from({ length: 200 }, (_, i) => `w${i}`), n: 2n ** 40n, f: 0.5 }
    for (let i = 0; i < 5; i++) {
      // tags, words, floats and bytes: four streams while the thread lived, none after.
      expect(dumpOnThread(doc, 3)).toBe(baseline + 4n)
      expect(held()).toBe(baseline)
    }
  })
  it("a Node worker that read Values through the host's runtime and ended holds none", async () => {
    const held = runtimeLibrary().func('int64_t abs_value_dump_scratch_held()') as unknown as () => bigint | number
    const baseline = BigInt(held())
    // Plain JS with koffi: an I64 Value (tag 2 at 0, the number at 8) dumped through the runtime.
    const code = `
      const { parentPort, workerData } = require('node:worker_threads')
      const koffi = require(workerData.koffi)
      const lib = koffi.load(workerData.runtime)
      const dump = lib.func('int64_t abs_value_dump(void *v, void *out, size_t cap)')
      const held = lib.func('int64_t abs_value_dump_scratch_held()')
      const value = new Uint8Array(40)
      value[0] = 2
      new DataView(value.buffer).setBigInt64(8, 42n, true)
      const out = new Uint8Array(64)
      let bytes = 0
      for (let i = 0; i < 10; i++) bytes = Number(dump(value, out, out.length))
      parentPort.postMessage({ bytes, held: Number(held()) })`
    const worker = new Worker(code, { eval: true, workerData: { koffi: createRequire(import.meta.url).resolve('koffi'), runtime: runtimePath } })
    const seen = await new Promise<{ bytes: number; held: number }>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    await new Promise((resolve) => worker.once('exit', resolve))
    expect(seen.bytes).toBeGreaterThan(0)
    // The worker's thread held its tags and words streams while it lived.
    expect(BigInt(seen.held)).toBe(baseline + 2n)
    expect(BigInt(held())).toBe(baseline)
  })
})
