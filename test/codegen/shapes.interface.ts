// An interface that uses every kind of declaration codegen spells: the fixture of the codegen
// tests (snapshots, gcc -pedantic and rustc compiles, conformance of the same declarations).
import { t } from '../../src/index.ts'

export const SHAPES_VERSION = '1.2.0'

export const Point = t.struct('Point', { x: t.f64, y: t.f64 })
export const Pair = t.struct('Pair', [t.u8, t.u64])
export const Shape = t.enum('Shape', { Circle: { center: Point, r: t.f64 }, Segment: [Point, Point], Empty: null }, { repr: 'u8', discriminants: { Empty: 10 } })
export const Level = t.enum('Level', { Low: null, High: null }, { repr: 'C' })
export const Wide = t.enum('Wide', { Big: [t.u64], Small: { a: t.u8, b: t.i16 }, Gone: null }, { repr: 'C,u16' })
export const Number_ = t.union('Number', { i: t.i64, f: t.f64, bytes: t.array(t.u8, 8) })
export const Id = t.transparent('Id', t.u32, [t.phantom()])
export const Callback = t.fn([t.ptr(), t.u32], t.bool)

export const Counter = t.trait('Counter', {
  incr: t.method([t.i64], t.i64, { mut: true }),
  get: t.method([], t.i64),
  name: t.method([], t.RString),
  label: t.method([t.RStr, t.ROption(t.u32)], t.RResult(t.unit, t.RString)),
})

export const Small = t.prefixModule('Small', { flag: t.u8, count: t.u16 }, { lastPrefixField: 'flag' })

export const ShapesMod = t.prefixModule(
  'ShapesMod',
  {
    area: t.fn([Shape], t.f64),
    shapes: t.fn([t.RSlice(Shape)], t.RVec(Shape)),
    lookup: t.fn([t.ref(t.RHashMap(t.RString, Point)), t.RStr], t.ROption(Point)),
    parse: t.fn([t.RStr], t.RResult(Shape, t.RString)),
    scale: t.fn([t.RSliceMut(t.f32), t.f32], t.unit),
    boxed: t.fn([t.RBox(Pair)], t.RArc(t.u64)),
    text: t.fn([t.RCow(t.RStr, t.RString)], t.RDuration),
    compare: t.fn([Id, Id], t.RCmpOrdering),
    number: t.fn([Number_, Level, Wide], t.Tuple2(t.u8, t.u64)),
    counter: t.fn([t.i64], Counter),
    value: t.fn([t.Value], t.ROption(t.RResult(t.u32, t.unit))),
    on_done: t.fn([Callback, t.mutPtr()], t.fn([t.u32], t.unit)),
    later: t.fn([t.u64], t.FfiFuture(t.RString)),
    stream: t.fn([t.EventSender, t.LocalFfiFuture(t.unit)], t.unit),
    small: Small,
    limits: t.array(t.u32, 4),
    marker: t.unit,
  },
  { lastPrefixField: 'parse' },
)
