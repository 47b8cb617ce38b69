// JS objects handed to a plugin as trait objects: called synchronously on the main thread, called
// from the plugin's own threads (a method returning nothing is queued and delivered later; one
// that returns a value is refused with its declared error value, never a deadlock), JS exceptions
// turned into RErr or a reported, counted fallback, and the plugin's drop releasing the JS object
// exactly once, on whichever thread it happens.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  InvalidValueError,
  allocNative,
  bindPointer,
  copyToNative,
  deliveries,
  encode,
  readPrefix,
  t,
  RObjectVtable,
  type Infer,
  hostEvents,
  hostStats,
  implement,
  liveAllocations,
  type HostFailure,
  type TraitImpl,
} from '../../src/index.ts'
import { Counter, Logger, loadTraitPlugin, traitPlugins, type TraitPlugin } from './api.ts'

type LoggerImpl = TraitImpl<typeof Logger.trait.methods>

/** A logger recording what the plugin did with it. */
function recordingLogger(overrides: Partial<LoggerImpl> = {}) {
  const calls: string[] = []
  const impl: LoggerImpl = {
    log(level, msg) {
      calls.push(`log ${level} ${msg}`)
      return { ok: true, value: undefined }
    },
    name() {
      calls.push('name')
      return 'js-logger'
    },
    level() {
      calls.push('level')
      return 3
    },
    flush() {
      calls.push('flush')
    },
    ...overrides,
  }
  return { impl, calls }
}

describe.each(traitPlugins())('%s plugin: JS objects as trait objects', (_lang, path) => {
  let p: TraitPlugin
  let pluginBaseline: bigint
  let runtimeBaseline: bigint
  let failures: HostFailure[] = []
  const onFailure = (f: HostFailure) => failures.push(f)
  beforeAll(() => {
    p = loadTraitPlugin(path)
    pluginBaseline = p.fns.tr_live_allocations()
    runtimeBaseline = liveAllocations()
    hostEvents.on('failure', onFailure)
  })
  afterAll(async () => {
    hostEvents.off('failure', onFailure)
    await deliveries()
    expect(hostStats().liveObjects).toBe(0)
    expect(p.fns.tr_live_allocations()).toBe(pluginBaseline)
    expect(liveAllocations()).toBe(runtimeBaseline)
  })
  beforeEach(() => {
    failures = []
  })
  afterEach(async () => {
    await deliveries()
  })

  it('the plugin calls a JS logger synchronously, in order, with the arguments it passed', () => {
    const { impl, calls } = recordingLogger()
    expect(p.fns.tr_log_lines(impl, 4)).toEqual({ ok: true, value: 4 })
    expect(calls).toEqual(['log 0 line 0', 'log 1 line 1', 'log 2 line 2', 'log 0 line 3'])
    // Borrowed for the call only: released when the call's scope ends.
    expect(hostStats().liveObjects).toBe(0)
  })

  it('methods returning values: an RString the plugin grows through our vtable, a u8', () => {
    const { impl } = recordingLogger()
    expect(p.fns.tr_logger_name(impl)).toBe('js-logger!')
    expect(p.fns.tr_logger_level(impl)).toBe(3)
  })

  it('a JS exception in a method returning RResult<_, RString> reaches the plugin as RErr(message)', () => {
    const { impl, calls } = recordingLogger({
      log(level, msg) {
        calls.push(`log ${level} ${msg}`)
        if (msg === 'line 2') throw new Error('disk full')
        return { ok: true, value: undefined }
      },
    })
    expect(p.fns.tr_log_lines(impl, 5)).toEqual({ ok: false, error: 'log failed at line 2: disk full' })
    expect(calls).toEqual(['log 0 line 0', 'log 1 line 1', 'log 2 line 2'])
    expect(failures).toMatchObject([{ trait: 'Logger', method: 'log', reason: 'threw', message: 'Logger.log threw: disk full' }])
  })

  it('a JS exception elsewhere: the plugin gets the fallback, the failure is reported and counted, the plugin carries on', () => {
    const before = hostStats().threw
    const { impl } = recordingLogger({
      name() {
        throw new TypeError('no name')
      },
      level() {
        throw new Error('no level')
      },
    })
    expect(p.fns.tr_logger_name(impl)).toBe('!') // '' is RString's fallback
    expect(p.fns.tr_logger_level(impl)).toBe(255) // declared { fallback: 255 }
    expect(hostStats().threw).toBe(before + 2)
    expect(failures.map((f) => [f.method, f.reason, (f.error as Error).message])).toEqual([
      ['name', 'threw', 'no name'],
      ['level', 'threw', 'no level'],
    ])
    // The plugin is fine afterwards.
    expect(p.fns.tr_log_lines(recordingLogger().impl, 1)).toEqual({ ok: true, value: 1 })
  })

  it('a JS method returning a value of the wrong type is a reported failure, not garbage', () => {
    const { impl } = recordingLogger({ level: () => 'three' as never })
    expect(p.fns.tr_logger_level(impl)).toBe(255)
    expect(failures).toMatchObject([{ method: 'level', reason: 'threw' }])
    expect(failures[0].message).toMatch(/expected integer in u8 range/)
  })

  it('a plugin thread calling a method that returns a value gets the declared error value at once: RErr, or the fallback', () => {
    const { impl, calls } = recordingLogger()
    const before = hostStats().refused
    const r = p.fns.tr_log_on_thread(impl)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatch(/Logger\.log returns a value and was called on a thread other than the JS main thread/)
    expect(p.fns.tr_level_on_thread(impl)).toBe(255)
    expect(calls).toEqual([]) // JS never ran for them
    expect(hostStats().refused).toBe(before + 2)
  })

  it('refusals are reported on the main thread with the method named', async () => {
    const { impl } = recordingLogger()
    p.fns.tr_level_on_thread(impl)
    await deliveries()
    expect(failures).toMatchObject([{ trait: 'Logger', method: 'level', reason: 'refused' }])
    expect(failures[0].message).toMatch(/Logger\.level was called on a plugin thread/)
  })

  it('a plugin thread calling a method that returns nothing is queued, and delivered on the main thread later', async () => {
    const { impl, calls } = recordingLogger()
    p.fns.tr_flush_on_thread(impl)
    // The plugin's thread was joined before the call returned; JS had no chance to run yet.
    expect(calls).toEqual([])
    await deliveries()
    expect(calls).toEqual(['flush'])
  })

  it('a JS exception in a queued method is reported and counted', async () => {
    const { impl } = recordingLogger({
      flush() {
        throw new Error('flush failed')
      },
    })
    const before = hostStats().threw
    p.fns.tr_flush_on_thread(impl)
    await deliveries()
    expect(hostStats().threw).toBe(before + 1)
    expect(failures).toMatchObject([{ method: 'flush', reason: 'threw', message: 'Logger.flush threw: flush failed' }])
  })

  it('a kept object is released exactly once when the plugin drops it (main thread: at once)', () => {
    const { impl, calls } = recordingLogger()
    const live = hostStats().liveObjects
    p.fns.tr_logger_keep(impl)
    expect(hostStats().liveObjects).toBe(live + 1)
    p.fns.tr_logger_drop_kept()
    expect(hostStats().liveObjects).toBe(live)
    p.fns.tr_logger_drop_kept() // nothing kept any more: nothing released twice
    expect(hostStats()).toMatchObject({ liveObjects: live, unknownObject: 0 })
    expect(calls).toEqual([])
  })

  it('dropped on a plugin thread, the release is queued and delivered on the main thread', async () => {
    const { impl } = recordingLogger()
    const live = hostStats().liveObjects
    p.fns.tr_logger_keep(impl)
    p.fns.tr_logger_drop_kept_on_thread()
    expect(hostStats().liveObjects).toBe(live + 1)
    await deliveries()
    expect(hostStats()).toMatchObject({ liveObjects: live, unknownObject: 0 })
  })

  it('keeping a second object drops the first', () => {
    const live = hostStats().liveObjects
    p.fns.tr_logger_keep(recordingLogger().impl)
    p.fns.tr_logger_keep(recordingLogger().impl)
    expect(hostStats().liveObjects).toBe(live + 1)
    p.fns.tr_logger_drop_kept()
    expect(hostStats().liveObjects).toBe(live)
  })

  it('a JS object the plugin hands back is a trait object whose methods run the JS implementation', () => {
    const { impl, calls } = recordingLogger()
    const back = p.fns.tr_logger_echo(impl)
    expect(hostStats().liveObjects).toBeGreaterThan(0)
    expect(back.name()).toBe('js-logger')
    expect(back.log(2, 'round trip')).toEqual({ ok: true, value: undefined })
    expect(calls).toEqual(['name', 'log 2 round trip'])
    const live = hostStats().liveObjects
    back.drop()
    expect(hostStats().liveObjects).toBe(live - 1)
  })

  it('implement() checks the object now; a call abandoned on a later bad argument releases the object it made', () => {
    expect(() => implement(Logger, { log: () => ({ ok: true, value: undefined }) } as never)).toThrow(/an object without name\(\), level\(\), flush\(\)/)
    expect(() => p.fns.tr_log_lines(42 as never, 1)).toThrow(InvalidValueError)
    const live = hostStats().liveObjects
    expect(() => p.fns.tr_logger_keep(implement(Counter as never, {} as never))).toThrow(InvalidValueError)
    expect(() => p.fns.tr_log_lines(recordingLogger().impl, -1)).toThrow(/tr_log_lines, argument 1 \(u32\): expected integer in u32 range/)
    expect(hostStats().liveObjects).toBe(live)
  })
})

