/* trait_vtable.c: the vtables of host trait objects (reference 3.4): one trait VTable per hosted
 * declaration, whose slots are trampolines; the common RObjectVtable; the BoxVtable of the erased
 * host object; and the inert vtables a moved-from value keeps (their drop does nothing). */
#include "trait_internal.h"

/* A static of this copy of the runtime: host-object type ids never equal a plugin's (ref. 9.11). */
static const uint8_t host_object_anchor = 0;

static AbsUTypeId host_object_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &host_object_anchor;
    memcpy(id.type_id_array, "abs_rt:HostObj\0", 16);
    return id;
}

/* Host objects cannot be downcast by a plugin (TD_Opaque). */
static AbsMaybeCmpUTypeId no_type_id(void) { return rt_maybe_type_id_nothing(); }

static void host_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_host_object *h = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_trait_release(h->trait, h->id);
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(h, sizeof *h, _Alignof(rt_host_object));
}

/* _sabi_drop receives &RObject.ptr and drops that RBox through its own vtable. */
static void drop_box_field(void *ptr_field) {
    AbsRBox *b = ptr_field;
    b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

#define RT_PACKAGE "abs_rt;0.1.0"
ABS_DEFINE_TYPE_LAYOUT(robject_vtable_layout, "RObjectVtable", RT_PACKAGE, 6);
ABS_DEFINE_TYPE_LAYOUT(inert_trait_layout, "VTable", RT_PACKAGE, 2);
ABS_DEFINE_MONO_LAYOUT(trait_vtable_template, "VTable", RT_PACKAGE, 2);

static const AbsBoxVtable_WM host_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { host_object_type_id, host_box_destructor },
};

static const AbsRObjectVtable_WM host_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &robject_vtable_layout,
    { no_type_id, drop_box_field, NULL, NULL, NULL },
};

/* Every hosted declaration, newest first: plugins may hold their objects until the process ends. */
static _Atomic(rt_host_trait *) hosted_traits;

ABS_RT_API const void *abs_trait_vtable(uint32_t trait_id, const char *trait_name,
                                        const abs_trait_method *methods, uint32_t count) {
    if (count > ABS_TRAIT_MAX_METHODS) return NULL;
    AbsFn slots[ABS_TRAIT_MAX_METHODS];
    for (uint32_t k = 0; k < count; k++) {
        const abs_trait_method *m = &methods[k];
        if (m->words > ABS_TRAIT_MAX_WORDS || m->floats > ABS_TRAIT_MAX_FLOATS ||
            m->copy_count > ABS_TRAIT_MAX_COPIES)
            return NULL;
        for (uint32_t i = 0; i < m->copy_count; i++)
            if (m->copies[i].word + 1 >= m->words) return NULL;
        if (!(slots[k] = rt_trait_trampoline(m->ret_class, m->ret_size, k))) return NULL;
    }
    rt_host_trait *t = rt_alloc_forever(sizeof *t, _Alignof(rt_host_trait));
    t->id = trait_id;
    t->count = count;
    memcpy(t->methods, methods, count * sizeof methods[0]);
    /* Names are copied: they appear in messages for as long as the process lives. */
    for (uint32_t k = 0; k < count; k++) {
        size_t n = strlen(methods[k].name) + 1;
        char *name = rt_alloc_forever(n, 1);
        memcpy(name, methods[k].name, n);
        t->methods[k].name = name;
    }
    size_t name_len = strlen(trait_name);
    char *name = rt_alloc_forever(name_len + 1, 1);
    memcpy(name, trait_name, name_len + 1);
    t->mono = trait_vtable_template_mono;
    t->mono.name = (const uint8_t *)name;
    t->mono.name_len = (uint16_t)(name_len > UINT16_MAX ? UINT16_MAX : name_len);
    t->mono.data.prefix_type.value.first_suffix_field = (uint8_t)(count + 2);
    t->layout.generics.data = "";
    t->layout.generics.length = 0;
    t->layout.mono_layout = &t->mono;
    /* Fields: _sabi_tys (0, zero-sized), _sabi_vtable (1), method k (2 + k). */
    t->wm.field_accessibility = (count + 2 >= 64) ? ~0ull : (1ull << (count + 2)) - 1;
    t->wm.type_layout = &t->layout;
    t->wm.sabi_vtable = &host_robject_vtable;
    memcpy(t->wm.slots, slots, count * sizeof slots[0]);
    t->wm_arc = t->wm;
    t->wm_arc.sabi_vtable = &rt_host_arc_robject_vtable;
    t->next = atomic_load(&hosted_traits);
    while (!atomic_compare_exchange_weak(&hosted_traits, &t->next, t)) {
    }
    return &t->wm;
}

ABS_RT_API void abs_trait_object(AbsRObject *out, const void *vtable, uint64_t id) {
    const rt_host_trait *t =
        (const rt_host_trait *)((const unsigned char *)vtable - offsetof(rt_host_trait, wm));
    rt_host_object *h = abs_alloc(sizeof *h, _Alignof(rt_host_object));
    h->trait = t;
    h->id = id;
    out->vtable = vtable;
    out->ptr.data = h;
    out->ptr.vtable = &host_box_vtable;
}

/* ---- inert vtables ---------------------------------------------------------------------------- */

static void drop_nothing(void *ptr_field) { (void)ptr_field; }

static void destroy_nothing(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)data;
    (void)call_drop;
    (void)dealloc;
}

static const AbsRObjectVtable_WM inert_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &robject_vtable_layout,
    { no_type_id, drop_nothing, NULL, NULL, NULL },
};

/* A trait vtable with no methods: only `_sabi_tys` and `_sabi_vtable`, which is all a drop reads. */
static const AbsTraitVTableBase_WM inert_trait_vtable = {
    0x3,
    &inert_trait_layout,
    { &inert_robject_vtable },
};

static const AbsBoxVtable_WM inert_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { host_object_type_id, destroy_nothing },
};

ABS_RT_API const void *abs_inert_trait_vtable(void) { return &inert_trait_vtable; }
ABS_RT_API const void *abs_inert_box_vtable(void) { return &inert_box_vtable; }
