/* kit_plugin.c: a C plugin built with the kit alone (plugins-c/include: the generated kit.h, which
 * includes abi_stable_runtime.h, and abi_stable_runtime.c compiled in), making and receiving every
 * kind of owned value: strings, vectors, a map, Values, a box, a trait object and a future. */
#include <stdlib.h>

#include "kit.h"

/* The plugin's own runtime copy's live allocations: 0 once the host dropped everything. */
ABS_EXPORT int64_t kit_live_allocations(void) { return abs_live_allocations(); }

static AbsRString hello(AbsRString who) {
    AbsRString s = abs_rstring_from_cstr("Hello, ");
    abs_rstring_push(&s, who.buffer, who.length);
    abs_rvec_drop(&who);
    return s;
}

static AbsRVec split(AbsRStr text) {
    AbsRVec out = abs_rvec_new(&abs_type_RString, 0);
    size_t i = 0;
    while (i < text.length) {
        while (i < text.length && text.data[i] == ' ') i++;
        size_t start = i;
        while (i < text.length && text.data[i] != ' ') i++;
        if (i > start) ABS_RVEC_PUSH(&out, AbsRString, abs_rstring_new(text.data + start, i - start));
    }
    return out;
}

static AbsRHashMap count(AbsRStr text) {
    AbsRHashMap m;
    if (abs_map_new(&m, &abs_type_RString, &abs_type_u32) != ABS_RT_OK) abort();
    AbsRVec words = split(text);
    for (size_t i = 0; i < words.length; i++) {
        AbsRString word = ABS_RVEC_AT(words, AbsRString, i);
        uint32_t *n = m.vtable->value.get_mut_elem_p(m.map.data, &word);
        if (n) {
            ++*n;
            abs_rvec_drop(&word);
        } else {
            uint32_t one = 1;
            AbsROptionU32 old;
            abs_map_insert(&m, &abs_type_RString, &abs_type_u32, &word, &one, &old);
        }
    }
    words.length = 0; /* every word was moved into the map or dropped */
    abs_rvec_drop(&words);
    return m;
}

static AbsRVec wrap(AbsValue v) {
    AbsRVec out = abs_rvec_new(&abs_type_Value, 2);
    ABS_RVEC_PUSH(&out, AbsValue, v);
    AbsValue seen = { .string = { ABS_VALUE_STRING, abs_rstring_from_cstr("seen") } };
    ABS_RVEC_PUSH(&out, AbsValue, seen);
    return out;
}

static AbsRBox boxed(double x, double y) {
    Point p = { x, y };
    return abs_rbox_new(&abs_type_Point, &p);
}

static AbsRVec points(uint32_t n) {
    AbsRVec out = abs_rvec_new(&abs_type_Point, n);
    for (uint32_t i = 0; i < n; i++) {
        Point p = { i, 2.0 * i };
        abs_rvec_push(&out, &p, sizeof p);
    }
    return out;
}

typedef struct CounterState { AbsRString name; uint64_t n; } CounterState;
static const abs_drop_op counter_state_drop[] = { ABS_DROP_OP(ABS_DROP_RVEC, offsetof(CounterState, name)) };
static const abs_type counter_state_type = ABS_TYPE_WITH_DROP(CounterState, counter_state_drop);
static AbsRString counter_name(const void *self) {
    const CounterState *c = self;
    return abs_rstring_new(c->name.buffer, c->name.length);
}
static uint64_t counter_incr(void *self) { return ++((CounterState *)self)->n; }
ABS_DEFINE_TYPE_LAYOUT(counter_layout, "VTable", "kit_plugin;1.0.0", 0);
static const Counter_VTable_WM counter_vtable = {
    Counter_VTable_ALL_FIELDS, &counter_layout, { &abs_robject_vtable_boxed, counter_name, counter_incr } };

static AbsRObject counter(AbsRString name) {
    CounterState state = { name, 0 };
    return abs_robject_new(&counter_vtable, &counter_state_type, &state);
}

typedef struct Later { AbsRString text; bool taken; } Later;
static AbsFfiPollRString later_poll(void *fut, AbsFfiContext *cx) {
    (void)cx;
    Later *l = fut;
    AbsFfiPollRString r;
    r.ready.tag = ABS_POLL_READY;
    r.ready.value = l->text;
    l->taken = true;
    return r;
}
static void later_drop(void *fut) {
    Later *l = fut;
    if (!l->taken) abs_rvec_drop(&l->text);
    free(l);
}
static AbsFfiFuture later(AbsRStr text) {
    Later *l = malloc(sizeof *l);
    if (!l) abort();
    l->text = abs_rstring_from_rstr(text);
    l->taken = false;
    AbsFfiFuture f = { l, (void (*)(void))later_poll, later_drop };
    return f;
}

static void drop_value(ROption_Value v) { abs_drop(&v, &abs_type_ROption_Value); }

KitMod_DEFINE_TYPE_LAYOUT(kit_layout, "kit_plugin");
static const KitMod_WM module = {
    KitMod_ALL_FIELDS, &kit_layout, { hello, split, count, wrap, boxed, points, counter, later, drop_value } };
static AbsRootModuleResult constructor(void) { return abs_root_module_ok(&module); }
KitMod_EXPORT_ROOT_MODULE("kit_plugin", "kit_plugin", constructor);
