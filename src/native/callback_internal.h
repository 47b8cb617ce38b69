/* callback_internal.h: what the callback files (callback_*.c) share: the trampoline table and the
 * dispatch every trampoline calls. */
#ifndef ABS_CALLBACK_INTERNAL_H
#define ABS_CALLBACK_INTERNAL_H

#include "trait_internal.h"
#include "abs_callback.h"

/* One table row per return family (ABS_TRAIT_RET_*). */
#define ABS_CALLBACK_FAMILIES 5
extern const AbsFn rt_callback_table[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];

/* Where trampoline `slot` of `family` goes: the bound callback, or the expired-call report. */
void rt_callback_dispatch(uint32_t family, uint32_t slot, const uint64_t *words, const uint64_t *floats,
                          void *ret);

#endif /* ABS_CALLBACK_INTERNAL_H */
