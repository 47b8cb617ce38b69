// The application trait of test/trait/big-args.test.ts: JS implements it, the trait plugins
// (plugins-c/trait-plugin/app.c, plugins-rust/trait-plugin/src/app.rs) call it with arguments of
// every size and class, by value.
import koffi from 'koffi'
import { bindFunction, t } from '../../src/index.ts'
import { Counter } from './api.ts'

/** 56 bytes: tag, then { RString, u64, u64 } or RVec<u64>. */
export const Route = t.enum('Route', { Id: { name: t.RString, instance: t.u64, weight: t.u64 }, All: null, Many: [t.RVec(t.u64)] }, { repr: 'u8' })
/** 20 bytes: returned through the hidden pointer. */
export const Five = t.struct('Five', { a: t.u32, b: t.u32, c: t.u32, d: t.u32, e: t.u32 })

export const App = t.trait('App', {
  send: t.method([Route, t.RString], t.RResult(t.u64, t.RString)),
  post: t.method([Route, t.RString], t.unit),
  mix: t.method([t.f64, t.u32, t.Tuple2(t.f64, t.u64), t.f32, t.Tuple2(t.u64, t.f32)], t.Tuple2(t.f64, t.u64), { fallback: [0, 0n] }),
  spill: t.method([t.u64, t.u64, t.u64, t.u64, t.Tuple2(t.u64, t.u64), t.u64, t.u64], t.u64),
  floats: t.method([t.f64, t.f64, t.f64, t.f64, t.f64, t.f64, t.f64, t.f64, t.f64, t.f64], t.f64),
  values: t.method([t.ROption(t.Value), t.RVec(t.u32), t.RString], t.RString),
  take: t.method([Counter], t.i64),
  route: t.method([t.u64], Route, { fallback: { tag: 'All' } }),
  odd: t.method([t.u32], t.Tuple2(t.u64, t.f64), { fallback: [0n, 0] }),
  big: t.method([t.u32], Five, { fallback: { a: 0, b: 0, c: 0, d: 0, e: 0 } }),
})

export function bindApp(lib: ReturnType<typeof koffi.load>) {
  return {
    run: bindFunction(lib, 'tr_app_run', t.fn([t.ref(App)], t.RString)),
    postOnThread: bindFunction(lib, 'tr_app_post_on_thread', t.fn([t.ref(App), t.u32], t.u32)),
  }
}
