/* abs_erased.h: what the host needs natively for abi_stable's erased types (reference 3.5, 11.A,
 * 11.D): the inert DynTrait vtable a moved-from value keeps, and hashing a plugin's value through
 * its `hash` slot into the runtime's hasher. */
#ifndef ABS_ERASED_H
#define ABS_ERASED_H

#include "abs_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A DynTrait vtable whose drop_ptr does nothing (bits: type_info, _marker, drop_ptr). */
ABS_RT_API const void *abs_inert_dyn_vtable(void);
/* A NonExhaustiveVtable whose _sabi_drop does nothing (bits 0x7FF, other slots null). */
ABS_RT_API const void *abs_inert_ne_vtable(void);
/* Calls `hash(obj, hasher)` (a DynTrait or NonExhaustive hash slot) with a fresh runtime hasher and
 * returns what it finished with. */
ABS_RT_API uint64_t abs_erased_hash(AbsFn hash, const void *obj);

/* A JS-made DynTrait<RBox<()>, I> (dyn_host.c): its Display and Debug texts, and for an iterator
 * `len` items of type `item` at `items` (moved in: the value owns them). */
enum { ABS_HOST_DYN_DISPLAY = 1, ABS_HOST_DYN_DEBUG = 2, ABS_HOST_DYN_ITER = 4, ABS_HOST_DYN_BACK = 8 };
ABS_RT_API void abs_dyn_host_new(AbsDynTrait *out, uint32_t traits, const uint8_t *display, size_t display_len,
                                 const uint8_t *debug, size_t debug_len, const abs_type *item, const void *items, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* ABS_ERASED_H */
