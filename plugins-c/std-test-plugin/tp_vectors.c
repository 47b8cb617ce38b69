/* tp_vectors.c: RSlice / RSliceMut / RVec functions of the test plugin. Pushes grow a vector
 * through its own vtable only when it is full, as Rust's RVec::push does. */
#include "plugin.h"

static void push_u32(AbsRVec *v, uint32_t x) {
    if (v->length == v->capacity) v->vtable->value.grow_capacity_to(v, v->length + 1, ABS_ABOVE);
    ABS_RVEC_AT(*v, uint32_t, v->length++) = x;
}

static void push_string(AbsRVec *v, AbsRString s) {
    if (v->length == v->capacity) v->vtable->value.grow_capacity_to(v, v->length + 1, ABS_ABOVE);
    ABS_RVEC_AT(*v, AbsRString, v->length++) = s;
}

ABS_EXPORT int64_t tp_sum_i64(TpRSliceI64 s) {
    uint64_t sum = 0; /* unsigned: wrapping is defined */
    for (size_t i = 0; i < s.length; i++) sum += (uint64_t)s.data[i];
    return (int64_t)sum;
}

ABS_EXPORT void tp_fill_u32(TpRSliceMutU32 s, uint32_t start) {
    for (size_t i = 0; i < s.length; i++) s.data[i] = start + (uint32_t)i;
}

ABS_EXPORT AbsRVec tp_range_u32(uint32_t n) {
    AbsRVec v;
    abs_vec_init(&v, &tp_t_u32, n);
    for (uint32_t i = 0; i < n; i++) ABS_RVEC_AT(v, uint32_t, i) = i;
    v.length = n;
    return v;
}

ABS_EXPORT AbsRVec tp_vec_push_u32(AbsRVec v, uint32_t count) {
    for (uint32_t i = 0; i < count; i++) push_u32(&v, i);
    return v;
}

ABS_EXPORT AbsRVec tp_vec_push_strings(AbsRVec v) {
    push_string(&v, tp_rstring("plugin"));
    return v;
}

/* The vector's destructor drops each string through that string's own vtable. */
ABS_EXPORT void tp_vec_drop_strings(AbsRVec v) { abs_rvec_drop(&v); }

ABS_EXPORT AbsRVec tp_split_words(AbsRStr s) {
    AbsRVec v;
    abs_vec_init(&v, &tp_t_rstring, 0);
    size_t i = 0;
    while (i < s.length) {
        while (i < s.length && s.data[i] == ' ') i++;
        size_t start = i;
        while (i < s.length && s.data[i] != ' ') i++;
        if (i > start) push_string(&v, tp_rstring_from(s.data + start, i - start));
    }
    return v;
}

ABS_EXPORT AbsRVec tp_vec_shrink(AbsRVec v) {
    v.vtable->value.shrink_to_fit(&v);
    return v;
}
