/* shared.c: a Text shared behind an RArc: DynTrait<'static, RArc<()>, SharedInterface> (Send,
 * Sync, Clone, Display, Debug). The arc's data points at the text; its strong count sits before
 * it. Clones are more strong references to one text, freed with the last (counted in er_live). */
#include <stdio.h>

#include "erased_plugin.h"

typedef struct shared_arc {
    _Atomic size_t strong;
    AbsRString text; /* the erased object: what arc.data and every slot's `self` point at */
} shared_arc;

static shared_arc *arc_of(const void *data) { return (shared_arc *)((unsigned char *)data - offsetof(shared_arc, text)); }

static const uint8_t anchor = 0;
static AbsUTypeId arc_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &anchor;
    memcpy(id.type_id_array, "er:SharedText\0\0\0", 16);
    return id;
}
static void arc_destructor(const void *data, AbsCallReferentDrop call_drop) {
    shared_arc *a = arc_of(data);
    if (atomic_fetch_sub(&a->strong, 1) != 1) return;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) {
        abs_rvec_drop(&a->text);
        atomic_fetch_sub(&er_live_objects, 1);
    }
    abs_dealloc(a, sizeof *a, _Alignof(shared_arc));
}
static AbsRArc arc_clone(const AbsRArc *self) {
    atomic_fetch_add(&arc_of(self->data)->strong, 1);
    return *self;
}
static void *arc_get_mut(AbsRArc *self) { return atomic_load(&arc_of(self->data)->strong) == 1 ? (void *)self->data : NULL; }
/* RResult<AbsRString, RArc>: a shared text is never unwrapped here; the arc comes back as the error. */
typedef struct arc_unwrap_result { uint8_t tag; union { AbsRString ok; AbsRArc err; } v; } arc_unwrap_result;
static arc_unwrap_result arc_try_unwrap(AbsRArc self) {
    arc_unwrap_result r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RERR;
    r.v.err = self;
    return r;
}
static size_t arc_strong(const AbsRArc *self) { return atomic_load(&arc_of(self->data)->strong); }
static size_t arc_weak(const AbsRArc *self) { (void)self; return 0; }

ABS_DEFINE_TYPE_LAYOUT(arc_vtable_layout, "ArcVtable", "erased_plugin_c;0.1.0", 7);
static const AbsArcVtable_WM arc_vtable = {
    ABS_ARC_VTABLE_BITS, &arc_vtable_layout,
    { arc_type_id, arc_destructor, arc_clone, arc_get_mut, (AbsFn)arc_try_unwrap, arc_strong, arc_weak },
};

/* The DynTrait's slots: drop_ptr and clone_ptr receive &DynTrait.object (the RArc). */
static void shared_drop_ptr(void *object) {
    AbsRArc *a = object;
    a->vtable->value.destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
}
static AbsRArc shared_clone_ptr(const void *object) {
    const AbsRArc *a = object;
    return a->vtable->value.clone_(a);
}
static AbsRResultUnit shared_display(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const AbsRString *s = obj;
    er_append(out, (const char *)s->buffer, s->length);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
/* As Rust's derived Debug of `struct Shared(String)`. */
static AbsRResultUnit shared_debug(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const AbsRString *s = obj;
    er_append(out, "Shared(\"", 8);
    er_append(out, (const char *)s->buffer, s->length);
    er_append(out, "\")", 2);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRStr shared_type_name(void) { return (AbsRStr){ "erased_plugin_c::Shared", 23 }; }
static const AbsTypeInfo shared_info = { sizeof(AbsRString), _Alignof(AbsRString), er_no_type_id, shared_type_name };

static const AbsDynTraitVTable_WM shared_vtable = {
    ER_BIT(0) | ER_BIT(1) | ER_BIT(2) | ER_BIT(3) | ER_BIT(5) | ER_BIT(6),
    &er_dyn_vtable_layout,
    { .type_info = &shared_info, .drop_ptr = shared_drop_ptr, .clone_ptr = (AbsRBox(*)(const void *))(AbsFn)shared_clone_ptr,
      .display = shared_display, .debug = shared_debug, .iter = { .tag = ABS_RNONE }, ER_NO_OTHER_TRAITS },
};

/* DynTrait<RArc<()>>: the arc, then the DynTrait vtable (24 bytes, as over RBox). */
typedef struct shared_dyn { AbsRArc object; const AbsDynTraitVTable_WM *vtable; } shared_dyn;

ABS_EXPORT shared_dyn er_shared_text(AbsRStr s) {
    shared_arc *a = abs_alloc(sizeof *a, _Alignof(shared_arc));
    atomic_init(&a->strong, 1);
    a->text = er_string(s.data, s.length);
    atomic_fetch_add(&er_live_objects, 1);
    shared_dyn d = { { &a->text, &arc_vtable }, &shared_vtable };
    return d;
}

/* "display|debug|strong=N" (N through the arc's vtable, this reference included), then this
 * reference is released. */
ABS_EXPORT AbsRString er_shared_take(shared_dyn d) {
    AbsRString out = er_string("", 0);
    d.vtable->value.display(d.object.data, ABS_FMT_DEFAULT, &out);
    er_append(&out, "|", 1);
    d.vtable->value.debug(d.object.data, ABS_FMT_DEFAULT, &out);
    char buf[32];
    int n = snprintf(buf, sizeof buf, "|strong=%zu", d.object.vtable->value.strong_count(&d.object));
    er_append(&out, buf, (size_t)n);
    d.vtable->value.drop_ptr(&d.object);
    return out;
}
