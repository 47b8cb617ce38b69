/* test_vec.c: counted allocation, and host RVec vtables: growth past capacity (amortised and
 * exact), shrinking, zero-sized elements, identity, and RVec<RString> drop glue. */
#include <stdint.h>

#include "test_util.h"

static void test_alloc(void) {
    int64_t before = abs_live_allocations();
    void *p = abs_alloc(100, 64);
    CHECK(p != NULL && ((uintptr_t)p % 64) == 0);
    void *q = abs_alloc(3, 1);
    CHECK(abs_live_allocations() == before + 2);
    abs_dealloc(p, 100, 64);
    abs_dealloc(q, 3, 1);
    CHECK(abs_live_allocations() == before);
}

static void test_vtable_identity(void) {
    const AbsVecVTable_WM *a = abs_vec_vtable(&t_u8), *b = abs_vec_vtable(&t_u32);
    CHECK(a == abs_vec_vtable(&t_u8));
    CHECK(a != b);
    CHECK(a->field_accessibility == ABS_VEC_VTABLE_BITS);
    CHECK(a->type_layout != NULL && a->type_layout->mono_layout->name_len == 9);
    AbsUTypeId ia = a->value.type_id(), ib = b->value.type_id();
    /* type_id is that of RVec<()> in this library: the same for every element type. */
    CHECK(ia.executable_identity != NULL && memcmp(&ia, &ib, sizeof ia) == 0);
}

static void test_growth(void) {
    AbsRVec v;
    abs_vec_init(&v, &t_u32, 0);
    CHECK(v.capacity == 0 && v.length == 0 && (uintptr_t)v.buffer == 4);
    size_t reallocs = 0, last_cap = 0;
    for (uint32_t i = 0; i < 1000; i++) {
        /* What a plugin's push does: grow to exactly len + 1, Above. */
        if (v.length == v.capacity) v.vtable->value.grow_capacity_to(&v, v.length + 1, ABS_ABOVE);
        if (v.capacity != last_cap) reallocs++, last_cap = v.capacity;
        ABS_RVEC_AT(v, uint32_t, v.length++) = i;
    }
    CHECK(reallocs <= 10); /* amortised doubling, not one realloc per push */
    int ok = 1;
    for (uint32_t i = 0; i < 1000; i++) ok &= ABS_RVEC_AT(v, uint32_t, i) == i;
    CHECK(ok);
    v.vtable->value.grow_capacity_to(&v, 5000, ABS_EXACT);
    CHECK(v.capacity == 5000 && ABS_RVEC_AT(v, uint32_t, 999) == 999);
    v.vtable->value.grow_capacity_to(&v, 10, ABS_EXACT); /* never shrinks */
    CHECK(v.capacity == 5000);
    v.vtable->value.shrink_to_fit(&v);
    CHECK(v.capacity == 1000 && ABS_RVEC_AT(v, uint32_t, 500) == 500);
    v.length = 0;
    v.vtable->value.shrink_to_fit(&v);
    CHECK(v.capacity == 0 && (uintptr_t)v.buffer == 4);
    abs_rvec_drop(&v);

    abs_vec_init(&v, &t_u8, 16);
    CHECK(v.capacity == 16);
    abs_rvec_drop(&v);
}

static void test_zero_sized(void) {
    AbsRVec v;
    abs_vec_init(&v, &t_unit, 5);
    CHECK(v.capacity == SIZE_MAX && v.buffer != NULL);
    v.vtable->value.grow_capacity_to(&v, 1000, ABS_ABOVE);
    v.length = 1000;
    v.vtable->value.shrink_to_fit(&v);
    CHECK(v.capacity == SIZE_MAX);
    int64_t before = abs_live_allocations();
    abs_rvec_drop(&v); /* never frees: nothing was allocated */
    CHECK(abs_live_allocations() == before);
}

static void test_vec_of_strings(void) {
    int64_t before = abs_live_allocations();
    AbsRVec v;
    abs_vec_init(&v, &t_rstring, 0);
    for (int i = 0; i < 50; i++) {
        char buf[32];
        snprintf(buf, sizeof buf, "string number %d", i);
        abs_rvec_reserve(&v, 1);
        ABS_RVEC_AT(v, AbsRString, v.length++) = host_string(buf);
    }
    CHECK(rstring_is(&ABS_RVEC_AT(v, AbsRString, 49), "string number 49"));
    CHECK(abs_live_allocations() == before + 51);
    abs_rvec_drop(&v); /* drops each string through its own vtable, then the buffer */
    CHECK(abs_live_allocations() == before);
}

void test_alloc_and_vec(void) {
    test_alloc();
    test_vtable_identity();
    test_growth();
    test_zero_sized();
    test_vec_of_strings();
}
