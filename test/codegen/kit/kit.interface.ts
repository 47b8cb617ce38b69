// The interface of the kit's test plugin (kit_plugin.c): every kind of owned value a C plugin
// makes or receives with plugins-c/include alone.
import { t } from '../../../src/index.ts'

export const KIT_VERSION = '1.0.0'

export const Point = t.struct('Point', { x: t.f64, y: t.f64 })

export const Counter = t.trait('Counter', {
  name: t.method([], t.RString),
  incr: t.method([], t.u64, { mut: true }),
})

export const KitMod = t.prefixModule('KitMod', {
  hello: t.fn([t.RString], t.RString),
  split: t.fn([t.RStr], t.RVec(t.RString)),
  count: t.fn([t.RStr], t.RHashMap(t.RString, t.u32)),
  wrap: t.fn([t.Value], t.RVec(t.Value)),
  boxed: t.fn([t.f64, t.f64], t.RBox(Point)),
  points: t.fn([t.u32], t.RVec(Point)),
  counter: t.fn([t.RString], Counter),
  later: t.fn([t.RStr], t.FfiFuture(t.RString)),
  drop_value: t.fn([t.ROption(t.Value)], t.unit),
})
