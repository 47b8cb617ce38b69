// The std-types test plugin's functions (docs/std-test-plugin.md), declared once and
// bound against a compiled plugin: the C one and the Rust one export the same API.
import koffi from 'koffi'
import type { LibraryHandle } from 'koffi'
import { bindFunction, t, type BoundFn, type FnDesc } from '../../src/index.ts'

const MapSU = t.RHashMap(t.RString, t.u32)
const MapSV = t.RHashMap(t.RString, t.RVec(t.u32))
export const ErrHolder = t.struct('ErrHolder', { code: t.u32, error: t.RBoxError })

export const api = {
  tp_live_allocations: t.fn([], t.i64),
  tp_error_new: t.fn([t.RStr], t.RBoxError),
  tp_error_plain: t.fn([t.RStr], t.RBoxError),
  tp_error_result: t.fn([t.u32], t.RResult(t.u32, t.RBoxError)),
  tp_error_boxed: t.fn([t.RStr], t.RBox(ErrHolder)),
  tp_error_option: t.fn([t.bool], t.ROption(t.RBoxError)),
  tp_error_vec: t.fn([t.u32], t.RVec(t.RBoxError)),
  tp_error_display: t.fn([t.RBoxError], t.RString),
  tp_error_debug: t.fn([t.ref(t.RBoxError)], t.RString),
  tp_string_new: t.fn([t.RStr], t.RString),
  tp_string_echo: t.fn([t.RString], t.RString),
  tp_str_len: t.fn([t.RStr], t.usize),
  tp_string_invalid_utf8: t.fn([], t.RString),
  tp_string_drop: t.fn([t.RString], t.unit),
  tp_sum_i64: t.fn([t.RSlice(t.i64)], t.i64),
  tp_fill_u32: t.fn([t.RSliceMut(t.u32), t.u32], t.unit),
  tp_range_u32: t.fn([t.u32], t.RVec(t.u32)),
  tp_vec_push_u32: t.fn([t.RVec(t.u32), t.u32], t.RVec(t.u32)),
  tp_vec_push_strings: t.fn([t.RVec(t.RString)], t.RVec(t.RString)),
  tp_vec_drop_strings: t.fn([t.RVec(t.RString)], t.unit),
  tp_split_words: t.fn([t.RStr], t.RVec(t.RString)),
  tp_vec_shrink: t.fn([t.RVec(t.u32)], t.RVec(t.u32)),
  tp_option_double: t.fn([t.ROption(t.u32)], t.ROption(t.u32)),
  tp_option_string: t.fn([t.ROption(t.RString)], t.ROption(t.RString)),
  tp_checked_div: t.fn([t.u64, t.u64], t.RResult(t.u64, t.RString)),
  tp_result_echo: t.fn([t.RResult(t.RString, t.u32)], t.RResult(t.RString, t.u32)),
  tp_box_new: t.fn([t.u64], t.RBox(t.u64)),
  tp_box_take: t.fn([t.RBox(t.u64)], t.u64),
  tp_box_string: t.fn([t.RBox(t.RString)], t.RBox(t.RString)),
  tp_tuple1: t.fn([t.Tuple1(t.f64)], t.Tuple1(t.f64)),
  tp_tuple2: t.fn([t.Tuple2(t.u8, t.u64)], t.Tuple2(t.u64, t.u8)),
  tp_tuple3: t.fn([t.Tuple3(t.u8, t.u16, t.u32)], t.Tuple3(t.u8, t.u16, t.u32)),
  tp_tuple4: t.fn([t.Tuple4(t.u8, t.u16, t.u32, t.u64)], t.Tuple4(t.u8, t.u16, t.u32, t.u64)),
  tp_tuple_string: t.fn([t.RString], t.Tuple2(t.RString, t.u64)),
  tp_word_count: t.fn([t.RStr], MapSU),
  tp_map_get: t.fn([t.ref(MapSU), t.RStr], t.ROption(t.u32)),
  tp_map_sum: t.fn([t.ref(MapSU)], t.u64),
  tp_map_insert: t.fn([t.refMut(MapSU), t.RStr, t.u32], t.ROption(t.u32)),
  tp_map_remove: t.fn([t.refMut(MapSU), t.RStr], t.ROption(t.u32)),
  tp_map_entry_incr: t.fn([t.refMut(MapSU), t.RStr], t.u32),
  tp_map_of_vecs: t.fn([t.u32], MapSV),
  tp_map_drop_on_thread: t.fn([MapSV], t.unit),
  tp_cow: t.fn([t.bool], t.RCowStr),
  tp_cow_len: t.fn([t.RCowStr], t.usize),
  tp_duration_add: t.fn([t.RDuration, t.RDuration], t.RDuration),
  tp_compare: t.fn([t.i64, t.i64], t.RCmpOrdering),
  tp_arc_new: t.fn([t.u64], t.RArc(t.u64)),
  tp_arc_strong_count: t.fn([t.ref(t.RArc(t.u64))], t.usize),
  tp_value_sample: t.fn([], t.Value),
  tp_value_echo: t.fn([t.Value], t.Value),
  tp_value_identity: t.fn([t.Value], t.Value),
  tp_value_edit: t.fn([t.Value, t.u32], t.Value),
  tp_value_clear: t.fn([t.Value], t.Value),
  tp_value_map: t.fn([t.u32], t.RHashMap(t.RString, t.Value)),
  tp_value_to_json: t.fn([t.ref(t.Value)], t.RString),
  tp_vec_push_on_thread: t.fn([t.refMut(t.RVec(t.u32)), t.u32], t.unit),
} as const

export type Api = { [K in keyof typeof api]: BoundFn<(typeof api)[K]> }

export interface Plugin {
  lib: LibraryHandle
  fns: Api
  /** Binds one function so that its owned result stays native, as a Handle. */
  handle<K extends keyof typeof api>(name: K): BoundFn<(typeof api)[K], { returns: 'handle' }>
}

export function loadTestPlugin(path: string): Plugin {
  const lib = koffi.load(path)
  const fns = Object.fromEntries(Object.entries(api).map(([name, f]) => [name, bindFunction(lib, name, f as FnDesc)])) as unknown as Api
  return { lib, fns, handle: (name) => bindFunction(lib, name, api[name] as FnDesc, { returns: 'handle' }) as never }
}
