/* common.c: the C trait plugin's shared part: type descriptions for its runtime copy, strings,
 * object construction, and calling methods through a vtable. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

static const abs_drop_op drop_object_at0[] = { { ABS_DROP_ROBJECT, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

const abs_type tr_t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type tr_t_i64 = { 8, _Alignof(int64_t), NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type tr_t_object = { sizeof(AbsRObject), _Alignof(AbsRObject), drop_object_at0, 1, ABS_KEY_BYTES, 0 };
const abs_type tr_t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

AbsRString tr_string_from(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &tr_t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

AbsRString tr_string(const char *s) { return tr_string_from(s, strlen(s)); }

ABS_DEFINE_MONO_LAYOUT(robject_layout, "RObjectVtable", "trait_plugin_c;0.1.0", 6);
ABS_DEFINE_MONO_LAYOUT(trait_layout, "VTable", "trait_plugin_c;0.1.0", 0);
const AbsPTStructLayout tr_robject_vtable_layout = { { "", 0 }, &robject_layout_mono };
const AbsPTStructLayout tr_trait_vtable_layout = { { "", 0 }, &trait_layout_mono };

AbsMaybeCmpUTypeId tr_no_type_id(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}

AbsRObject tr_object_new(const TrVTable_WM *vtable, const abs_type *type) {
    AbsRObject o;
    abs_box_init(&o.ptr, type);
    /* The generic trait VTable block has the base's layout up to `_sabi_vtable`. */
    o.vtable = (const AbsTraitVTableBase_WM *)(const void *)vtable;
    return o;
}

AbsFn tr_method(const AbsRObject *o, unsigned k, const char *name) {
    if (!abs_prefix_has_field(o->vtable, 2 + k)) {
        fprintf(stderr, "trait_plugin_c: method %u (%s) is missing from the vtable; aborting\n", k, name);
        abort();
    }
    AbsFn f;
    /* Slots follow `_sabi_vtable`: method k at WM+24+8k on 64-bit (copied, not read through a cast). */
    memcpy(&f, (const unsigned char *)o->vtable + offsetof(TrVTable_WM, methods) + k * sizeof(AbsFn), sizeof f);
    return f;
}

ABS_EXPORT int64_t tr_live_allocations(void) { return abs_live_allocations(); }
