/* trait_arc.c: a host trait object over RArc<()> (reference 1.12, 11.B). The data pointer is the
 * host object the trait vtable's trampolines expect, with a strong count in front of it; the
 * ArcVtable's destructor releases one reference and the last one releases the JS object. The
 * trait vtable is the declaration's RArc one (rt_host_trait.wm_arc: the same method slots), whose
 * RObjectVtable drops one reference and clones by adding one, as abi_stable's
 * `clone_pointer_impl::<RArc<()>>` does, so a plugin can clone the object through it. */
#include "trait_internal.h"

#include <stddef.h>

/* Turns the RBox host object at `inout` (from abs_trait_object) into an RArc one, in place. */
ABS_RT_API void abs_trait_object_arc(AbsRObject *inout);
/* The strong count of an RArc host object (tests). */
ABS_RT_API size_t abs_trait_arc_strong(const void *data);

typedef struct ta_arc_host {
    _Atomic size_t strong;
    rt_host_object obj;
} ta_arc_host;

static ta_arc_host *ta_arc_of(const void *data) {
    return (ta_arc_host *)((unsigned char *)data - offsetof(ta_arc_host, obj));
}

static const uint8_t ta_arc_anchor = 0;
static AbsUTypeId ta_arc_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &ta_arc_anchor;
    memcpy(id.type_id_array, "abs_rt:HostArc\0", 16);
    return id;
}

static void ta_arc_destructor(const void *data, AbsCallReferentDrop call_drop) {
    ta_arc_host *a = ta_arc_of(data);
    if (atomic_fetch_sub(&a->strong, 1) != 1) return;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_trait_release(a->obj.trait, a->obj.id);
    abs_dealloc(a, sizeof *a, _Alignof(ta_arc_host));
}

static AbsRArc ta_arc_clone(const AbsRArc *self) {
    atomic_fetch_add(&ta_arc_of(self->data)->strong, 1);
    return *self;
}

static void *ta_arc_get_mut(AbsRArc *self) {
    return atomic_load(&ta_arc_of(self->data)->strong) == 1 ? (void *)self->data : NULL;
}

/* RResult<T, RArc<T>> with T the 16-byte host object: never unwrapped (the value is JS's), so
 * the Arc comes back as the error, as Rust's try_unwrap does for a shared Arc. */
typedef struct ta_arc_unwrap_result { uint8_t tag; AbsRArc err; } ta_arc_unwrap_result;
static ta_arc_unwrap_result ta_arc_try_unwrap(AbsRArc self) {
    ta_arc_unwrap_result r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RERR;
    r.err = self;
    return r;
}

static size_t ta_arc_strong(const AbsRArc *self) { return atomic_load(&ta_arc_of(self->data)->strong); }
static size_t ta_arc_weak(const AbsRArc *self) { (void)self; return 0; }

ABS_DEFINE_TYPE_LAYOUT(ta_arc_vtable_layout, "ArcVtable", "abs_rt;0.1.0", 7);

static const AbsArcVtable_WM ta_host_arc_vtable = {
    ABS_ARC_VTABLE_BITS,
    &ta_arc_vtable_layout,
    { ta_arc_type_id, ta_arc_destructor, ta_arc_clone, ta_arc_get_mut, (AbsFn)ta_arc_try_unwrap, ta_arc_strong, ta_arc_weak },
};

/* `_sabi_drop` / `_sabi_clone` receive &RObject.ptr, here an RArc<()>. */
static void ta_object_drop(void *ptr_field) {
    const AbsRArc *a = ptr_field;
    ta_arc_destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
}

static AbsRBox ta_object_clone(const void *ptr_field) {
    AbsRArc c = ta_arc_clone(ptr_field);
    AbsRBox as_box = { (void *)c.data, (AbsBoxVtable_Ref)(const void *)c.vtable };
    return as_box;
}

static AbsMaybeCmpUTypeId ta_no_type_id(void) { return rt_maybe_type_id_nothing(); }

ABS_DEFINE_TYPE_LAYOUT(ta_robject_vtable_layout, "RObjectVtable", "abs_rt;0.1.0", 6);

const AbsRObjectVtable_WM rt_host_arc_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &ta_robject_vtable_layout,
    { ta_no_type_id, ta_object_drop, ta_object_clone, NULL, NULL },
};

ABS_RT_API void abs_trait_object_arc(AbsRObject *inout) {
    rt_host_object *h = inout->ptr.data;
    ta_arc_host *a = abs_alloc(sizeof *a, _Alignof(ta_arc_host));
    atomic_init(&a->strong, 1);
    a->obj = *h;
    /* The box's storage only: the JS object now belongs to the Arc. */
    inout->ptr.vtable->value.destructor(h, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
    inout->vtable = (const AbsTraitVTableBase_WM *)(const void *)&a->obj.trait->wm_arc;
    inout->ptr.data = &a->obj;
    inout->ptr.vtable = (AbsBoxVtable_Ref)(const void *)&ta_host_arc_vtable;
}

ABS_RT_API size_t abs_trait_arc_strong(const void *data) { return atomic_load(&ta_arc_of(data)->strong); }
