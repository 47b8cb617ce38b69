/* erased_plugin.h: what the C erased-types test plugin's files share. Shaped like abi_stable's
 * examples/0_modules_and_interface_types: a text-processing module handing out DynTraits (a Text
 * value with Display, Debug, Clone, Eq, Ord, Hash and Serialize; a word iterator). The API is
 * declared in test/erased/api.ts; plugins-rust/erased-plugin exports the same. */
#ifndef ER_PLUGIN_H
#define ER_PLUGIN_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "abs_runtime.h"

ABS_DECLARE_RRESULT(ErResultJson, AbsRString, AbsRBoxError); /* RResult<RawValueBox, RBoxError> */
ABS_DECLARE_ROPTION(ErOptionDyn, AbsDynTrait);

/* DynTrait<'_, RRef<()>/RMut<()>, I>: the erased object and the vtable. */
typedef struct ErDynRef { void *data; const AbsDynTraitVTable_WM *vtable; } ErDynRef;

extern const abs_type er_t_u8, er_t_dyn;
extern const AbsPTStructLayout er_dyn_vtable_layout;
extern _Atomic int64_t er_live_objects; /* texts and iterators not dropped yet */

AbsRString er_string(const char *p, size_t n);
void er_append(AbsRString *out, const char *p, size_t n);
AbsMaybeCmpUTypeId er_no_type_id(void);

/* Vtable bits: type_info, _marker, drop_ptr, then one per trait (field index = bit, reference 3.5). */
#define ER_BIT(i) (1ull << (i))
#define ER_NO_OTHER_TRAITS                                                                      \
    .back_iter = { .tag = ABS_RNONE }, .io_write = { .tag = ABS_RNONE },                        \
    .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE }

#endif
