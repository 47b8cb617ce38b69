// The callback functions of the trait test plugins (plugins-c/trait-plugin/callback.c,
// plugins-rust/trait-plugin/src/callback.rs), declared once.
import { bindFunction, t } from '../../src/index.ts'
import { loadTraitPlugin } from '../trait/api.ts'

/** #[repr(transparent)] struct U32Callback(extern "C" fn(u32) -> u32) */
export const U32Callback = t.transparent('U32Callback', t.fn([t.u32], t.u32))
export const SeqCallback = t.fn([t.u32, t.u64], t.unit)
export const Hooks = t.struct('Hooks', {
  note: t.fn([t.u64, t.RStr], t.unit),
  mix: t.fn([t.f64, t.u32, t.f32], t.f64),
  pair: t.fn([t.Tuple2(t.u32, t.u64)], t.Tuple2(t.u64, t.f64)),
  text: t.fn([t.RStr, t.RString], t.RString),
  many: t.fn([t.u64, t.u64, t.u64, t.u64, t.u64, t.u64, t.u64, t.u64], t.u64),
})

/** A plugin-made object whose method takes a callback. */
export const Applier = t.trait('Applier', { apply: t.method([U32Callback, t.u32], t.u32) }, { jsImplementable: false })

export const callbackApi = {
  tr_applier_new: t.fn([t.u32], Applier),
  tr_use_callback: t.fn([U32Callback, t.u32], t.u32),
  tr_maybe_callback: t.fn([t.ROption(U32Callback), t.u32], t.u32),
  tr_hooks: t.fn([Hooks], t.RString),
  tr_callback_threads: t.fn([SeqCallback, t.u32, t.u64], t.unit),
  tr_callback_threads_start: t.fn([SeqCallback, t.u32, t.u64], t.unit),
  tr_callback_threads_join: t.fn([], t.unit),
  tr_callback_value_on_thread: t.fn([U32Callback], t.u32),
  tr_callback_keep: t.fn([U32Callback], t.unit),
  tr_callback_call_kept: t.fn([t.u32], t.u32),
  tr_callback_forever: t.fn([SeqCallback], t.unit),
  tr_ask_start: t.fn([U32Callback, t.u32], t.unit),
  tr_ask_join: t.fn([], t.u64),
  tr_ask_blocking: t.fn([U32Callback, t.u32], t.u64),
  tr_condvar_round_trip_ns: t.fn([t.u32], t.u64),
} as const

export function loadCallbackPlugin(path: string) {
  const p = loadTraitPlugin(path)
  const cb = {} as { [K in keyof typeof callbackApi]: ReturnType<typeof bindFunction<(typeof callbackApi)[K]>> }
  for (const [name, f] of Object.entries(callbackApi)) (cb as Record<string, unknown>)[name] = bindFunction(p.lib, name, f)
  return { ...p, cb }
}
