/* abs_trait.h: #[sabi_trait] objects implemented by the JS host (reference 3.4), and the inert
 * vtables a moved-from value is left with.
 *
 * A host object is an RObject { trait vtable, RBox { data = host_object, box vtable } }. Every method
 * slot of a host trait vtable is a native trampoline from a fixed pool (trait_tramp.c): it knows
 * its method index and its return class, captures the argument registers, and then
 *   - on the JS main thread, calls the JS `invoke` callback directly (the plugin was called from JS,
 *     so JS is waiting in that call and may run);
 *   - on any other thread, for a method that returns nothing, copies the call into a queue entry and
 *     returns at once; a pipe the JS event loop watches wakes JS, which takes the queue
 *     (trait_queue.c);
 *   - on any other thread, for a method that must return a value, returns the method's declared
 *     error value at once and queues a report: JS cannot run there, and waiting for the main thread
 *     could deadlock (the main thread may be waiting for this very thread).
 * Argument shapes the pool captures (x86-64 System V only): up to ABS_TRAIT_MAX_WORDS integer-class
 * eightbytes after `self` (integers, pointers, integer-only structs of up to 16 bytes, in registers or
 * the first stack slots) and up to ABS_TRAIT_MAX_FLOATS f32/f64 in registers. The JS side checks a
 * trait against these limits when it is declared for hosting. */
#ifndef ABS_TRAIT_H
#define ABS_TRAIT_H

#include "abs_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ABS_TRAIT_MAX_METHODS 32
#define ABS_TRAIT_MAX_WORDS 7
#define ABS_TRAIT_MAX_FLOATS 8
/* Returns larger than 16 bytes travel through a hidden pointer; the pool has a trampoline per
 * size (multiples of 8 from 24 to this) because C writes exactly sizeof(return type) there. */
#define ABS_TRAIT_MAX_MEMORY_RETURN 128

/* How a method returns (the trampoline family). */
enum {
    ABS_TRAIT_RET_REGS = 0,   /* nothing, or up to 16 integer-class bytes in rax:rdx */
    ABS_TRAIT_RET_FLOAT = 1,  /* one f32/f64 in xmm0 */
    ABS_TRAIT_RET_MEMORY = 2  /* ret_size bytes through the hidden result pointer */
};

/* What an off-thread call of a method that must return a value gets back. */
enum {
    ABS_TRAIT_ERR_BYTES = 0,   /* a copy of error_bytes (ret_size bytes that own nothing) */
    ABS_TRAIT_ERR_RSTRING = 1  /* RErr(RString message) of an RResult<_, RString> */
};

/* Kinds of queue entries and direct calls. */
enum {
    ABS_TRAIT_CALL = 0,     /* a method call */
    ABS_TRAIT_RELEASE = 1,  /* the plugin dropped the object: JS lets go of it */
    ABS_TRAIT_REFUSED = 2   /* a call that could not run (method_index says which): JS reports it */
};

/* A borrowed run (RStr, RSlice<primitive>) passed to a method that may be queued: the data pointer
 * is in word `word`, the length in `word + 1`; a queued call carries a copy of the elements. */
typedef struct abs_trait_copy {
    uint32_t word;
    uint32_t elem_size;
} abs_trait_copy;

typedef struct abs_trait_method {
    const char *name;          /* NUL-terminated, kept by the host forever (for messages) */
    uint32_t ret_class;        /* ABS_TRAIT_RET_* */
    uint32_t ret_size;         /* bytes of the return value (0 for nothing) */
    uint32_t words;            /* integer-class eightbytes after self */
    uint32_t floats;           /* float registers */
    uint32_t queueable;        /* off-thread calls are queued (returns nothing, owns no borrow) */
    uint32_t copy_count;
    abs_trait_copy copies[ABS_TRAIT_MAX_WORDS / 2];
    uint32_t error_kind;       /* ABS_TRAIT_ERR_* */
    uint32_t error_offset;     /* ABS_TRAIT_ERR_RSTRING: offset of RErr's RString */
    const uint8_t *error_bytes; /* ABS_TRAIT_ERR_BYTES: ret_size bytes, or NULL for zeros */
} abs_trait_method;

/* One call as JS receives it (directly, or as a queue entry). */
typedef struct abs_trait_call {
    struct abs_trait_call *next;
    uint32_t kind;             /* ABS_TRAIT_CALL / RELEASE / REFUSED */
    uint32_t method_index;
    uint32_t trait_id;         /* the host's id of the trait declaration */
    uint32_t reserved;
    uint64_t object_id;        /* the host's id of the JS object */
    uint64_t words[ABS_TRAIT_MAX_WORDS];
    uint64_t floats[ABS_TRAIT_MAX_FLOATS]; /* raw register bits (an f32 in the low half) */
    void *ret;                 /* direct calls: where JS writes ret_size bytes; NULL when queued */
} abs_trait_call;

typedef void (*abs_trait_invoke_fn)(abs_trait_call *call);

/* Records the calling thread as the JS main thread and the callback that runs calls there.
 * Returns the read end of a non-blocking pipe that gets a byte whenever the queue goes from empty
 * to not empty (the host's event loop watches it and then takes the queue), or -1 where the
 * trampolines cannot capture arguments (not x86-64 System V) or no pipe could be made. Calling
 * again replaces the callback and returns the same descriptor. */
ABS_RT_API int abs_trait_start(abs_trait_invoke_fn invoke);

/* A trait VTable_Ref whose method k is the pool's trampoline for `methods[k]` (copied), with the
 * common RObjectVtable. Kept forever. NULL if a method is out of the pool's shapes. */
ABS_RT_API const void *abs_trait_vtable(uint32_t trait_id, const char *trait_name,
                                        const abs_trait_method *methods, uint32_t count);

/* A new host object of trait vtable `vtable` (from abs_trait_vtable) standing for JS object `id`.
 * Ownership moves with the bytes: whoever holds them drops them once (_sabi_drop), and JS then
 * receives an ABS_TRAIT_RELEASE for `id`. */
ABS_RT_API void abs_trait_object(AbsRObject *out, const void *vtable, uint64_t id);

/* Takes every queued entry, oldest first (NULL when empty). */
ABS_RT_API abs_trait_call *abs_trait_take(void);
/* Frees entries taken with abs_trait_take (the whole list). */
ABS_RT_API void abs_trait_free(abs_trait_call *list);
/* Entries queued and not yet freed. */
ABS_RT_API uint64_t abs_trait_pending(void);
/* Calls refused so far (off-thread calls of methods that return a value, or that borrow). */
ABS_RT_API uint64_t abs_trait_refused(void);

/* Keeps the already-loaded shared library at `path` mapped until the process ends (RTLD_NODELETE):
 * Node unloads the FFI layer's libraries when it exits, which kills threads still running in them.
 * Returns 0, or -1 when it is not loaded (or on Windows). */
ABS_RT_API int abs_pin_library(const char *path);

/* Vtables whose drop does nothing, for the bytes a value leaves behind when it moves into a JS
 * owner while the rest of the value is dropped: an RObject vtable, and an RBox vtable. */
ABS_RT_API const void *abs_inert_trait_vtable(void);
ABS_RT_API const void *abs_inert_box_vtable(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_TRAIT_H */
