// Demo: declare a few native types, print their layouts on this machine and on
// 32-bit Linux, and round-trip a value through native memory.
import { t, layoutOf, layoutString, layoutFingerprint, models, allocNative, writeAt, readAt, type Desc, type Infer } from '../src/index.ts'

const Point = t.struct('Point', { x: t.f64, y: t.f64 })
const Shape = t.enum(
  'Shape',
  { Circle: { center: Point, radius: t.f32 }, Segment: [Point, Point], Empty: null },
  { repr: 'u8', discriminants: { Empty: 7 } },
)
const Event = t.struct('Event', { id: t.u64, kind: Shape, tags: t.array(t.u16, 3), ok: t.bool })
const ConnectorMod = t.prefixModule(
  'ConnectorMod',
  { connector_type: t.fn([], t.ptr(t.u8)), version: t.u32, describe: t.fn([t.ptr(Event)], t.unit) },
  { lastPrefixField: 'version' },
)

function show(d: Desc): void {
  const here = layoutOf(d)
  const i686 = layoutOf(d, models['i686-linux'])
  console.log(`${d.name}`)
  console.log(`  layout   ${layoutString(d)}`)
  console.log(`  digest   ${layoutFingerprint(d)}`)
  console.log(`  x86_64   size ${here.size}, align ${here.align}${here.fields ? `, fields ${JSON.stringify(here.fields)}` : ''}`)
  if (here.variants) console.log(`           variants ${JSON.stringify(here.variants)}`)
  if (here.prefix) console.log(`           header block ${here.prefix.blockSize} bytes, fields from header ${JSON.stringify(here.prefix.fields)}`)
  console.log(`  i686     size ${i686.size}, align ${i686.align}${i686.fields ? `, fields ${JSON.stringify(i686.fields)}` : ''}`)
}

for (const d of [Point, Shape, Event, ConnectorMod]) show(d)

const event: Infer<typeof Event> = { id: 42n, kind: { tag: 'Circle', center: { x: 1, y: 2 }, radius: 0.5 }, tags: [1, 2, 3], ok: true }
const block = allocNative(layoutOf(Event).size)
writeAt(Event, block.address, event, 'event')
console.log('\nround trip through native memory:', readAt(Event, block.address))
block.free()
