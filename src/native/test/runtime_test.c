/* runtime_test.c: runs every test section of the native runtime and checks that, at the end,
 * every block the runtime allocated has been freed exactly once. */
#include <stdint.h>

#include "test_util.h"

int test_failures = 0;
int test_checks = 0;

static const abs_drop_op drop_rvec_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
/* Value: String/Bytes/Array own an RVec at 8, Object an RHashMap at 8. */
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

const abs_type t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_u32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_u64 = { 8, 8, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_i32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_f64 = { 8, 8, NULL, 0, ABS_KEY_BYTES, 0x3 };
const abs_type t_unit = { 0, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_rstring = { sizeof(AbsRString), _Alignof(AbsRString), drop_rvec_at0, 1, ABS_KEY_STR, 0 };
const abs_type t_vec_u32 = { sizeof(AbsRVec), _Alignof(AbsRVec), drop_rvec_at0, 1, ABS_KEY_BYTES, 0 };
const abs_type t_vec_rstring = { sizeof(AbsRVec), _Alignof(AbsRVec), drop_rvec_at0, 1, ABS_KEY_BYTES, 0 };
const abs_type t_duration = { sizeof(AbsRDuration), _Alignof(AbsRDuration), NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type t_f32_pair = { 8, 4, NULL, 0, ABS_KEY_BYTES, 0x3 };
const abs_type t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

AbsRString host_string(const char *s) {
    AbsRString r;
    size_t n = strlen(s);
    abs_vec_init(&r, &t_u8, n);
    memcpy(r.buffer, s, n);
    r.length = n;
    return r;
}

int rstring_is(const AbsRString *s, const char *expected) {
    return s->length == strlen(expected) && memcmp(s->buffer, expected, s->length) == 0;
}

int main(void) {
    test_alloc_and_vec();
    test_box_and_drop();
    test_map_basic();
    test_map_iter_entry();
    test_map_byvalue();
    test_threads();
    test_trait();
    test_async();
    int64_t live = abs_live_allocations();
    CHECK(live == 0);
    printf("runtime_test: %d checks, %d failures, %lld live allocations at exit\n", test_checks,
           test_failures, (long long)live);
    return test_failures ? 1 : 0;
}
