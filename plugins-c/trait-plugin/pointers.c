/* pointers.c: Counter trait objects over every pointer kind (reference 11.B; test/trait/pointers.test.ts).
 * - A shared counter: Counter_TO<RArc<()>>, with this plugin's own ArcVtable (strong count before
 *   the value) and an RObjectVtable whose `_sabi_drop` releases one reference and `_sabi_clone`
 *   adds one (the plugin's Counter is Clone for these objects).
 * - Functions taking Counter_TO<RRef<()>> / Counter_TO<RMut<()>> (16 bytes: vtable, then the erased
 *   object), which never drop what they borrow, whoever made it.
 * - A Visitor the host implements, handed over as RMut and lent a plugin-owned counter as RMut.
 * - RArc objects the host made: kept, cloned through their ArcVtable and dropped by the plugin. */
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

/* Trait_TO<'_, RRef<()>> and Trait_TO<'_, RMut<()>>. */
typedef struct TrObjectRef {
    const AbsTraitVTableBase_WM *vtable;
    void *data;
} TrObjectRef;

typedef int64_t (*IncrFn)(void *, int64_t);
typedef int64_t (*GetFn)(const void *);
typedef int64_t (*VisitFn)(void *, TrObjectRef);

static AbsFn ref_method(const TrObjectRef *o, unsigned k, const char *name) {
    AbsRObject as_object = { o->vtable, { o->data, NULL } };
    return tr_method(&as_object, k, name);
}

/* ---- the plugin's RArc ----------------------------------------------------------------------- */

typedef struct shared_counter {
    _Atomic size_t strong;
    int64_t value;
} shared_counter;

static _Atomic int64_t shared_live;

static shared_counter *shared_of(const void *data) {
    return (shared_counter *)((unsigned char *)data - offsetof(shared_counter, value));
}

static const uint8_t shared_anchor = 0;
static AbsUTypeId shared_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &shared_anchor;
    memcpy(id.type_id_array, "tr:SharedCounter", 16);
    return id;
}
static void shared_destructor(const void *data, AbsCallReferentDrop call_drop) {
    (void)call_drop;
    shared_counter *s = shared_of(data);
    if (atomic_fetch_sub(&s->strong, 1) != 1) return;
    atomic_fetch_sub(&shared_live, 1);
    abs_dealloc(s, sizeof *s, _Alignof(shared_counter));
}
static AbsRArc shared_clone(const AbsRArc *self) {
    atomic_fetch_add(&shared_of(self->data)->strong, 1);
    return *self;
}
static void *shared_get_mut(AbsRArc *self) {
    return atomic_load(&shared_of(self->data)->strong) == 1 ? (void *)self->data : NULL;
}
typedef struct shared_unwrap { uint8_t tag; AbsRArc err; } shared_unwrap;
static shared_unwrap shared_try_unwrap(AbsRArc self) {
    shared_unwrap r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RERR;
    r.err = self;
    return r;
}
static size_t shared_strong(const AbsRArc *self) { return atomic_load(&shared_of(self->data)->strong); }
static size_t shared_weak(const AbsRArc *self) { (void)self; return 0; }

ABS_DEFINE_TYPE_LAYOUT(shared_arc_layout, "ArcVtable", "trait_plugin_c;0.1.0", 7);
static const AbsArcVtable_WM shared_arc_vtable = {
    ABS_ARC_VTABLE_BITS,
    &shared_arc_layout,
    { shared_type_id, shared_destructor, shared_clone, shared_get_mut, (AbsFn)shared_try_unwrap, shared_strong, shared_weak },
};

/* `_sabi_drop` / `_sabi_clone` of RArc objects: they receive &RObject.ptr (reference 11.B). */
static void shared_object_drop(void *ptr_field) {
    AbsRArc *a = ptr_field;
    a->vtable->value.destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
}
static AbsRBox shared_object_clone(const void *ptr_field) {
    const AbsRArc *a = ptr_field;
    AbsRArc c = a->vtable->value.clone_(a);
    AbsRBox as_box = { (void *)c.data, (AbsBoxVtable_Ref)(const void *)c.vtable };
    return as_box;
}
static const AbsRObjectVtable_WM shared_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &tr_robject_vtable_layout,
    { tr_no_type_id, shared_object_drop, shared_object_clone, NULL, NULL },
};

