// Reading and writing a plain 10-field C struct in native memory, one and 10,000 of them,
// against the struct libraries users reach for today: typed-struct (fields over a Buffer)
// and ref-struct-di (with @2060.io/ref-napi). All three work on the same native block:
// the others through a Buffer over it made once in setup (as a user holding a pointer
// would), the library with readAt/writeAt at the block's address. "Reading" gives a plain
// JS object of the 10 fields (an array of them for 10,000); "writing" stores such objects.
import { createRequire } from 'node:module'
import koffi from 'koffi'
import { Struct } from 'typed-struct'
import { allocNative, readAt, t, writeAt } from '../src/index.ts'
import type { Case } from './cases.ts'

const require = createRequire(import.meta.url)

// Naturally aligned, no inner padding (typed-struct lays fields out back to back): 38 bytes
// of fields, 2 of tail padding to the alignment of 8.
export const Point10 = t.struct('Point10', {
  x: t.f64, y: t.f64, id: t.u32, delta: t.i32, weight: t.f32, flags: t.u32, kind: t.u16, level: t.i16, a: t.u8, b: t.u8,
})
const FIELDS = ['x', 'y', 'id', 'delta', 'weight', 'flags', 'kind', 'level', 'a', 'b'] as const
type P10 = { [K in (typeof FIELDS)[number]]: number }
const SIZE = 40
const N = 10_000

/** The i-th test record (every field exact in its C type; weight is a float32 value). */
export function point(i: number): P10 {
  return { x: i + 0.5, y: -i * 2, id: i * 7, delta: -i, weight: Math.fround(i / 4), flags: 0x8000_0000 + i, kind: i % 65536, level: -(i % 30000), a: i % 256, b: 255 - (i % 256) }
}
const samePoint = (p: unknown, i: number) => FIELDS.every((f) => (p as P10)[f] === point(i)[f])

export function structCases(): Case[] {
  const one = allocNative(SIZE)
  const many = allocNative(SIZE * N)
  const oneBuf = Buffer.from(koffi.view(one.address, SIZE) as ArrayBuffer)
  const manyBuf = Buffer.from(koffi.view(many.address, SIZE * N) as ArrayBuffer)
  const Many = t.array(Point10, N)
  const p0 = point(0)
  const ps = Array.from({ length: N }, (_, i) => point(i))
  const fill = () => {
    writeAt(Point10, one.address, p0)
    writeAt(Many, many.address, ps)
  }
  fill()

  // typed-struct
  const TS = new Struct('Point10')
    .Float64LE('x').Float64LE('y').UInt32LE('id').Int32LE('delta').Float32LE('weight').UInt32LE('flags')
    .UInt16LE('kind').Int16LE('level').UInt8('a').UInt8('b').UInt16LE('_pad')
    .compile()
  type TSI = InstanceType<typeof TS>
  const tsObject = (s: TSI): P10 => ({ x: s.x, y: s.y, id: s.id, delta: s.delta, weight: s.weight, flags: s.flags, kind: s.kind, level: s.level, a: s.a, b: s.b })
  const tsAssign = (s: TSI, p: P10) => {
    s.x = p.x; s.y = p.y; s.id = p.id; s.delta = p.delta; s.weight = p.weight; s.flags = p.flags; s.kind = p.kind; s.level = p.level; s.a = p.a; s.b = p.b
  }
  const tsOne = new TS(oneBuf)

  // ref-struct-di over @2060.io/ref-napi
  const ref = require('@2060.io/ref-napi')
  const StructType = require('ref-struct-di')(ref) as (fields: Record<string, string>) => new (buf?: Buffer) => P10
  const RS = StructType({ x: 'double', y: 'double', id: 'uint32', delta: 'int32', weight: 'float', flags: 'uint32', kind: 'uint16', level: 'int16', a: 'uint8', b: 'uint8' })
  if ((RS as unknown as { size: number }).size !== SIZE) throw new Error(`ref-struct-di lays Point10 out in ${(RS as unknown as { size: number }).size} bytes, not ${SIZE}`)
  const rsObject = (s: P10): P10 => ({ x: s.x, y: s.y, id: s.id, delta: s.delta, weight: s.weight, flags: s.flags, kind: s.kind, level: s.level, a: s.a, b: s.b })
  const rsAssign = tsAssign as unknown as (s: P10, p: P10) => void
  const rsOne = new RS(oneBuf)

  const checkOne = (r: unknown) => samePoint(r, 0)
  const checkMany = (r: unknown) => Array.isArray(r) && r.length === N && samePoint(r[0], 0) && samePoint(r[N - 1], N - 1) && samePoint(r[4321], 4321)
  // Before a checked run (smoke test), read cases refill the memory, write cases scribble over it.
  const oneWritten = () => checkOne(readAt(Point10, one.address))
  const manyWritten = () => checkMany(readAt(Many, many.address))
  const at = (buf: Buffer, i: number) => buf.subarray(i * SIZE, i * SIZE + SIZE)

  return [
    {
      name: 'struct read: one 10-field struct -> object',
      run: () => readAt(Point10, one.address),
      baseline: { name: 'typed-struct', run: () => tsObject(new TS(oneBuf)) },
      others: [
        { name: 'ref-struct-di', run: () => rsObject(new RS(oneBuf)) },
        { name: 'typed-struct, instance reused', run: () => tsObject(tsOne) },
        { name: 'ref-struct-di, instance reused', run: () => rsObject(rsOne) },
      ],
      target: 1,
      againstFastest: true,
      reset: fill,
      check: checkOne,
    },
    {
      name: 'struct write: object -> one 10-field struct',
      run: () => writeAt(Point10, one.address, p0),
      baseline: { name: 'typed-struct', run: () => tsAssign(tsOne, p0) },
      others: [{ name: 'ref-struct-di', run: () => rsAssign(rsOne, p0) }],
      target: 1,
      againstFastest: true,
      reset: () => oneBuf.fill(0xaa),
      check: oneWritten,
    },
    {
      name: 'struct read: 10,000 10-field structs -> array of objects',
      run: () => readAt(Many, many.address),
      baseline: { name: 'typed-struct', run: () => readAll((i) => tsObject(new TS(at(manyBuf, i)))) },
      others: [{ name: 'ref-struct-di', run: () => readAll((i) => rsObject(new RS(at(manyBuf, i)))) }],
      target: 1,
      againstFastest: true,
      reset: fill,
      check: checkMany,
    },
    {
      name: 'struct write: array of objects -> 10,000 10-field structs',
      run: () => writeAt(Many, many.address, ps),
      baseline: { name: 'typed-struct', run: () => writeAll((i, p) => tsAssign(new TS(at(manyBuf, i)), p)) },
      others: [{ name: 'ref-struct-di', run: () => writeAll((i, p) => rsAssign(new RS(at(manyBuf, i)), p)) }],
      target: 1,
      againstFastest: true,
      reset: () => manyBuf.fill(0xaa),
      check: manyWritten,
    },
  ]

  function readAll(get: (i: number) => P10): P10[] {
    const out = new Array<P10>(N)
    for (let i = 0; i < N; i++) out[i] = get(i)
    return out
  }
  function writeAll(set: (i: number, p: P10) => void): void {
    for (let i = 0; i < N; i++) set(i, ps[i])
  }
}
