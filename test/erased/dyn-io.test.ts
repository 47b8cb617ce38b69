// The io traits and fmt::Write of DynTrait, both ways: a plugin's Cursor (Read, Write, Seek,
// BufRead) and Builder (fmt::Write) called from JS through their slots, and JS objects handed to
// plugins as readers and writers (their methods answer the slots through the host trampolines).
// Errors cross both ways with their kind and message; every value is dropped exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidValueError, IoError, MissingTraitError, RIoError, UnsupportedError, deliveries, encode, hostEvents, hostStats, liveAllocations, t, type HostFailure } from '../../src/index.ts'
import { bindAll, erasedPlugins, loadErasedPlugin, watchErasedSuite, type Api } from './api.ts'
import { BufReader, Cursor, ioApi } from './io-api.ts'

const text = (b: Uint8Array) => new TextDecoder().decode(b)
const bytes = (s: string) => new TextEncoder().encode(s)

/** A JS reader over `data` that counts its calls; `fail` makes read() throw it. */
class JsReader {
  pos = 0
  reads = 0
  fail: unknown
  constructor(readonly data: Uint8Array) {}
  read(buf: Uint8Array): number {
    this.reads++
    if (this.fail !== undefined) throw this.fail
    const n = Math.min(buf.length, this.data.length - this.pos)
    buf.set(this.data.subarray(this.pos, this.pos + n))
    this.pos += n
    return n
  }
  seek(from: { start?: bigint; end?: bigint; current?: bigint }): bigint {
    const base = from.start !== undefined ? 0n : from.end !== undefined ? BigInt(this.data.length) : BigInt(this.pos)
    const at = base + (from.start ?? from.end ?? from.current!)
    if (at < 0n) throw new IoError('InvalidInput', 'seek before the start')
    this.pos = Number(at)
    return at
  }
}

