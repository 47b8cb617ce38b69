/* hosted.c: functions that take DynTraits the host makes (a JS value's Display and Debug, a JS
 * iterable as an iterator of RStrings): by value (then dropped through the value's own vtable),
 * lent as RMut, and used from a thread of the plugin's own. */
#include <pthread.h>
#include <stdio.h>

#include "erased_plugin.h"

static void fmt(const AbsDynTrait *d, AbsRString *out) {
    d->vtable->value.display(d->object.data, ABS_FMT_DEFAULT, out);
    er_append(out, "|", 1);
    d->vtable->value.debug(d->object.data, ABS_FMT_DEFAULT, out);
}

/* "display|debug", then the value is dropped. */
ABS_EXPORT AbsRString er_show(AbsDynTrait d) {
    AbsRString out = er_string("", 0);
    fmt(&d, &out);
    abs_dyntrait_drop(&d);
    return out;
}

typedef struct shown { AbsDynTrait d; AbsRString out; } shown;
static void *show_thread(void *arg) {
    shown *s = arg;
    fmt(&s->d, &s->out);
    abs_dyntrait_drop(&s->d);
    return NULL;
}

/* The same, formatted and dropped on a thread of the plugin's own. */
ABS_EXPORT AbsRString er_show_on_thread(AbsDynTrait d) {
    shown s = { d, er_string("", 0) };
    pthread_t t;
    pthread_create(&t, NULL, show_thread, &s);
    pthread_join(t, NULL);
    return s.out;
}

typedef AbsROptionRString (*NextFn)(void *);

static void join_items(void *it, NextFn next, size_t limit, AbsRString *out) {
    for (size_t k = 0; k < limit; k++) {
        AbsROptionRString r = next(it);
        if (r.tag != ABS_RSOME) break;
        if (k) er_append(out, ",", 1);
        er_append(out, (const char *)r.some.value.buffer, r.some.value.length);
        abs_rvec_drop(&r.some.value);
    }
}

/* "n=<size_hint> back=<next_back>: item,item,..." then the iterator is dropped. */
ABS_EXPORT AbsRString er_join(AbsDynTrait d) {
    AbsRString out = er_string("n=", 2);
    const AbsIteratorFns *f = &d.vtable->value.iter.some.value;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%zu", f->size_hint(d.object.data)._0);
    er_append(&out, buf, (size_t)n);
    er_append(&out, " back=", 6);
    join_items(d.object.data, (NextFn)d.vtable->value.back_iter.some.value.next_back, 1, &out);
    er_append(&out, ": ", 2);
    join_items(d.object.data, (NextFn)f->next, SIZE_MAX, &out);
    abs_dyntrait_drop(&d);
    return out;
}

/* Lent: takes two items; the owner keeps (and drops) the rest. */
ABS_EXPORT AbsRString er_take_two(ErDynRef d) {
    AbsRString out = er_string("", 0);
    join_items(d.data, (NextFn)d.vtable->value.iter.some.value.next, 2, &out);
    return out;
}

/* ---- er_relate: PartialEq, Ord, Hash, Serialize and Clone through the first value's vtable ---- */

/* A HasherObject of the plugin's own (FNV-1a over everything written). */
static void h_bytes(void *s, const void *p, size_t n) {
    uint64_t *h = s;
    for (size_t k = 0; k < n; k++) *h = (*h ^ ((const uint8_t *)p)[k]) * 0x100000001b3ull;
}
static void h_write(void *s, AbsRSliceU8 b) { h_bytes(s, b.data, b.length); }
#define H_FN(name, T) static void name(void *s, T v) { h_bytes(s, &v, sizeof v); }
H_FN(h_i16, int16_t) H_FN(h_i32, int32_t) H_FN(h_i64, int64_t) H_FN(h_i8, int8_t) H_FN(h_isize, ptrdiff_t)
H_FN(h_u16, uint16_t) H_FN(h_u32, uint32_t) H_FN(h_u64, uint64_t) H_FN(h_u8, uint8_t) H_FN(h_usize, size_t)
static uint64_t h_finish(const void *s) { return *(const uint64_t *)s; }
static const AbsHasherWriteFns h_fns = { h_write, h_i16, h_i32, h_i64, h_i8, h_isize, h_u16, h_u32, h_u64, h_u8, h_usize };

static uint64_t hash_of(const AbsDynTrait *d) {
    uint64_t state = 0xcbf29ce484222325ull;
    AbsHasherObject h = { &state, &h_fns, h_finish };
    d->vtable->value.hash(d->object.data, h);
    return state;
}

ABS_DECLARE_RRESULT(ErJson, AbsRString, AbsRBoxError);
static const char *const ORDERINGS[] = { "Less", "Equal", "Greater" };

/* The same output as the Rust plugin's: "eq=.. cmp=.. hash=.. json=.. clone=.. clone_eq=..". */
ABS_EXPORT AbsRString er_relate(AbsDynTrait a, AbsDynTrait b) {
    const AbsDynTraitVTable *vt = &a.vtable->value;
    AbsRString out = er_string("", 0);
    bool same_type = a.vtable == b.vtable;
    char buf[96];
    int n = snprintf(buf, sizeof buf, "eq=%s cmp=%s hash=%s json=", same_type && vt->partial_eq(a.object.data, b.object.data) ? "true" : "false",
                     same_type ? ORDERINGS[vt->cmp(a.object.data, b.object.data)] : a.vtable < b.vtable ? "Less" : "Greater",
                     hash_of(&a) == hash_of(&b) ? "same" : "different");
    er_append(&out, buf, (size_t)n);
    ErJson json = ((ErJson(*)(const void *))vt->serialize)(a.object.data);
    if (json.tag == ABS_ROK) {
        er_append(&out, (const char *)json.ok.value.buffer, json.ok.value.length);
        abs_rvec_drop(&json.ok.value);
    } else {
        er_append(&out, "error", 5);
        abs_rbox_drop(&json.err.value.value);
    }
    AbsDynTrait copy = { vt->clone_ptr(&a.object), a.vtable };
    er_append(&out, " clone=", 7);
    copy.vtable->value.display(copy.object.data, ABS_FMT_DEFAULT, &out);
    bool clone_eq = copy.vtable->value.partial_eq(copy.object.data, a.object.data) && hash_of(&copy) == hash_of(&a);
    er_append(&out, clone_eq ? " clone_eq=true" : " clone_eq=false", clone_eq ? 14 : 15);
    abs_dyntrait_drop(&copy);
    abs_dyntrait_drop(&a);
    abs_dyntrait_drop(&b);
    return out;
}
