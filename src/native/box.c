/* box.c: host RBoxes. The box destructor receives only the data pointer, so each allocation
 * carries its type in a word just before the data: one vtable then serves every T. */
#include "rt_internal.h"

/* Bytes before the data: a multiple of the data's alignment with room for the type pointer. */
static size_t prefix_for(size_t align) {
    return rt_round_up(sizeof(const abs_type *), rt_max(align, _Alignof(const abs_type *)));
}

static const abs_type *type_of(const void *data) {
    const abs_type *t;
    memcpy(&t, (const unsigned char *)data - sizeof t, sizeof t);
    return t;
}

static AbsUTypeId box_type_id(void) { return rt_type_id_rbox(); }

static void box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    const abs_type *t = type_of(data);
    if (call_drop == ABS_CALL_REFERENT_DROP_YES && t->drop_len) abs_drop_in_place(data, t->drop, t->drop_len);
    if (dealloc == ABS_DEALLOCATE_YES) {
        size_t pre = prefix_for(t->align);
        abs_dealloc((unsigned char *)data - pre, pre + t->size, rt_max(t->align, _Alignof(const abs_type *)));
    }
}

static const AbsBoxVtable_WM box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { box_type_id, box_destructor },
};

ABS_RT_API const void *abs_box_vtable(const abs_type *t) {
    (void)t; /* the type travels in the allocation, see above */
    return &box_vtable;
}

ABS_RT_API void abs_box_init(AbsRBox *out, const abs_type *t) {
    size_t pre = prefix_for(t->align);
    unsigned char *base = abs_alloc(pre + t->size, rt_max(t->align, _Alignof(const abs_type *)));
    unsigned char *data = base + pre;
    memcpy(data - sizeof t, &t, sizeof t);
    out->data = data;
    out->vtable = &box_vtable;
}
