/* rt_internal.h: declarations shared by the runtime's files and never exported
 * (the build uses -fvisibility=hidden; only ABS_RT_API functions are visible). */
#ifndef ABS_RT_INTERNAL_H
#define ABS_RT_INTERNAL_H

#define _POSIX_C_SOURCE 200809L /* posix_memalign, pthreads under -std=c11 */

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abs_runtime.h"

/* ---- small helpers ----------------------------------------------------------------------- */

static inline size_t rt_round_up(size_t n, size_t align) { return (n + align - 1) / align * align; }
static inline size_t rt_max(size_t a, size_t b) { return a > b ? a : b; }
/* The non-null, aligned address Rust uses for empty buffers. */
static inline void *rt_dangling(size_t align) { return (void *)(uintptr_t)(align ? align : 1); }

/* Rust aborts on allocation failure and on capacity overflow; so do we, saying why. */
_Noreturn void rt_fatal(const char *what);

/* Counted realloc (keeps the live count) honouring `align`. */
void *rt_realloc(void *p, size_t old_size, size_t new_size, size_t align);

/* ---- identity and type layouts (identity.c) ------------------------------------------------ */

/* UTypeIds whose executable_identity is this runtime copy's own static. */
AbsUTypeId rt_type_id_rvec(void);
AbsUTypeId rt_type_id_rbox(void);
AbsUTypeId rt_type_id_error(void);
AbsMaybeCmpUTypeId rt_maybe_type_id_nothing(void);

extern const AbsPTStructLayout rt_layout_vec_vtable;
extern const AbsPTStructLayout rt_layout_box_vtable;
extern const AbsPTStructLayout rt_layout_map_vtable;
extern const AbsPTStructLayout rt_layout_occupied_vtable;
extern const AbsPTStructLayout rt_layout_vacant_vtable;
extern const AbsPTStructLayout rt_layout_dyntrait_vtable;
extern const AbsPTStructLayout rt_layout_error_vtable;

/* ---- a forever cache keyed by two pointers (cache.c) ------------------------------------ */

typedef struct rt_cache_node rt_cache_node;
typedef struct rt_cache {
    _Atomic(rt_cache_node *) head;
} rt_cache;
#define RT_CACHE_INIT { NULL }
/* Returns the value for (k1, k2), calling make(k1, k2) once (under a global lock) if absent.
 * Lookups of present keys take no lock. `make` may return NULL (then nothing is cached). */
void *rt_cache_get(rt_cache *c, const void *k1, const void *k2,
                   void *(*make)(const void *k1, const void *k2));

/* Permanent (uncounted) allocation for vtables: they live as long as the process. */
void *rt_alloc_forever(size_t size, size_t align);

#endif /* ABS_RT_INTERNAL_H */
