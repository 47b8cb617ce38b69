/* map_query.h: typed views of RHashMap<RString, u32> vtables and a MapQuery built exactly as
 * Rust's `map.get("key")` builds one (the hash writes the bytes, then 0xFF). */
#ifndef ABS_RT_TEST_MAP_QUERY_H
#define ABS_RT_TEST_MAP_QUERY_H

#include "test_util.h"

ABS_DECLARE_TUPLE2(T2StrU32, AbsRString, uint32_t);
ABS_DECLARE_ROPTION(ROptT2StrU32, T2StrU32);
ABS_DECLARE_MAP_VTABLE(MapStrU32, AbsRString, uint32_t, AbsROptionU32, ROptT2StrU32);
ABS_DECLARE_OCCUPIED_VTABLE(OccStrU32, AbsRString, uint32_t);
ABS_DECLARE_VACANT_VTABLE(VacStrU32, AbsRString, uint32_t);
ABS_DECLARE_ITERATOR_FNS(DrainStrU32Fns, ROptT2StrU32);

static bool rust_str_is_equal(const void *stored, const void *query) {
    const AbsRStr *q = *(const AbsRStr *const *)query;
    const AbsRString *s = stored;
    return s->length == q->length && memcmp(s->buffer, q->data, q->length) == 0;
}

static void rust_str_hash(const void *query, AbsHasherObject h) {
    const AbsRStr *q = *(const AbsRStr *const *)query;
    AbsRSliceU8 bytes = { (const uint8_t *)q->data, q->length };
    h.write_fns->write(h.self, bytes);
    h.write_fns->write_u8(h.self, 0xff);
}

/* `query` must point at a `const AbsRStr *` that outlives the call. */
static inline AbsMapQuery rust_str_query(const AbsRStr *const *query) {
    AbsMapQuery q = { rust_str_is_equal, rust_str_hash, query };
    return q;
}

static inline AbsRStr rstr(const char *s) {
    AbsRStr r = { s, strlen(s) };
    return r;
}

/* A read-only RString view for `_p` lookups: never dropped or grown. */
static inline AbsRString string_view(const char *s, const AbsRString *any_string) {
    AbsRString v = { (void *)s, strlen(s), strlen(s), any_string->vtable };
    return v;
}

#endif
