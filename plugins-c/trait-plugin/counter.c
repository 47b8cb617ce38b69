/* counter.c: Counter { incr(&mut self, i64) -> i64, get(&self) -> i64, reset(&mut self) } made by
 * the plugin, an "older build" of it without `reset`, and functions that use any Counter (host- or
 * plugin-made) through its vtable. */
#include "trait_plugin.h"

typedef struct counter { int64_t value; } counter;

static _Atomic uint64_t counter_drops;
TR_DEFINE_ROBJECT_VTABLE(counter_robject_vtable, counter_drops);

static int64_t counter_incr(void *self, int64_t by) {
    counter *c = self;
    c->value += by;
    return c->value;
}
static int64_t counter_get(const void *self) { return ((const counter *)self)->value; }
static void counter_reset(void *self) { ((counter *)self)->value = 0; }

static const TrVTable_WM counter_vtable = {
    TR_VTABLE_BITS(3),
    &tr_trait_vtable_layout,
    &counter_robject_vtable,
    { (AbsFn)counter_incr, (AbsFn)counter_get, (AbsFn)counter_reset },
};
/* What a plugin built against the first version of the trait (no `reset`) hands out. */
static const TrVTable_WM counter_vtable_v1 = {
    TR_VTABLE_BITS(2),
    &tr_trait_vtable_layout,
    &counter_robject_vtable,
    { (AbsFn)counter_incr, (AbsFn)counter_get },
};

static AbsRObject make_counter(const TrVTable_WM *vtable, int64_t start) {
    AbsRObject o = tr_object_new(vtable, &tr_t_i64);
    counter c = { start };
    memcpy(o.ptr.data, &c, sizeof c);
    return o;
}

ABS_EXPORT AbsRObject tr_counter_new(int64_t start) { return make_counter(&counter_vtable, start); }
ABS_EXPORT AbsRObject tr_counter_new_v1(int64_t start) { return make_counter(&counter_vtable_v1, start); }
ABS_EXPORT uint64_t tr_counter_drops(void) { return atomic_load(&counter_drops); }

typedef int64_t (*IncrFn)(void *, int64_t);
typedef int64_t (*GetFn)(const void *);

ABS_EXPORT int64_t tr_counter_add(AbsRObject *c, int64_t n) { return TR_CALL(c, 0, IncrFn, n); }

/* Takes the counter by value: reads it, then drops it (through its own vtable). */
ABS_EXPORT int64_t tr_counter_take(AbsRObject c) {
    int64_t v = TR_CALL0(&c, 1, GetFn);
    abs_robject_drop(&c);
    return v;
}

ABS_EXPORT TrOptionObject tr_counter_maybe(int64_t start, bool some) {
    TrOptionObject r;
    memset(&r, 0, sizeof r);
    if (!some) {
        r.tag = ABS_RNONE;
        return r;
    }
    r.some.tag = ABS_RSOME;
    r.some.value = make_counter(&counter_vtable, start);
    return r;
}

/* n counters 0, 10, 20, ... in a plugin-made RVec<Counter> (dropped elements go through _sabi_drop). */
ABS_EXPORT AbsRVec tr_counter_vec(uint32_t n) {
    AbsRVec v;
    abs_vec_init(&v, &tr_t_object, n);
    for (uint32_t i = 0; i < n; i++) ABS_RVEC_AT(v, AbsRObject, i) = make_counter(&counter_vtable, 10 * (int64_t)i);
    v.length = n;
    return v;
}
