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

/* A JS-made DynTrait<RBox<()>, I> (dyn_host.c): its Display and Debug texts, for an iterator `len`
 * items of type `item` at `items` (moved in: the value owns them), and in `value` what Clone,
 * PartialEq, Ord, Hash and Serialize answer from (copied). */
enum {
    ABS_HOST_DYN_DISPLAY = 1, ABS_HOST_DYN_DEBUG = 2, ABS_HOST_DYN_ITER = 4, ABS_HOST_DYN_BACK = 8,
    ABS_HOST_DYN_CLONE = 16, ABS_HOST_DYN_EQ = 32, ABS_HOST_DYN_ORD = 64, ABS_HOST_DYN_PARTIAL_ORD = 128,
    ABS_HOST_DYN_HASH = 256, ABS_HOST_DYN_SERIALIZE = 512
};
enum { ABS_HOST_KEY_NUMBER = 0, ABS_HOST_KEY_TEXT = 1 };
typedef struct abs_host_dyn_value {
    const uint8_t *json;     /* Serialize: the RawValueBox's JSON */
    size_t json_len;
    uint32_t key_kind;       /* ABS_HOST_KEY_*: what PartialEq, Ord and Hash compare */
    double key_num;
    const uint8_t *key_text;
    size_t key_len;
} abs_host_dyn_value;
ABS_RT_API void abs_dyn_host_new(AbsDynTrait *out, uint32_t traits, const uint8_t *display, size_t display_len,
                                 const uint8_t *debug, size_t debug_len, const abs_type *item, const void *items, size_t len,
                                 const abs_host_dyn_value *value);

/* The io and fmt::Write slots of a JS-made DynTrait (dyn_host.c): a vtable whose slots are `slots`
 * (trampolines of a host trait object, abs_trait.h, in this order: read, read_exact, write,
 * write_all, flush, fill_buf, consume, seek, write_str; NULL for a trait not in `traits`) and
 * whose drop_ptr drops the object's RBox (the host object: JS then lets go of its value). Made
 * per call and kept forever: the host makes one per interface. */
enum {
    ABS_HOST_IO_READ = 1, ABS_HOST_IO_WRITE = 2, ABS_HOST_IO_BUFREAD = 4, ABS_HOST_IO_SEEK = 8, ABS_HOST_FMT_WRITE = 16
};
enum { ABS_HOST_IO_SLOTS = 9 };
ABS_RT_API const void *abs_dyn_host_io_vtable(uint32_t traits, const AbsFn *slots);

/* A NonExhaustiveVtable the host makes for the enum values it writes (ne_host.c): one per
 * declaration, kept forever, answering from each value's bytes through `plan` (u64 words the JS
 * host builds, src/erased/ne-host.ts), whose names are in `strings`. NULL for a bad plan. */
enum { ABS_NE_HOST_CLONE = 1, ABS_NE_HOST_DEBUG = 2, ABS_NE_HOST_DISPLAY = 4, ABS_NE_HOST_SERIALIZE = 8, ABS_NE_HOST_PARTIAL_EQ = 16 };
ABS_RT_API const void *abs_ne_host_vtable(const uint64_t *plan, size_t plan_len, const char *strings, size_t strings_len);

#ifdef __cplusplus
}
#endif

#endif /* ABS_ERASED_H */
