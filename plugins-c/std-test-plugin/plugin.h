/* plugin.h: what the C std-types test plugin's files share: its type descriptions (for the
 * runtime copy compiled into the plugin, so plugin-made values carry the plugin's own vtables),
 * typed instantiations of the generic std types, and string helpers. Nothing here is exported. */
#ifndef TP_PLUGIN_H
#define TP_PLUGIN_H

#include <stdint.h>
#include <string.h>

#include "abs_runtime.h"

/* ---- instantiations used by the exported signatures ------------------------------------- */

ABS_DECLARE_RSLICE(TpRSliceI64, int64_t);
ABS_DECLARE_RSLICE_MUT(TpRSliceMutU32, uint32_t);
ABS_DECLARE_RRESULT(TpRResultU64RString, uint64_t, AbsRString);
ABS_DECLARE_RRESULT(TpRResultRStringU32, AbsRString, uint32_t);
ABS_DECLARE_TUPLE1(TpTuple1F64, double);
ABS_DECLARE_TUPLE2(TpTuple2U8U64, uint8_t, uint64_t);
ABS_DECLARE_TUPLE2(TpTuple2U64U8, uint64_t, uint8_t);
ABS_DECLARE_TUPLE3(TpTuple3, uint8_t, uint16_t, uint32_t);
ABS_DECLARE_TUPLE4(TpTuple4, uint8_t, uint16_t, uint32_t, uint64_t);
ABS_DECLARE_TUPLE2(TpTuple2RStringU64, AbsRString, uint64_t);

/* RHashMap<RString, u32>, <RString, RVec<u32>> and <RString, Value> vtables, typed. */
ABS_DECLARE_TUPLE2(TpKeyU32, AbsRString, uint32_t);
ABS_DECLARE_ROPTION(TpROptKeyU32, TpKeyU32);
ABS_DECLARE_MAP_VTABLE(TpMapStrU32, AbsRString, uint32_t, AbsROptionU32, TpROptKeyU32);
ABS_DECLARE_OCCUPIED_VTABLE(TpOccStrU32, AbsRString, uint32_t);
ABS_DECLARE_VACANT_VTABLE(TpVacStrU32, AbsRString, uint32_t);
ABS_DECLARE_TUPLE2(TpKeyVec, AbsRString, AbsRVec);
ABS_DECLARE_ROPTION(TpROptKeyVec, TpKeyVec);
ABS_DECLARE_MAP_VTABLE(TpMapStrVec, AbsRString, AbsRVec, AbsROptionRString, TpROptKeyVec);
ABS_DECLARE_ROPTION(TpROptValue, AbsValue);
ABS_DECLARE_TUPLE2(TpKeyValue, AbsRString, AbsValue);
ABS_DECLARE_ROPTION(TpROptKeyValue, TpKeyValue);
ABS_DECLARE_MAP_VTABLE(TpMapStrValue, AbsRString, AbsValue, TpROptValue, TpROptKeyValue);
ABS_DECLARE_OCCUPIED_VTABLE(TpOccStrValue, AbsRString, AbsValue);
ABS_DECLARE_VACANT_VTABLE(TpVacStrValue, AbsRString, AbsValue);

/* ---- the plugin's type descriptions (std_test_plugin.c) --------------------------------- */

extern const abs_type tp_t_u8, tp_t_u32, tp_t_u64, tp_t_rstring, tp_t_vec_u32, tp_t_value;

/* A plugin-made RString holding bytes [p, p + n). */
AbsRString tp_rstring_from(const char *p, size_t n);
static inline AbsRString tp_rstring(const char *s) { return tp_rstring_from(s, strlen(s)); }
/* Appends bytes to ANY RString, growing it through its own vtable (a host string grows through
 * the host's grow_capacity_to). */
void tp_rstring_push(AbsRString *s, const char *p, size_t n);
/* A read-only RString header over `s` for `_p` lookups: never dropped or grown. */
AbsRString tp_rstring_view(AbsRStr s);

#endif /* TP_PLUGIN_H */
