// JS implementations of methods whose arguments travel anywhere the x86-64 System V convention puts
// them (issue 16.3): a 56-byte enum and an RString by value in the caller's stack area, float and
// integer mixes split between register files, a pair that no longer fits the registers left (on the
// stack, the next integer back in a register), doubles past the eight float registers, ROption<Value>,
// RVec and a trait object by value; and returns of a 56-byte enum, a mixed pair and a 20-byte struct.
// By-value arguments are JS's: each is dropped once, through the plugin's own vtables (the plugin's
// allocation count comes back), on the main thread, queued from a plugin thread, or refused there.
import { beforeAll, describe, expect, it } from 'vitest'
import { deliveries, type TraitImpl } from '../../src/index.ts'
import { loadTraitPlugin, settled, traitPlugins, type TraitPlugin } from './api.ts'
import { App, bindApp } from './app.ts'
import { watchHostSuite } from './host-suite.ts'

type AppImpl = TraitImpl<typeof App.trait.methods>

function recordingApp() {
  const calls: unknown[][] = []
  const impl: AppImpl = {
    send: (route, msg) => {
      calls.push(['send', route, msg])
      return route.tag === 'Id' ? { ok: true, value: BigInt(route.name.length + msg.length) + route.instance * route.weight } : { ok: false, error: 'no id' }
    },
    post: (route, msg) => void calls.push(['post', route, msg]),
    mix: (a, b, c, d, e) => (calls.push(['mix', a, b, c, d, e]), [a + c[0] + d + e[1], BigInt(b) + c[1] + e[0]]),
    spill: (a, b, c, d, pair, e, f) => (calls.push(['spill', a, b, c, d, pair, e, f]), a + b + c + d + pair[0] * 10n + pair[1] * 100n + e * 1000n + f * 10000n),
    floats: (...xs) => (calls.push(['floats', ...xs]), xs.reduce((s, x, i) => s + (i + 1) * x, 0)),
    values: (value, list, tail) => (calls.push(['values', value, [...list], tail]), `${value === undefined ? 'none' : JSON.stringify(value)}|${list.join('+')}|${tail}`),
    take: (counter) => {
      const v = counter.get()
      counter.drop()
      calls.push(['take', v])
      return v + 1n
    },
    route: (which) => (which === 3n ? { tag: 'Id', name: `r${which}`, instance: which, weight: which * 10n } : { tag: 'Many', 0: [1n, 2n, 3n] }),
    odd: (n) => [BigInt(n), n / 2],
    big: (n) => ({ a: n, b: n + 1, c: n + 2, d: n + 3, e: n + 4 }),
  }
  return { impl, calls }
}

describe.each(traitPlugins())('%s plugin: by-value arguments of any size and class in JS implementations', (_lang, path) => {
  let p: TraitPlugin
  let app: ReturnType<typeof bindApp>
  beforeAll(() => {
    p = loadTraitPlugin(path)
    app = bindApp(p.lib)
  })
  const { failures } = watchHostSuite()

  it('reads every argument where the convention put it and returns every shape', () => {
    const { impl, calls } = recordingApp()
    const pluginBefore = p.fns.tr_live_allocations()
    const dropsBefore = p.fns.tr_counter_drops()
    expect(app.run(impl)).toBe('send=73;mix=18,12;spill=93510;floats=390;values="json"|10+20+30|tail;values=none||;take=42;route=id:r3,3,30;route=many;odd=5,2.5;big=100,101,102,103,104')
    expect(calls).toEqual([
      ['send', { tag: 'Id', name: 'alpha', instance: 7n, weight: 9n }, 'hello'],
      ['post', { tag: 'Id', name: 'beta', instance: 1n, weight: 2n }, 'posted'],
      ['mix', 1.5, 2, [3.25, 4n], 5.5, [6n, 7.75]],
      ['spill', 1n, 2n, 3n, 4n, [50n, 60n], 7n, 8n],
      ['floats', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5],
      ['values', 'json', [10, 20, 30], 'tail'],
      ['values', undefined, [], ''],
      ['take', 41n],
    ])
    // Every by-value argument (strings, enums, vectors, the Value, the counter) was dropped once.
    expect(p.fns.tr_live_allocations()).toBe(pluginBefore)
    expect(p.fns.tr_counter_drops()).toBe(dropsBefore + 1n)
    expect(failures).toEqual([])
  })

  it('from a plugin thread: by-value calls are queued, and a refused one still has its arguments dropped', async () => {
    const { impl, calls } = recordingApp()
    const pluginBefore = p.fns.tr_live_allocations()
    expect(app.postOnThread(impl, 100)).toBe(1)
    await deliveries()
    const posts = calls.filter((c) => c[0] === 'post')
    expect(posts).toHaveLength(100)
    posts.forEach((c, i) => expect(c).toEqual(['post', { tag: 'Id', name: `n${i}`, instance: BigInt(i), weight: BigInt(2 * i) }, `m${i}`]))
    expect(calls.some((c) => c[0] === 'send')).toBe(false)
    expect(failures.map((f) => [f.method, f.reason])).toEqual([['send', 'refused']])
    failures.length = 0
    expect(await settled(() => p.fns.tr_live_allocations(), pluginBefore)).toBe(pluginBefore)
  })

  it('a JS exception in a by-value method still drops the arguments and gives the plugin RErr', () => {
    const pluginBefore = p.fns.tr_live_allocations()
    const impl: AppImpl = {
      ...recordingApp().impl,
      send: () => {
        throw new Error('no route')
      },
    }
    expect(app.run(impl)).toMatch(/^send=err:no route;mix=18,12;/)
    expect(p.fns.tr_live_allocations()).toBe(pluginBefore)
    expect(failures.map((f) => [f.method, f.reason])).toEqual([['send', 'threw']])
    failures.length = 0
  })
})
