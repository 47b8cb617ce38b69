/* trait_internal.h: what the host-object files (trait_*.c) share and never export: the record of
 * one hosted trait declaration, the native part of one host object, and the queue's entry points. */
#ifndef ABS_TRAIT_INTERNAL_H
#define ABS_TRAIT_INTERNAL_H

#include "rt_internal.h"
#include "abs_trait.h"

/* The trait VTable's WithMetadata block as the host builds it: `_sabi_tys` takes no bytes, so the
 * value starts with `_sabi_vtable`, then one slot per method (reference 3.2). */
typedef struct rt_trait_vtable_wm {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
    const AbsRObjectVtable_WM *sabi_vtable;
    AbsFn slots[ABS_TRAIT_MAX_METHODS];
} rt_trait_vtable_wm;

/* One hosted trait declaration, kept forever (plugins may hold its objects forever). The vtable is
 * embedded so a host object needs only one pointer to reach both. */
typedef struct rt_host_trait {
    struct rt_host_trait *next; /* every declaration made, reachable from a static (kept forever) */
    uint32_t id;
    uint32_t count;
    abs_trait_method methods[ABS_TRAIT_MAX_METHODS];
    AbsMonoTypeLayout mono;
    AbsPTStructLayout layout;
    rt_trait_vtable_wm wm;
    /* The same slots for objects over RArc (one trait vtable per pointer type, reference 11.B):
     * its RObjectVtable drops and clones through the strong count (trait_arc.c). */
    rt_trait_vtable_wm wm_arc;
} rt_host_trait;

/* The erased object of a host RObject (its RBox's data): which declaration and which JS object. */
typedef struct rt_host_object {
    const rt_host_trait *trait;
    uint64_t id;
} rt_host_object;

/* trait_queue.c */
extern _Atomic(abs_trait_invoke_fn) rt_trait_invoke;
int rt_trait_on_main_thread(void);
/* A zeroed entry carrying `words` argument words and `extra` bytes after them (copied runs), from
 * the counted allocator: queued entries are only as long as their method's arguments need. */
abs_trait_call *rt_trait_entry(uint32_t words, size_t extra);
void rt_trait_enqueue(abs_trait_call *entry);
void rt_trait_count_refused(void);
uint64_t rt_trait_pending_now(void);

/* trait_dispatch.c: where every trampoline goes. `words`/`floats` are the captured registers,
 * `ret` the trampoline's zeroed return buffer. */
void rt_trait_dispatch(void *self, uint32_t method_index, const uint64_t *words, const uint64_t *floats,
                       void *ret);
/* Writes method `m`'s error value at `ret` (RErr's message ends with `why`). */
void rt_trait_error_value(const rt_host_trait *trait, const abs_trait_method *m, const char *why, void *ret);
/* The object is gone (its box destructor ran): JS lets go of it, now or through the queue. */
void rt_trait_release(const rt_host_trait *trait, uint64_t id);

/* trait_wait.c: an off-thread call of a method returning a value with wait_ms set: queued with a
 * shared answer block, the thread waits for JS's answer until the deadline, then gives up with the
 * error value. */
void rt_trait_wait_call(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                        abs_trait_call *entry, void *ret);
/* The queue lets go of a waiting entry's answer block (abs_trait_free). */
void rt_trait_wait_done(abs_trait_call *entry);

/* pin.c: keeps the library this code is in mapped until exit (the trampolines live here). */
int rt_pin_self(void);

/* trait_arc.c: the RObjectVtable of host objects over RArc (`_sabi_clone` adds a reference). */
extern const AbsRObjectVtable_WM rt_host_arc_robject_vtable;

/* trait_tramp.c: the pool's trampoline for method `index` of return class/size, or NULL. */
AbsFn rt_trait_trampoline(uint32_t ret_class, uint32_t ret_size, uint32_t index);

#endif /* ABS_TRAIT_INTERNAL_H */
