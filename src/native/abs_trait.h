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
 *     could deadlock (the main thread may be waiting for this very thread); unless the method sets
 *     wait_ms: then the call is queued and the thread waits for JS's answer up to that deadline
 *     (trait_wait.c).
 * Argument shapes the pool captures (x86-64 System V only): every argument the convention allows,
 * wherever it puts it: the integer registers after `self`, the 8 float registers, and the first
 * ABS_TRAIT_STACK_WORDS eightbytes of the caller's stack argument area (structs over 16 bytes,
 * structs that no longer fit the registers left, and eightbytes past the registers all go there, in
 * order). `words` holds the integer registers then the stack words, `floats` the float registers.
 * The JS side works out where each argument is when a trait is declared for hosting. */
#ifndef ABS_TRAIT_H
#define ABS_TRAIT_H

#include "abs_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* 64 prefix fields (the accessibility mask is a u64), two of them _sabi_tys and _sabi_vtable. */
#define ABS_TRAIT_MAX_METHODS 62
/* Integer registers after `self` (rsi, rdx, rcx, r8, r9; a hidden result pointer takes one). */
#define ABS_TRAIT_REG_WORDS 5
/* Eightbytes of the caller's stack argument area a trampoline reads: 256 bytes. */
#define ABS_TRAIT_STACK_WORDS 32
#define ABS_TRAIT_MAX_WORDS (ABS_TRAIT_REG_WORDS + ABS_TRAIT_STACK_WORDS)
#define ABS_TRAIT_MAX_FLOATS 8
/* Borrowed runs (RStr, RSlice) a queued call can carry copies of. */
#define ABS_TRAIT_MAX_COPIES 8

/* How a method returns (the trampoline family). */
enum {
    ABS_TRAIT_RET_REGS = 0,      /* nothing, or up to 16 integer-class bytes in rax:rdx */
    ABS_TRAIT_RET_FLOAT = 1,     /* up to 16 bytes of floats in xmm0:xmm1 */
    ABS_TRAIT_RET_MEMORY = 2,    /* ret_size bytes (any size) through the hidden result pointer */
    ABS_TRAIT_RET_INT_FLOAT = 3, /* 16 bytes: integers in rax, then floats in xmm0 */
    ABS_TRAIT_RET_FLOAT_INT = 4  /* 16 bytes: floats in xmm0, then integers in rax */
};

/* What an off-thread call of a method that must return a value gets back. */
enum {
    ABS_TRAIT_ERR_BYTES = 0,   /* a copy of error_bytes (ret_size bytes that own nothing) */
    ABS_TRAIT_ERR_RSTRING = 1, /* RErr(RString message) of an RResult<_, RString> */
    ABS_TRAIT_ERR_FUTURE = 2   /* the method returns an FfiFuture: error_bytes is an abs_trait_future_spec */
};

/* A method returning FfiFuture<T> (any flavour): an off-thread call returns at once a host future
 * (async_host_future.c) of this FfiPoll<T>; the queued call carries it, and JS completes it when
 * the promise its implementation returned settles. */
typedef struct abs_trait_future_spec {
    uint32_t poll_size;           /* bytes of FfiPoll<T> */
    uint32_t poll_class;          /* ABS_POLL_RET_* of FfiPoll<T> */
    const void *poll_drop;        /* abs_drop_op list of FfiPoll<T> */
    uint64_t poll_drop_len;
} abs_trait_future_spec;

/* Kinds of queue entries and direct calls. */
enum {
    ABS_TRAIT_CALL = 0,     /* a method call */
    ABS_TRAIT_RELEASE = 1,  /* the plugin dropped the object: JS lets go of it */
    ABS_TRAIT_REFUSED = 2,  /* a call that could not run (method_index says which): JS reports it */
    ABS_TRAIT_TIMED_OUT = 3 /* a waiting call gave up before JS answered: JS reports it */
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
    uint32_t words;            /* entries of `words` the arguments use (registers, then stack) */
    uint32_t floats;           /* float registers the arguments use */
    uint32_t queueable;        /* off-thread calls are queued (returns nothing, owns no borrow) */
    uint32_t copy_count;
    abs_trait_copy copies[ABS_TRAIT_MAX_COPIES];
    uint32_t error_kind;       /* ABS_TRAIT_ERR_* */
    uint32_t error_offset;     /* ABS_TRAIT_ERR_RSTRING: offset of RErr's RString */
    const uint8_t *error_bytes; /* ABS_TRAIT_ERR_BYTES: ret_size bytes, or NULL for zeros */
    uint32_t wait_ms;          /* returns a value: an off-thread call waits up to this long for JS (0: refused) */
    uint32_t by_value;         /* 1: the method takes `self` by value (reference 11.B): once its call is
                                  delivered, run or refused, JS lets go of the object; the caller then
                                  frees only the storage, destructor(data, No, Yes) */
} abs_trait_method;

/* One call as JS receives it (directly, or as a queue entry). A queue entry ends after the words its
 * method's arguments use (abs_trait_method.words), then the copies of borrowed runs. */
typedef struct abs_trait_call {
    struct abs_trait_call *next;
    uint32_t kind;             /* ABS_TRAIT_CALL / RELEASE / REFUSED */
    uint32_t method_index;
    uint32_t trait_id;         /* the host's id of the trait declaration */
    uint32_t waiting;          /* 1: a plugin thread waits for the answer JS writes at `ret` (trait_wait.c);
                                  2: the plugin got a host future at once, `ret` is its abs_host_future
                                  (JS completes it, which releases the host's reference) */
    uint64_t object_id;        /* the host's id of the JS object */
    void *ret;                 /* direct calls: where JS writes ret_size bytes; NULL when queued */
    uint64_t floats[ABS_TRAIT_MAX_FLOATS]; /* raw register bits (an f32 in the low half) */
    uint64_t words[ABS_TRAIT_MAX_WORDS];   /* integer registers, then stack words */
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
/* A waiting call (abs_trait_call.waiting) as JS takes it: 1 while its thread still waits (JS runs
 * it), 0 when the thread gave up (JS drops the arguments and does not run it). */
ABS_RT_API int abs_trait_wait_pending(const abs_trait_call *entry);
/* JS wrote the answer at entry->ret: wakes the thread. 0 when it took the answer, -1 when it had
 * given up meanwhile (JS then drops what it wrote). */
ABS_RT_API int abs_trait_answer(const abs_trait_call *entry);

/* Calls refused so far (off-thread calls of methods that return a value, or that borrow). A
 * refused call is still queued (ABS_TRAIT_REFUSED, with its arguments) so JS reports it and drops
 * the arguments it owns. */
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