describe('the vtables of a host object (reference 3.4)', () => {
  it('trait VTable: bits for _sabi_tys, _sabi_vtable and every method; RObjectVtable: opaque type id, drop, no clone/debug/display', () => {
    const bytes = encode(Logger, recordingLogger().impl)
    const robject = new DataView(bytes.buffer, bytes.byteOffset, 24)
    const vtable = readPrefix(Logger.trait.vtable, robject.getBigUint64(0, true))
    expect(vtable.$accessible).toBe((1n << 6n) - 1n) // 2 + 4 methods
    const common = vtable._sabi_vtable as Infer<typeof RObjectVtable>
    expect(common.$accessible).toBe(0x3fn)
    expect([common._sabi_clone, common._sabi_debug, common._sabi_display]).toEqual([0n, 0n, 0n])
    // MaybeCmp<UTypeId>::Nothing (tag 1): a plugin cannot downcast a host object.
    const typeId = bindPointer(common._sabi_type_id, t.fn([], t.array(t.u8, 32)))()
    expect(typeId[0]).toBe(1)
    // Dropping the bytes (as the plugin would, through _sabi_drop) releases the JS object once.
    const live = hostStats().liveObjects
    const block = allocNative(24)
    copyToNative(block.address, bytes)
    bindPointer(common._sabi_drop, t.fn([t.mutPtr()], t.unit))(block.address + 8n)
    block.free()
    expect(hostStats().liveObjects).toBe(live - 1)
  })
})
