/* identity.c: what makes this runtime copy distinguishable from every Rust library: UTypeIds
 * pointing at a static of this copy, and the minimal type layouts its prefix-type headers use. */
#include "rt_internal.h"

/* Its address is this copy's executable identity. A plugin that compiles the runtime in has its
 * own copy, so host and plugin identities never compare equal (no cross-allocator adoption). */
static const uint8_t identity_anchor = 0;

static AbsUTypeId make_id(const char tag[16]) {
    AbsUTypeId id;
    id.executable_identity = &identity_anchor;
    memcpy(id.type_id_array, tag, 16);
    return id;
}

AbsUTypeId rt_type_id_rvec(void) { return make_id("abs_rt:RVec<()>"); }
AbsUTypeId rt_type_id_rbox(void) { return make_id("abs_rt:RBox<()>"); }
AbsUTypeId rt_type_id_error(void) { return make_id("abs_rt:RBoxError"); }

AbsMaybeCmpUTypeId rt_maybe_type_id_nothing(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}

/* Prefix field counts up to last_prefix_field (reference 1.2, 1.3, 1.11, 3.5); the entry
 * vtables have no last_prefix_field, hence 0. */
#define RT_PACKAGE "abs_rt;0.1.0"
ABS_DEFINE_MONO_LAYOUT(vec_layout, "VecVTable", RT_PACKAGE, 4);
ABS_DEFINE_MONO_LAYOUT(box_layout, "BoxVtable", RT_PACKAGE, 2);
ABS_DEFINE_MONO_LAYOUT(map_layout, "VTable", RT_PACKAGE, 16);
ABS_DEFINE_MONO_LAYOUT(occupied_layout, "OccupiedVTable", RT_PACKAGE, 0);
ABS_DEFINE_MONO_LAYOUT(vacant_layout, "VacantVTable", RT_PACKAGE, 0);
ABS_DEFINE_MONO_LAYOUT(dyntrait_layout, "VTable", RT_PACKAGE, 19);
ABS_DEFINE_MONO_LAYOUT(error_layout, "RErrorVTable", RT_PACKAGE, 4);

const AbsPTStructLayout rt_layout_vec_vtable = { { "", 0 }, &vec_layout_mono };
const AbsPTStructLayout rt_layout_box_vtable = { { "", 0 }, &box_layout_mono };
const AbsPTStructLayout rt_layout_map_vtable = { { "", 0 }, &map_layout_mono };
const AbsPTStructLayout rt_layout_occupied_vtable = { { "", 0 }, &occupied_layout_mono };
const AbsPTStructLayout rt_layout_vacant_vtable = { { "", 0 }, &vacant_layout_mono };
const AbsPTStructLayout rt_layout_dyntrait_vtable = { { "", 0 }, &dyntrait_layout_mono };
const AbsPTStructLayout rt_layout_error_vtable = { { "", 0 }, &error_layout_mono };
