/* trait_plugin.h: what the C trait test plugin's files share (nothing here is exported): the
 * plugin's type descriptions for its runtime copy, the instantiations its signatures use, and
 * helpers to make trait objects and to call a trait object's methods through its vtable.
 * The plugin's API is listed in test/trait/api.ts; the Rust plugin exports the same. */
#ifndef TR_PLUGIN_H
#define TR_PLUGIN_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "abs_runtime.h"

ABS_DECLARE_ROPTION(TrOptionObject, AbsRObject);
ABS_DECLARE_ROPTION(TrOptionValue, AbsValue);
ABS_DECLARE_RRESULT(TrResultU32, uint32_t, AbsRString);
ABS_DECLARE_RRESULT(TrResultU64, uint64_t, AbsRString);
ABS_DECLARE_RRESULT(TrResultObject, AbsRObject, AbsRString);

extern const abs_type tr_t_u8, tr_t_i64, tr_t_object, tr_t_value;

/* A plugin-made RString holding the NUL-terminated `s` (or `n` bytes at `p`). */
AbsRString tr_string(const char *s);
AbsRString tr_string_from(const char *p, size_t n);

/* ---- making trait objects (reference 3.4, as a plugin does) ------------------------------- */

/* A trait vtable block: header, `_sabi_vtable`, then up to 8 method slots. */
typedef struct TrVTable_WM {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
    const AbsRObjectVtable_WM *sabi_vtable;
    AbsFn methods[8];
} TrVTable_WM;

/* Bits of a trait vtable with `n` methods: _sabi_tys, _sabi_vtable and one per method. */
#define TR_VTABLE_BITS(n) ((1ull << (2 + (n))) - 1)

/* An RObject over a fresh box of `type` (write the state at out->ptr.data). */
AbsRObject tr_object_new(const TrVTable_WM *vtable, const abs_type *type);

/* The RObjectVtable of this plugin's objects: `_sabi_drop` counts a drop in `*drops`. The plugin
 * needs one per counter (C has no closures): see counter.c and connector.c. */
#define TR_DEFINE_ROBJECT_VTABLE(Ident, drops_counter)                                          \
    static void Ident##_drop(void *ptr_field) {                                                 \
        atomic_fetch_add(&(drops_counter), 1);                                                  \
        abs_rbox_drop((AbsRBox *)ptr_field);                                                    \
    }                                                                                           \
    static const AbsRObjectVtable_WM Ident = {                                                  \
        ABS_ROBJECT_VTABLE_BITS,                                                                \
        &tr_robject_vtable_layout,                                                              \
        { tr_no_type_id, Ident##_drop, NULL, NULL, NULL },                                      \
    }
extern const AbsPTStructLayout tr_robject_vtable_layout;
extern const AbsPTStructLayout tr_trait_vtable_layout;
AbsMaybeCmpUTypeId tr_no_type_id(void);

/* ---- calling any trait object (host-made or plugin-made) ---------------------------------- */

/* Method k's slot, after checking its accessibility bit; aborts with a message when absent (as
 * abi_stable's `missing_field(panic)` getters end the process). Cast it to the real prototype. */
AbsFn tr_method(const AbsRObject *o, unsigned k, const char *name);
#define TR_CALL(o, k, Proto, ...) ((Proto)tr_method((o), (k), #Proto))((o)->ptr.data, __VA_ARGS__)
#define TR_CALL0(o, k, Proto) ((Proto)tr_method((o), (k), #Proto))((o)->ptr.data)

#endif /* TR_PLUGIN_H */