static int64_t counter_incr(void *self, int64_t by) { return *(int64_t *)self += by; }
static int64_t counter_get(const void *self) { return *(const int64_t *)self; }
static void counter_reset(void *self) { *(int64_t *)self = 0; }

static const TrVTable_WM shared_counter_vtable = {
    TR_VTABLE_BITS(3),
    &tr_trait_vtable_layout,
    &shared_robject_vtable,
    { (AbsFn)counter_incr, (AbsFn)counter_get, (AbsFn)counter_reset },
};

ABS_EXPORT AbsRObject tr_shared_counter_new(int64_t start) {
    shared_counter *s = abs_alloc(sizeof *s, _Alignof(shared_counter));
    atomic_init(&s->strong, 1);
    s->value = start;
    atomic_fetch_add(&shared_live, 1);
    AbsRObject o;
    o.vtable = (const AbsTraitVTableBase_WM *)(const void *)&shared_counter_vtable;
    o.ptr.data = &s->value;
    o.ptr.vtable = (AbsBoxVtable_Ref)(const void *)&shared_arc_vtable;
    return o;
}
ABS_EXPORT int64_t tr_shared_live(void) { return atomic_load(&shared_live); }

/* The strong count of any RArc object (through its own ArcVtable). */
ABS_EXPORT uint64_t tr_arc_strong(const AbsRObject *o) {
    const AbsRArc *a = (const AbsRArc *)(const void *)&o->ptr;
    return a->vtable->value.strong_count(a);
}

/* By value: reads it, then drops it (one reference). */
ABS_EXPORT int64_t tr_shared_take(AbsRObject o) {
    int64_t v = TR_CALL0(&o, 1, GetFn);
    abs_robject_drop(&o);
    return v;
}

/* ---- borrowed objects ------------------------------------------------------------------------ */

ABS_EXPORT int64_t tr_counter_ref_get(TrObjectRef o) { return ((GetFn)ref_method(&o, 1, "get"))(o.data); }
ABS_EXPORT int64_t tr_counter_mut_incr(TrObjectRef o, int64_t by) { return ((IncrFn)ref_method(&o, 0, "incr"))(o.data, by); }

/* A plugin-owned counter (on this stack) lent as RMut to the visitor, itself lent as RMut. Its
 * `_sabi_drop` is never called (nobody drops a reference); non-null, as abi_stable's are. */
static void drop_nothing(void *ptr_field) { (void)ptr_field; }
static const AbsRObjectVtable_WM borrowed_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &tr_robject_vtable_layout,
    { tr_no_type_id, drop_nothing, NULL, NULL, NULL },
};
static const TrVTable_WM borrowed_counter_vtable = {
    TR_VTABLE_BITS(3),
    &tr_trait_vtable_layout,
    &borrowed_robject_vtable,
    { (AbsFn)counter_incr, (AbsFn)counter_get, (AbsFn)counter_reset },
};

ABS_EXPORT int64_t tr_visit_counter(TrObjectRef visitor, int64_t start) {
    int64_t value = start;
    TrObjectRef lent = { (const AbsTraitVTableBase_WM *)(const void *)&borrowed_counter_vtable, &value };
    int64_t seen = ((VisitFn)ref_method(&visitor, 0, "visit"))(visitor.data, lent);
    return value * 1000 + seen;
}

/* ---- RArc objects the host made ---------------------------------------------------------------- */

static AbsRObject kept[2];
static int kept_count;

/* Keeps it and a clone made through its ArcVtable (strong count 2 until tr_shared_drop_kept). */
ABS_EXPORT uint64_t tr_shared_keep(AbsRObject o) {
    const AbsRArc *a = (const AbsRArc *)(const void *)&o.ptr;
    AbsRArc c = a->vtable->value.clone_(a);
    kept[0] = o;
    kept[1] = o;
    kept[1].ptr.data = (void *)c.data;
    kept_count = 2;
    return a->vtable->value.strong_count(a);
}
ABS_EXPORT int64_t tr_shared_kept_get(void) { return kept_count ? TR_CALL0(&kept[1], 1, GetFn) : -1; }
ABS_EXPORT void tr_shared_drop_kept(void) {
    for (int i = 0; i < kept_count; i++) abs_robject_drop(&kept[i]);
    kept_count = 0;
}
