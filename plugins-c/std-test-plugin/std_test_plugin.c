/* std_test_plugin.c: the C implementation of docs/std-test-plugin.md, shared part: the type
 * descriptions its runtime copy builds vtables from, string helpers, and tp_live_allocations.
 * The exported functions live in tp_*.c by topic; only tp_* symbols are visible. */
#include "plugin.h"

static const abs_drop_op drop_rvec_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

const abs_type tp_t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type tp_t_u32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type tp_t_u64 = { 8, _Alignof(uint64_t), NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type tp_t_rstring = { sizeof(AbsRString), _Alignof(AbsRString), drop_rvec_at0, 1, ABS_KEY_STR, 0 };
const abs_type tp_t_vec_u32 = { sizeof(AbsRVec), _Alignof(AbsRVec), drop_rvec_at0, 1, ABS_KEY_BYTES, 0 };
const abs_type tp_t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

AbsRString tp_rstring_from(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &tp_t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

void tp_rstring_push(AbsRString *s, const char *p, size_t n) {
    abs_rvec_reserve(s, n);
    memcpy((char *)s->buffer + s->length, p, n);
    s->length += n;
}

AbsRString tp_rstring_view(AbsRStr s) {
    /* The vtable is never called on a view; any valid string vtable will do. */
    AbsRString v = { (void *)s.data, s.length, s.length, abs_vec_vtable(&tp_t_u8) };
    return v;
}

/* Blocks the plugin's runtime copy has live: its own allocations only, never the host's. */
ABS_EXPORT int64_t tp_live_allocations(void) { return abs_live_allocations(); }
