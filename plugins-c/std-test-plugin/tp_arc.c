/* tp_arc.c: the plugin's RArc<u64> (reference 1.12): the value lives after two atomic counts in
 * one allocation, and RArc.data points at the value. The strong references share one implicit
 * weak reference, as in Rust, so weak_count reports real Weak handles only. */
#include <stdatomic.h>
#include <stddef.h>

#include "plugin.h"

typedef struct arc_u64 {
    _Atomic size_t strong;
    _Atomic size_t weak;
    uint64_t value;
} arc_u64;

ABS_DECLARE_RRESULT(TpRResultU64RArc, uint64_t, AbsRArc);

static const uint8_t arc_identity = 0;

static arc_u64 *block_of(const void *data) { return (arc_u64 *)(void *)((char *)data - offsetof(arc_u64, value)); }

static AbsUTypeId arc_type_id(void) {
    AbsUTypeId id = { &arc_identity, "tp_c:RArc<()>\0\0" };
    return id;
}

static void release_weak(arc_u64 *b) {
    if (atomic_fetch_sub_explicit(&b->weak, 1, memory_order_acq_rel) == 1) abs_dealloc(b, sizeof *b, _Alignof(arc_u64));
}

/* A u64 needs no drop, so call_drop changes nothing here. */
static void arc_destructor(const void *data, AbsCallReferentDrop call_drop) {
    (void)call_drop;
    arc_u64 *b = block_of(data);
    if (atomic_fetch_sub_explicit(&b->strong, 1, memory_order_acq_rel) == 1) release_weak(b);
}

static AbsRArc arc_clone(const AbsRArc *self) {
    atomic_fetch_add_explicit(&block_of(self->data)->strong, 1, memory_order_relaxed);
    return *self;
}

static void *arc_get_mut(AbsRArc *self) {
    arc_u64 *b = block_of(self->data);
    return atomic_load(&b->strong) == 1 && atomic_load(&b->weak) == 1 ? &b->value : NULL;
}

static TpRResultU64RArc arc_try_unwrap(AbsRArc self) {
    arc_u64 *b = block_of(self.data);
    size_t one = 1;
    if (!atomic_compare_exchange_strong(&b->strong, &one, 0)) return ABS_ERR(TpRResultU64RArc, self);
    uint64_t v = b->value;
    release_weak(b);
    return ABS_OK(TpRResultU64RArc, v);
}

static size_t arc_strong_count(const AbsRArc *self) { return atomic_load(&block_of(self->data)->strong); }
static size_t arc_weak_count(const AbsRArc *self) { return atomic_load(&block_of(self->data)->weak) - 1; }

ABS_DEFINE_TYPE_LAYOUT(arc_layout, "ArcVtable", "std_test_plugin_c;0.1.0", 7);

static const AbsArcVtable_WM arc_vtable = {
    ABS_ARC_VTABLE_BITS,
    &arc_layout,
    { arc_type_id, arc_destructor, arc_clone, arc_get_mut, (AbsFn)arc_try_unwrap, arc_strong_count, arc_weak_count },
};

ABS_EXPORT AbsRArc tp_arc_new(uint64_t x) {
    arc_u64 *b = abs_alloc(sizeof *b, _Alignof(arc_u64));
    atomic_init(&b->strong, 1);
    atomic_init(&b->weak, 1);
    b->value = x;
    AbsRArc a = { &b->value, &arc_vtable };
    return a;
}

ABS_EXPORT size_t tp_arc_strong_count(const AbsRArc *a) { return a->vtable->value.strong_count(a); }
