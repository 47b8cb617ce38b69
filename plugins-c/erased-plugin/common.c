/* common.c: strings, type descriptions for the plugin's runtime copy, and the live counter. */
#include "erased_plugin.h"

static const abs_drop_op drop_dyn_at0[] = { { ABS_DROP_DYNTRAIT, 0, 0, 0, 0, 0, NULL, 0 } };
const abs_type er_t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type er_t_dyn = { sizeof(AbsDynTrait), _Alignof(AbsDynTrait), drop_dyn_at0, 1, ABS_KEY_BYTES, 0 };

_Atomic int64_t er_live_objects;

ABS_DEFINE_MONO_LAYOUT(dyn_layout, "VTable", "erased_plugin_c;0.1.0", 19);
const AbsPTStructLayout er_dyn_vtable_layout = { { "", 0 }, &dyn_layout_mono };

AbsRString er_string(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &er_t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

/* Appends through `out`'s own vtable: the string may come from any library. */
void er_append(AbsRString *out, const char *p, size_t n) {
    abs_rvec_reserve(out, n);
    if (n) memcpy((uint8_t *)out->buffer + out->length, p, n);
    out->length += n;
}

AbsMaybeCmpUTypeId er_no_type_id(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}

ABS_EXPORT int64_t er_live_allocations(void) { return abs_live_allocations(); }
ABS_EXPORT int64_t er_live(void) { return atomic_load(&er_live_objects); }