describe.each(erasedPlugins())('%s plugin: io traits of plugin-made DynTraits', (_lang, path) => {
  let p: Api
  let io: ReturnType<typeof bindAll<typeof ioApi>>
  beforeAll(() => {
    p = loadErasedPlugin(path)
    io = bindAll(path, ioApi)
  })
  watchErasedSuite(() => p, { noLiveValues: true })

  it('reads, reads exactly, and reports the end as 0 and as UnexpectedEof', () => {
    using c = io.er_cursor_new('hello world', 64)
    const buf = new Uint8Array(5)
    expect(c.read(buf)).toBe(5)
    expect(text(buf)).toBe('hello')
    const rest = new Uint8Array(6)
    c.readExact(rest)
    expect(text(rest)).toBe(' world')
    expect(c.read(buf)).toBe(0)
    let error: unknown
    try {
      c.readExact(new Uint8Array(1))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(IoError)
    expect(error).toMatchObject({ kind: 'UnexpectedEof', message: 'unexpected end of file', debug: 'Kind(UnexpectedEof)' })
    expect(p.er_live()).toBe(1n)
  })

  it('writes, writes all and flushes; an error carries its kind and the plugin message, dropped once', () => {
    using c = io.er_cursor_new('', 8)
    expect(c.write('abc')).toBe(3)
    c.writeAll(new Uint8Array([100, 101]))
    c.flush()
    expect(io.er_cursor_contents(c)).toBe('abcde')
    const before = p.er_live_allocations()
    expect(() => c.write('toolong')).toThrow(expect.objectContaining({ name: 'IoError', kind: 'InvalidInput', message: 'cursor limit of 8 bytes reached' }))
    expect(() => c.writeAll(bytes('0123'))).toThrow(/cursor limit of 8 bytes reached/)
    // The plugin's RBoxError inside each RIoError was formatted, then dropped.
    expect(p.er_live_allocations()).toBe(before)
    expect(io.er_cursor_contents(c)).toBe('abcde')
  })

  it('seeks from the start, the end and the current position', () => {
    using c = io.er_cursor_new('abcdefgh', 64)
    expect(c.seek({ end: -3 })).toBe(5n)
    const three = new Uint8Array(3)
    c.readExact(three)
    expect(text(three)).toBe('fgh')
    expect(c.seek({ start: 1 })).toBe(1n)
    expect(c.seek({ current: 2n })).toBe(3n)
    const one = new Uint8Array(1)
    c.readExact(one)
    expect(text(one)).toBe('d')
    expect(() => c.seek({ current: -10 })).toThrow(expect.objectContaining({ kind: 'InvalidInput', message: 'invalid input parameter' }))
    expect(c.seek({ current: 0 })).toBe(4n)
  })

  it('fills its buffer (a copy) and consumes from it', () => {
    using c = io.er_cursor_new('line one', 64)
    expect(text(c.fillBuf())).toBe('line one')
    c.consume(5)
    const b = c.fillBuf()
    expect(text(b)).toBe('one')
    b.fill(0) // a copy: the plugin's bytes are untouched
    expect(text(c.fillBuf())).toBe('one')
    c.consume(3)
    expect(c.fillBuf().length).toBe(0)
  })

  it('fmt::Write appends through write_str; a fmt::Error throws', () => {
    using b = io.er_builder_new()
    b.writeStr('hello')
    b.writeStr(', world')
    expect(String(b)).toBe('hello, world')
    expect(() => b.writeStr('nul\0')).toThrow(/fmt::Error/)
    expect(String(b)).toBe('hello, world')
  })

  it('a trait the interface lacks, or the vtable lacks, is a MissingTraitError', () => {
    using c = io.er_cursor_read_only('xyz')
    const buf = new Uint8Array(2)
    expect(c.read(buf)).toBe(2)
    expect(() => c.seek({ start: 0 })).toThrow(MissingTraitError)
    expect(() => c.seek({ start: 0 })).toThrow(/no IoSeek slot/)
    expect(() => c.write('x')).toThrow(/no IoWrite slot/)
    expect(() => c.fillBuf()).toThrow(/no IoBufRead slot/)
    const readOnly = bindAll(path, { er_cursor_new: t.fn([t.RStr, t.usize], t.DynTrait('RBox', { name: 'ReaderOnly', IoRead: true })) })
    using r = readOnly.er_cursor_new('abc', 8)
    expect(() => r.write('x')).toThrow(/does not implement IoWrite/)
    expect(() => r.writeStr('x')).toThrow(/does not implement FmtWrite/)
  })

  it('bad arguments are typed errors naming the method and argument', () => {
    using c = io.er_cursor_new('abc', 8)
    expect(() => c.read('x' as never)).toThrow(InvalidValueError)
    expect(() => c.read('x' as never)).toThrow(/DynTrait<RBox<\(\)>, CursorInterface>\.read, argument 0 \(buf\): expected a Uint8Array to read into, got/)
    expect(() => c.write(42 as never)).toThrow(/\.write, argument 0 \(bytes\)/)
    expect(() => c.seek({ start: -1 })).toThrow(/\.seek, argument 0 \(SeekFrom\): from: expected \{ start: n \}/)
    expect(() => c.seek({ start: 1, end: 2 } as never)).toThrow(InvalidValueError)
    expect(() => c.seek(3 as never)).toThrow(InvalidValueError)
    expect(() => c.consume(-1)).toThrow(/\.consume, argument 0 \(n\)/)
    expect(c.read(new Uint8Array(8))).toBe(3)
  })

  it('drops each value exactly once', () => {
    const c = io.er_cursor_new('x', 8)
    const b = io.er_builder_new()
    expect(p.er_live()).toBe(2n)
    c.drop()
    b.drop()
    expect(p.er_live()).toBe(0n)
    expect(() => c.drop()).toThrow()
  })
})

describe.each(erasedPlugins())('%s plugin: JS-made readers and writers', (_lang, path) => {
  let p: Api
  let io: ReturnType<typeof bindAll<typeof ioApi>>
  let runtime: bigint
  let hosted: number
  beforeAll(() => {
    p = loadErasedPlugin(path)
    io = bindAll(path, ioApi)
    runtime = liveAllocations()
    hosted = hostStats().liveObjects
  })
  watchErasedSuite(() => p, { noLiveValues: true })
  afterAll(() => {
    // Every JS value handed over was let go of when the plugin dropped it.
    expect(hostStats().liveObjects).toBe(hosted)
    expect(liveAllocations()).toBe(runtime)
  })

  it('a plugin reads all of a JS reader (read_exact, then read), and drops it', () => {
    const r = new JsReader(bytes('hello from JS'))
    expect(io.er_io_read_all(r, 3)).toEqual({ ok: true, value: 'hello from JS' })
    // read_exact(3) (one read), then 5-byte reads: 5, 5, and the 0 at the end.
    expect(r.reads).toBe(4)
    expect(hostStats().liveObjects).toBe(hosted)
  })

  it("read_exact past the end is UnexpectedEof; a JS readExact is used when there is one", () => {
    const r = io.er_io_read_all(new JsReader(bytes('ab')), 5)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toMatchObject({ name: 'IoError', kind: 'UnexpectedEof', message: 'failed to fill whole buffer' })
    const exact = Object.assign(new JsReader(bytes('xyz!')), { readExact: (buf: Uint8Array) => buf.fill(0x2a) })
    expect(io.er_io_read_all(exact, 2)).toEqual({ ok: true, value: '**xyz!' })
  })

  it('a JS error reaches the plugin as an RIoError (Other, or its kind) and comes back with its message', () => {
    const r = new JsReader(bytes('abc'))
    r.fail = new Error('disk on fire')
    const got = io.er_io_read_all(r, 0)
    expect(got.ok).toBe(false)
    expect(!got.ok && got.error).toMatchObject({ name: 'IoError', kind: 'Other', message: 'disk on fire' })
    r.fail = new IoError('NotFound', 'no such record')
    expect(io.er_io_read_all(r, 0)).toMatchObject({ ok: false, error: { kind: 'NotFound', message: 'no such record' } })
    r.fail = 'a string'
    expect(io.er_io_read_all(r, 0)).toMatchObject({ ok: false, error: { kind: 'Other', message: 'a string' } })
    // A count that is not one is the JS side's error too.
    const liar = { read: () => 99 }
    expect(io.er_io_read_all(liar, 0)).toMatchObject({ ok: false, error: { kind: 'InvalidData', message: 'read() returned number 99, not a byte count from 0 to 5' } })
  })

  it('a plugin copies a JS BufRead through fill_buf and consume', () => {
    const data = bytes('buffered text')
    let pos = 0
    const consumed: number[] = []
    const reader = {
      fillBuf: () => data.subarray(pos, pos + 6),
      consume: (n: number) => {
        consumed.push(n)
        pos += n
      },
    }
    expect(io.er_io_buf_copy(reader)).toEqual({ ok: true, value: 'buffered text' })
    expect(consumed).toEqual([4, 4, 4, 1])
    // BufRead brings Read: without a read(), the plugin's reads go through fillBuf and consume.
    pos = 0
    const readBuffered = bindAll(path, { er_io_read_all: t.fn([BufReader, t.usize], t.RResult(t.RString, RIoError)) })
    expect(readBuffered.er_io_read_all(reader, 2)).toEqual({ ok: true, value: 'buffered text' })
    // A Read-only interface has no fillBuf to fall back on.
    expect(() => io.er_io_read_all(reader as never, 2)).toThrow(/expected an object with read\(\).*without read\(\)/)
    // consume returns nothing: a throw there is reported (the plugin reads the same bytes again).
    const failures: HostFailure[] = []
    const listen = (f: HostFailure) => failures.push(f)
    hostEvents.on('failure', listen)
    try {
      const six = bytes('abcdef')
      let at = 0
      let thrown = false
      const flaky = {
        fillBuf: () => six.subarray(at),
        consume: (n: number) => {
          if (!thrown) {
            thrown = true
            throw new Error('consume failed once')
          }
          at += n
        },
      }
      expect(io.er_io_buf_copy(flaky)).toEqual({ ok: true, value: 'abcdabcdef' })
      expect(failures).toMatchObject([{ trait: 'HostIo', method: 'consume', reason: 'threw', message: 'HostIo.consume threw: consume failed once' }])
    } finally {
      hostEvents.off('failure', listen)
    }
    const broken = { fillBuf: () => { throw new IoError('ConnectionReset', 'peer left') }, consume: () => {} }
    expect(io.er_io_buf_copy(broken)).toMatchObject({ ok: false, error: { kind: 'ConnectionReset', message: 'peer left' } })
  })

  it('a plugin writes a message to a JS writer (write, write_all, flush)', () => {
    const chunks: string[] = []
    let flushed = 0
    const writer = {
      write: (b: Uint8Array) => {
        const n = Math.min(4, b.length)
        chunks.push(text(b.subarray(0, n)))
        return n
      },
      flush: () => void flushed++,
    }
    expect(io.er_io_write_message(writer, 'hello plugin')).toEqual({ ok: true, value: 12n })
    expect(chunks).toEqual(['hell', 'o pl', 'ugin'])
    expect(flushed).toBe(1)
    // write() taking nothing: write_all (std's default, over write()) gives up with WriteZero.
    expect(io.er_io_write_message({ write: () => 0 }, 'xy')).toMatchObject({ ok: false, error: { kind: 'WriteZero', message: 'failed to write whole buffer' } })
  })

  it('the plugin formats and drops the RIoError a JS writer gave it', () => {
    const failing = {
      write: (b: Uint8Array) => b.length,
      flush: () => {
        throw new Error('flush failed: disk full')
      },
    }
    expect(io.er_io_try_write(failing, 'data')).toBe('error 0: flush failed: disk full')
    expect(io.er_io_try_write({ write: (b: Uint8Array) => b.length, writeAll: () => {} }, 'ok')).toBe('wrote 2')
    expect(liveAllocations()).toBe(runtime)
  })

  it('a plugin seeks a JS reader from each origin', () => {
    expect(io.er_io_seek_read(new JsReader(bytes('abcdefgh')))).toEqual({ ok: true, value: '5:fgh 1:bc 2:c' })
    expect(io.er_io_seek_read(new JsReader(bytes('ab')))).toMatchObject({ ok: false, error: { kind: 'InvalidInput', message: 'seek before the start' } })
  })

  it('a plugin writes to a JS fmt::Write; a throw is a fmt::Error', () => {
    const parts: string[] = []
    expect(io.er_fmt_greet({ writeStr: (s: string) => void parts.push(s) }, 'ann')).toBe(true)
    expect(parts.join('')).toBe('hello, ann!')
    let calls = 0
    const refusing = {
      writeStr: () => {
        calls++
        throw new Error('no')
      },
    }
    expect(io.er_fmt_greet(refusing, 'bob')).toBe(false)
    expect(calls).toBe(1)
  })

  it('a plugin-made cursor moved into the plugin is seeked and read there, then dropped', () => {
    const seekCursor = bindAll(path, { er_io_seek_read: t.fn([Cursor], t.RResult(t.RString, RIoError)) })
    const c = io.er_cursor_new('abcdefgh', 64)
    expect(seekCursor.er_io_seek_read(c)).toEqual({ ok: true, value: '5:fgh 1:bc 2:c' })
    expect(c.alive).toBe(false)
    expect(p.er_live()).toBe(0n)
  })

  it('a plugin thread cannot run JS: its read is refused (RErr of kind Other) and reported, its drop delivered', async () => {
    const failures: HostFailure[] = []
    const listen = (f: HostFailure) => failures.push(f)
    hostEvents.on('failure', listen)
    try {
      const r = new JsReader(bytes('never read'))
      const got = io.er_io_read_on_thread(r)
      expect(got).toMatchObject({ ok: false, error: { name: 'IoError', kind: 'Other', message: 'other os error' } })
      expect(r.reads).toBe(0)
      await deliveries()
      expect(failures).toMatchObject([{ trait: 'HostIo', method: 'read', reason: 'refused' }])
      expect(hostStats().liveObjects).toBe(hosted)
    } finally {
      hostEvents.off('failure', listen)
    }
  })

  it('refuses what a JS value cannot serve, with typed errors', () => {
    const Shown = t.DynTrait('RBox', { name: 'ShownReader', IoRead: true, Display: true })
    expect(() => encode(Shown, new JsReader(bytes('')))).toThrow(UnsupportedError)
    expect(() => encode(Shown, new JsReader(bytes('')))).toThrow(/also declares Display/)
    expect(() => io.er_io_read_all({} as never, 0)).toThrow(InvalidValueError)
    expect(() => io.er_io_read_all({} as never, 0)).toThrow(/an object with read\(\).*an object without read\(\)/)
    expect(() => io.er_io_buf_copy({ fillBuf: () => new Uint8Array(0) } as never)).toThrow(/without consume\(\)/)
    expect(() => io.er_io_read_all(42 as never, 0)).toThrow(InvalidValueError)
    expect(hostStats().liveObjects).toBe(hosted)
  })
})
