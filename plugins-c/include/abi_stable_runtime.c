/* abi_stable_runtime.c: the native runtime of abi-stable (the 41 C files of src/native), as one file
 * to compile into a C plugin beside the plugin's own sources (see abi_stable_runtime.h):
 *   cc -std=c11 -shared -fPIC -fvisibility=hidden -pthread -I <this directory> plugin.c abi_stable_runtime.c
 * Everything here is hidden: the plugin exports only its own symbols. */
/* GENERATED from the C files of src/native by src/codegen/runtime-kit.ts: do not edit; regenerate with
 * `npx tsx src/codegen/runtime-kit.ts` in the abi-stable repository. */
#define _POSIX_C_SOURCE 200809L
#define _GNU_SOURCE

#include "abi_stable_runtime.h"

/* Every system header the runtime includes, before its own declarations are hidden. */
#include <stddef.h>
#include <stdint.h>
#include <pthread.h>
#include <stdbool.h>
#include <time.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdalign.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#if defined(__linux__)
#include <errno.h>
#endif
#if defined(__linux__)
#include <fcntl.h>
#endif
#if defined(__linux__)
#include <pthread.h>
#endif
#if defined(__linux__)
#include <sys/ioctl.h>
#endif
#if defined(__linux__)
#include <sys/mman.h>
#endif
#if defined(__linux__)
#include <sys/uio.h>
#endif
#if defined(__linux__)
#include <unistd.h>
#endif
#include <inttypes.h>
#include <math.h>
#if !defined(_WIN32)
#include <dlfcn.h>
#endif

#if defined(__GNUC__) && !defined(_WIN32)
#pragma GCC visibility push(hidden)
#endif

/* ==== src/native/rt_internal.h ==== */
/* rt_internal.h: declarations shared by the runtime's files and never exported
 * (the build uses -fvisibility=hidden; only ABS_RT_API functions are visible). */
#ifndef ABS_RT_INTERNAL_H
#define ABS_RT_INTERNAL_H

/* _POSIX_C_SOURCE: set at the top */

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi_stable_runtime.h"

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

/* ==== src/native/abi_x64.h ==== */
/* abi_x64.h: passing keys and values of runtime-described types BY VALUE (x86-64 System V).
 *
 * Why this exists: a map's `insert_elem(map, K, V)`, `entry(map, K)` and friends take and return
 * K and V by value, with whatever registers/stack slots the C calling convention assigns to those
 * exact types, and the host only learns K and V at run time. C cannot declare such a function
 * generically, so these entry points are declared with EVERY argument register and the first
 * RT_X64_STACK_SLOTS stack slots as parameters ("register dump"), and the real arguments are
 * picked out of them following the SysV classification (rt_x64_take). Returns use one of five
 * carrier structs whose registers match the return's classification (rt_ret_*), or the hidden
 * result pointer for MEMORY returns, which SysV passes exactly like a first pointer argument
 * (and expects back in %rax). Calling a foreign function the same way is rt_x64_put.
 * Only valid on x86-64 System V (Linux, macOS Intel); elsewhere RT_X64_SYSV is 0 and host maps
 * report ABS_RT_UNSUPPORTED. */
#ifndef ABS_RT_ABI_X64_H
#define ABS_RT_ABI_X64_H

/* #include "rt_internal.h": at the top */

#if defined(__x86_64__) && !defined(_WIN32)
#define RT_X64_SYSV 1
#else
#define RT_X64_SYSV 0
#endif

/* Stack bytes a dumped call can carry: 32 slots = 256 bytes of MEMORY-class arguments. Reading a
 * few slots past what the caller pushed reads the caller's own frame, which is always mapped. */
#define RT_X64_STACK_SLOTS 32
#define RT_MAX_BYVALUE (RT_X64_STACK_SLOTS * 8)

/* ---- classification ---------------------------------------------------------------------- */

enum { RT_ABI_NONE = 0, RT_ABI_REG = 1, RT_ABI_MEMORY = 2 };

/* Size, alignment and which 4-byte units hold no integer data (f32/f64 or padding). */
typedef struct rt_units {
    size_t size, align;
    uint32_t nonint;
} rt_units;

/* How one type travels: nowhere (zero-sized), in 1-2 registers, or in memory. */
typedef struct rt_abi {
    size_t size;
    uint8_t kind;
    uint8_t n;      /* eightbytes in registers */
    uint8_t sse[2]; /* per eightbyte: 1 = an XMM register, 0 = a general register */
} rt_abi;

rt_units rt_units_of(const abs_type *t);
rt_units rt_units_option(rt_units t);             /* ROption<T> */
rt_units rt_units_tuple2(rt_units a, rt_units b); /* Tuple2<A, B> */
size_t rt_option_payload(rt_units t);             /* offset of T in ROption<T> */
size_t rt_tuple2_second(rt_units a, rt_units b);  /* offset of B in Tuple2<A, B> */
rt_abi rt_classify(rt_units t);

/* ---- argument dumps ---------------------------------------------------------------------- */

typedef struct rt_x64_args {
    uint64_t gpr[6];
    double xmm[8];
    uint64_t stack[RT_X64_STACK_SLOTS];
    unsigned next_gpr, next_xmm;
    size_t next_stack; /* bytes into `stack` */
} rt_x64_args;

/* Starts a dump/put whose first `fixed_gprs` general registers carry fixed arguments. */
void rt_x64_begin(rt_x64_args *a, unsigned fixed_gprs);
/* Callee side: copies the next argument of class `t` out of the dump into `dst`. */
void rt_x64_take(rt_x64_args *a, const rt_abi *t, void *dst);
/* Caller side: places the bytes of the next argument of class `t`. */
void rt_x64_put(rt_x64_args *a, const rt_abi *t, const void *src);

/* ---- return carriers --------------------------------------------------------------------- */

typedef struct { uint64_t a, b; } rt_ret_ii; /* %rax, %rdx (also a lone INTEGER: %rax) */
typedef struct { uint64_t a; double b; } rt_ret_is; /* %rax, %xmm0 */
typedef struct { double a; uint64_t b; } rt_ret_si; /* %xmm0, %rax */
typedef struct { double a, b; } rt_ret_ss; /* %xmm0, %xmm1 (also a lone SSE: %xmm0) */
enum { RT_RET_II, RT_RET_IS, RT_RET_SI, RT_RET_SS, RT_RET_MEM };

int rt_ret_kind(const rt_abi *t);
rt_ret_ii rt_ret_to_ii(const unsigned char r[16]);
rt_ret_is rt_ret_to_is(const unsigned char r[16]);
rt_ret_si rt_ret_to_si(const unsigned char r[16]);
rt_ret_ss rt_ret_to_ss(const unsigned char r[16]);
void rt_ret_from_ii(rt_ret_ii v, unsigned char r[16]);
void rt_ret_from_is(rt_ret_is v, unsigned char r[16]);
void rt_ret_from_si(rt_ret_si v, unsigned char r[16]);
void rt_ret_from_ss(rt_ret_ss v, unsigned char r[16]);

/* Picks the variant of an entry point whose return carrier fits `ret`. */
AbsFn rt_pick_ret(const rt_abi *ret, AbsFn ii, AbsFn is, AbsFn si, AbsFn ss, AbsFn mem);

/* ---- parameter lists for dumped entry points --------------------------------------------- */

#define RT_X64_XMM_PARAMS                                                                       \
    double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7
#define RT_X64_XMM_ARGS x0, x1, x2, x3, x4, x5, x6, x7
#define RT_X64_STACK_PARAMS                                                                     \
    uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3, uint64_t s4, uint64_t s5, uint64_t s6,  \
        uint64_t s7, uint64_t s8, uint64_t s9, uint64_t s10, uint64_t s11, uint64_t s12,        \
        uint64_t s13, uint64_t s14, uint64_t s15, uint64_t s16, uint64_t s17, uint64_t s18,     \
        uint64_t s19, uint64_t s20, uint64_t s21, uint64_t s22, uint64_t s23, uint64_t s24,     \
        uint64_t s25, uint64_t s26, uint64_t s27, uint64_t s28, uint64_t s29, uint64_t s30,     \
        uint64_t s31
#define RT_X64_STACK_ARGS                                                                       \
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19,  \
        s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30, s31
#define RT_X64_XMM_OF(a)                                                                        \
    (a)->xmm[0], (a)->xmm[1], (a)->xmm[2], (a)->xmm[3], (a)->xmm[4], (a)->xmm[5], (a)->xmm[6],  \
        (a)->xmm[7]
#define RT_X64_STACK_OF(a)                                                                      \
    (a)->stack[0], (a)->stack[1], (a)->stack[2], (a)->stack[3], (a)->stack[4], (a)->stack[5],   \
        (a)->stack[6], (a)->stack[7], (a)->stack[8], (a)->stack[9], (a)->stack[10],             \
        (a)->stack[11], (a)->stack[12], (a)->stack[13], (a)->stack[14], (a)->stack[15],         \
        (a)->stack[16], (a)->stack[17], (a)->stack[18], (a)->stack[19], (a)->stack[20],         \
        (a)->stack[21], (a)->stack[22], (a)->stack[23], (a)->stack[24], (a)->stack[25],         \
        (a)->stack[26], (a)->stack[27], (a)->stack[28], (a)->stack[29], (a)->stack[30],         \
        (a)->stack[31]

/* Fills a dump from the parameters of an entry point (general registers from index `first`). */
#define RT_X64_COLLECT(a, first, ...)                                                           \
    do {                                                                                        \
        const uint64_t rt_g_[] = { __VA_ARGS__ };                                               \
        const double rt_x_[8] = { RT_X64_XMM_ARGS };                                            \
        const uint64_t rt_s_[RT_X64_STACK_SLOTS] = { RT_X64_STACK_ARGS };                       \
        rt_x64_begin((a), (first));                                                             \
        memcpy(&(a)->gpr[(first)], rt_g_, sizeof rt_g_);                                        \
        memcpy((a)->xmm, rt_x_, sizeof rt_x_);                                                  \
        memcpy((a)->stack, rt_s_, sizeof rt_s_);                                                \
    } while (0)

#define RT_UNPAREN(...) __VA_ARGS__

/* Five variants of an entry point whose leading argument is one pointer `p0` followed by
 * dumped by-value arguments; `core(p0, &dump, ret_bytes)` does the work. */
#define RT_X64_DUMPED_1(name, core)                                                             \
    static void *name##_mem(void *ret, void *p0, uint64_t g2, uint64_t g3, uint64_t g4,         \
                            uint64_t g5, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {              \
        rt_x64_args a;                                                                          \
        RT_X64_COLLECT(&a, 2, g2, g3, g4, g5);                                                  \
        core(p0, &a, ret);                                                                      \
        return ret;                                                                             \
    }                                                                                           \
    RT_X64_DUMPED_1_REG(name, core, ii)                                                         \
    RT_X64_DUMPED_1_REG(name, core, is)                                                         \
    RT_X64_DUMPED_1_REG(name, core, si)                                                         \
    RT_X64_DUMPED_1_REG(name, core, ss)
#define RT_X64_DUMPED_1_REG(name, core, k)                                                      \
    static rt_ret_##k name##_##k(void *p0, uint64_t g1, uint64_t g2, uint64_t g3, uint64_t g4,  \
                                 uint64_t g5, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {         \
        rt_x64_args a;                                                                          \
        _Alignas(16) unsigned char r[16] = { 0 };                                               \
        RT_X64_COLLECT(&a, 1, g1, g2, g3, g4, g5);                                              \
        core(p0, &a, r);                                                                        \
        return rt_ret_to_##k(r);                                                                \
    }
#define RT_X64_DUMPED_1_PICK(ret_abi, name)                                                     \
    rt_pick_ret((ret_abi), (AbsFn)name##_ii, (AbsFn)name##_is, (AbsFn)name##_si,                \
                (AbsFn)name##_ss, (AbsFn)name##_mem)

/* Five variants of an entry point with ordinary typed parameters whose RETURN is by value:
 * `core(args…, ret_bytes)`. PARAMS and ARGS are parenthesised lists. */
#define RT_RET_VARIANTS(name, PARAMS, ARGS, core)                                               \
    static void *name##_mem(void *ret, RT_UNPAREN PARAMS) {                                     \
        core(RT_UNPAREN ARGS, ret);                                                             \
        return ret;                                                                             \
    }                                                                                           \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, ii)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, is)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, si)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, ss)
#define RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, k)                                         \
    static rt_ret_##k name##_##k(RT_UNPAREN PARAMS) {                                           \
        _Alignas(16) unsigned char r[16] = { 0 };                                               \
        core(RT_UNPAREN ARGS, r);                                                               \
        return rt_ret_to_##k(r);                                                                \
    }
#define RT_RET_PICK(ret_abi, name) RT_X64_DUMPED_1_PICK(ret_abi, name)

#endif /* ABS_RT_ABI_X64_H */

/* ==== src/native/abs_async.h ==== */
/* abs_async.h: the runtime's async part (docs/async.md): host wakers for plugin futures, futures the
 * host hands to plugins, and event channels. A plugin thread only ever links an entry into the async
 * wake-up queue and writes one byte to a pipe the host's event loop watches; the host drains the
 * queue on its main thread. No function here calls JS, and none waits for the JS thread. */
#ifndef ABS_ASYNC_H
#define ABS_ASYNC_H

#include "abi_stable_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the wake-up queue (async_wake.c) ---------------------------------------------------- */

/* Makes the wake-up pipe (once) and returns its read end, or -1. */
ABS_RT_API int abs_async_start(void);
/* Takes up to `cap` ids of woken entries (oldest first) and returns how many. An id is queued once
 * however often it is woken before being taken; taking re-arms it. */
ABS_RT_API size_t abs_async_take(uint64_t *ids, size_t cap);
/* Entries waiting to be taken. */
ABS_RT_API uint64_t abs_async_queued(void);

/* ---- host wakers: the waker a plugin future is polled with (async_waker.c) --------------- */

/* A host task's waker and context, refcounted: the host holds one reference until it calls
 * abs_async_task_finish; every clone a plugin makes holds one more. Waking queues `id`. */
typedef struct abs_async_task abs_async_task;
ABS_RT_API abs_async_task *abs_async_task_new(uint64_t id);
/* The FfiContext to pass to poll_fn (valid until finish). */
ABS_RT_API AbsFfiContext *abs_async_task_context(abs_async_task *t);
/* The task is over: later wakes do nothing; the host's reference is released. */
ABS_RT_API void abs_async_task_finish(abs_async_task *t);
/* Polls a plugin future with the task's context: poll_fn(fut_ptr, cx), whose FfiPoll<T> comes back
 * in register class `ret_class` (ABS_POLL_RET_*, below), written to `out` (at least 16 bytes, and
 * the FfiPoll's size). Returns its tag. x86-64 System V only (elsewhere it returns Panicked). */
ABS_RT_API uint32_t abs_async_task_poll(abs_async_task *t, void *fut_ptr, void *poll_fn, uint32_t ret_class, void *out);
/* abs_async_task_new and the first poll in one call. Pending returns the task; otherwise the future
 * is dropped (drop_fn), the task finished, NULL returned, and `out` holds Panicked or the Ready
 * value (the caller's now). */
ABS_RT_API abs_async_task *abs_async_task_start(uint64_t id, void *fut_ptr, void *poll_fn, void *drop_fn, uint32_t ret_class,
                                                void *out);
/* The future is done with: drop_fn(fut_ptr), then abs_async_task_finish. */
ABS_RT_API void abs_async_task_end(abs_async_task *t, void *fut_ptr, void *drop_fn);
/* Calls drop_fn(fut_ptr) of the 24-byte future at `f` (a plain call, for the host's convenience). */
ABS_RT_API void abs_async_future_drop(AbsFfiFuture *f);
/* The same with the two parts as values (the host keeps them as integers). */
ABS_RT_API void abs_async_call_drop(void *fut_ptr, void *drop_fn);
/* The address of a drop_fn that does nothing: left in a future whose ownership moved elsewhere. */
ABS_RT_API void *abs_async_inert_drop(void);
/* Wakers (task handles) alive now: tests check that plugins released every clone. */
ABS_RT_API int64_t abs_async_live_wakers(void);

/* ---- futures the host hands to plugins (async_host_future.c) ------------------------------ */

/* Poll classes: how FfiPoll<T> comes back on x86-64 System V (rax; rax:rdx; rax:xmm0; memory). */
enum { ABS_POLL_RET_INT8 = 0, ABS_POLL_RET_INT16 = 1, ABS_POLL_RET_INT_SSE = 2, ABS_POLL_RET_MEMORY = 3 };

typedef struct abs_host_future abs_host_future;
/* A pending future whose FfiPoll<T> is `poll_size` bytes, returned in class `ret_class`; its
 * Ready value is dropped with `poll_drop` if nobody takes it. Writes the 24-byte future to `out`
 * (the plugin's reference) and returns the host's reference. NULL where unsupported. */
ABS_RT_API abs_host_future *abs_host_future_new(uint64_t id, uint32_t poll_size, uint32_t ret_class,
                                                const abs_drop_op *poll_drop, size_t poll_drop_len,
                                                AbsFfiFuture *out);
/* The host's result: `poll` holds FfiPoll<T> bytes (Ready with the value, or Panicked), moved in.
 * Wakes the plugin's stored waker. Releases the host's reference. */
ABS_RT_API void abs_host_future_complete(abs_host_future *f, const void *poll);
/* Whether the plugin has dropped the future (the host may stop its work). */
ABS_RT_API int abs_host_future_dropped(const abs_host_future *f);
ABS_RT_API int64_t abs_host_futures_live(void);

/* ---- event channels (async_channel.c) ----------------------------------------------------- */

typedef struct abs_channel abs_channel;
/* A channel of Values with `capacity` room (0: unbounded). Waking queues `id`. */
ABS_RT_API abs_channel *abs_channel_new(uint64_t id, size_t capacity);
/* Writes a new sender handle to `out` (the plugin owns it and drops it once). */
ABS_RT_API void abs_channel_sender(abs_channel *c, AbsEventSender *out);
/* Moves up to `cap` events into `out` (oldest first) and returns how many; wakes blocked senders. */
ABS_RT_API size_t abs_channel_take(abs_channel *c, AbsValue *out, size_t cap);
/* abs_channel_take into `events`, and at `batch` an Array Value borrowing them (no vtable: it is
 * only read, e.g. dumped in one call, never dropped; the events are, with abs_channel_drop_events). */
ABS_RT_API size_t abs_channel_take_batch(abs_channel *c, AbsValue *batch, AbsValue *events, size_t cap);
/* Drops `n` events taken with abs_channel_take (each through its own vtables), in one call. */
ABS_RT_API void abs_channel_drop_events(AbsValue *events, size_t n);
/* State bits: 1 closed, 2 a sender was ever made, 4 live senders remain. */
ABS_RT_API uint32_t abs_channel_state(abs_channel *c);
/* Sends refused as full so far (the backpressure the plugin was told about). */
ABS_RT_API uint64_t abs_channel_refused(abs_channel *c);
/* The host closes its end: senders get ABS_SEND_CLOSED; events not taken are dropped. */
ABS_RT_API void abs_channel_close(abs_channel *c);
/* Releases the host's reference (after close). */
ABS_RT_API void abs_channel_release(abs_channel *c);
/* The sender vtable (for plugins that make a sender by hand in tests). */
ABS_RT_API const AbsEventSenderVTable *abs_channel_sender_vtable(void);
ABS_RT_API int64_t abs_channels_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_ASYNC_H */

/* ==== src/native/async_internal.h ==== */
/* async_internal.h: what the async files (async_*.c) share and never export: the node every
 * wakeable thing (a host task's waker, a channel) embeds to be queued for the host. */
#ifndef ABS_ASYNC_INTERNAL_H
#define ABS_ASYNC_INTERNAL_H

/* #include "rt_internal.h": at the top */
/* #include "abs_async.h": at the top */

typedef struct rt_wake_node rt_wake_node;
struct rt_wake_node {
    rt_wake_node *next;          /* under the queue lock */
    _Atomic uint32_t queued;     /* 1 while linked in the queue (it then holds one reference) */
    _Atomic uint32_t refs;
    uint64_t id;                 /* what the host reads back */
    void (*free_node)(rt_wake_node *n); /* called when refs reaches 0 */
};

/* Links `n` unless it is already queued (then the pending wake covers this one). Never blocks
 * beyond a short mutex; writes the pipe byte when the queue was empty. Any thread. */
void rt_wake_push(rt_wake_node *n);
static inline void rt_node_retain(rt_wake_node *n) { atomic_fetch_add(&n->refs, 1); }
static inline void rt_node_release(rt_wake_node *n) {
    if (atomic_fetch_sub(&n->refs, 1) == 1) n->free_node(n);
}

/* pin.c: keeps the library this code is in mapped until exit (plugin threads call into it). */
int rt_pin_self(void);

#endif /* ABS_ASYNC_INTERNAL_H */

/* ==== src/native/call_engine.h ==== */
/* call_engine.h: the call engine (call_engine.c) as its host entry point runs it
 * (call_napi.c, the runtime library's Node-API binding). Internal to the runtime. */
#ifndef ABS_RT_CALL_ENGINE_H
#define ABS_RT_CALL_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "abi_stable_runtime.h"

/* Values a call lends (typed arrays, strings): at most this many per plan. */
#define ABS_CALL_LENT 6

enum {
    ABS_RET_NONE = 0,  /* nothing comes back */
    ABS_RET_BYTES = 1, /* the result's bytes are copied into the frame */
    ABS_RET_VEC = 2,   /* an RVec of plain elements: contents copied into the frame, the value dropped */
    ABS_RET_TEXT = 3   /* an RString: its header handed to the entry point, which makes the string and drops it */
};

/* abs_call_run's results besides a count. */
#define ABS_CALL_LEFT (-1)    /* the result's header was left in the frame for the host's own read and drop */
#define ABS_CALL_REFUSED (-2) /* a lent string could not be read: nothing was built, the plugin not called */

/* Writes the UTF-8 of lent string `lent` at `dst` (room for `cap` bytes and a NUL) and its length
 * at `len`: 1 when written, 0 when that value is no string (the slot is kept as the host wrote
 * it: an empty string, or one too large for the region lent from elsewhere). */
typedef int (*abs_call_text_fn)(void *ctx, unsigned lent, unsigned char *dst, size_t cap, size_t *len);

/* Runs plan `plan` on the frame at `at` of `region` (the calling JS thread's frame region, native
 * memory its host maps once; call_engine.c says what the frame holds). `ptrs` are the lent typed
 * arrays' memory (NULL: the slot already holds it), `text` writes lent strings. Returns 0 for
 * ABS_RET_NONE and ABS_RET_BYTES; for ABS_RET_VEC the element count copied to the result's place
 * + 32; for ABS_RET_TEXT the length of the string whose header is put in `*text_out` (the caller
 * drops it through its vtable); or ABS_CALL_LEFT / ABS_CALL_REFUSED. */
int64_t abs_call_run(unsigned char *region, uint32_t plan, uint32_t at, const void *const ptrs[ABS_CALL_LENT], abs_call_text_fn text, void *ctx,
                     AbsRVec *text_out);

/* Whether `plan` names a plan. */
int abs_call_plan_valid(uint32_t plan);

/* How a valid plan's result comes back (ABS_RET_*). */
uint32_t abs_call_plan_ret_kind(uint32_t plan);

#endif

/* ==== src/native/abs_trait.h ==== */
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

#include "abi_stable_runtime.h"

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

/* ==== src/native/trait_internal.h ==== */
/* trait_internal.h: what the host-object files (trait_*.c) share and never export: the record of
 * one hosted trait declaration, the native part of one host object, and the queue's entry points. */
#ifndef ABS_TRAIT_INTERNAL_H
#define ABS_TRAIT_INTERNAL_H

/* #include "rt_internal.h": at the top */
/* #include "abs_trait.h": at the top */

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

/* ==== src/native/abs_callback.h ==== */
/* abs_callback.h: plain `extern "C" fn` pointers the JS host makes for plugins (callbacks). A
 * callback is a slot of a fixed pool of trampolines (callback_tramp.c) bound to a signature (a
 * one-method host trait vtable from abs_trait_vtable, whose method 0 is the call) and a JS id; its
 * calls follow the host trait objects' thread rules (abs_trait.h). Releasing the slot sends JS an
 * ABS_TRAIT_RELEASE for the id (behind calls already queued) and expires the pointer: calling it
 * afterwards reports on stderr and returns the signature's error value without reaching JS. */
#ifndef ABS_CALLBACK_H
#define ABS_CALLBACK_H

/* #include "abs_trait.h": at the top */

#ifdef __cplusplus
extern "C" {
#endif

/* Trampolines per return family: how many callbacks of one family can be live at once. */
#define ABS_CALLBACK_SLOTS 64

/* A function pointer that calls method 0 of `vtable` (from abs_trait_vtable) for JS id `id`, or NULL
 * when every slot of its return family is live (or the vtable is not a host one). */
ABS_RT_API AbsFn abs_callback_acquire(const void *vtable, uint64_t id);
/* Expires `fn` (from abs_callback_acquire) and lets JS release its id. Returns 0, or -1 when `fn`
 * is not a live callback. */
ABS_RT_API int abs_callback_release(AbsFn fn);
/* Calls of expired callbacks so far. */
ABS_RT_API uint64_t abs_callback_expired_calls(void);
/* Live callbacks now. */
ABS_RT_API uint32_t abs_callback_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_CALLBACK_H */

/* ==== src/native/callback_internal.h ==== */
/* callback_internal.h: what the callback files (callback_*.c) share: the trampoline table and the
 * dispatch every trampoline calls. */
#ifndef ABS_CALLBACK_INTERNAL_H
#define ABS_CALLBACK_INTERNAL_H

/* #include "trait_internal.h": at the top */
/* #include "abs_callback.h": at the top */

/* One table row per return family (ABS_TRAIT_RET_*). */
#define ABS_CALLBACK_FAMILIES 5
extern const AbsFn rt_callback_table[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];

/* Where trampoline `slot` of `family` goes: the bound callback, or the expired-call report. */
void rt_callback_dispatch(uint32_t family, uint32_t slot, const uint64_t *words, const uint64_t *floats,
                          void *ret);

#endif /* ABS_CALLBACK_INTERNAL_H */

/* ==== src/native/abs_erased.h ==== */
/* abs_erased.h: what the host needs natively for abi_stable's erased types (reference 3.5, 11.A,
 * 11.D): the inert DynTrait vtable a moved-from value keeps, and hashing a plugin's value through
 * its `hash` slot into the runtime's hasher. */
#ifndef ABS_ERASED_H
#define ABS_ERASED_H

#include "abi_stable_runtime.h"

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

/* ==== src/native/rt_hasher.h ==== */
/* rt_hasher.h: the runtime's hasher, shared by host maps (stored keys) and the HasherObject
 * handed to MapQuery.hash (query keys). */
#ifndef ABS_RT_HASHER_H
#define ABS_RT_HASHER_H

/* #include "rt_internal.h": at the top */

typedef struct rt_hasher {
    uint64_t state;
} rt_hasher;

void rt_hasher_init(rt_hasher *h);
void rt_hasher_write(rt_hasher *h, const void *bytes, size_t len);
uint64_t rt_hasher_finish(const rt_hasher *h);
/* A HasherObject writing into `h` (which must outlive the object's use). */
AbsHasherObject rt_hasher_object(rt_hasher *h);

#endif /* ABS_RT_HASHER_H */

/* ==== src/native/map.h ==== */
/* map.h: the host RHashMap's internals, shared by its storage (map_core.c), vtable entry points
 * (map_vtable.c), iterators (map_iter.c), entries (map_entry.c) and type setup (map_types.c). */
#ifndef ABS_RT_MAP_H
#define ABS_RT_MAP_H

/* #include "abi_x64.h": at the top */

#include <pthread.h>
#include <stdbool.h>

/* Everything derived from one (K, V) pair, built once and kept forever. */
typedef struct rt_map_types {
    const abs_type *key, *value;
    /* Stored entries are [u64 hash][K][V], `stride` bytes apart, in insertion order. */
    size_t key_off, val_off, stride, entry_align;
    /* Layouts of the by-value types the vtable returns. */
    size_t opt_v_size, opt_v_off;    /* ROption<V> */
    size_t tuple_size, tuple_v_off;  /* Tuple2<K, V> */
    size_t opt_kv_size, opt_kv_off;  /* ROption<Tuple2<K, V>> */
    rt_abi k_abi, v_abi, tuple_abi, opt_v_abi, opt_kv_abi;
    AbsMapVTable_WM *vtable;
    AbsOccupiedVTable_WM *occupied;
    AbsVacantVTable_WM *vacant;
    AbsDynTraitVTable_WM *owned_iter; /* drain / iter_val: items Tuple2<K, V> */
} rt_map_types;

enum { RT_ENTRY_NONE = 0, RT_ENTRY_OCCUPIED = 1, RT_ENTRY_VACANT = 2 };

typedef struct rt_map rt_map;

/* The map's one REntry (abi_stable keeps it inside the map too; a new entry() replaces it). */
typedef struct rt_map_entry {
    rt_map *map;
    int state;
    size_t pos;            /* occupied: the entry's position */
    uint64_t hash;         /* vacant: the owned key's hash */
    unsigned char *key;    /* vacant: the owned key, moved in by entry() */
} rt_map_entry;

struct rt_map {
    pthread_mutex_t lock; /* the map is Sync: plugins may read it from several threads at once */
    const rt_map_types *t;
    unsigned char *entries;
    size_t len, cap;
    size_t *index;        /* open addressing, linear probing: 0 = empty, else position + 1 */
    size_t index_cap;     /* a power of two, at least twice len; 0 before the first insert */
    rt_map_entry entry;
    size_t block;         /* bytes of the map's own allocation: entries and index inside it are freed with it */
};

#define RT_NOT_FOUND SIZE_MAX

/* ---- storage (map_core.c); callers hold m->lock unless said otherwise ---------------------- */

rt_map *rt_map_create(const rt_map_types *t);
/* A map with room for `n` entries and their index in the map's own allocation (one block instead of
 * three: a built Value has thousands of small maps). Growing past `n` moves them out. */
rt_map *rt_map_create_sized(const rt_map_types *t, size_t n);
/* Drops every K and V and frees the storage (not the map itself). No lock: the map is dying. */
void rt_map_drop_contents(rt_map *m);
/* Frees the map object itself. */
void rt_map_free(rt_map *m);

static inline unsigned char *rt_map_at(const rt_map *m, size_t pos) { return m->entries + pos * m->t->stride; }
static inline void *rt_map_key(const rt_map *m, size_t pos) { return rt_map_at(m, pos) + m->t->key_off; }
static inline void *rt_map_value(const rt_map *m, size_t pos) { return rt_map_at(m, pos) + m->t->val_off; }

/* The hash of the byte stream Rust's Hash would feed for this stored key. */
uint64_t rt_map_hash_key(const rt_map_types *t, const void *key);
bool rt_map_keys_equal(const rt_map_types *t, const void *a, const void *b);
size_t rt_map_find_key(const rt_map *m, const void *key, uint64_t hash);
/* Finds with a Rust MapQuery: hash through our HasherObject, confirm with is_equal, and fall back
 * to a linear scan so a query that hashes differently from our keys can never miss an entry. */
size_t rt_map_find_query(const rt_map *m, const AbsMapQuery *q);
/* Appends (key, value) moved in as bytes; returns its position. */
size_t rt_map_push(rt_map *m, uint64_t hash, const void *key, const void *value);
/* Adds the entry whose key and value the caller wrote in place at rt_map_at(m, m->len) (capacity
 * reserved, key not present), with the key's hash. */
void rt_map_commit(rt_map *m, uint64_t hash);
/* Moves the entry at `pos` out into key_out/value_out (a NULL destination drops that part
 * instead) and closes the gap, keeping insertion order. */
void rt_map_remove_at(rt_map *m, size_t pos, void *key_out, void *value_out);
void rt_map_reserve(rt_map *m, size_t additional);
/* Moves all entries out (the map becomes empty, keeping no storage). */
unsigned char *rt_map_take_entries(rt_map *m, size_t *len, size_t *cap);
/* Drops K and V of entries [from, to) of a moved-out array, then frees it if `free_array`. */
void rt_map_drop_entries(const rt_map_types *t, unsigned char *entries, size_t from, size_t to,
                         bool free_array, size_t cap);

/* The entry's bookkeeping; drops a vacant entry's owned key if it was never consumed. */
void rt_map_entry_reset(rt_map *m);

/* ---- types and vtables (map_types.c, map_vtable.c, map_iter.c, map_entry.c) ---------------- */

/* NULL where by-value K/V cannot be handled (see abs_map_new). */
const rt_map_types *rt_map_types_get(const abs_type *key, const abs_type *value);
/* The RBox vtable of every host map object (RHashMap.map.vtable). */
extern const AbsBoxVtable_WM rt_map_box_vtable;
void rt_map_vtable_fill(rt_map_types *t);     /* map_vtable.c */
void rt_map_entry_vtables_fill(rt_map_types *t); /* map_entry.c */
void rt_map_iter_vtable_fill(rt_map_types *t);   /* map_iter.c: the owned-item iterator */
AbsDynTrait rt_map_iter_ref(rt_map *m, bool clonable); /* iter / iter_mut */
AbsDynTrait rt_map_iter_owned(rt_map *m, bool consume_map); /* drain / iter_val */

static inline void rt_drop_value(const abs_type *t, void *v) {
    if (t->drop_len) abs_drop_in_place(v, t->drop, t->drop_len);
}

#endif /* ABS_RT_MAP_H */

/* ==== src/native/mem_readable.h ==== */
/* mem_readable.h: whether a range of this process's memory can be read (mem_readable.c). */
#ifndef ABS_RT_MEM_READABLE_H
#define ABS_RT_MEM_READABLE_H

#include <stddef.h>
#include <stdint.h>

/* What abs_memory_readable answers. */
#define ABS_MEM_UNKNOWN (-1) /* this system cannot tell: check another way */
#define ABS_MEM_UNMAPPED 0   /* some byte of the range is not mapped */
#define ABS_MEM_READABLE 1   /* every byte can be read */
#define ABS_MEM_NO_READ 2    /* some byte is mapped without read access (PROT_NONE, write-only) */

/* How: the best the system has, or one way only (tests drive each). */
#define ABS_MEM_ANY 0
#define ABS_MEM_BY_PROCMAP 1
#define ABS_MEM_BY_VM_READV 2

/* Whether the `length` bytes from `address` can all be read, without reading them. */
ABS_RT_API int abs_memory_readable(uintptr_t address, size_t length);
ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method);

#endif /* ABS_RT_MEM_READABLE_H */

/* ==== src/native/ne_internal.h ==== */
/* ne_internal.h: the NonExhaustiveVtable (reference 11.A) as the runtime's own vtables lay it out:
 * the inert one a moved-from value keeps (nonexhaustive.c) and the host's (ne_host.c). */
#ifndef ABS_NE_INTERNAL_H
#define ABS_NE_INTERNAL_H

/* #include "rt_internal.h": at the top */

typedef struct ne_enum_info {
    AbsRStr type_name;
    AbsRStr strings;
    uint32_t variant_names; /* StartLen: start in bits 0-15, length in bits 16-31 */
} ne_enum_info;

typedef struct ne_vtable_wm {
    uint64_t field_accessibility; /* always 0x7FF */
    const AbsPTStructLayout *type_layout;
    const ne_enum_info *enum_info;
    void (*drop)(void *ne);
    AbsFn slots[8]; /* clone, debug, display, serialize, partial_eq, cmp, partial_cmp, hash */
} ne_vtable_wm;

enum { NE_CLONE, NE_DEBUG, NE_DISPLAY, NE_SERIALIZE, NE_PARTIAL_EQ, NE_CMP, NE_PARTIAL_CMP, NE_HASH };

#endif

/* ==== src/native/rchannel_internal.h ==== */
/* rchannel_internal.h: what rchannel_core.c and rchannel_slots.c share (never exported): the
 * host's channel behind abi_stable's RSender<T>/RReceiver<T> (reference 11.C). */
#ifndef ABS_RCHANNEL_INTERNAL_H
#define ABS_RCHANNEL_INTERNAL_H

/* #include "async_internal.h": at the top */
#include "abi_stable_runtime.h"

#include <pthread.h>
#include <time.h>

typedef struct rt_rchannel {
    rt_wake_node node;          /* refs: one per end, one while queued for the host */
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    const abs_type *type;       /* T: size, align, drop glue (lives as long as the process) */
    size_t stride;              /* T's size rounded up to its alignment (at least 1) */
    unsigned char *ring;
    size_t ring_cap, head, len;
    size_t capacity;            /* 0: unbounded */
    uint32_t senders, receivers;
    _Atomic uint32_t host_waiting; /* the host waits for a value or the end: wake it once */
    const void *vtable;         /* the VTable<T> WM both ends point at */
} rt_rchannel;

/* What an end's RBox points at. */
typedef struct rt_rchannel_end {
    rt_rchannel *chan;
} rt_rchannel_end;

enum { RC_OK = 0, RC_NOT_NOW = 1 /* full, empty or timed out */, RC_DISCONNECTED = 2 };

/* Moves `value` in (T bytes). `block`: wait while full, until `deadline` when not NULL. */
int rc_push(rt_rchannel *c, const void *value, int block, const struct timespec *deadline);
/* Moves the oldest value out to `out`. `block`: wait while empty, until `deadline` when not NULL. */
int rc_pop(rt_rchannel *c, void *out, int block, const struct timespec *deadline);
/* A new end of the same channel (RBox data and its box vtable). */
AbsRBox rc_clone_end(rt_rchannel *c, int sender);
size_t rc_len(rt_rchannel *c);
/* The VTable<T> for T's size and alignment (made once). */
const void *rc_vtable(size_t size, size_t align);

static inline rt_rchannel *rc_of(void *chan) { return ((rt_rchannel_end *)chan)->chan; }

#endif /* ABS_RCHANNEL_INTERNAL_H */

/* ==== src/native/value_codec.h ==== */
/* value_codec.h: what the Value build (value_codec.c) and dump (value_dump.c) share: the
 * runtime types the host registers once, and the wire format's marks (src/types/value-codec.ts). */
#ifndef ABS_RT_VALUE_CODEC_H
#define ABS_RT_VALUE_CODEC_H

/* #include "map.h": at the top */

/* A string's or new key's length word: bit 31 marks a key defined here (else the word is the
 * index of a key defined before in the same buffer); in dumps bit 30 marks non-ASCII bytes. */
#define VALUE_NEW_KEY 0x80000000u
#define VALUE_NOT_ASCII_KEY 0x40000000u
#define VALUE_KEY_LEN 0x3fffffffu
/* In dumps, an object's count is followed by a shape word: the index of a key set met before in
 * the same dump, or VALUE_NEW_SHAPE followed by the object's key words (the set gets the next
 * index). Larger key sets are never looked up again (each is sent as new). */
#define VALUE_NEW_SHAPE 0xFFFFFFFFu
#define VALUE_SHAPE_MAX 64
/* A dumped string's length word: bit 31 set when its bytes are not all ASCII. */
#define VALUE_NOT_ASCII 0x80000000u

typedef struct rt_value_types {
    const abs_type *u8, *value, *key;
    const void *bytes_vtable, *values_vtable; /* RVec<u8>, RVec<Value> */
    const rt_map_types *map;                  /* RHashMap<RString, Value> */
} rt_value_types;

/* value_dump.c (also declared in async_internal.h for channel batches). */
ABS_RT_API int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap);

/* Set once by abs_value_types before any build or dump. */
extern rt_value_types rt_value;

#endif /* ABS_RT_VALUE_CODEC_H */

/* ==== src/native/value_arena.h ==== */
/* value_arena.h: shared blocks for the text of one built Value (value_arena.c). */
#ifndef ABS_RT_VALUE_ARENA_H
#define ABS_RT_VALUE_ARENA_H

/* #include "value_codec.h": at the top */

/* Block size, and the longest string put in one (longer ones get a buffer of their own). */
#define ARENA_BLOCK ((size_t)16 << 10)
#define ARENA_LARGEST ((size_t)1 << 10)

/* One build's current block; strings are counted into it until it is full or the build ends. */
typedef struct rt_arena {
    void *block;
    size_t at, count;
} rt_arena;

/* Makes `out` an RString/RVec<u8> of `n` bytes (contents to be written by the caller). */
void rt_arena_bytes(rt_arena *a, AbsRVec *out, size_t n);
/* Hands the current block to its strings (call before anything may drop them). */
void rt_arena_finish(rt_arena *a);

/* The vtable of strings in blocks. */
extern const AbsVecVTable_WM rt_arena_vtable;

/* Strings of blocks dropped together (a whole tree): their block's count is taken down once per
 * run of strings in the same block rather than once per string (an atomic operation each). */
typedef struct rt_arena_drops {
    void *block;
    size_t n;
} rt_arena_drops;

/* Drops `v`, a string with rt_arena_vtable, as part of `d`. */
void rt_arena_drop(rt_arena_drops *d, AbsRVec *v);
/* Releases what `d` still holds (call before anything else may see the blocks). */
void rt_arena_drops_end(rt_arena_drops *d);

#endif /* ABS_RT_VALUE_ARENA_H */

/* ==== src/native/abi_x64.c ==== */
/* abi_x64.c: System V x86-64 classification of runtime-described types, and the argument
 * placement shared by dumped entry points (callee side) and calls into foreign ones (caller side).
 * See abi_x64.h for why. */
/* #include "abi_x64.h": at the top */

static uint32_t unit_mask(size_t size) {
    size_t units = (size + 3) / 4;
    return units >= 32 ? 0xFFFFFFFFu : ((1u << units) - 1u);
}

rt_units rt_units_of(const abs_type *t) {
    rt_units u = { t->size, t->align ? t->align : 1, t->float_units & unit_mask(t->size) };
    return u;
}

/* Marks the units that `part` (placed at `off`) fills with integer data in `int_units`. */
static void mark_int(uint32_t *int_units, rt_units part, size_t off) {
    size_t units = (part.size + 3) / 4;
    if (off % 4 != 0) { /* a <4-aligned part has no floats: every unit it touches is integer */
        for (size_t b = off / 4; b <= (off + part.size - 1) / 4 && b < 32 && part.size; b++)
            *int_units |= 1u << b;
        return;
    }
    for (size_t u = 0; u < units && off / 4 + u < 32; u++)
        if (!((part.nonint >> u) & 1u)) *int_units |= 1u << (off / 4 + u);
}

size_t rt_option_payload(rt_units t) { return t.align; } /* round_up(1, align) */

rt_units rt_units_option(rt_units t) {
    rt_units o;
    size_t off = rt_option_payload(t);
    o.align = t.align;
    o.size = rt_round_up(off + t.size, t.align);
    uint32_t int_units = 1u; /* the tag */
    mark_int(&int_units, t, off);
    o.nonint = ~int_units & unit_mask(o.size);
    return o;
}

size_t rt_tuple2_second(rt_units a, rt_units b) { return rt_round_up(a.size, b.align); }

rt_units rt_units_tuple2(rt_units a, rt_units b) {
    rt_units o;
    size_t off = rt_tuple2_second(a, b);
    o.align = rt_max(a.align, b.align);
    o.size = rt_round_up(off + b.size, o.align);
    uint32_t int_units = 0;
    mark_int(&int_units, a, 0);
    mark_int(&int_units, b, off);
    o.nonint = ~int_units & unit_mask(o.size);
    return o;
}

rt_abi rt_classify(rt_units t) {
    rt_abi c = { t.size, RT_ABI_NONE, 0, { 0, 0 } };
    if (t.size == 0) return c; /* zero-sized arguments take no register and no stack slot */
    if (t.size > 16) {
        c.kind = RT_ABI_MEMORY;
        return c;
    }
    c.kind = RT_ABI_REG;
    c.n = (uint8_t)((t.size + 7) / 8);
    uint32_t present = unit_mask(t.size);
    for (unsigned i = 0; i < c.n; i++) {
        uint32_t eb = (3u << (2 * i)) & present; /* the units of eightbyte i */
        c.sse[i] = (t.nonint & eb) == eb;
    }
    return c;
}

void rt_x64_begin(rt_x64_args *a, unsigned fixed_gprs) {
    memset(a, 0, sizeof *a);
    a->next_gpr = fixed_gprs;
}

/* Where the next argument lives: in registers when all its eightbytes fit, else on the stack
 * (SysV: an argument is never split, and the registers it could not use stay free). */
static int in_registers(const rt_x64_args *a, const rt_abi *t) {
    if (t->kind != RT_ABI_REG) return 0;
    unsigned need_g = 0, need_x = 0;
    for (unsigned i = 0; i < t->n; i++) t->sse[i] ? need_x++ : need_g++;
    return a->next_gpr + need_g <= 6 && a->next_xmm + need_x <= 8;
}

static unsigned char *stack_place(rt_x64_args *a, const rt_abi *t) {
    size_t at = rt_round_up(a->next_stack, 8); /* types here are at most 8-aligned */
    size_t end = at + rt_round_up(t->size, 8);
    if (end > sizeof a->stack) rt_fatal("by-value argument larger than the dump's stack area");
    a->next_stack = end;
    return (unsigned char *)a->stack + at;
}

void rt_x64_take(rt_x64_args *a, const rt_abi *t, void *dst) {
    if (t->kind == RT_ABI_NONE) return;
    if (!in_registers(a, t)) {
        memcpy(dst, stack_place(a, t), t->size);
        return;
    }
    for (unsigned i = 0; i < t->n; i++) {
        size_t n = t->size - 8 * i < 8 ? t->size - 8 * i : 8;
        const void *src = t->sse[i] ? (const void *)&a->xmm[a->next_xmm++] : (const void *)&a->gpr[a->next_gpr++];
        memcpy((unsigned char *)dst + 8 * i, src, n);
    }
}

void rt_x64_put(rt_x64_args *a, const rt_abi *t, const void *src) {
    if (t->kind == RT_ABI_NONE) return;
    if (!in_registers(a, t)) {
        memcpy(stack_place(a, t), src, t->size);
        return;
    }
    for (unsigned i = 0; i < t->n; i++) {
        size_t n = t->size - 8 * i < 8 ? t->size - 8 * i : 8;
        void *dst = t->sse[i] ? (void *)&a->xmm[a->next_xmm++] : (void *)&a->gpr[a->next_gpr++];
        memcpy(dst, (const unsigned char *)src + 8 * i, n);
    }
}

int rt_ret_kind(const rt_abi *t) {
    if (t->kind == RT_ABI_MEMORY) return RT_RET_MEM;
    if (t->kind == RT_ABI_NONE) return RT_RET_II; /* nothing is read back */
    int first_sse = t->sse[0];
    int second_sse = t->n > 1 ? t->sse[1] : first_sse; /* a lone eightbyte: either carrier works */
    if (!first_sse) return second_sse && t->n > 1 ? RT_RET_IS : RT_RET_II;
    return second_sse ? RT_RET_SS : RT_RET_SI;
}

/* The carriers' two halves are the return's two eightbytes, in memory order. */
rt_ret_ii rt_ret_to_ii(const unsigned char r[16]) { rt_ret_ii v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_is rt_ret_to_is(const unsigned char r[16]) { rt_ret_is v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_si rt_ret_to_si(const unsigned char r[16]) { rt_ret_si v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_ss rt_ret_to_ss(const unsigned char r[16]) { rt_ret_ss v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
void rt_ret_from_ii(rt_ret_ii v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_is(rt_ret_is v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_si(rt_ret_si v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_ss(rt_ret_ss v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }

AbsFn rt_pick_ret(const rt_abi *ret, AbsFn ii, AbsFn is, AbsFn si, AbsFn ss, AbsFn mem) {
    switch (rt_ret_kind(ret)) {
    case RT_RET_IS: return is;
    case RT_RET_SI: return si;
    case RT_RET_SS: return ss;
    case RT_RET_MEM: return mem;
    default: return ii;
    }
}

/* ==== src/native/alloc.c ==== */
/* alloc.c: the runtime's counted, aligned allocator. Every block a runtime copy hands out
 * (vector buffers, boxes, maps, iterators) comes from here, so leak tests can read one number. */
/* #include "rt_internal.h": at the top */

#include <stdalign.h>
#include <stddef.h>

static _Atomic int64_t live_blocks;

_Noreturn void rt_fatal(const char *what) {
    fprintf(stderr, "abs_rt: %s; aborting\n", what);
    fflush(stderr);
    abort();
}

/* malloc already gives max_align_t alignment; larger alignments need posix_memalign. */
static void *raw_alloc(size_t size, size_t align) {
    if (size == 0) size = 1; /* a unique block keeps alloc/dealloc pairing simple */
    void *p = NULL;
    if (align <= alignof(max_align_t)) {
        p = malloc(size);
    } else if (posix_memalign(&p, align, size) != 0) {
        p = NULL;
    }
    if (!p) rt_fatal("out of memory");
    return p;
}

ABS_RT_API void *abs_alloc(size_t size, size_t align) {
    void *p = raw_alloc(size, align);
    atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return p;
}

/* size and align are unused with malloc/free but kept so the API can move to allocators that
 * need them (Windows' _aligned_free) without changing callers. */
ABS_RT_API void abs_dealloc(void *p, size_t size, size_t align) {
    (void)size;
    (void)align;
    if (!p) return;
    free(p);
    atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
}

ABS_RT_API int64_t abs_live_allocations(void) {
    return atomic_load_explicit(&live_blocks, memory_order_relaxed);
}

void *rt_realloc(void *p, size_t old_size, size_t new_size, size_t align) {
    if (new_size == 0) new_size = 1;
    if (align <= alignof(max_align_t)) {
        void *q = realloc(p, new_size);
        if (!q) rt_fatal("out of memory");
        return q;
    }
    void *q = raw_alloc(new_size, align);
    memcpy(q, p, old_size < new_size ? old_size : new_size);
    free(p);
    return q;
}

void *rt_alloc_forever(size_t size, size_t align) {
    void *p = raw_alloc(size, align);
    memset(p, 0, size);
    return p;
}

/* ==== src/native/async_channel.c ==== */
/* async_channel.c: event channels from plugin threads to the host (docs/async.md). A channel is a
 * ring of Values behind a mutex. A plugin's send() moves one Value in and returns at once: it never
 * waits for JS. When the ring goes from empty to non-empty (or the channel closes) the channel is
 * queued for the host (async_wake.c), which takes events in batches on its main thread. A bounded
 * channel refuses a send when full (ABS_SEND_FULL, the plugin keeps its value: backpressure);
 * wait_ready() lets a plugin thread sleep until there is room, the channel closes, or a timeout.
 * Closing from either side, or the last sender handle going away, ends the host's iteration after
 * the events already queued. */
/* #include "async_internal.h": at the top */

#include <errno.h>
#include <pthread.h>
#include <time.h>

enum { ST_CLOSED = 1, ST_EVER_SENDER = 2, ST_LIVE_SENDERS = 4 };

struct abs_channel {
    rt_wake_node node;
    pthread_mutex_t lock;
    pthread_cond_t room;
    AbsValue *ring;
    size_t ring_cap; /* slots allocated */
    size_t head, len;
    size_t capacity; /* 0: unbounded */
    uint32_t senders;
    uint32_t ever_sender;
    uint32_t closed;
    uint64_t refused;
};

static _Atomic int64_t live_channels;

/* Drop glue of the project's Value (src/types/value.ts): the owned payloads, each through its own vtable. */
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

static abs_channel *channel_of(void *p) { return p; }

/* Drops every queued event; called with the lock held (Value destructors never touch the channel). */
static void drop_queued(abs_channel *c) {
    for (size_t i = 0; i < c->len; i++) abs_drop_in_place(&c->ring[(c->head + i) % c->ring_cap], drop_value, 4);
    c->head = c->len = 0;
}

static void free_channel(rt_wake_node *n) {
    abs_channel *c = (abs_channel *)n; /* node is the first field */
    drop_queued(c);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * sizeof(AbsValue), _Alignof(AbsValue));
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->room);
    abs_dealloc(c, sizeof *c, _Alignof(abs_channel));
    atomic_fetch_sub(&live_channels, 1);
}

/* Room for one more event in an unbounded ring: doubles it, unwrapping the queued run. */
static void grow(abs_channel *c) {
    size_t cap = c->ring_cap ? c->ring_cap * 2 : 64;
    AbsValue *ring = abs_alloc(cap * sizeof(AbsValue), _Alignof(AbsValue));
    for (size_t i = 0; i < c->len; i++) ring[i] = c->ring[(c->head + i) % c->ring_cap];
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * sizeof(AbsValue), _Alignof(AbsValue));
    c->ring = ring;
    c->ring_cap = cap;
    c->head = 0;
}

static int32_t sender_send(void *p, AbsValue *event) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    if (c->closed) {
        pthread_mutex_unlock(&c->lock);
        return ABS_SEND_CLOSED;
    }
    if (c->capacity && c->len >= c->capacity) {
        c->refused++;
        pthread_mutex_unlock(&c->lock);
        return ABS_SEND_FULL;
    }
    if (c->len == c->ring_cap) grow(c);
    c->ring[(c->head + c->len) % c->ring_cap] = *event;
    int was_empty = c->len++ == 0;
    pthread_mutex_unlock(&c->lock);
    /* The event is the channel's now: the caller's copy must not be dropped. */
    memset(event, 0, sizeof *event);
    if (was_empty) rt_wake_push(&c->node);
    return ABS_SEND_OK;
}

static int32_t sender_wait_ready(void *p, uint64_t timeout_ms) {
    abs_channel *c = channel_of(p);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)(timeout_ms / 1000);
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int32_t status = ABS_SEND_OK;
    pthread_mutex_lock(&c->lock);
    while (!c->closed && c->capacity && c->len >= c->capacity) {
        if (pthread_cond_timedwait(&c->room, &c->lock, &until) == ETIMEDOUT) {
            status = c->closed ? ABS_SEND_CLOSED : (c->len >= c->capacity ? ABS_SEND_TIMEOUT : ABS_SEND_OK);
            break;
        }
    }
    if (c->closed) status = ABS_SEND_CLOSED;
    pthread_mutex_unlock(&c->lock);
    return status;
}

static void close_locked_then_wake(abs_channel *c) {
    int was_open = !c->closed;
    c->closed = 1;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->lock);
    if (was_open) rt_wake_push(&c->node);
}

static void sender_close(void *p) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    close_locked_then_wake(c);
}

static void *sender_clone(void *p) {
    abs_channel *c = channel_of(p);
    rt_node_retain(&c->node);
    pthread_mutex_lock(&c->lock);
    c->senders++;
    pthread_mutex_unlock(&c->lock);
    return c;
}

static void sender_drop(void *p) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    /* The last sender gone ends the stream, as with a closed one. */
    if (--c->senders == 0) close_locked_then_wake(c);
    else pthread_mutex_unlock(&c->lock);
    rt_node_release(&c->node);
}

static const AbsEventSenderVTable sender_vtable = { sender_send, sender_wait_ready, sender_close, sender_clone, sender_drop };

ABS_RT_API const AbsEventSenderVTable *abs_channel_sender_vtable(void) { return &sender_vtable; }

ABS_RT_API abs_channel *abs_channel_new(uint64_t id, size_t capacity) {
    abs_channel *c = abs_alloc(sizeof *c, _Alignof(abs_channel));
    memset(c, 0, sizeof *c);
    atomic_init(&c->node.queued, 0);
    atomic_init(&c->node.refs, 1); /* the host's */
    c->node.id = id;
    c->node.free_node = free_channel;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->room, NULL);
    c->capacity = capacity;
    if (capacity) {
        c->ring_cap = capacity;
        c->ring = abs_alloc(capacity * sizeof(AbsValue), _Alignof(AbsValue));
    }
    atomic_fetch_add(&live_channels, 1);
    return c;
}

ABS_RT_API void abs_channel_sender(abs_channel *c, AbsEventSender *out) {
    rt_node_retain(&c->node);
    pthread_mutex_lock(&c->lock);
    c->senders++;
    c->ever_sender = 1;
    pthread_mutex_unlock(&c->lock);
    out->channel = c;
    out->vtable = &sender_vtable;
}

ABS_RT_API size_t abs_channel_take(abs_channel *c, AbsValue *out, size_t cap) {
    pthread_mutex_lock(&c->lock);
    size_t n = c->len < cap ? c->len : cap;
    for (size_t i = 0; i < n; i++) out[i] = c->ring[(c->head + i) % c->ring_cap];
    if (n) {
        c->head = (c->head + n) % c->ring_cap;
        c->len -= n;
        if (c->len == 0) c->head = 0;
        pthread_cond_broadcast(&c->room);
    }
    pthread_mutex_unlock(&c->lock);
    return n;
}

ABS_RT_API size_t abs_channel_take_batch(abs_channel *c, AbsValue *batch, AbsValue *events, size_t cap) {
    size_t n = abs_channel_take(c, events, cap);
    memset(batch, 0, sizeof *batch);
    batch->array.tag = ABS_VALUE_ARRAY;
    batch->array.value.buffer = events;
    batch->array.value.length = n;
    batch->array.value.capacity = n;
    return n;
}

ABS_RT_API void abs_channel_drop_events(AbsValue *events, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (events[i].tag >= ABS_VALUE_STRING) abs_drop_in_place(&events[i], drop_value, 4);
}

ABS_RT_API uint32_t abs_channel_state(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    uint32_t s = (c->closed ? ST_CLOSED : 0) | (c->ever_sender ? ST_EVER_SENDER : 0) | (c->senders ? ST_LIVE_SENDERS : 0);
    pthread_mutex_unlock(&c->lock);
    return s;
}

ABS_RT_API uint64_t abs_channel_refused(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    uint64_t r = c->refused;
    pthread_mutex_unlock(&c->lock);
    return r;
}

ABS_RT_API void abs_channel_close(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    drop_queued(c);
    c->closed = 1;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->lock);
}

ABS_RT_API void abs_channel_release(abs_channel *c) { rt_node_release(&c->node); }

ABS_RT_API int64_t abs_channels_live(void) { return atomic_load(&live_channels); }

/* ==== src/native/async_host_future.c ==== */
#define release abs__async_host_future__release
/* async_host_future.c: futures the host hands to plugins (reference 6.5). The host's JS promise
 * settles on the main thread and stores its FfiPoll<T> bytes here; the plugin polls from any
 * thread. poll_fn only copies state under a short lock: Ready moves the stored value out; Pending
 * keeps a clone of the plugin's waker (the borrowed one in the context is only ever cloned, never
 * woken or dropped, as async-ffi requires) and wakes it, consuming it, when the result arrives.
 * drop_fn releases the plugin's reference and drops a result nobody took. Both sides hold a
 * reference; the block goes when both are gone.
 *
 * poll_fn must return FfiPoll<T> by value, whose register class depends on T: the host picks one
 * of four entry points by class (x86-64 System V only; elsewhere abs_host_future_new returns NULL). */
/* #include "async_internal.h": at the top */

#include <pthread.h>

enum { HF_PENDING = 0, HF_DONE = 1, HF_TAKEN = 2 };

struct abs_host_future {
    pthread_mutex_t lock;
    _Atomic uint32_t refs; /* the host's and the plugin's */
    uint32_t state;
    uint32_t dropped;
    uint32_t poll_size;
    const AbsFfiWakerBase *waker; /* an owned clone, or NULL */
    const abs_drop_op *poll_drop;
    size_t poll_drop_len;
    uint64_t id;
    unsigned char *result; /* poll_size bytes of FfiPoll<T> once DONE */
};

static _Atomic int64_t live_host_futures;

static void release(abs_host_future *f) {
    if (atomic_fetch_sub(&f->refs, 1) != 1) return;
    pthread_mutex_destroy(&f->lock);
    abs_dealloc(f->result, f->poll_size, 16);
    abs_dealloc(f, sizeof *f, _Alignof(abs_host_future));
    atomic_fetch_sub(&live_host_futures, 1);
}

/* Writes FfiPoll<T> bytes (poll_size of them) to `out`. */
static void poll_into(abs_host_future *f, AbsFfiContext *cx, unsigned char *out) {
    const AbsFfiWakerBase *old = NULL;
    pthread_mutex_lock(&f->lock);
    switch (f->state) {
    case HF_DONE:
        memcpy(out, f->result, f->poll_size); /* a Ready value moves to the caller */
        f->state = HF_TAKEN;
        break;
    case HF_PENDING:
        old = f->waker;
        f->waker = cx && cx->waker ? cx->waker->vtable->clone(cx->waker) : NULL;
        out[0] = ABS_POLL_PENDING;
        break;
    default:
        /* Polled again after Ready: a contract violation; Panicked makes the awaiting Rust code
         * panic with a message instead of reading a moved value twice. */
        out[0] = ABS_POLL_PANICKED;
        break;
    }
    pthread_mutex_unlock(&f->lock);
    if (old) old->vtable->drop(old);
}

typedef struct { uint64_t a, b; } ret_int16;
typedef struct { uint64_t a; double b; } ret_int_sse;

static uint64_t poll_int8(void *fut, AbsFfiContext *cx) {
    unsigned char out[8] = { 0 };
    poll_into(fut, cx, out);
    uint64_t r;
    memcpy(&r, out, 8);
    return r;
}

static ret_int16 poll_int16(void *fut, AbsFfiContext *cx) {
    unsigned char out[16] = { 0 };
    poll_into(fut, cx, out);
    ret_int16 r;
    memcpy(&r, out, 16);
    return r;
}

static ret_int_sse poll_int_sse(void *fut, AbsFfiContext *cx) {
    unsigned char out[16] = { 0 };
    poll_into(fut, cx, out);
    ret_int_sse r;
    memcpy(&r, out, 16);
    return r;
}

/* A result of class MEMORY: the caller passes where to write it first and gets it back in rax,
 * which is exactly this signature on x86-64 System V. */
static void *poll_memory(void *ret, void *fut, AbsFfiContext *cx) {
    poll_into(fut, cx, ret);
    return ret;
}

static void drop_future(void *fut) {
    abs_host_future *f = fut;
    pthread_mutex_lock(&f->lock);
    f->dropped = 1;
    const AbsFfiWakerBase *w = f->waker;
    f->waker = NULL;
    if (f->state == HF_DONE) {
        abs_drop_in_place(f->result, f->poll_drop, f->poll_drop_len);
        f->state = HF_TAKEN;
    }
    pthread_mutex_unlock(&f->lock);
    if (w) w->vtable->drop(w);
    release(f);
}

ABS_RT_API abs_host_future *abs_host_future_new(uint64_t id, uint32_t poll_size, uint32_t ret_class,
                                                const abs_drop_op *poll_drop, size_t poll_drop_len,
                                                AbsFfiFuture *out) {
#if !defined(__x86_64__) || defined(_WIN32)
    (void)id; (void)poll_size; (void)ret_class; (void)poll_drop; (void)poll_drop_len; (void)out;
    return NULL;
#else
    void (*poll)(void);
    switch (ret_class) {
    case ABS_POLL_RET_INT8: poll = (void (*)(void))poll_int8; break;
    case ABS_POLL_RET_INT16: poll = (void (*)(void))poll_int16; break;
    case ABS_POLL_RET_INT_SSE: poll = (void (*)(void))poll_int_sse; break;
    case ABS_POLL_RET_MEMORY: poll = (void (*)(void))poll_memory; break;
    default: return NULL;
    }
    if (poll_size == 0) return NULL;
    abs_host_future *f = abs_alloc(sizeof *f, _Alignof(abs_host_future));
    memset(f, 0, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
    atomic_init(&f->refs, 2);
    f->poll_size = poll_size;
    f->poll_drop = poll_drop;
    f->poll_drop_len = poll_drop_len;
    f->id = id;
    f->result = abs_alloc(poll_size, 16);
    atomic_fetch_add(&live_host_futures, 1);
    out->fut_ptr = f;
    out->poll_fn = poll;
    out->drop_fn = drop_future;
    return f;
#endif
}

ABS_RT_API void abs_host_future_complete(abs_host_future *f, const void *poll) {
    const AbsFfiWakerBase *w = NULL;
    pthread_mutex_lock(&f->lock);
    if (f->dropped || f->state != HF_PENDING) {
        /* Nobody will take it: the value is dropped here, once. */
        pthread_mutex_unlock(&f->lock);
        unsigned char *tmp = abs_alloc(f->poll_size, 16);
        memcpy(tmp, poll, f->poll_size);
        abs_drop_in_place(tmp, f->poll_drop, f->poll_drop_len);
        abs_dealloc(tmp, f->poll_size, 16);
    } else {
        memcpy(f->result, poll, f->poll_size);
        f->state = HF_DONE;
        w = f->waker;
        f->waker = NULL;
        pthread_mutex_unlock(&f->lock);
    }
    if (w) w->vtable->wake(w);
    release(f);
}

ABS_RT_API int abs_host_future_dropped(const abs_host_future *f) {
    abs_host_future *m = (abs_host_future *)(uintptr_t)f;
    pthread_mutex_lock(&m->lock);
    int d = (int)m->dropped;
    pthread_mutex_unlock(&m->lock);
    return d;
}

ABS_RT_API int64_t abs_host_futures_live(void) { return atomic_load(&live_host_futures); }
#undef release

/* ==== src/native/async_wake.c ==== */
#define queue_lock abs__async_wake__queue_lock
#define queue_head abs__async_wake__queue_head
#define queue_tail abs__async_wake__queue_tail
#define start_lock abs__async_wake__start_lock
#define wake_read abs__async_wake__wake_read
#define wake_write abs__async_wake__wake_write
#define set_flags abs__async_wake__set_flags
/* async_wake.c: the async wake-up queue. Anything a plugin thread can wake (a host task's waker, a
 * channel) embeds an rt_wake_node; waking links it once into this queue and, when the queue was
 * empty, writes one byte to a pipe the host's event loop watches. The host takes the woken ids in
 * batches on its main thread (src/async/wake-loop.ts). The same principle as the trait-call queue
 * (trait_queue.c), with its own pipe: this one works on every POSIX target, the trampolines do not. */
/* #include "async_internal.h": at the top */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static rt_wake_node *queue_head;
static rt_wake_node *queue_tail;
static _Atomic uint64_t queued_count;

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static int wake_read = -1;
static _Atomic int wake_write = -1;

static int set_flags(int fd) {
    int fl = fcntl(fd, F_GETFL);
    int fd_flags = fcntl(fd, F_GETFD);
    return fl < 0 || fd_flags < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ||
                   fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0
               ? -1
               : 0;
}

ABS_RT_API int abs_async_start(void) {
    pthread_mutex_lock(&start_lock);
    if (wake_read < 0) {
        /* Plugin threads hold wakers and senders whose functions live here, and may outlive Node's
         * teardown (which unloads the FFI layer's libraries): this code stays mapped until exit. */
        rt_pin_self();
        int fds[2];
        if (pipe(fds) == 0) {
            if (set_flags(fds[0]) == 0 && set_flags(fds[1]) == 0) {
                wake_read = fds[0];
                atomic_store(&wake_write, fds[1]);
            } else {
                close(fds[0]);
                close(fds[1]);
            }
        }
    }
    int fd = wake_read;
    pthread_mutex_unlock(&start_lock);
    return fd;
}

void rt_wake_push(rt_wake_node *n) {
    uint32_t expected = 0;
    if (!atomic_compare_exchange_strong(&n->queued, &expected, 1)) return;
    rt_node_retain(n); /* the queue's reference, released when taken */
    n->next = NULL;
    atomic_fetch_add(&queued_count, 1);
    pthread_mutex_lock(&queue_lock);
    int was_empty = queue_head == NULL;
    if (queue_tail) queue_tail->next = n;
    else queue_head = n;
    queue_tail = n;
    pthread_mutex_unlock(&queue_lock);
    /* One byte per batch; a full pipe (EAGAIN) already holds an unread wake-up. Before the host
     * started (no pipe) the entry simply waits in the queue. */
    if (was_empty) {
        int fd = atomic_load(&wake_write);
        if (fd >= 0) {
            ssize_t w;
            do w = write(fd, "w", 1);
            while (w < 0 && errno == EINTR);
        }
    }
}

ABS_RT_API size_t abs_async_take(uint64_t *ids, size_t cap) {
    size_t n = 0;
    while (n < cap) {
        rt_wake_node *batch[128];
        size_t k = 0;
        pthread_mutex_lock(&queue_lock);
        while (k < 128 && n + k < cap && queue_head) {
            rt_wake_node *e = queue_head;
            queue_head = e->next;
            if (!queue_head) queue_tail = NULL;
            batch[k++] = e;
        }
        pthread_mutex_unlock(&queue_lock);
        if (k == 0) break;
        atomic_fetch_sub(&queued_count, k);
        for (size_t i = 0; i < k; i++) {
            ids[n + i] = batch[i]->id;
            /* Re-armed before the host acts on the id: a wake from now on queues it again, and a
             * wake before now is covered by what the host does next. */
            atomic_store(&batch[i]->queued, 0);
            /* May free the node (a finished task's waker, a released channel). */
            rt_node_release(batch[i]);
        }
        n += k;
    }
    return n;
}

ABS_RT_API uint64_t abs_async_queued(void) { return atomic_load(&queued_count); }
#undef queue_lock
#undef queue_head
#undef queue_tail
#undef start_lock
#undef wake_read
#undef wake_write
#undef set_flags

/* ==== src/native/async_waker.c ==== */
/* async_waker.c: the host's waker for plugin futures (reference 6.3-6.4). One task per future the
 * host polls: a refcounted block holding the waker (whose first field is the vtable, as async-ffi
 * requires) and the FfiContext that points at it. Clones share the block (the count goes up), so a
 * plugin may keep, clone, wake and drop handles on any thread, concurrently, also after the task
 * finished: a wake then does nothing, and the block is freed when the last handle goes. Waking only
 * queues the task's id (async_wake.c); the host polls on its own thread later, so a wake_by_ref made
 * inside poll_fn never re-enters it. */
/* #include "async_internal.h": at the top */

struct abs_async_task {
    AbsFfiWakerBase base; /* first: a waker pointer is a task pointer */
    AbsFfiContext cx;     /* { &base }, handed to poll_fn */
    _Atomic uint32_t finished;
    rt_wake_node node;
};

static _Atomic int64_t live_wakers;

static abs_async_task *task_of(const AbsFfiWakerBase *w) { return (abs_async_task *)(uintptr_t)w; }

static void free_task(rt_wake_node *n) {
    abs_async_task *t = (abs_async_task *)((char *)n - offsetof(abs_async_task, node));
    abs_dealloc(t, sizeof *t, _Alignof(abs_async_task));
    atomic_fetch_sub(&live_wakers, 1);
}

static const AbsFfiWakerBase *waker_clone(const AbsFfiWakerBase *w) {
    rt_node_retain(&task_of(w)->node);
    return w;
}

static void waker_wake_by_ref(const AbsFfiWakerBase *w) {
    abs_async_task *t = task_of(w);
    if (!atomic_load(&t->finished)) rt_wake_push(&t->node);
}

static void waker_drop(const AbsFfiWakerBase *w) { rt_node_release(&task_of(w)->node); }

static void waker_wake(const AbsFfiWakerBase *w) {
    waker_wake_by_ref(w);
    waker_drop(w);
}

static const AbsFfiWakerVTable host_waker_vtable = { waker_clone, waker_wake, waker_wake_by_ref, waker_drop };

ABS_RT_API abs_async_task *abs_async_task_new(uint64_t id) {
    abs_async_task *t = abs_alloc(sizeof *t, _Alignof(abs_async_task));
    t->base.vtable = &host_waker_vtable;
    t->cx.waker = &t->base;
    atomic_init(&t->finished, 0);
    t->node.next = NULL;
    atomic_init(&t->node.queued, 0);
    atomic_init(&t->node.refs, 1); /* the host's */
    t->node.id = id;
    t->node.free_node = free_task;
    atomic_fetch_add(&live_wakers, 1);
    return t;
}

ABS_RT_API AbsFfiContext *abs_async_task_context(abs_async_task *t) { return &t->cx; }

ABS_RT_API void abs_async_task_finish(abs_async_task *t) {
    atomic_store(&t->finished, 1);
    rt_node_release(&t->node);
}

ABS_RT_API void abs_async_future_drop(AbsFfiFuture *f) { f->drop_fn(f->fut_ptr); }

ABS_RT_API void abs_async_call_drop(void *fut_ptr, void *drop_fn) {
    void (*drop)(void *);
    memcpy(&drop, &drop_fn, sizeof drop);
    drop(fut_ptr);
}

/* The four ways poll_fn returns FfiPoll<T> on x86-64 System V (ABS_POLL_RET_*). */
typedef struct { uint64_t a, b; } poll_ret_int16;
typedef struct { uint64_t a; double b; } poll_ret_int_sse;

ABS_RT_API uint32_t abs_async_task_poll(abs_async_task *t, void *fut_ptr, void *poll_fn, uint32_t ret_class, void *out) {
#if !defined(__x86_64__) || defined(_WIN32)
    (void)t; (void)fut_ptr; (void)poll_fn; (void)ret_class;
    memset(out, ABS_POLL_PANICKED, 1);
    return ABS_POLL_PANICKED;
#else
    AbsFfiContext *cx = &t->cx;
    switch (ret_class) {
    case ABS_POLL_RET_INT8: {
        uint64_t (*f)(void *, AbsFfiContext *);
        memcpy(&f, &poll_fn, sizeof f);
        uint64_t r = f(fut_ptr, cx);
        memcpy(out, &r, 8);
        break;
    }
    case ABS_POLL_RET_INT16: {
        poll_ret_int16 (*f)(void *, AbsFfiContext *);
        memcpy(&f, &poll_fn, sizeof f);
        poll_ret_int16 r = f(fut_ptr, cx);
        memcpy(out, &r, 16);
        break;
    }
    case ABS_POLL_RET_INT_SSE: {
        poll_ret_int_sse (*f)(void *, AbsFfiContext *);
        memcpy(&f, &poll_fn, sizeof f);
        poll_ret_int_sse r = f(fut_ptr, cx);
        memcpy(out, &r, 16);
        break;
    }
    default: {
        /* Larger than 16 bytes: written through the hidden result pointer (first argument). */
        void *(*f)(void *, void *, AbsFfiContext *);
        memcpy(&f, &poll_fn, sizeof f);
        f(out, fut_ptr, cx);
        break;
    }
    }
    return *(const uint8_t *)out;
#endif
}

ABS_RT_API void abs_async_task_end(abs_async_task *t, void *fut_ptr, void *drop_fn) {
    abs_async_call_drop(fut_ptr, drop_fn);
    abs_async_task_finish(t);
}

ABS_RT_API abs_async_task *abs_async_task_start(uint64_t id, void *fut_ptr, void *poll_fn, void *drop_fn, uint32_t ret_class,
                                                void *out) {
    abs_async_task *t = abs_async_task_new(id);
    if (abs_async_task_poll(t, fut_ptr, poll_fn, ret_class, out) == ABS_POLL_PENDING) return t;
    abs_async_task_end(t, fut_ptr, drop_fn);
    return NULL;
}

static void inert_drop(void *fut_ptr) { (void)fut_ptr; }
ABS_RT_API void *abs_async_inert_drop(void) { return (void *)(uintptr_t)inert_drop; }

ABS_RT_API int64_t abs_async_live_wakers(void) { return atomic_load(&live_wakers); }

/* ==== src/native/box.c ==== */
/* box.c: host RBoxes. The box destructor receives only the data pointer, so each allocation
 * carries its type in a word just before the data: one vtable then serves every T. */
/* #include "rt_internal.h": at the top */

/* Bytes before the data: a multiple of the data's alignment with room for the type pointer. */
static size_t prefix_for(size_t align) {
    return rt_round_up(sizeof(const abs_type *), rt_max(align, _Alignof(const abs_type *)));
}

static const abs_type *type_of(const void *data) {
    const abs_type *t;
    memcpy(&t, (const unsigned char *)data - sizeof t, sizeof t);
    return t;
}

static AbsUTypeId box_type_id(void) { return rt_type_id_rbox(); }

static void box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    const abs_type *t = type_of(data);
    if (call_drop == ABS_CALL_REFERENT_DROP_YES && t->drop_len) abs_drop_in_place(data, t->drop, t->drop_len);
    if (dealloc == ABS_DEALLOCATE_YES) {
        size_t pre = prefix_for(t->align);
        abs_dealloc((unsigned char *)data - pre, pre + t->size, rt_max(t->align, _Alignof(const abs_type *)));
    }
}

static const AbsBoxVtable_WM box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { box_type_id, box_destructor },
};

ABS_RT_API const void *abs_box_vtable(const abs_type *t) {
    (void)t; /* the type travels in the allocation, see above */
    return &box_vtable;
}

ABS_RT_API void abs_box_init(AbsRBox *out, const abs_type *t) {
    size_t pre = prefix_for(t->align);
    unsigned char *base = abs_alloc(pre + t->size, rt_max(t->align, _Alignof(const abs_type *)));
    unsigned char *data = base + pre;
    memcpy(data - sizeof t, &t, sizeof t);
    out->data = data;
    out->vtable = &box_vtable;
}

/* ==== src/native/cache.c ==== */
/* cache.c: a grow-only map from (pointer, pointer) to a permanent value, for vtables built once
 * per element type. Readers walk an immutable list without locking; writers serialise. */
/* #include "rt_internal.h": at the top */

#include <pthread.h>

struct rt_cache_node {
    const void *k1, *k2;
    void *value;
    rt_cache_node *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void *find(rt_cache *c, const void *k1, const void *k2) {
    for (rt_cache_node *n = atomic_load_explicit(&c->head, memory_order_acquire); n; n = n->next)
        if (n->k1 == k1 && n->k2 == k2) return n->value;
    return NULL;
}

void *rt_cache_get(rt_cache *c, const void *k1, const void *k2,
                   void *(*make)(const void *k1, const void *k2)) {
    void *v = find(c, k1, k2);
    if (v) return v;
    pthread_mutex_lock(&cache_lock);
    v = find(c, k1, k2); /* another thread may have made it meanwhile */
    if (!v) {
        v = make(k1, k2);
        if (v) {
            rt_cache_node *n = rt_alloc_forever(sizeof *n, _Alignof(rt_cache_node));
            n->k1 = k1;
            n->k2 = k2;
            n->value = v;
            n->next = atomic_load_explicit(&c->head, memory_order_relaxed);
            atomic_store_explicit(&c->head, n, memory_order_release);
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return v;
}

/* ==== src/native/call_engine.c ==== */
/* call_engine.c: one native crossing per bound call (x86-64 System V).
 *
 * The host describes a function once, at bind time (abs_call_plan_new); each call then hands
 * over a frame of native memory holding the arguments' bytes (and room for the UTF-8 of the
 * strings it lends), and abs_call_run writes the lent strings, builds the owned arguments
 * (host-made RString and RVec, this runtime's vtables; those inside encoded arguments, such as
 * an ROption<RString> or an RVec<RString>, through the frame's fixups), places every argument
 * where the calling convention wants it, calls the plugin, and leaves the result: its bytes in
 * the frame; for a vector of plain elements its contents copied out and the plugin's value
 * dropped through its own vtable, once; for an RString its header, which the entry point makes a
 * JS string of and drops.
 * What the engine cannot copy (too large, or a header that fails the checks JS makes) is left as
 * the header's bytes for the host's ordinary read and drop. The host calls it through the runtime
 * library's Node-API entry point (call_napi.c). */
/* #include "abi_x64.h": at the top */
/* #include "call_engine.h": at the top */

enum {
    ARG_BYTES = 0, /* the argument's bytes are in the frame as they are passed */
    ARG_OWNED = 1  /* a {ptr, len} slice in the frame becomes a host-made RVec/RString of its elements */
};

/* Plan words from the host: [nargs, ret kind, ret size, ret float units, function address, ret
 * element size, number of built element types, then per argument 6 words: kind, lent (the index
 * of the value it lends, or ~0; | LENT_TEXT for a string), offset, size, float units, element type
 * (abs_type *, ARG_OWNED); then the built element types (abs_type *) the call's fixups name]. */
#define PLAN_HEAD 7
#define PLAN_ARG 6
#define MAX_ARGS 32
/* Element types of the vectors (and strings) a plan's encoded arguments hold, at most. */
#define MAX_BUILT 16
/* A lent string: its slot holds the offset in the region where its UTF-8 goes and the room there
 * (3 bytes per UTF-16 unit, and a NUL); the engine writes the bytes and makes the slot {ptr, len}. */
#define LENT_TEXT 0x100u
#define LENT_INDEX 0xffu

typedef struct {
    uint32_t kind, lent;
    size_t offset;
    rt_abi abi;
    const abs_type *elem;
    const void *vtable;
} call_arg;

/* One eightbyte of an argument going where the calling convention wants it, worked out once
 * per plan: `bytes` bytes from `src` (an offset in the frame's arguments) into word `dst` of an
 * rt_x64_args (general registers, then XMM registers, then stack words), zero-extended. */
typedef struct {
    uint16_t src;
    uint8_t dst, bytes;
} call_move;

/* How the plugin is called: through a prototype passing only the six general registers, one
 * adding SHORT_STACK stack words, or the full one (8 XMM registers and 32 stack words). */
enum { CALL_REGS, CALL_SHORT, CALL_FULL };

typedef struct {
    unsigned nargs;
    uint32_t ret_kind;
    AbsFn fn;
    rt_abi ret;
    int ret_carrier;
    unsigned shape;     /* CALL_REGS, CALL_SHORT or CALL_FULL */
    unsigned nmoves;
    unsigned has_text;  /* an argument lends a string */
    unsigned has_prep;  /* an argument lends a typed array or is built (ARG_OWNED) */
    size_t ret_elem;
    unsigned nbuilt;
    const abs_type *built[MAX_BUILT];
    const void *built_vtable[MAX_BUILT];
    const call_move *moves;
    call_arg args[];
} call_plan;

static rt_abi abi_of(uint64_t size, uint64_t float_units) {
    rt_units u = { (size_t)size, 8, (uint32_t)float_units };
    return rt_classify(u);
}

#if RT_X64_SYSV
/* Stack words the short prototype passes (besides the six general registers). */
#define SHORT_STACK 8
/* Words of an rt_x64_args: 6 general registers, 8 XMM registers, the stack words. */
#define WORD_XMM 6
#define WORD_STACK 14
#define MAX_MOVES (WORD_STACK + RT_X64_STACK_SLOTS)
_Static_assert(offsetof(rt_x64_args, xmm) == 8 * WORD_XMM && offsetof(rt_x64_args, stack) == 8 * WORD_STACK, "rt_x64_args: registers then stack, 8-byte words");
/* Frames whose arguments span more than this are not planned (theirs is at most ~512 bytes). */
#define MAX_SPAN 1024

/* The System V placement of the plan's arguments (as rt_x64_put makes it: an argument in
 * registers when all its eightbytes fit, else on the stack, never split) as eightbyte moves;
 * the count, or -1 when it cannot be planned. */
static int place_moves(const call_plan *p, call_move *m, unsigned *xmm_used, unsigned *stack_words) {
    unsigned g = p->ret_carrier == RT_RET_MEM ? 1 : 0, x = 0, n = 0;
    size_t st = 0;
    for (unsigned i = 0; i < p->nargs; i++) {
        const rt_abi *t = &p->args[i].abi;
        size_t off = p->args[i].offset;
        if (t->kind == RT_ABI_NONE) continue;
        if (off + rt_round_up(t->size, 8) > MAX_SPAN) return -1;
        if (t->kind == RT_ABI_REG) {
            unsigned need_g = 0, need_x = 0;
            for (unsigned e = 0; e < t->n; e++) t->sse[e] ? need_x++ : need_g++;
            if (g + need_g <= 6 && x + need_x <= 8) {
                for (unsigned e = 0; e < t->n; e++) {
                    size_t left = t->size - 8 * e;
                    call_move mv = { (uint16_t)(off + 8 * e), (uint8_t)(t->sse[e] ? WORD_XMM + x++ : g++), (uint8_t)(left < 8 ? left : 8) };
                    m[n++] = mv;
                }
                continue;
            }
        }
        size_t words = rt_round_up(t->size, 8) / 8;
        if (st + words > RT_X64_STACK_SLOTS) return -1;
        for (size_t w = 0; w < words; w++) {
            size_t left = t->size - 8 * w;
            call_move mv = { (uint16_t)(off + 8 * w), (uint8_t)(WORD_STACK + st + w), (uint8_t)(left < 8 ? left : 8) };
            m[n++] = mv;
        }
        st += words;
    }
    *xmm_used = x;
    *stack_words = (unsigned)st;
    return (int)n;
}

/* Makes the moves from `frame` into `a` (whose words the call passes are zeroed). */
static inline void apply_moves(const call_move *m, unsigned n, const unsigned char *frame, rt_x64_args *a) {
    unsigned char *words = (unsigned char *)a;
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = 0;
        if (m[i].bytes == 8) memcpy(&v, frame + m[i].src, 8);
        else memcpy(&v, frame + m[i].src, m[i].bytes);
        memcpy(words + 8 * (size_t)m[i].dst, &v, 8);
    }
}

/* Whether the moves put a frame's bytes where rt_x64_put puts them (a frame of distinct bytes). */
static int moves_agree(const call_plan *p, const call_move *m, unsigned n) {
    unsigned char frame[MAX_SPAN];
    for (size_t i = 0; i < sizeof frame; i++) frame[i] = (unsigned char)(i * 131 + 7 + (i >> 8));
    rt_x64_args want, got;
    rt_x64_begin(&want, p->ret_carrier == RT_RET_MEM ? 1 : 0);
    for (unsigned i = 0; i < p->nargs; i++) rt_x64_put(&want, &p->args[i].abi, frame + p->args[i].offset);
    memset(&got, 0, sizeof got);
    apply_moves(m, n, frame, &got);
    return memcmp(want.gpr, got.gpr, sizeof want.gpr) == 0 && memcmp(want.xmm, got.xmm, sizeof want.xmm) == 0 && memcmp(want.stack, got.stack, sizeof want.stack) == 0;
}
#endif

/* Plans are named by their index here (small integers, kept in the entry point's functions). */
#define MAX_PLANS 65536
static const void *_Atomic plans[MAX_PLANS];
static atomic_uint plan_count;

/* The index of a plan for calls of one function, kept for the life of the process (bound
 * functions are never unbound); -1 where the engine cannot run it (the host calls through koffi). */
ABS_RT_API int32_t abs_call_plan_new(const uint64_t *words) {
#if RT_X64_SYSV
    unsigned nargs = (unsigned)words[0];
    unsigned nbuilt = (unsigned)words[6];
    if (nargs > MAX_ARGS || nbuilt > MAX_BUILT) return -1;
    for (unsigned i = 0; i < nargs; i++) {
        uint64_t lent = words[PLAN_HEAD + PLAN_ARG * i + 1];
        if (lent != UINT32_MAX && ((lent & ~(uint64_t)(LENT_INDEX | LENT_TEXT)) || (lent & LENT_INDEX) >= ABS_CALL_LENT)) return -1;
    }
    unsigned index = atomic_fetch_add(&plan_count, 1);
    if (index >= MAX_PLANS) return -1;
    call_plan *p = rt_alloc_forever(sizeof(call_plan) + nargs * sizeof(call_arg), 8);
    p->nargs = nargs;
    p->ret_kind = (uint32_t)words[1];
    p->ret = abi_of(words[2], words[3]);
    p->ret_carrier = rt_ret_kind(&p->ret);
    p->fn = (AbsFn)(uintptr_t)words[4];
    p->ret_elem = (size_t)words[5];
    p->nbuilt = nbuilt;
    for (unsigned i = 0; i < nbuilt; i++) {
        p->built[i] = (const abs_type *)(uintptr_t)words[PLAN_HEAD + PLAN_ARG * nargs + i];
        p->built_vtable[i] = abs_vec_vtable(p->built[i]);
    }
    size_t total = 0;
    for (unsigned i = 0; i < nargs; i++) {
        const uint64_t *w = words + PLAN_HEAD + PLAN_ARG * i;
        call_arg *a = &p->args[i];
        a->kind = (uint32_t)w[0];
        a->lent = (uint32_t)w[1];
        a->offset = (size_t)w[2];
        a->abi = a->kind == ARG_OWNED ? abi_of(32, 0) : abi_of(w[3], w[4]);
        a->elem = (const abs_type *)(uintptr_t)w[5];
        a->vtable = a->kind == ARG_OWNED ? abs_vec_vtable(a->elem) : NULL;
        total += rt_round_up(a->abi.size, 8);
    }
    if (total > RT_MAX_BYVALUE) return -1; /* even all of them on the stack must fit the dump */
    p->has_text = p->has_prep = 0;
    for (unsigned i = 0; i < nargs; i++) {
        const call_arg *a = &p->args[i];
        int text = a->lent != UINT32_MAX && (a->lent & LENT_TEXT);
        if (text) p->has_text = 1;
        if ((a->lent != UINT32_MAX && !text) || a->kind == ARG_OWNED) p->has_prep = 1;
    }
    /* Where the arguments land, once: a list of eightbyte moves, and the shortest prototype that
     * passes them (the full one passes 8 XMM registers and 32 stack words). */
    call_move moves[MAX_MOVES];
    unsigned xmm_used, stack_words;
    int nmoves = place_moves(p, moves, &xmm_used, &stack_words);
    if (nmoves < 0 || !moves_agree(p, moves, (unsigned)nmoves)) return -1;
    call_move *kept = rt_alloc_forever(sizeof(call_move) * (nmoves ? (size_t)nmoves : 1), 8);
    memcpy(kept, moves, sizeof(call_move) * (size_t)nmoves);
    p->moves = kept;
    p->nmoves = (unsigned)nmoves;
    int int_ret = p->ret_carrier == RT_RET_MEM || p->ret_carrier == RT_RET_II;
    p->shape = !int_ret || xmm_used > 0 || stack_words > SHORT_STACK ? CALL_FULL : stack_words > 0 ? CALL_SHORT : CALL_REGS;
    atomic_store(&plans[index], p);
    return (int32_t)index;
#else
    (void)words;
    return -1;
#endif
}

#if RT_X64_SYSV
typedef void *(*mem_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
#define CALL_FN(k)                                                                              \
    typedef rt_ret_##k (*call_##k##_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,       \
                                        uint64_t, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
CALL_FN(ii)
CALL_FN(is)
CALL_FN(si)
CALL_FN(ss)
#define ALL_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], RT_X64_XMM_OF(a), RT_X64_STACK_OF(a)

/* The short prototypes: general registers and up to SHORT_STACK stack words, integer returns;
 * the register-only ones: the six general registers. */
#define G6 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define S8 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
typedef rt_ret_ii (*short_ii_fn)(G6, S8);
typedef void *(*short_mem_fn)(G6, S8);
typedef rt_ret_ii (*regs_ii_fn)(G6);
typedef void *(*regs_mem_fn)(G6);
#define REGS_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5]
#define SHORT_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], \
    (a)->stack[0], (a)->stack[1], (a)->stack[2], (a)->stack[3], (a)->stack[4], (a)->stack[5], (a)->stack[6], (a)->stack[7]

/* Builds a host-made vector of the slice's elements (of type `elem`, vector vtable `vtable`) in
 * place of the slice (its slot holds 32 bytes). */
static void build_vec(const abs_type *elem, const void *vtable, unsigned char *slot) {
    const unsigned char *src;
    size_t len;
    memcpy(&src, slot, 8);
    memcpy(&len, slot + 8, 8);
    size_t es = elem->size, align = elem->align ? elem->align : 1;
    AbsRVec v;
    v.length = len;
    v.vtable = vtable;
    if (len == 0 || es == 0) {
        v.buffer = rt_dangling(align);
        v.capacity = es == 0 ? SIZE_MAX : 0;
    } else {
        v.buffer = abs_alloc(len * es, align);
        memcpy(v.buffer, src, len * es);
        v.capacity = len;
    }
    memcpy(slot, &v, sizeof v);
}

/* Contents this large are first checked against the process's mappings by the host. */
#define MAPPED_CHECK_BYTES ((size_t)1 << 20)

/* Whether the vector's header passes the checks the host makes before reading one
 * (native-bytes.ts checkBuffer), with contents small enough for `room` and for reading without
 * a look at the mappings; else the host reads it its own way. */
static int copyable(const AbsRVec *v, size_t elem, size_t room) {
    if (v->length > v->capacity) return 0;
    if (v->length == 0) return 1;
    uintptr_t b = (uintptr_t)v->buffer;
    if (b < 4096 || (uint64_t)b >= (1ull << 57)) return 0;
    size_t most = (room < MAPPED_CHECK_BYTES ? room : MAPPED_CHECK_BYTES - 1) / (elem ? elem : 1);
    return v->length <= most;
}
#endif

int abs_call_plan_valid(uint32_t plan) {
    return plan < MAX_PLANS && plans[plan] != NULL;
}

uint32_t abs_call_plan_ret_kind(uint32_t plan) {
#if RT_X64_SYSV
    return ((const call_plan *)plans[plan])->ret_kind;
#else
    (void)plan;
    return ABS_RET_NONE;
#endif
}

/* The frame at `at` of `region`: its first four words are where the result goes (an offset in the
 * region), how many bytes there are for a copied result, and where the call's fixups are (an
 * offset in the region) and how many; the arguments follow. A fixup (two 32-bit words: the offset
 * in the region of a 32-byte slot holding a {ptr, len} slice, and an index in the plan's built
 * element types) turns that slice into a host-made vector of its elements (an RString: of its
 * bytes); fixups come inner first (a vector's strings before the vector), so an encoded argument
 * of any depth is built in one pass. call_engine.h says what abs_call_run returns. */
int64_t abs_call_run(unsigned char *region, uint32_t plan, uint32_t at, const void *const ptrs[ABS_CALL_LENT], abs_call_text_fn text, void *ctx, AbsRVec *text_out) {
#if RT_X64_SYSV
    const call_plan *p = plans[plan];
    unsigned char *frame = region + at;
    uint64_t head[4];
    memcpy(head, frame, sizeof head);
    unsigned char *out = region + head[0];
    size_t room = (size_t)head[1];
    frame += sizeof head;
    /* Lent strings first: one that cannot be read refuses the call before anything is built. */
    if (p->has_text) {
        for (unsigned i = 0; i < p->nargs; i++) {
            const call_arg *c = &p->args[i];
            if (c->lent == UINT32_MAX || !(c->lent & LENT_TEXT)) continue;
            unsigned char *slot = frame + c->offset;
            uint64_t w[2];
            memcpy(w, slot, sizeof w);
            unsigned char *dst = region + w[0];
            size_t len = 0;
            int got = text(ctx, c->lent & LENT_INDEX, dst, (size_t)w[1], &len);
            if (got < 0) return ABS_CALL_REFUSED;
            if (got == 0) continue;
            w[0] = (uint64_t)(uintptr_t)(len ? dst : rt_dangling(1));
            w[1] = len;
            memcpy(slot, w, sizeof w);
        }
    }
    /* Lent typed arrays' memory into their slots; host-made vectors built. */
    if (p->has_prep) {
        for (unsigned i = 0; i < p->nargs; i++) {
            const call_arg *c = &p->args[i];
            unsigned char *slot = frame + c->offset;
            if (c->lent != UINT32_MAX && !(c->lent & LENT_TEXT) && ptrs[c->lent & LENT_INDEX]) memcpy(slot, &ptrs[c->lent & LENT_INDEX], 8);
            if (c->kind == ARG_OWNED) build_vec(c->elem, c->vtable, slot);
        }
    }
    /* Encoded arguments' vectors and strings built, inner first. */
    if (head[3]) {
        const unsigned char *fix = region + head[2];
        for (uint64_t i = 0; i < head[3]; i++) {
            uint32_t f[2];
            memcpy(f, fix + 8 * i, sizeof f);
            if (f[1] >= p->nbuilt) continue; /* the host names only the plan's types */
            build_vec(p->built[f[1]], p->built_vtable[f[1]], region + f[0]);
        }
    }
    AbsFn fn = p->fn;
    rt_x64_args a;
    memset(a.gpr, 0, sizeof a.gpr);
    if (p->shape == CALL_SHORT) memset(a.stack, 0, SHORT_STACK * 8);
    else if (p->shape == CALL_FULL) {
        memset(a.xmm, 0, sizeof a.xmm);
        memset(a.stack, 0, sizeof a.stack);
    }
    apply_moves(p->moves, p->nmoves, frame, &a);
    /* The carriers' halves are the result's eightbytes in memory order. */
    if (p->ret_carrier == RT_RET_MEM) {
        a.gpr[0] = (uint64_t)(uintptr_t)out;
        switch (p->shape) {
        case CALL_REGS: ((regs_mem_fn)fn)(REGS_ARGS(&a)); break;
        case CALL_SHORT: ((short_mem_fn)fn)(SHORT_ARGS(&a)); break;
        default: ((mem_fn)fn)(ALL_ARGS(&a)); break;
        }
    } else if (p->shape != CALL_FULL) {
        rt_ret_ii v = p->shape == CALL_REGS ? ((regs_ii_fn)fn)(REGS_ARGS(&a)) : ((short_ii_fn)fn)(SHORT_ARGS(&a));
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, &v, p->ret.size);
    } else {
        _Alignas(16) unsigned char r[16];
        switch (p->ret_carrier) {
        case RT_RET_IS: rt_ret_from_is(((call_is_fn)fn)(ALL_ARGS(&a)), r); break;
        case RT_RET_SI: rt_ret_from_si(((call_si_fn)fn)(ALL_ARGS(&a)), r); break;
        case RT_RET_SS: rt_ret_from_ss(((call_ss_fn)fn)(ALL_ARGS(&a)), r); break;
        default: rt_ret_from_ii(((call_ii_fn)fn)(ALL_ARGS(&a)), r); break;
        }
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, r, p->ret.size);
    }
    if (p->ret_kind != ABS_RET_VEC && p->ret_kind != ABS_RET_TEXT) return 0;
    AbsRVec v;
    memcpy(&v, out, sizeof v);
    if (p->ret_kind == ABS_RET_TEXT) {
        /* The entry point reads the bytes where they are: no room in the frame needed. */
        if (!copyable(&v, 1, SIZE_MAX)) return ABS_CALL_LEFT;
        *text_out = v;
        return (int64_t)v.length;
    }
    if (!copyable(&v, p->ret_elem, room)) return ABS_CALL_LEFT;
    size_t bytes = v.length * p->ret_elem;
    if (bytes) memcpy(out + 32, v.buffer, bytes);
    v.vtable->value.destructor(&v);
    return (int64_t)v.length;
#else
    (void)region; (void)plan; (void)at; (void)ptrs; (void)text; (void)ctx; (void)text_out;
    return ABS_CALL_REFUSED;
#endif
}
#undef PLAN_HEAD
#undef PLAN_ARG
#undef MAX_ARGS
#undef MAX_BUILT
#undef LENT_TEXT
#undef LENT_INDEX
#undef SHORT_STACK
#undef WORD_XMM
#undef WORD_STACK
#undef MAX_MOVES
#undef MAX_SPAN
#undef MAX_PLANS
#undef CALL_FN
#undef ALL_ARGS
#undef G6
#undef S8
#undef REGS_ARGS
#undef SHORT_ARGS
#undef MAPPED_CHECK_BYTES

/* ==== src/native/callback_pool.c ==== */
/* callback_pool.c: the slots of the callback trampolines (abs_callback.h): binding, release, and
 * what a call of an expired slot gets. Each family keeps its free slots in a FIFO ring, so the slot
 * released longest ago is reused first and an expired pointer stays expired as long as possible. */
/* #include "callback_internal.h": at the top */

#include <pthread.h>
#include <stdio.h>

typedef struct rt_callback_slot {
    rt_host_object object; /* what rt_trait_dispatch reads: the signature record and the JS id */
    _Atomic int live;
    int ever_bound;
} rt_callback_slot;

static rt_callback_slot slots[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
/* Per family: the FIFO of free slots (indexes), filled in order on first use. */
static uint32_t free_ring[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];
static uint32_t free_head[ABS_CALLBACK_FAMILIES], free_count[ABS_CALLBACK_FAMILIES];
static int initialised;
static _Atomic uint64_t expired_calls;
static _Atomic uint32_t live_count;

static void init_locked(void) {
    if (initialised) return;
    for (uint32_t f = 0; f < ABS_CALLBACK_FAMILIES; f++) {
        for (uint32_t k = 0; k < ABS_CALLBACK_SLOTS; k++) free_ring[f][k] = k;
        free_head[f] = 0;
        free_count[f] = ABS_CALLBACK_SLOTS;
    }
    initialised = 1;
}

ABS_RT_API AbsFn abs_callback_acquire(const void *vtable, uint64_t id) {
    const rt_host_trait *t =
        (const rt_host_trait *)((const unsigned char *)vtable - offsetof(rt_host_trait, wm));
    if (!vtable || t->count < 1) return NULL;
    uint32_t family = t->methods[0].ret_class;
    if (family >= ABS_CALLBACK_FAMILIES) return NULL;
    pthread_mutex_lock(&pool_lock);
    init_locked();
    if (free_count[family] == 0) {
        pthread_mutex_unlock(&pool_lock);
        return NULL;
    }
    uint32_t k = free_ring[family][free_head[family]];
    free_head[family] = (free_head[family] + 1) % ABS_CALLBACK_SLOTS;
    free_count[family]--;
    rt_callback_slot *s = &slots[family][k];
    s->object.trait = t;
    s->object.id = id;
    s->ever_bound = 1;
    atomic_store(&s->live, 1);
    atomic_fetch_add(&live_count, 1);
    pthread_mutex_unlock(&pool_lock);
    return rt_callback_table[family][k];
}

ABS_RT_API int abs_callback_release(AbsFn fn) {
    for (uint32_t f = 0; f < ABS_CALLBACK_FAMILIES; f++) {
        for (uint32_t k = 0; k < ABS_CALLBACK_SLOTS; k++) {
            if (rt_callback_table[f][k] != fn) continue;
            rt_callback_slot *s = &slots[f][k];
            pthread_mutex_lock(&pool_lock);
            int was_live = atomic_exchange(&s->live, 0);
            if (was_live) {
                free_ring[f][(free_head[f] + free_count[f]) % ABS_CALLBACK_SLOTS] = k;
                free_count[f]++;
                atomic_fetch_sub(&live_count, 1);
            }
            pthread_mutex_unlock(&pool_lock);
            if (!was_live) return -1;
            rt_trait_release(s->object.trait, s->object.id);
            return 0;
        }
    }
    return -1;
}

static const char expired_why[] =
    " was called after its lifetime ended (a callback made for one call, kept by the plugin); make it "
    "with callback(fn, signature, { keepAlive: true }) and close() it when the plugin is done with it";

void rt_callback_dispatch(uint32_t family, uint32_t slot, const uint64_t *words, const uint64_t *floats,
                          void *ret) {
    rt_callback_slot *s = &slots[family][slot];
    if (atomic_load(&s->live)) {
        rt_trait_dispatch(&s->object, 0, words, floats, ret);
        return;
    }
    atomic_fetch_add(&expired_calls, 1);
    const rt_host_trait *t = s->ever_bound ? s->object.trait : NULL;
    if (t) {
        const abs_trait_method *m = &t->methods[0];
        if (m->ret_class == ABS_TRAIT_RET_MEMORY) memset(ret, 0, m->ret_size);
        rt_trait_error_value(t, m, expired_why, ret);
    }
    fprintf(stderr,
            "abi-stable: callback %s (slot %u) was called after its lifetime ended: it was made for the "
            "duration of one call and the plugin kept it; the plugin gets the %s. Make it with "
            "callback(fn, signature, { keepAlive: true }) and close() it when the plugin is done.\n",
            t ? (const char *)t->mono.name : "?", (unsigned)slot,
            t && t->methods[0].ret_size ? "signature's error value" : "call dropped");
    fflush(stderr);
}

ABS_RT_API uint64_t abs_callback_expired_calls(void) { return atomic_load(&expired_calls); }
ABS_RT_API uint32_t abs_callback_live(void) { return atomic_load(&live_count); }

/* ==== src/native/callback_tramp.c ==== */
/* callback_tramp.c: plain `extern "C" fn` pointers whose calls run JS functions. A fixed pool of
 * trampolines per return family (as trait_tramp.c has per method): each knows its family and slot
 * at compile time and reads the arguments the same way, all six integer registers being arguments
 * here (no `self`). A slot is bound to a one-method host trait record (the signature's plan) and a
 * JS id; its calls then go through rt_trait_dispatch exactly like a host object's method: at once on
 * the main thread, queued (returning nothing) or refused from other threads.
 *
 * A released slot is expired: calling it prints a report on stderr, counts it and gives the
 * signature's error value (zeros, the fallback or RErr), without reaching JS. Released slots are
 * reused oldest-released first, so an expired pointer stays expired for as long as possible; a
 * plain function pointer carries no context, so one kept past the reuse of its slot reaches the
 * slot's new callback (docs/trait-objects.md, Callbacks). */
/* #include "callback_internal.h": at the top */

#include <pthread.h>
#include <stdio.h>

#define W8(p, i) uint64_t p##i##0, uint64_t p##i##1, uint64_t p##i##2, uint64_t p##i##3, \
                 uint64_t p##i##4, uint64_t p##i##5, uint64_t p##i##6, uint64_t p##i##7
#define V8(p, i) p##i##0, p##i##1, p##i##2, p##i##3, p##i##4, p##i##5, p##i##6, p##i##7
/* 6 register words + 31 stack words = ABS_TRAIT_MAX_WORDS. */
#define CB_PARAMS                                                                               \
    uint64_t r0, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, W8(s, 0),    \
        W8(s, 1), W8(s, 2), uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4,    \
        uint64_t t5, uint64_t t6, double f0, double f1, double f2, double f3, double f4,       \
        double f5, double f6, double f7
#define CB_CAPTURE                                                                              \
    const uint64_t words[ABS_TRAIT_MAX_WORDS] = { r0, r1, r2, r3, r4, r5, V8(s, 0), V8(s, 1),  \
                                                  V8(s, 2), t0, t1, t2, t3, t4, t5, t6 };       \
    const double fregs[ABS_TRAIT_MAX_FLOATS] = { f0, f1, f2, f3, f4, f5, f6, f7 };              \
    uint64_t floats[ABS_TRAIT_MAX_FLOATS];                                                      \
    memcpy(floats, fregs, sizeof floats)

_Static_assert(ABS_TRAIT_MAX_WORDS == 37, "CB_PARAMS shape");
_Static_assert(ABS_CALLBACK_SLOTS == 64, "the pool below is generated for 64 slots");

#define REP64(M, X)                                                                             \
    M(0, X) M(1, X) M(2, X) M(3, X) M(4, X) M(5, X) M(6, X) M(7, X) M(8, X) M(9, X) M(10, X)     \
    M(11, X) M(12, X) M(13, X) M(14, X) M(15, X) M(16, X) M(17, X) M(18, X) M(19, X) M(20, X)   \
    M(21, X) M(22, X) M(23, X) M(24, X) M(25, X) M(26, X) M(27, X) M(28, X) M(29, X) M(30, X)   \
    M(31, X) M(32, X) M(33, X) M(34, X) M(35, X) M(36, X) M(37, X) M(38, X) M(39, X) M(40, X)   \
    M(41, X) M(42, X) M(43, X) M(44, X) M(45, X) M(46, X) M(47, X) M(48, X) M(49, X) M(50, X)   \
    M(51, X) M(52, X) M(53, X) M(54, X) M(55, X) M(56, X) M(57, X) M(58, X) M(59, X) M(60, X)   \
    M(61, X) M(62, X) M(63, X)

typedef struct { uint64_t lo, hi; } cb_ii;
typedef struct { double lo, hi; } cb_ss;
typedef struct { uint64_t lo; double hi; } cb_is;
typedef struct { double lo; uint64_t hi; } cb_si;

#define FAMILY_OF_cb_ii ABS_TRAIT_RET_REGS
#define FAMILY_OF_cb_ss ABS_TRAIT_RET_FLOAT
#define FAMILY_OF_cb_is ABS_TRAIT_RET_INT_FLOAT
#define FAMILY_OF_cb_si ABS_TRAIT_RET_FLOAT_INT

#define DEF_REGS(k, T)                                                                          \
    static T cb_##T##_##k(CB_PARAMS) {                                                          \
        T r;                                                                                    \
        memset(&r, 0, sizeof r);                                                                \
        CB_CAPTURE;                                                                             \
        rt_callback_dispatch(FAMILY_OF_##T, k, words, floats, &r);                              \
        return r;                                                                               \
    }
REP64(DEF_REGS, cb_ii)
REP64(DEF_REGS, cb_ss)
REP64(DEF_REGS, cb_is)
REP64(DEF_REGS, cb_si)

/* The hidden result pointer is a first pointer parameter the function returns (trait_tramp.c). */
#define DEF_MEM(k, unused)                                                                      \
    static void *cb_mem_##k(void *ret, CB_PARAMS) {                                             \
        CB_CAPTURE;                                                                             \
        rt_callback_dispatch(ABS_TRAIT_RET_MEMORY, k, words, floats, ret);                      \
        return ret;                                                                             \
    }
REP64(DEF_MEM, _)

#define ENTRY(k, T) (AbsFn)cb_##T##_##k,
#define ENTRY_MEM(k, unused) (AbsFn)cb_mem_##k,

const AbsFn rt_callback_table[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS] = {
    [ABS_TRAIT_RET_REGS] = { REP64(ENTRY, cb_ii) },
    [ABS_TRAIT_RET_FLOAT] = { REP64(ENTRY, cb_ss) },
    [ABS_TRAIT_RET_MEMORY] = { REP64(ENTRY_MEM, _) },
    [ABS_TRAIT_RET_INT_FLOAT] = { REP64(ENTRY, cb_is) },
    [ABS_TRAIT_RET_FLOAT_INT] = { REP64(ENTRY, cb_si) },
};
#undef W8
#undef V8
#undef CB_PARAMS
#undef CB_CAPTURE
#undef REP64
#undef FAMILY_OF_cb_ii
#undef FAMILY_OF_cb_ss
#undef FAMILY_OF_cb_is
#undef FAMILY_OF_cb_si
#undef DEF_REGS
#undef DEF_MEM
#undef ENTRY
#undef ENTRY_MEM

/* ==== src/native/drop.c ==== */
/* drop.c: drop glue interpreter. Every owned part is released through the vtable stored in the
 * value itself, so it works the same on host-made and plugin-made values. */
/* #include "rt_internal.h": at the top */

static uint64_t read_tag(const unsigned char *p, uint32_t size) {
    switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    case 8: { uint64_t v; memcpy(&v, p, 8); return v; }
    default: rt_fatal("drop glue: enum tag size must be 1, 2, 4 or 8");
    }
}

ABS_RT_API void abs_drop_in_place(void *value, const abs_drop_op *ops, size_t len) {
    unsigned char *base = value;
    for (size_t i = 0; i < len; i++) {
        const abs_drop_op *op = &ops[i];
        unsigned char *at = base + op->offset;
        switch (op->kind) {
        case ABS_DROP_RVEC: {
            AbsRVec *v = (AbsRVec *)at;
            v->vtable->value.destructor(v);
            break;
        }
        case ABS_DROP_RBOX: {
            AbsRBox *b = (AbsRBox *)at;
            b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
            break;
        }
        case ABS_DROP_RHASHMAP: {
            AbsRHashMap *m = (AbsRHashMap *)at;
            m->map.vtable->value.destructor(m->map.data, ABS_CALL_REFERENT_DROP_YES,
                                            ABS_DEALLOCATE_YES);
            break;
        }
        case ABS_DROP_RARC: {
            AbsRArc *a = (AbsRArc *)at;
            a->vtable->value.destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
            break;
        }
        case ABS_DROP_ENUM:
            /* Variant ops are relative to the value start, like every other op in the list. */
            if (read_tag(at, op->tag_size) == op->tag_value) abs_drop_in_place(base, op->ops, op->len);
            break;
        case ABS_DROP_ARRAY:
            for (size_t k = 0; k < op->count; k++) abs_drop_in_place(at + k * op->stride, op->ops, op->len);
            break;
        case ABS_DROP_ROBJECT: {
            AbsRObject *o = (AbsRObject *)at;
            o->vtable->value._sabi_vtable->value._sabi_drop(&o->ptr);
            break;
        }
        case ABS_DROP_DYNTRAIT: {
            AbsDynTrait *d = (AbsDynTrait *)at;
            d->vtable->value.drop_ptr(d);
            break;
        }
        case ABS_DROP_FFIFUTURE: {
            AbsFfiFuture *f = (AbsFfiFuture *)at;
            f->drop_fn(f->fut_ptr);
            break;
        }
        case ABS_DROP_NONEXHAUSTIVE: {
            /* NonExhaustiveVtable._sabi_drop is field 2, at WM+16+P (reference 11.A). */
            const unsigned char *wm;
            memcpy(&wm, at + op->stride, sizeof wm);
            if (!wm) break; /* a plugin's broken value (the host refused it): nothing can drop it */
            void (*drop)(void *);
            memcpy(&drop, wm + 16 + sizeof(void *), sizeof drop);
            drop(at);
            break;
        }
        default:
            rt_fatal("drop glue: unknown op kind");
        }
    }
}

/* ==== src/native/dyn_host.c ==== */
#define text_byte abs__dyn_host__text_byte
#define drop_items abs__dyn_host__drop_items
#define append abs__dyn_host__append
#define remaining abs__dyn_host__remaining
#define take_count abs__dyn_host__take_count
#define text_of abs__dyn_host__text_of
/* dyn_host.c: DynTraits made by the JS host (reference 3.5, 11.D). Display and Debug texts,
 * iterator items, the serialized JSON and a comparison key taken from JS when the value is
 * written, so the value never calls back into JS and any plugin thread may format, iterate,
 * clone, compare, hash, serialize or drop it. The key is a number (numeric order) or text (byte
 * order, Rust's str order, hashed as a str is); numbers order before texts. Items of a runtime-described type are
 * moved out by value (abi_x64.h picks the return registers); one vtable per (item type, traits),
 * kept forever. The io traits and fmt::Write need the JS value itself: their slots are host trait
 * object trampolines (abs_trait.h, with its thread rules) over a host object's RBox. */
/* #include "abi_x64.h": at the top */
/* #include "abs_erased.h": at the top */

#include <pthread.h>

typedef struct host_dyn_vtable {
    AbsDynTraitVTable_WM wm;  /* first: the WM header is the vtable's address */
    const abs_type *item;
    rt_units opt_units;       /* ROption<Item> */
    size_t opt_off;           /* offset of Item in it */
    uint32_t traits;
    struct host_dyn_vtable *next;
} host_dyn_vtable;

typedef struct host_dyn {
    AbsRString display, debug, json, key_text;
    uint32_t key_kind; /* ABS_HOST_KEY_* */
    double key_num;
    const host_dyn_vtable *vt;
    unsigned char *items;
    size_t front, back, cap; /* the items not taken yet: [front, back) */
} host_dyn;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_drop_op host_dyn_drop[] = {
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, display), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, debug), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, json), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, key_text), 0, 0, NULL, 0 },
};
static const abs_type host_dyn_type = { sizeof(host_dyn), _Alignof(host_dyn), host_dyn_drop, 4, ABS_KEY_BYTES, 0 };

static host_dyn *H(const void *obj) { return (host_dyn *)obj; }
static size_t item_size(const host_dyn *h) { return h->vt->item->size; }
static unsigned char *item_at(const host_dyn *h, size_t k) { return h->items + k * item_size(h); }

static void drop_items(host_dyn *h, size_t from, size_t to) {
    for (size_t k = from; k < to; k++) abs_drop_in_place(item_at(h, k), h->vt->item->drop, h->vt->item->drop_len);
}

/* drop_ptr receives &DynTrait.object: the RBox of the host_dyn. */
static void host_drop_ptr(void *object) {
    AbsRBox *b = object;
    host_dyn *h = b->data;
    if (h->items) {
        drop_items(h, h->front, h->back);
        abs_dealloc(h->items, h->cap * item_size(h), h->vt->item->align);
    }
    abs_rbox_drop(b);
}

static AbsRResultUnit append(const AbsRString *text, AbsRString *out) {
    abs_rvec_reserve(out, text->length);
    if (text->length) memcpy((uint8_t *)out->buffer + out->length, text->buffer, text->length);
    out->length += text->length;
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
static AbsRResultUnit host_display(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&H(obj)->display, out);
}
static AbsRResultUnit host_debug(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&H(obj)->debug, out);
}

static AbsRStr host_type_name(void) {
    AbsRStr s = { "abs_rt::HostDynTrait", 20 };
    return s;
}
static const AbsTypeInfo host_info = { sizeof(host_dyn), _Alignof(host_dyn), rt_maybe_type_id_nothing, host_type_name };

/* ---- Iterator / DoubleEndedIterator: items moved out, front to back or back to front --------- */

static size_t remaining(const host_dyn *h) { return h->back - h->front; }

/* Writes ROption<Item> holding item `k` (moved) or RNone to `ret`. */
static void put_item(const host_dyn *h, size_t k, bool some, void *ret) {
    unsigned char *out = ret;
    memset(out, 0, h->vt->opt_units.size);
    out[0] = some ? ABS_RSOME : ABS_RNONE;
    if (some) memcpy(out + h->vt->opt_off, item_at(h, k), item_size(h));
}

static void next_core(void *p, void *ret) {
    host_dyn *h = H(p);
    bool some = h->front < h->back;
    put_item(h, h->front, some, ret);
    if (some) h->front++;
}
RT_RET_VARIANTS(host_next, (void *it), (it), next_core)

static void next_back_core(void *p, void *ret) {
    host_dyn *h = H(p);
    bool some = h->front < h->back;
    if (some) h->back--;
    put_item(h, h->back, some, ret);
}
RT_RET_VARIANTS(host_next_back, (void *it), (it), next_back_core)

static void skip_front(host_dyn *h, size_t n) {
    n = n < remaining(h) ? n : remaining(h);
    drop_items(h, h->front, h->front + n);
    h->front += n;
}
static void skip_back(host_dyn *h, size_t n) {
    n = n < remaining(h) ? n : remaining(h);
    drop_items(h, h->back - n, h->back);
    h->back -= n;
}

static void nth_core(void *p, size_t n, void *ret) {
    skip_front(H(p), n);
    next_core(p, ret);
}
RT_RET_VARIANTS(host_nth, (void *it, size_t n), (it, n), nth_core)

static void nth_back_core(void *p, size_t n, void *ret) {
    skip_back(H(p), n);
    next_back_core(p, ret);
}
RT_RET_VARIANTS(host_nth_back, (void *it, size_t n), (it, n), nth_back_core)

static void last_core(void *p, void *ret) {
    host_dyn *h = H(p);
    if (remaining(h) > 1) skip_front(h, remaining(h) - 1);
    next_core(p, ret);
}
RT_RET_VARIANTS(host_last, (void *it), (it), last_core)

static size_t take_count(const AbsROptionUsize *take, size_t available) {
    return take->tag == ABS_RSOME && take->some.value < available ? take->some.value : available;
}

/* Moves up to `take` items onto `vec`, growing it through its own vtable. */
static void extend(host_dyn *h, AbsRVec *vec, AbsROptionUsize take, bool from_back) {
    size_t n = take_count(&take, remaining(h)), size = item_size(h);
    if (vec->capacity - vec->length < n) vec->vtable->value.grow_capacity_to(vec, vec->length + n, ABS_ABOVE);
    unsigned char *dst = (unsigned char *)vec->buffer + vec->length * size;
    for (size_t i = 0; i < n; i++) memcpy(dst + i * size, item_at(h, from_back ? --h->back : h->front++), size);
    vec->length += n;
}
static void host_extend(void *it, AbsRVec *vec, AbsROptionUsize take) { extend(H(it), vec, take, false); }
static void host_extend_back(void *it, AbsRVec *vec, AbsROptionUsize take) { extend(H(it), vec, take, true); }

static AbsSizeHint host_size_hint(const void *it) {
    AbsSizeHint r;
    memset(&r, 0, sizeof r);
    r._0 = remaining(H(it));
    r._1.some.tag = ABS_RSOME;
    r._1.some.value = r._0;
    return r;
}
static size_t host_count(void *it) {
    size_t n = remaining(H(it));
    skip_front(H(it), n);
    return n;
}
static void host_skip_eager(void *it, size_t n) { skip_front(H(it), n); }

/* ---- Clone, PartialEq, Ord, Hash, Serialize: from the copied key and JSON ------------------ */

static AbsRString text_of(const uint8_t *bytes, size_t len);
static AbsRString copy_text(const AbsRString *s) { return text_of(s->buffer, s->length); }

/* clone_ptr receives &DynTrait.object; values with items never get Clone (dyn-host.ts). */
static AbsRBox host_clone_ptr(const void *object) {
    const host_dyn *h = ((const AbsRBox *)object)->data;
    host_dyn c = *h;
    c.display = copy_text(&h->display);
    c.debug = copy_text(&h->debug);
    c.json = copy_text(&h->json);
    c.key_text = copy_text(&h->key_text);
    c.items = NULL;
    c.front = c.back = c.cap = 0;
    AbsRBox b;
    abs_box_init(&b, &host_dyn_type);
    memcpy(b.data, &c, sizeof c);
    return b;
}

static int key_cmp(const host_dyn *a, const host_dyn *b) {
    if (a->key_kind != b->key_kind) return a->key_kind < b->key_kind ? -1 : 1;
    if (a->key_kind == ABS_HOST_KEY_NUMBER) return a->key_num < b->key_num ? -1 : a->key_num > b->key_num ? 1 : 0;
    size_t n = a->key_text.length < b->key_text.length ? a->key_text.length : b->key_text.length;
    int c = n ? memcmp(a->key_text.buffer, b->key_text.buffer, n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return a->key_text.length < b->key_text.length ? -1 : a->key_text.length > b->key_text.length ? 1 : 0;
}
static AbsRCmpOrdering ordering(int c) { return c < 0 ? ABS_LESS : c > 0 ? ABS_GREATER : ABS_EQUAL; }

/* The slots receive the erased objects: the caller checked both are this vtable's (is_same_type). */
static bool host_eq(const void *a, const void *b) { return key_cmp(H(a), H(b)) == 0; }
static AbsRCmpOrdering host_cmp(const void *a, const void *b) { return ordering(key_cmp(H(a), H(b))); }
static AbsROptionRCmpOrdering host_partial_cmp(const void *a, const void *b) {
    AbsROptionRCmpOrdering r;
    memset(&r, 0, sizeof r);
    r.some.tag = ABS_RSOME;
    r.some.value = ordering(key_cmp(H(a), H(b)));
    return r;
}

/* A number hashes as Rust's f64::to_bits().hash(); a text as a str: its bytes, then 0xFF. */
static void host_hash(const void *obj, AbsHasherObject hasher) {
    const host_dyn *h = H(obj);
    if (h->key_kind == ABS_HOST_KEY_NUMBER) {
        uint64_t bits;
        memcpy(&bits, &h->key_num, sizeof bits);
        hasher.write_fns->write_u64(hasher.self, bits);
        return;
    }
    AbsRSliceU8 bytes = { h->key_text.buffer, h->key_text.length };
    hasher.write_fns->write(hasher.self, bytes);
    hasher.write_fns->write_u8(hasher.self, 0xff);
}

/* RResult<RawValueBox, RBoxError>: the tag, then the RString at 8 (40 bytes, returned in memory). */
typedef struct host_json_result { uint8_t tag; AbsRString ok; } host_json_result;
static host_json_result host_serialize(const void *obj) {
    host_json_result r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_ROK;
    r.ok = copy_text(&H(obj)->json);
    return r;
}

/* ---- vtables ------------------------------------------------------------------------------ */

static pthread_mutex_t vtables_lock = PTHREAD_MUTEX_INITIALIZER;
static host_dyn_vtable *vtables;

static const host_dyn_vtable *vtable_for(uint32_t traits, const abs_type *item) {
    pthread_mutex_lock(&vtables_lock);
    host_dyn_vtable *v = vtables;
    while (v && !(v->traits == traits && v->item == item)) v = v->next;
    if (!v) {
        v = rt_alloc_forever(sizeof *v, _Alignof(host_dyn_vtable));
        memset(v, 0, sizeof *v);
        v->traits = traits;
        v->item = item;
        AbsDynTraitVTable *f = &v->wm.value;
        uint64_t bits = 0x7;
        f->type_info = &host_info;
        f->drop_ptr = host_drop_ptr;
        if (traits & ABS_HOST_DYN_DISPLAY) f->display = host_display, bits |= 1ull << 5;
        if (traits & ABS_HOST_DYN_DEBUG) f->debug = host_debug, bits |= 1ull << 6;
        if (traits & ABS_HOST_DYN_CLONE) f->clone_ptr = host_clone_ptr, bits |= 1ull << 3;
        if (traits & ABS_HOST_DYN_SERIALIZE) f->serialize = (AbsFn)host_serialize, bits |= 1ull << 7;
        if (traits & ABS_HOST_DYN_EQ) f->partial_eq = host_eq, bits |= 1ull << 8;
        if (traits & ABS_HOST_DYN_ORD) f->cmp = host_cmp, bits |= 1ull << 9;
        if (traits & ABS_HOST_DYN_PARTIAL_ORD) f->partial_cmp = host_partial_cmp, bits |= 1ull << 10;
        if (traits & ABS_HOST_DYN_HASH) f->hash = host_hash, bits |= 1ull << 11;
        f->iter.tag = f->back_iter.tag = ABS_RNONE;
        if (item) {
            v->opt_units = rt_units_option(rt_units_of(item));
            v->opt_off = rt_option_payload(rt_units_of(item));
            rt_abi abi = rt_classify(v->opt_units);
            AbsIteratorFns *i = &f->iter.some.value;
            f->iter.some.tag = ABS_RSOME;
            i->next = RT_RET_PICK(&abi, host_next);
            i->extending_rvec = host_extend;
            i->size_hint = host_size_hint;
            i->count = host_count;
            i->last = RT_RET_PICK(&abi, host_last);
            i->nth = RT_RET_PICK(&abi, host_nth);
            i->skip_eager = host_skip_eager;
            bits |= 1ull << 12;
            if (traits & ABS_HOST_DYN_BACK) {
                f->back_iter.some.tag = ABS_RSOME;
                f->back_iter.some.value.next_back = RT_RET_PICK(&abi, host_next_back);
                f->back_iter.some.value.extending_rvec_back = host_extend_back;
                f->back_iter.some.value.nth_back = RT_RET_PICK(&abi, host_nth_back);
                bits |= 1ull << 13;
            }
        }
        f->io_write.tag = f->io_read.tag = f->io_bufread.tag = ABS_RNONE;
        v->wm.field_accessibility = bits;
        v->wm.type_layout = &rt_layout_dyntrait_vtable;
        v->next = vtables;
        vtables = v;
    }
    pthread_mutex_unlock(&vtables_lock);
    return v;
}

static AbsRString text_of(const uint8_t *bytes, size_t len) {
    AbsRString s;
    abs_vec_init(&s, &text_byte, len);
    if (len) memcpy(s.buffer, bytes, len);
    s.length = len;
    return s;
}

ABS_RT_API void abs_dyn_host_new(AbsDynTrait *out, uint32_t traits, const uint8_t *display, size_t display_len,
                                 const uint8_t *debug, size_t debug_len, const abs_type *item, const void *items, size_t len,
                                 const abs_host_dyn_value *value) {
    host_dyn h;
    memset(&h, 0, sizeof h);
    h.display = text_of(display, display_len);
    h.debug = text_of(debug, debug_len);
    h.json = text_of(value->json, value->json_len);
    h.key_text = text_of(value->key_text, value->key_len);
    h.key_kind = value->key_kind;
    h.key_num = value->key_num;
    h.vt = vtable_for(traits, (traits & ABS_HOST_DYN_ITER) ? item : NULL);
    if (h.vt->item && len) {
        h.items = abs_alloc(len * item->size, item->align);
        memcpy(h.items, items, len * item->size);
        h.cap = len;
        h.back = len;
    }
    abs_box_init(&out->object, &host_dyn_type);
    memcpy(out->object.data, &h, sizeof h);
    out->vtable = &h.vt->wm;
}

/* ---- io and fmt::Write: trampolines into JS -------------------------------------------------- */

/* drop_ptr receives &DynTrait.object: the host object's RBox, whose destructor lets JS go of it. */
static void host_io_drop_ptr(void *object) { abs_rbox_drop(object); }

static AbsRStr host_io_type_name(void) {
    AbsRStr s = { "abs_rt::HostIoDynTrait", 22 };
    return s;
}
/* The erased object is the host trait object's native part (a trait pointer and an id). */
static const AbsTypeInfo host_io_info = { 16, 8, rt_maybe_type_id_nothing, host_io_type_name };

ABS_RT_API const void *abs_dyn_host_io_vtable(uint32_t traits, const AbsFn *slots) {
    AbsDynTraitVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsDynTraitVTable_WM));
    memset(wm, 0, sizeof *wm);
    AbsDynTraitVTable *f = &wm->value;
    uint64_t bits = 0x7;
    f->type_info = &host_io_info;
    f->drop_ptr = host_io_drop_ptr;
    f->iter.tag = f->back_iter.tag = f->io_write.tag = f->io_read.tag = f->io_bufread.tag = ABS_RNONE;
    if (traits & ABS_HOST_IO_READ) {
        f->io_read.some.tag = ABS_RSOME;
        f->io_read.some.value.read = slots[0];
        f->io_read.some.value.read_exact = slots[1];
        bits |= 1ull << 16;
    }
    if (traits & ABS_HOST_IO_WRITE) {
        f->io_write.some.tag = ABS_RSOME;
        f->io_write.some.value.write = slots[2];
        f->io_write.some.value.write_all = slots[3];
        f->io_write.some.value.flush = slots[4];
        bits |= 1ull << 15;
    }
    if (traits & ABS_HOST_IO_BUFREAD) {
        f->io_bufread.some.tag = ABS_RSOME;
        f->io_bufread.some.value.fill_buf = slots[5];
        f->io_bufread.some.value.consume = slots[6];
        bits |= 1ull << 17;
    }
    if (traits & ABS_HOST_IO_SEEK) f->io_seek = slots[7], bits |= 1ull << 18;
    if (traits & ABS_HOST_FMT_WRITE) f->fmt_write_str = (AbsRResultUnit(*)(void *, AbsRStr))slots[8], bits |= 1ull << 14;
    wm->field_accessibility = bits;
    wm->type_layout = &rt_layout_dyntrait_vtable;
    return wm;
}
#undef text_byte
#undef drop_items
#undef append
#undef remaining
#undef take_count
#undef text_of

/* ==== src/native/dyn_trait.c ==== */
#define drop_nothing abs__dyn_trait__drop_nothing
/* dyn_trait.c: the host side of plugin-made DynTraits and NonExhaustives (reference 3.5, 11.A,
 * 11.D). A DynTrait JS took out of a returned value leaves an inert vtable behind, so the drop of
 * what it was read from does not drop it too; `hash` slots are called with the runtime's hasher. */
/* #include "rt_hasher.h": at the top */
/* #include "abs_erased.h": at the top */

static void drop_nothing(void *object) { (void)object; }

static AbsRStr inert_type_name(void) {
    AbsRStr s = { "abs_rt::MovedDynTrait", 21 };
    return s;
}

static const AbsTypeInfo inert_type_info = { 0, 1, rt_maybe_type_id_nothing, inert_type_name };

static const AbsDynTraitVTable_WM inert_dyn_vtable = {
    0x7ull, &rt_layout_dyntrait_vtable,
    { .type_info = &inert_type_info, .drop_ptr = drop_nothing,
      .iter = { .tag = ABS_RNONE }, .back_iter = { .tag = ABS_RNONE }, .io_write = { .tag = ABS_RNONE },
      .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE } },
};

ABS_RT_API const void *abs_inert_dyn_vtable(void) { return &inert_dyn_vtable; }

ABS_RT_API uint64_t abs_erased_hash(AbsFn hash, const void *obj) {
    rt_hasher h;
    rt_hasher_init(&h);
    ((void (*)(const void *, AbsHasherObject))hash)(obj, rt_hasher_object(&h));
    return rt_hasher_finish(&h);
}
#undef drop_nothing

/* ==== src/native/error.c ==== */
#define text_byte abs__error__text_byte
#define text_of abs__error__text_of
#define append abs__error__append
/* error.c: host-made RBoxErrors (reference 1.13 and 11.E). The error is a host RBox (box.c)
 * holding its two texts; one RErrorVTable serves every such error. Nothing changes after
 * creation, so a plugin may format and drop it on any thread. */
/* #include "rt_internal.h": at the top */

typedef struct host_error {
    AbsRString display;
    AbsRString debug;
} host_error;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_drop_op host_error_drop[] = {
    { ABS_DROP_RVEC, 0, 0, offsetof(host_error, display), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_error, debug), 0, 0, NULL, 0 },
};
static const abs_type host_error_type = { sizeof(host_error), _Alignof(host_error), host_error_drop, 2, ABS_KEY_BYTES, 0 };

static AbsRString text_of(const uint8_t *bytes, size_t len) {
    AbsRString s;
    abs_vec_init(&s, &text_byte, len);
    if (len) memcpy(s.buffer, bytes, len);
    s.length = len;
    return s;
}

/* Appends through `out`'s own vtable: the caller's string may come from any library. */
static AbsRResultUnit append(const AbsRString *text, AbsRString *out) {
    abs_rvec_reserve(out, text->length);
    if (text->length) memcpy((uint8_t *)out->buffer + out->length, text->buffer, text->length);
    out->length += text->length;
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit error_debug(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&((const host_error *)err)->debug, out);
}

static AbsRResultUnit error_display(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&((const host_error *)err)->display, out);
}

static AbsROptionDebugDisplayRef error_as_debug_display(const void *err) {
    const host_error *e = err;
    AbsROptionDebugDisplayRef r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RSOME;
    r.some.value.debug = abs_rstring_as_rstr(&e->debug);
    r.some.value.display = abs_rstring_as_rstr(&e->display);
    return r;
}

static AbsUTypeId error_type_id(void) { return rt_type_id_error(); }

static const AbsRErrorVTable_WM error_vtable = {
    0xFull, /* debug, display, as_debug_display, type_id: all present */
    &rt_layout_error_vtable,
    { error_debug, error_display, error_as_debug_display, error_type_id },
};

ABS_RT_API void abs_error_new(AbsRBoxError *out, const uint8_t *display, size_t display_len, const uint8_t *debug, size_t debug_len) {
    host_error e = { text_of(display, display_len), text_of(debug, debug_len) };
    abs_box_init(&out->value, &host_error_type);
    memcpy(out->value.data, &e, sizeof e);
    out->vtable = &error_vtable;
}
#undef text_byte
#undef text_of
#undef append

/* ==== src/native/hasher.c ==== */
/* hasher.c: the runtime's Hasher (FNV-1a over the byte stream, then a mixing step), both as a
 * HasherObject that Rust queries write into and as a direct hash of stored keys. Both see the
 * same byte stream Rust's Hash feeds a Hasher, so a query and its stored key hash alike. */
/* #include "rt_hasher.h": at the top */

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

void rt_hasher_init(rt_hasher *h) { h->state = FNV_OFFSET; }

void rt_hasher_write(rt_hasher *h, const void *bytes, size_t len) {
    const unsigned char *p = bytes;
    uint64_t s = h->state;
    for (size_t i = 0; i < len; i++) s = (s ^ p[i]) * FNV_PRIME;
    h->state = s;
}

/* FNV's low bits are weak; the index uses low bits, so finish with a splitmix64 round. */
uint64_t rt_hasher_finish(const rt_hasher *h) {
    uint64_t z = h->state + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Each write_* feeds the value's native-endian bytes, as Rust's default Hasher methods do. */
static void w_bytes(void *self, AbsRSliceU8 b) { rt_hasher_write(self, b.data, b.length); }
#define RT_WRITE_FN(name, T) \
    static void name(void *self, T v) { rt_hasher_write(self, &v, sizeof v); }
RT_WRITE_FN(w_i16, int16_t)
RT_WRITE_FN(w_i32, int32_t)
RT_WRITE_FN(w_i64, int64_t)
RT_WRITE_FN(w_i8, int8_t)
RT_WRITE_FN(w_isize, ptrdiff_t)
RT_WRITE_FN(w_u16, uint16_t)
RT_WRITE_FN(w_u32, uint32_t)
RT_WRITE_FN(w_u64, uint64_t)
RT_WRITE_FN(w_u8, uint8_t)
RT_WRITE_FN(w_usize, size_t)

static const AbsHasherWriteFns write_fns = {
    w_bytes, w_i16, w_i32, w_i64, w_i8, w_isize, w_u16, w_u32, w_u64, w_u8, w_usize,
};

static uint64_t finish_fn(const void *self) { return rt_hasher_finish(self); }

AbsHasherObject rt_hasher_object(rt_hasher *h) {
    AbsHasherObject o = { h, &write_fns, finish_fn };
    return o;
}
#undef FNV_OFFSET
#undef FNV_PRIME
#undef RT_WRITE_FN

/* ==== src/native/identity.c ==== */
/* identity.c: what makes this runtime copy distinguishable from every Rust library: UTypeIds
 * pointing at a static of this copy, and the minimal type layouts its prefix-type headers use. */
/* #include "rt_internal.h": at the top */

/* Its address is this copy's executable identity. A plugin that compiles the runtime in has its
 * own copy, so host and plugin identities never compare equal (no cross-allocator adoption). */
static const uint8_t identity_anchor = 0;

static AbsUTypeId make_id(const char tag[16]) {
    AbsUTypeId id;
    id.executable_identity = &identity_anchor;
    memcpy(id.type_id_array, tag, 16);
    return id;
}

AbsUTypeId rt_type_id_rvec(void) { return make_id("abs_rt:RVec<()>"); }
AbsUTypeId rt_type_id_rbox(void) { return make_id("abs_rt:RBox<()>"); }
AbsUTypeId rt_type_id_error(void) { return make_id("abs_rt:RBoxError"); }

AbsMaybeCmpUTypeId rt_maybe_type_id_nothing(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}

/* Prefix field counts up to last_prefix_field (reference 1.2, 1.3, 1.11, 3.5); the entry
 * vtables have no last_prefix_field, hence 0. */
#define RT_PACKAGE "abs_rt;0.1.0"
ABS_DEFINE_MONO_LAYOUT(vec_layout, "VecVTable", RT_PACKAGE, 4);
ABS_DEFINE_MONO_LAYOUT(box_layout, "BoxVtable", RT_PACKAGE, 2);
ABS_DEFINE_MONO_LAYOUT(map_layout, "VTable", RT_PACKAGE, 16);
ABS_DEFINE_MONO_LAYOUT(occupied_layout, "OccupiedVTable", RT_PACKAGE, 0);
ABS_DEFINE_MONO_LAYOUT(vacant_layout, "VacantVTable", RT_PACKAGE, 0);
ABS_DEFINE_MONO_LAYOUT(dyntrait_layout, "VTable", RT_PACKAGE, 19);
ABS_DEFINE_MONO_LAYOUT(error_layout, "RErrorVTable", RT_PACKAGE, 4);

const AbsPTStructLayout rt_layout_vec_vtable = { { "", 0 }, &vec_layout_mono };
const AbsPTStructLayout rt_layout_box_vtable = { { "", 0 }, &box_layout_mono };
const AbsPTStructLayout rt_layout_map_vtable = { { "", 0 }, &map_layout_mono };
const AbsPTStructLayout rt_layout_occupied_vtable = { { "", 0 }, &occupied_layout_mono };
const AbsPTStructLayout rt_layout_vacant_vtable = { { "", 0 }, &vacant_layout_mono };
const AbsPTStructLayout rt_layout_dyntrait_vtable = { { "", 0 }, &dyntrait_layout_mono };
const AbsPTStructLayout rt_layout_error_vtable = { { "", 0 }, &error_layout_mono };
#undef RT_PACKAGE

/* ==== src/native/map_core.c ==== */
/* map_core.c: host map storage: entries in insertion order in one array, plus an open-addressing
 * index of the Rust-compatible key hashes. Removal closes the gap (order kept) and rebuilds the
 * index: O(n), acceptable for the maps that cross a plugin boundary. */
/* #include "map.h": at the top */
/* #include "rt_hasher.h": at the top */

/* Whether `p` lies in the map's own allocation (entries or index made by rt_map_create_sized). */
static bool in_block(const rt_map *m, const void *p) {
    return (const unsigned char *)p > (const unsigned char *)m && (const unsigned char *)p < (const unsigned char *)m + m->block;
}

static rt_map *map_init(rt_map *m, const rt_map_types *t, size_t block) {
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    m->t = t;
    m->entry.map = m;
    m->block = block; /* entry.key is allocated by the first entry() that needs it (map_entry.c) */
    return m;
}

rt_map *rt_map_create(const rt_map_types *t) { return map_init(abs_alloc(sizeof(rt_map), _Alignof(rt_map)), t, sizeof(rt_map)); }

rt_map *rt_map_create_sized(const rt_map_types *t, size_t n) {
    if (n == 0) return rt_map_create(t);
    if (n > SIZE_MAX / 4 / t->stride) rt_fatal("RHashMap capacity overflow");
    size_t index_cap = 8;
    while (index_cap < n * 2) index_cap *= 2;
    size_t align = rt_max(_Alignof(rt_map), t->entry_align);
    size_t entries_at = rt_round_up(sizeof(rt_map), align);
    size_t index_at = rt_round_up(entries_at + n * t->stride, _Alignof(size_t));
    size_t block = index_at + index_cap * sizeof(size_t);
    rt_map *m = map_init(abs_alloc(block, align), t, block);
    m->entries = (unsigned char *)m + entries_at;
    m->cap = n;
    m->index = (size_t *)((unsigned char *)m + index_at);
    m->index_cap = index_cap;
    memset(m->index, 0, index_cap * sizeof(size_t));
    return m;
}

void rt_map_drop_contents(rt_map *m) {
    rt_map_entry_reset(m);
    rt_map_drop_entries(m->t, m->entries, 0, m->len, !in_block(m, m->entries), m->cap);
    m->entries = NULL;
    m->len = m->cap = 0;
    if (m->index && !in_block(m, m->index)) abs_dealloc(m->index, m->index_cap * sizeof(size_t), _Alignof(size_t));
    m->index = NULL;
    m->index_cap = 0;
    abs_dealloc(m->entry.key, m->t->key->size, m->t->key->align);
    m->entry.key = NULL;
}

void rt_map_free(rt_map *m) {
    pthread_mutex_destroy(&m->lock);
    abs_dealloc(m, sizeof *m, _Alignof(rt_map));
}

uint64_t rt_map_hash_key(const rt_map_types *t, const void *key) {
    rt_hasher h;
    rt_hasher_init(&h);
    if (t->key->key_kind == ABS_KEY_STR) {
        /* Rust's Hash for str: the bytes, then 0xFF (so "a","b" and "ab" differ as tuples). */
        const AbsRString *s = key;
        uint8_t terminator = 0xFF;
        rt_hasher_write(&h, s->buffer, s->length);
        rt_hasher_write(&h, &terminator, 1);
    } else {
        rt_hasher_write(&h, key, t->key->size);
    }
    return rt_hasher_finish(&h);
}

bool rt_map_keys_equal(const rt_map_types *t, const void *a, const void *b) {
    if (t->key->key_kind == ABS_KEY_STR) {
        const AbsRString *x = a, *y = b;
        return x->length == y->length && memcmp(x->buffer, y->buffer, x->length) == 0;
    }
    return memcmp(a, b, t->key->size) == 0;
}

static size_t hash_slot(const rt_map *m, uint64_t hash) { return (size_t)hash & (m->index_cap - 1); }

static uint64_t stored_hash(const rt_map *m, size_t pos) {
    uint64_t h;
    memcpy(&h, rt_map_at(m, pos), sizeof h);
    return h;
}

size_t rt_map_find_key(const rt_map *m, const void *key, uint64_t hash) {
    if (!m->index_cap) return RT_NOT_FOUND;
    for (size_t i = hash_slot(m, hash);; i = (i + 1) & (m->index_cap - 1)) {
        size_t e = m->index[i];
        if (e == 0) return RT_NOT_FOUND;
        if (stored_hash(m, e - 1) == hash && rt_map_keys_equal(m->t, rt_map_key(m, e - 1), key)) return e - 1;
    }
}

size_t rt_map_find_query(const rt_map *m, const AbsMapQuery *q) {
    if (m->len == 0) return RT_NOT_FOUND;
    rt_hasher h;
    rt_hasher_init(&h);
    q->hash(q->query, rt_hasher_object(&h));
    uint64_t hash = rt_hasher_finish(&h);
    for (size_t i = hash_slot(m, hash);; i = (i + 1) & (m->index_cap - 1)) {
        size_t e = m->index[i];
        if (e == 0) break;
        if (stored_hash(m, e - 1) == hash && q->is_equal(rt_map_key(m, e - 1), q->query)) return e - 1;
    }
    for (size_t pos = 0; pos < m->len; pos++)
        if (q->is_equal(rt_map_key(m, pos), q->query)) return pos;
    return RT_NOT_FOUND;
}

static void index_insert(rt_map *m, uint64_t hash, size_t pos) {
    size_t i = hash_slot(m, hash);
    while (m->index[i]) i = (i + 1) & (m->index_cap - 1);
    m->index[i] = pos + 1;
}

/* Sizes the index for `want` entries at load factor <= 1/2, and refills it. */
static void index_rebuild(rt_map *m, size_t want) {
    size_t cap = m->index_cap ? m->index_cap : 8;
    while (cap < want * 2) cap *= 2;
    if (cap != m->index_cap) {
        if (m->index && !in_block(m, m->index)) abs_dealloc(m->index, m->index_cap * sizeof(size_t), _Alignof(size_t));
        m->index = abs_alloc(cap * sizeof(size_t), _Alignof(size_t));
        m->index_cap = cap;
    }
    memset(m->index, 0, cap * sizeof(size_t));
    for (size_t pos = 0; pos < m->len; pos++) index_insert(m, stored_hash(m, pos), pos);
}

static void entries_grow(rt_map *m, size_t want) {
    if (want <= m->cap) return;
    size_t cap = rt_max(rt_max(want, m->cap * 2), 4);
    if (cap > (size_t)PTRDIFF_MAX / m->t->stride) rt_fatal("RHashMap capacity overflow");
    if (m->cap && in_block(m, m->entries)) {
        /* Out of the map's own block into an array of its own. */
        unsigned char *moved = abs_alloc(cap * m->t->stride, m->t->entry_align);
        memcpy(moved, m->entries, m->len * m->t->stride);
        m->entries = moved;
    } else {
        m->entries = m->cap ? rt_realloc(m->entries, m->cap * m->t->stride, cap * m->t->stride, m->t->entry_align)
                            : abs_alloc(cap * m->t->stride, m->t->entry_align);
    }
    m->cap = cap;
}

void rt_map_reserve(rt_map *m, size_t additional) {
    if (additional > SIZE_MAX / 4 - m->len) rt_fatal("RHashMap capacity overflow");
    entries_grow(m, m->len + additional);
    if (m->index_cap < (m->len + additional) * 2) index_rebuild(m, m->len + additional);
}

void rt_map_commit(rt_map *m, uint64_t hash) {
    memcpy(rt_map_at(m, m->len), &hash, sizeof hash);
    size_t pos = m->len++;
    if (m->index_cap < m->len * 2) index_rebuild(m, m->len);
    else index_insert(m, hash, pos);
}

size_t rt_map_push(rt_map *m, uint64_t hash, const void *key, const void *value) {
    entries_grow(m, m->len + 1);
    memcpy(rt_map_key(m, m->len), key, m->t->key->size);
    memcpy(rt_map_value(m, m->len), value, m->t->value->size);
    rt_map_commit(m, hash);
    return m->len - 1;
}

void rt_map_remove_at(rt_map *m, size_t pos, void *key_out, void *value_out) {
    const rt_map_types *t = m->t;
    if (key_out) memcpy(key_out, rt_map_key(m, pos), t->key->size);
    else rt_drop_value(t->key, rt_map_key(m, pos));
    if (value_out) memcpy(value_out, rt_map_value(m, pos), t->value->size);
    else rt_drop_value(t->value, rt_map_value(m, pos));
    memmove(rt_map_at(m, pos), rt_map_at(m, pos + 1), (m->len - pos - 1) * t->stride);
    m->len--;
    index_rebuild(m, m->len);
}

unsigned char *rt_map_take_entries(rt_map *m, size_t *len, size_t *cap) {
    unsigned char *e = m->entries;
    *len = m->len;
    *cap = m->cap;
    if (e && in_block(m, e)) {
        /* The taker frees what it takes: entries in the map's own block are copied out first. */
        *cap = m->len;
        e = m->len ? abs_alloc(m->len * m->t->stride, m->t->entry_align) : NULL;
        if (e) memcpy(e, m->entries, m->len * m->t->stride);
    }
    m->entries = NULL;
    m->len = m->cap = 0;
    if (m->index_cap) memset(m->index, 0, m->index_cap * sizeof(size_t));
    return e;
}

void rt_map_drop_entries(const rt_map_types *t, unsigned char *entries, size_t from, size_t to,
                         bool free_array, size_t cap) {
    for (size_t pos = from; pos < to; pos++) {
        rt_drop_value(t->key, entries + pos * t->stride + t->key_off);
        rt_drop_value(t->value, entries + pos * t->stride + t->val_off);
    }
    if (free_array && entries) abs_dealloc(entries, cap * t->stride, t->entry_align);
}

void rt_map_entry_reset(rt_map *m) {
    if (m->entry.state == RT_ENTRY_VACANT) rt_drop_value(m->t->key, m->entry.key);
    m->entry.state = RT_ENTRY_NONE;
}

/* ==== src/native/map_dump.c ==== */
/* map_dump.c: an RHashMap<RString, V> of plain values read into one buffer in one call, for the
 * host to decode in one pass (src/types/hashmap.ts), walking ANY map (host- or plugin-made)
 * through its own iterator. Each entry is a record: a u32 key length (bit 31 set when the key is
 * not all ASCII), the key's bytes, then the value's `value_size` bytes as they are. */
/* #include "rt_internal.h": at the top */

#define NOT_ASCII 0x80000000u
/* Keys the host would check against the process's mappings first (native-bytes.ts). */
#define LARGE_KEY ((size_t)1 << 20)

/* Whether the key passes the checks the host makes before reading a string (checkBuffer). */
static int sound_key(const AbsRVec *k) {
    if (k->length > k->capacity) return 0;
    if (k->length == 0) return 1;
    uintptr_t b = (uintptr_t)k->buffer;
    return b >= 4096 && (uint64_t)b < (1ull << 57) && k->length < LARGE_KEY;
}

/* Writes the records of map `{ data, box vtable, map vtable }` into `out` (`cap` bytes). Returns
 * the bytes written; minus the bytes needed when `cap` is too small (nothing usable written);
 * INT64_MIN when a key is not sound (the host then reads the map its own way, with its errors). */
ABS_RT_API int64_t abs_map_dump(void *data, const void *box_vtable, const void *map_vtable, size_t value_size,
                                unsigned char *out, size_t cap) {
    AbsRHashMap m;
    m.map.data = data;
    memcpy(&m.map.vtable, &box_vtable, sizeof box_vtable);
    memcpy(&m.vtable, &map_vtable, sizeof map_vtable);
    AbsDynTrait it = m.vtable->value.iter(m.map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    size_t at = 0;
    int sound = 1;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        for (;;) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            const AbsRVec *k = item.some.value._0;
            if (!sound_key(k)) {
                sound = 0;
                break;
            }
            size_t need = 4 + k->length + value_size;
            if (at + need <= cap) {
                const unsigned char *s = k->buffer;
                unsigned char any = 0;
                for (size_t i = 0; i < k->length; i++) any |= s[i];
                uint32_t head = (uint32_t)k->length | (any & 0x80 ? NOT_ASCII : 0);
                memcpy(out + at, &head, 4);
                if (k->length) memcpy(out + at + 4, s, k->length);
                memcpy(out + at + 4 + k->length, item.some.value._1, value_size);
            }
            at += need;
        }
    }
    vt->value.drop_ptr(&it);
    if (!sound) return INT64_MIN;
    return at <= cap ? (int64_t)at : -(int64_t)at;
}
#undef NOT_ASCII
#undef LARGE_KEY

/* ==== src/native/map_entry.c ==== */
/* map_entry.c: the entry API of host maps (reference 1.11, REntry): `entry(map, K)` and the
 * Occupied/Vacant vtables. The one live entry is m->entry; consuming functions end it. */
/* #include "map.h": at the top */

static rt_map_entry *E(const void *entry) { return (rt_map_entry *)entry; }

/* entry(map, K) -> REntry: an occupied entry drops the passed key (the stored one stays); a
 * vacant one keeps it until inserted, given back or dropped. */
static void entry_core(void *map, rt_x64_args *a, void *ret) {
    rt_map *m = map;
    const rt_map_types *t = m->t;
    _Alignas(16) unsigned char key[RT_MAX_BYVALUE];
    rt_x64_take(a, &t->k_abi, key);
    uint64_t hash = rt_map_hash_key(t, key);
    AbsREntry e;
    memset(&e, 0, sizeof e);
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    size_t pos = rt_map_find_key(m, key, hash);
    if (pos != RT_NOT_FOUND) {
        m->entry.state = RT_ENTRY_OCCUPIED;
        m->entry.pos = pos;
        e.tag = ABS_RENTRY_OCCUPIED;
        e.occupied.entry = &m->entry;
        e.occupied.vtable = t->occupied;
    } else {
        m->entry.state = RT_ENTRY_VACANT;
        m->entry.hash = hash;
        if (!m->entry.key) m->entry.key = abs_alloc(rt_max(t->key->size, 1), rt_max(t->key->align, 1));
        memcpy(m->entry.key, key, t->key->size);
        e.tag = ABS_RENTRY_VACANT;
        e.vacant.entry = &m->entry;
        e.vacant.vtable = t->vacant;
    }
    pthread_mutex_unlock(&m->lock);
    if (pos != RT_NOT_FOUND) rt_drop_value(t->key, key);
    memcpy(ret, &e, sizeof e);
}
RT_X64_DUMPED_1(entry, entry_core)

static void end_entry(rt_map_entry *e) {
    pthread_mutex_lock(&e->map->lock);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}

/* ---- occupied ------------------------------------------------------------------------------ */

static void occ_drop_entry(void *entry) { end_entry(E(entry)); }
static const void *occ_key(const void *entry) { return rt_map_key(E(entry)->map, E(entry)->pos); }
static const void *occ_get_elem(const void *entry) { return rt_map_value(E(entry)->map, E(entry)->pos); }
static void *occ_get_mut_elem(void *entry) { return rt_map_value(E(entry)->map, E(entry)->pos); }

static void *occ_into_mut_elem(AbsROccupiedEntry oe) {
    rt_map_entry *e = E(oe.entry);
    end_entry(e);
    return rt_map_value(e->map, e->pos);
}

/* insert_elem(entry, V) -> V: swaps in the new value, returns the old one. */
static void occ_insert_core(void *entry, rt_x64_args *a, void *ret) {
    rt_map_entry *e = E(entry);
    const rt_map_types *t = e->map->t;
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    rt_x64_take(a, &t->v_abi, val);
    pthread_mutex_lock(&e->map->lock);
    memcpy(ret, rt_map_value(e->map, e->pos), t->value->size);
    memcpy(rt_map_value(e->map, e->pos), val, t->value->size);
    pthread_mutex_unlock(&e->map->lock);
}
RT_X64_DUMPED_1(occ_insert_elem, occ_insert_core)

/* remove(ROccupiedEntry) -> V: the stored key is dropped, the value returned. */
static void occ_remove_core(AbsROccupiedEntry oe, void *ret) {
    rt_map_entry *e = E(oe.entry);
    pthread_mutex_lock(&e->map->lock);
    rt_map_remove_at(e->map, e->pos, NULL, ret);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}
RT_RET_VARIANTS(occ_remove, (AbsROccupiedEntry e), (e), occ_remove_core)

/* ---- vacant -------------------------------------------------------------------------------- */

static void vac_drop_entry(void *entry) {
    rt_map_entry *e = E(entry);
    pthread_mutex_lock(&e->map->lock);
    rt_map_entry_reset(e->map); /* drops the owned key */
    pthread_mutex_unlock(&e->map->lock);
}

static const void *vac_key(const void *entry) { return E(entry)->key; }

static void vac_into_key_core(AbsRVacantEntry ve, void *ret) {
    rt_map_entry *e = E(ve.entry);
    pthread_mutex_lock(&e->map->lock);
    memcpy(ret, e->key, e->map->t->key->size);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}
RT_RET_VARIANTS(vac_into_key, (AbsRVacantEntry e), (e), vac_into_key_core)

/* insert_elem(RVacantEntry, V) -> &mut V. The entry (16 bytes, two general registers) comes
 * first, so the dump starts at the third register; the return is a plain pointer. */
static void *vac_insert_elem(AbsRVacantEntry ve, uint64_t g2, uint64_t g3, uint64_t g4, uint64_t g5,
                             RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {
    rt_x64_args a;
    RT_X64_COLLECT(&a, 2, g2, g3, g4, g5);
    rt_map_entry *e = E(ve.entry);
    rt_map *m = e->map;
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    rt_x64_take(&a, &m->t->v_abi, val);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_push(m, e->hash, e->key, val);
    e->state = RT_ENTRY_NONE;
    void *v = rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

void rt_map_entry_vtables_fill(rt_map_types *t) {
    static const rt_abi rentry_abi = { sizeof(AbsREntry), RT_ABI_MEMORY, 0, { 0, 0 } };
    t->vtable->value.entry = RT_X64_DUMPED_1_PICK(&rentry_abi, entry);

    AbsOccupiedVTable_WM *o = rt_alloc_forever(sizeof *o, _Alignof(AbsOccupiedVTable_WM));
    o->field_accessibility = ABS_OCCUPIED_VTABLE_BITS;
    o->type_layout = &rt_layout_occupied_vtable;
    o->value.drop_entry = occ_drop_entry;
    o->value.key = occ_key;
    o->value.get_elem = occ_get_elem;
    o->value.get_mut_elem = occ_get_mut_elem;
    o->value.fn_into_mut_elem = occ_into_mut_elem;
    o->value.insert_elem = RT_X64_DUMPED_1_PICK(&t->v_abi, occ_insert_elem);
    o->value.remove = RT_RET_PICK(&t->v_abi, occ_remove);
    t->occupied = o;

    AbsVacantVTable_WM *v = rt_alloc_forever(sizeof *v, _Alignof(AbsVacantVTable_WM));
    v->field_accessibility = ABS_VACANT_VTABLE_BITS;
    v->type_layout = &rt_layout_vacant_vtable;
    v->value.drop_entry = vac_drop_entry;
    v->value.key = vac_key;
    v->value.fn_into_key = RT_RET_PICK(&t->k_abi, vac_into_key);
    v->value.insert_elem = (AbsFn)vac_insert_elem;
    t->vacant = v;
}

/* ==== src/native/map_foreign.c ==== */
/* map_foreign.c: what the JS host does to ANY RHashMap, plugin- or host-made: only through the
 * map's own vtables, never its internals. */
/* #include "abi_x64.h": at the top */

ABS_RT_API size_t abs_map_len(const AbsRHashMap *m) { return m->vtable->value.len(m->map.data); }

ABS_RT_API size_t abs_map_collect(const AbsRHashMap *m, const void **keys, const void **values,
                                  size_t cap) {
    AbsDynTrait it = m->vtable->value.iter(m->map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    size_t n = 0;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        while (n < cap) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            keys[n] = item.some.value._0;
            values[n] = item.some.value._1;
            n++;
        }
    }
    vt->value.drop_ptr(&it);
    return n;
}

#if RT_X64_SYSV
/* Caller-side shapes of insert_elem(map, K, V) -> ROption<V>, one per return carrier. */
typedef void *(*insert_mem_fn)(void *ret, void *map, uint64_t g2, uint64_t g3, uint64_t g4, uint64_t g5,
                               RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
#define INSERT_REG_FN(k)                                                                        \
    typedef rt_ret_##k (*insert_##k##_fn)(void *map, uint64_t g1, uint64_t g2, uint64_t g3,      \
                                          uint64_t g4, uint64_t g5, RT_X64_XMM_PARAMS,           \
                                          RT_X64_STACK_PARAMS);
INSERT_REG_FN(ii)
INSERT_REG_FN(is)
INSERT_REG_FN(si)
INSERT_REG_FN(ss)
#define REG_ARGS(a) (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], RT_X64_XMM_OF(a), RT_X64_STACK_OF(a)
#endif

ABS_RT_API int abs_map_insert(AbsRHashMap *m, const abs_type *key_type, const abs_type *value_type,
                              void *key, void *value, void *old_out) {
#if RT_X64_SYSV
    rt_units vu = rt_units_of(value_type);
    rt_abi k = rt_classify(rt_units_of(key_type)), v = rt_classify(vu), r = rt_classify(rt_units_option(vu));
    size_t on_stack = (k.kind == RT_ABI_MEMORY ? rt_round_up(k.size, 8) : 0) +
                      (v.kind == RT_ABI_MEMORY ? rt_round_up(v.size, 8) : 0);
    if (key_type->align > 8 || value_type->align > 8 || on_stack > RT_MAX_BYVALUE) return ABS_RT_UNSUPPORTED;
    int kind = rt_ret_kind(&r);
    rt_x64_args a;
    rt_x64_begin(&a, kind == RT_RET_MEM ? 2 : 1); /* the hidden result pointer takes %rdi */
    rt_x64_put(&a, &k, key);
    rt_x64_put(&a, &v, value);
    AbsFn f = m->vtable->value.insert_elem;
    void *map = m->map.data;
    _Alignas(16) unsigned char ret[16];
    switch (kind) {
    case RT_RET_MEM:
        ((insert_mem_fn)f)(old_out, map, a.gpr[2], a.gpr[3], a.gpr[4], a.gpr[5], RT_X64_XMM_OF(&a), RT_X64_STACK_OF(&a));
        return ABS_RT_OK;
    case RT_RET_IS: rt_ret_from_is(((insert_is_fn)f)(map, REG_ARGS(&a)), ret); break;
    case RT_RET_SI: rt_ret_from_si(((insert_si_fn)f)(map, REG_ARGS(&a)), ret); break;
    case RT_RET_SS: rt_ret_from_ss(((insert_ss_fn)f)(map, REG_ARGS(&a)), ret); break;
    default: rt_ret_from_ii(((insert_ii_fn)f)(map, REG_ARGS(&a)), ret); break;
    }
    memcpy(old_out, ret, r.size);
    return ABS_RT_OK;
#else
    (void)m; (void)key_type; (void)value_type; (void)key; (void)value; (void)old_out;
    return ABS_RT_UNSUPPORTED;
#endif
}
#undef INSERT_REG_FN
#undef REG_ARGS

/* ==== src/native/map_iter.c ==== */
#define remaining abs__map_iter__remaining
#define take_count abs__map_iter__take_count
#define drop_items abs__map_iter__drop_items
/* map_iter.c: the DynTrait iterators host maps return (reference 3.5): `iter`/`iter_mut` lend
 * Tuple2<&K, &V> (one static vtable each), `drain`/`iter_val` move Tuple2<K, V> out (a vtable per
 * (K, V), because those items are returned by value). The erased object is an RBox of rt_iter. */
/* #include "map.h": at the top */

typedef struct rt_iter {
    const rt_map_types *t;
    rt_map *map;            /* borrowing iterators: the map, not mutated while they live */
    unsigned char *entries; /* owning iterators: the entries moved out of the map */
    size_t cap;             /* owning iterators: capacity of `entries`, to free it */
    size_t pos, end;
    bool owned;
} rt_iter;

static rt_iter *I(const void *it) { return (rt_iter *)it; }
static size_t remaining(const rt_iter *it) { return it->end - it->pos; }
static unsigned char *entry_at(const rt_iter *it, size_t pos) {
    return it->owned ? it->entries + pos * it->t->stride : rt_map_at(it->map, pos);
}

/* ---- the erased object: an RBox<rt_iter> ------------------------------------------------- */

static AbsUTypeId iter_box_type_id(void) { return rt_type_id_rbox(); }

static void iter_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_iter *it = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES && it->owned) /* items never taken are dropped */
        rt_map_drop_entries(it->t, it->entries, it->pos, it->end, true, it->cap);
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(it, sizeof *it, _Alignof(rt_iter));
}

static const AbsBoxVtable_WM iter_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { iter_box_type_id, iter_box_destructor },
};

static AbsRStr iter_type_name(void) { return ABS_RSTR("abs_rt::MapIter"); }

static const AbsTypeInfo iter_type_info = {
    sizeof(rt_iter), _Alignof(rt_iter), rt_maybe_type_id_nothing, iter_type_name,
};

/* drop_ptr / clone_ptr receive the address of DynTrait.object, i.e. of the RBox. */
static void drop_ptr(void *object) {
    AbsRBox *b = object;
    b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

static AbsRBox clone_ptr(const void *object) { /* only borrowing iterators are Clone */
    const AbsRBox *b = object;
    rt_iter *copy = abs_alloc(sizeof *copy, _Alignof(rt_iter));
    *copy = *I(b->data);
    AbsRBox r = { copy, b->vtable };
    return r;
}

static AbsSizeHint size_hint(const void *it) {
    AbsSizeHint h;
    memset(&h, 0, sizeof h);
    h._0 = remaining(I(it));
    h._1.some.tag = ABS_RSOME;
    h._1.some.value = h._0;
    return h;
}

static size_t take_count(const AbsROptionUsize *take, size_t left) {
    return take->tag == ABS_RSOME && take->some.value < left ? take->some.value : left;
}

/* Appends `n` items to a caller's RVec, growing it through ITS vtable. */
static unsigned char *vec_room(AbsRVec *vec, size_t n, size_t item_size) {
    if (vec->capacity - vec->length < n) vec->vtable->value.grow_capacity_to(vec, vec->length + n, ABS_ABOVE);
    return (unsigned char *)vec->buffer + vec->length * item_size;
}

/* ---- borrowing iterators: items Tuple2<&K, &V> -------------------------------------------- */

static AbsROptionMapRefItem ref_item(rt_iter *it, size_t pos) {
    AbsROptionMapRefItem r;
    memset(&r, 0, sizeof r);
    r.some.tag = ABS_RSOME;
    r.some.value._0 = entry_at(it, pos) + it->t->key_off;
    r.some.value._1 = entry_at(it, pos) + it->t->val_off;
    return r;
}

static AbsROptionMapRefItem ref_none(void) {
    AbsROptionMapRefItem r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RNONE;
    return r;
}

static AbsROptionMapRefItem ref_next(void *p) {
    rt_iter *it = I(p);
    return it->pos < it->end ? ref_item(it, it->pos++) : ref_none();
}

static void ref_extending_rvec(void *p, AbsRVec *vec, AbsROptionUsize take) {
    rt_iter *it = I(p);
    size_t n = take_count(&take, remaining(it));
    AbsMapRefItem *dst = (AbsMapRefItem *)(void *)vec_room(vec, n, sizeof(AbsMapRefItem));
    for (size_t i = 0; i < n; i++) dst[i] = ref_item(it, it->pos++).some.value;
    vec->length += n;
}

static size_t ref_count(void *p) {
    rt_iter *it = I(p);
    size_t n = remaining(it);
    it->pos = it->end;
    return n;
}

static AbsROptionMapRefItem ref_last(void *p) {
    rt_iter *it = I(p);
    if (!remaining(it)) return ref_none();
    it->pos = it->end;
    return ref_item(it, it->end - 1);
}

static AbsROptionMapRefItem ref_nth(void *p, size_t n) {
    rt_iter *it = I(p);
    it->pos += n < remaining(it) ? n : remaining(it);
    return ref_next(p);
}

static void ref_skip_eager(void *p, size_t n) {
    rt_iter *it = I(p);
    it->pos += n < remaining(it) ? n : remaining(it);
}

#define REF_ITERATOR_FNS                                                                        \
    { .some = { ABS_RSOME, { (AbsFn)ref_next, ref_extending_rvec, size_hint, ref_count,        \
                             (AbsFn)ref_last, (AbsFn)ref_nth, ref_skip_eager } } }
#define NO_OTHER_TRAITS                                                                         \
    .back_iter = { .tag = ABS_RNONE }, .io_write = { .tag = ABS_RNONE },                        \
    .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE }

/* `iter` declares Iterator + Clone, `iter_mut` only Iterator (bits from reference 3.5). */
static const AbsDynTraitVTable_WM ref_iter_clone_vtable = {
    ABS_DYNTRAIT_ITER_CLONE_BITS, &rt_layout_dyntrait_vtable,
    { .type_info = &iter_type_info, .drop_ptr = drop_ptr, .clone_ptr = clone_ptr,
      .iter = REF_ITERATOR_FNS, NO_OTHER_TRAITS },
};
static const AbsDynTraitVTable_WM ref_iter_vtable = {
    ABS_DYNTRAIT_ITER_BITS, &rt_layout_dyntrait_vtable,
    { .type_info = &iter_type_info, .drop_ptr = drop_ptr, .iter = REF_ITERATOR_FNS, NO_OTHER_TRAITS },
};

static AbsDynTrait make_dyn(rt_iter *it, const AbsDynTraitVTable_WM *vtable) {
    AbsDynTrait d = { { it, &iter_box_vtable }, vtable };
    return d;
}

AbsDynTrait rt_map_iter_ref(rt_map *m, bool clonable) {
    rt_iter *it = abs_alloc(sizeof *it, _Alignof(rt_iter));
    memset(it, 0, sizeof *it);
    it->t = m->t;
    it->map = m;
    pthread_mutex_lock(&m->lock);
    it->end = m->len;
    pthread_mutex_unlock(&m->lock);
    return make_dyn(it, clonable ? &ref_iter_clone_vtable : &ref_iter_vtable);
}

/* ---- owning iterators: items Tuple2<K, V> moved out --------------------------------------- */

/* Moves item `pos` into a Tuple2<K, V> at `dst`. */
static void move_item(rt_iter *it, size_t pos, unsigned char *dst) {
    memcpy(dst, entry_at(it, pos) + it->t->key_off, it->t->key->size);
    memcpy(dst + it->t->tuple_v_off, entry_at(it, pos) + it->t->val_off, it->t->value->size);
}

static void drop_items(rt_iter *it, size_t n) {
    rt_map_drop_entries(it->t, it->entries, it->pos, it->pos + n, false, 0);
    it->pos += n;
}

/* Writes ROption<Tuple2<K, V>> with the next item (or RNone) to `ret`. */
static void owned_next_core(void *p, void *ret) {
    rt_iter *it = I(p);
    unsigned char *out = ret;
    memset(out, 0, it->t->opt_kv_size);
    if (it->pos == it->end) {
        out[0] = ABS_RNONE;
        return;
    }
    out[0] = ABS_RSOME;
    move_item(it, it->pos++, out + it->t->opt_kv_off);
}
RT_RET_VARIANTS(owned_next, (void *it), (it), owned_next_core)

static void owned_last_core(void *p, void *ret) {
    rt_iter *it = I(p);
    if (remaining(it) > 1) drop_items(it, remaining(it) - 1);
    owned_next_core(p, ret);
}
RT_RET_VARIANTS(owned_last, (void *it), (it), owned_last_core)

static void owned_nth_core(void *p, size_t n, void *ret) {
    rt_iter *it = I(p);
    drop_items(it, n < remaining(it) ? n : remaining(it));
    owned_next_core(p, ret);
}
RT_RET_VARIANTS(owned_nth, (void *it, size_t n), (it, n), owned_nth_core)

static void owned_extending_rvec(void *p, AbsRVec *vec, AbsROptionUsize take) {
    rt_iter *it = I(p);
    size_t n = take_count(&take, remaining(it));
    unsigned char *dst = vec_room(vec, n, it->t->tuple_size);
    memset(dst, 0, n * it->t->tuple_size);
    for (size_t i = 0; i < n; i++) move_item(it, it->pos++, dst + i * it->t->tuple_size);
    vec->length += n;
}

static size_t owned_count(void *p) {
    rt_iter *it = I(p);
    size_t n = remaining(it);
    drop_items(it, n);
    return n;
}

static void owned_skip_eager(void *p, size_t n) {
    rt_iter *it = I(p);
    drop_items(it, n < remaining(it) ? n : remaining(it));
}

void rt_map_iter_vtable_fill(rt_map_types *t) {
    AbsDynTraitVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsDynTraitVTable_WM));
    wm->field_accessibility = ABS_DYNTRAIT_ITER_BITS;
    wm->type_layout = &rt_layout_dyntrait_vtable;
    AbsDynTraitVTable *v = &wm->value;
    v->type_info = &iter_type_info;
    v->drop_ptr = drop_ptr;
    v->iter.some.tag = ABS_RSOME;
    AbsIteratorFns *f = &v->iter.some.value;
    f->next = RT_RET_PICK(&t->opt_kv_abi, owned_next);
    f->extending_rvec = owned_extending_rvec;
    f->size_hint = size_hint;
    f->count = owned_count;
    f->last = RT_RET_PICK(&t->opt_kv_abi, owned_last);
    f->nth = RT_RET_PICK(&t->opt_kv_abi, owned_nth);
    f->skip_eager = owned_skip_eager;
    v->back_iter.tag = ABS_RNONE;
    v->io_write.tag = ABS_RNONE;
    v->io_read.tag = ABS_RNONE;
    v->io_bufread.tag = ABS_RNONE;
    t->owned_iter = wm;
}

/* drain empties the map and keeps it; iter_val consumes the map object as well. */
AbsDynTrait rt_map_iter_owned(rt_map *m, bool consume_map) {
    rt_iter *it = abs_alloc(sizeof *it, _Alignof(rt_iter));
    memset(it, 0, sizeof *it);
    it->t = m->t;
    it->owned = true;
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    it->entries = rt_map_take_entries(m, &it->end, &it->cap);
    pthread_mutex_unlock(&m->lock);
    if (consume_map) {
        rt_map_drop_contents(m); /* now empty: frees the index and the entry slot */
        rt_map_free(m);
    }
    return make_dyn(it, it->t->owned_iter);
}
#undef remaining
#undef take_count
#undef drop_items
#undef REF_ITERATOR_FNS
#undef NO_OTHER_TRAITS

/* ==== src/native/map_types.c ==== */
/* map_types.c: everything derived once from a (K, V) pair: the stored entry layout, the layouts
 * and calling-convention classes of the by-value types the vtables exchange, and the vtables.
 * Also abs_map_new and the RBox vtable every host map object carries. */
/* #include "map.h": at the top */

static AbsUTypeId map_box_type_id(void) { return rt_type_id_rbox(); }

/* RHashMap.map is an RBox of the map object: CallReferentDrop drops the contents, Deallocate
 * frees the object (iter_val consumes the box, so both flags can come separately). */
static void map_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_map *m = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_map_drop_contents(m);
    if (dealloc == ABS_DEALLOCATE_YES) rt_map_free(m);
}

const AbsBoxVtable_WM rt_map_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { map_box_type_id, map_box_destructor },
};

/* By-value keys and values are passed through the x86-64 dumps (abi_x64.h): refuse what they
 * cannot carry rather than corrupt a call. */
static bool supported(const abs_type *key, const abs_type *value, rt_abi k, rt_abi v) {
    if (!RT_X64_SYSV) return false;
    if (key->align == 0 || value->align == 0 || key->align > 8 || value->align > 8) return false;
    if (key->size > RT_MAX_BYVALUE || value->size > RT_MAX_BYVALUE) return false;
    if (key->key_kind == ABS_KEY_STR && key->size != sizeof(AbsRString)) return false;
    size_t on_stack = (k.kind == RT_ABI_MEMORY ? rt_round_up(k.size, 8) : 0) +
                      (v.kind == RT_ABI_MEMORY ? rt_round_up(v.size, 8) : 0);
    return on_stack <= RT_MAX_BYVALUE;
}

static void *make_types(const void *k, const void *v) {
    const abs_type *key = k, *value = v;
    rt_units ku = rt_units_of(key), vu = rt_units_of(value);
    rt_units ov = rt_units_option(vu), tu = rt_units_tuple2(ku, vu), okv = rt_units_option(tu);
    rt_abi k_abi = rt_classify(ku), v_abi = rt_classify(vu);
    if (!supported(key, value, k_abi, v_abi)) return NULL;

    rt_map_types *t = rt_alloc_forever(sizeof *t, _Alignof(rt_map_types));
    t->key = key;
    t->value = value;
    t->key_off = rt_round_up(sizeof(uint64_t), key->align);
    t->val_off = rt_round_up(t->key_off + key->size, value->align);
    t->entry_align = rt_max(rt_max(_Alignof(uint64_t), key->align), value->align);
    t->stride = rt_round_up(t->val_off + value->size, t->entry_align);
    t->opt_v_size = ov.size;
    t->opt_v_off = rt_option_payload(vu);
    t->tuple_size = tu.size;
    t->tuple_v_off = rt_tuple2_second(ku, vu);
    t->opt_kv_size = okv.size;
    t->opt_kv_off = rt_option_payload(tu);
    t->k_abi = k_abi;
    t->v_abi = v_abi;
    t->tuple_abi = rt_classify(tu);
    t->opt_v_abi = rt_classify(ov);
    t->opt_kv_abi = rt_classify(okv);
    rt_map_vtable_fill(t);
    rt_map_entry_vtables_fill(t);
    rt_map_iter_vtable_fill(t);
    return t;
}

static rt_cache map_types = RT_CACHE_INIT;

const rt_map_types *rt_map_types_get(const abs_type *key, const abs_type *value) {
    return rt_cache_get(&map_types, key, value, make_types);
}

ABS_RT_API int abs_map_new(AbsRHashMap *out, const abs_type *key, const abs_type *value) {
    const rt_map_types *t = rt_map_types_get(key, value);
    if (!t) {
        memset(out, 0, sizeof *out);
        return ABS_RT_UNSUPPORTED;
    }
    out->map.data = rt_map_create(t);
    out->map.vtable = &rt_map_box_vtable;
    out->vtable = t->vtable;
    return ABS_RT_OK;
}

/* ==== src/native/map_vtable.c ==== */
/* map_vtable.c: the map VTable entry points (reference 1.11) of host maps. `map` is always the
 * erased map object (RHashMap.map.data). Entry (`entry`) and iterators live in their own files. */
/* #include "map.h": at the top */

static rt_map *M(const void *map) { return (rt_map *)map; }

static void *find_value_q(const void *map, AbsMapQuery q) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_query(m, &q);
    void *v = pos == RT_NOT_FOUND ? NULL : rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

static void *find_value_p(const void *map, const void *key) {
    rt_map *m = M(map);
    uint64_t hash = rt_map_hash_key(m->t, key);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_key(m, key, hash);
    void *v = pos == RT_NOT_FOUND ? NULL : rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

static const void *get_elem(const void *map, AbsMapQuery q) { return find_value_q(map, q); }
static void *get_mut_elem(void *map, AbsMapQuery q) { return find_value_q(map, q); }
static const void *get_elem_p(const void *map, const void *key) { return find_value_p(map, key); }
static void *get_mut_elem_p(void *map, const void *key) { return find_value_p(map, key); }

static void reserve(void *map, size_t additional) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    rt_map_reserve(m, additional);
    pthread_mutex_unlock(&m->lock);
}

/* Drop glue runs plugin code: do it after releasing the lock. */
static void clear_map(void *map) {
    rt_map *m = M(map);
    size_t len, cap;
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    unsigned char *entries = rt_map_take_entries(m, &len, &cap);
    pthread_mutex_unlock(&m->lock);
    rt_map_drop_entries(m->t, entries, 0, len, true, cap);
}

static size_t len(const void *map) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t n = m->len;
    pthread_mutex_unlock(&m->lock);
    return n;
}

static size_t capacity(const void *map) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t n = m->cap;
    pthread_mutex_unlock(&m->lock);
    return n;
}

static AbsDynTrait iter(const void *map) { return rt_map_iter_ref(M(map), true); }
static AbsDynTrait iter_mut(void *map) { return rt_map_iter_ref(M(map), false); }
static AbsDynTrait drain(void *map) { return rt_map_iter_owned(M(map), false); }
static AbsDynTrait iter_val(AbsRBox map) { return rt_map_iter_owned(M(map.data), true); }

/* ---- by-value entry points ------------------------------------------------------------------ */

/* insert_elem(map, K, V) -> ROption<V>: an existing key keeps its stored key (the new one is
 * dropped) and gets the new value, as std's HashMap::insert does. */
static void insert_core(void *map, rt_x64_args *a, void *ret) {
    rt_map *m = M(map);
    const rt_map_types *t = m->t;
    _Alignas(16) unsigned char key[RT_MAX_BYVALUE];
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    unsigned char *out = ret;
    rt_x64_take(a, &t->k_abi, key);
    rt_x64_take(a, &t->v_abi, val);
    memset(out, 0, t->opt_v_size);
    uint64_t hash = rt_map_hash_key(t, key);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_key(m, key, hash);
    if (pos != RT_NOT_FOUND) {
        out[0] = ABS_RSOME;
        memcpy(out + t->opt_v_off, rt_map_value(m, pos), t->value->size);
        memcpy(rt_map_value(m, pos), val, t->value->size);
    } else {
        out[0] = ABS_RNONE;
        rt_map_push(m, hash, key, val);
    }
    pthread_mutex_unlock(&m->lock);
    if (pos != RT_NOT_FOUND) rt_drop_value(t->key, key);
}
RT_X64_DUMPED_1(insert_elem, insert_core)

/* Writes ROption<Tuple2<K, V>> for the entry at `pos`, removing it from the map. */
static void take_removed(rt_map *m, size_t pos, unsigned char *out) {
    const rt_map_types *t = m->t;
    memset(out, 0, t->opt_kv_size);
    if (pos == RT_NOT_FOUND) {
        out[0] = ABS_RNONE;
        return;
    }
    out[0] = ABS_RSOME;
    rt_map_remove_at(m, pos, out + t->opt_kv_off, out + t->opt_kv_off + t->tuple_v_off);
}

static void remove_entry_core(void *map, AbsMapQuery q, void *ret) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    take_removed(m, rt_map_find_query(m, &q), ret);
    pthread_mutex_unlock(&m->lock);
}
RT_RET_VARIANTS(remove_entry, (void *map, AbsMapQuery q), (map, q), remove_entry_core)

static void remove_entry_p_core(void *map, const void *key, void *ret) {
    rt_map *m = M(map);
    uint64_t hash = rt_map_hash_key(m->t, key);
    pthread_mutex_lock(&m->lock);
    take_removed(m, rt_map_find_key(m, key, hash), ret);
    pthread_mutex_unlock(&m->lock);
}
RT_RET_VARIANTS(remove_entry_p, (void *map, const void *key), (map, key), remove_entry_p_core)

void rt_map_vtable_fill(rt_map_types *t) {
    AbsMapVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsMapVTable_WM));
    wm->field_accessibility = ABS_MAP_VTABLE_BITS;
    wm->type_layout = &rt_layout_map_vtable;
    AbsMapVTable *v = &wm->value;
    v->insert_elem = RT_X64_DUMPED_1_PICK(&t->opt_v_abi, insert_elem);
    v->get_elem = get_elem;
    v->get_mut_elem = get_mut_elem;
    v->remove_entry = RT_RET_PICK(&t->opt_kv_abi, remove_entry);
    v->get_elem_p = get_elem_p;
    v->get_mut_elem_p = get_mut_elem_p;
    v->remove_entry_p = RT_RET_PICK(&t->opt_kv_abi, remove_entry_p);
    v->reserve = reserve;
    v->clear_map = clear_map;
    v->len = len;
    v->capacity = capacity;
    v->iter = iter;
    v->iter_mut = iter_mut;
    v->drain = drain;
    v->iter_val = iter_val;
    v->entry = NULL; /* map_entry.c */
    t->vtable = wm;
}

/* ==== src/native/mem_readable.c ==== */
/* mem_readable.c: whether a range of this process's memory can be read, asked of the kernel
 * without touching the range (a wild pointer a plugin returns must not crash the host), for the
 * host's check of large buffers before it copies them (src/types/native-bytes.ts).
 *
 * Linux 6.11+: the PROCMAP_QUERY ioctl on /proc/self/maps says which mapping covers an address
 * and whether it is readable: one ioctl per mapping the range spans (a few microseconds a check,
 * where reading and parsing /proc/self/maps costs hundreds). Older kernels: process_vm_readv on
 * our own pid reading one byte of each page, which fails with EFAULT (no signal) at the first
 * page it cannot read; mincore then tells an unmapped page from one mapped without read access.
 * Elsewhere, or where both are refused (a seccomp filter), the host checks its own way. */
/* _GNU_SOURCE: set at the top */
/* #include "rt_internal.h": at the top */

/* #include "mem_readable.h": at the top */

#if defined(__linux__)
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* <linux/fs.h> of Linux 6.11, declared here so older kernel headers still build the runtime. */
struct mr_procmap_query {
    uint64_t size, query_flags, query_addr;
    uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset, inode;
    uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
    uint64_t vma_name_addr, build_id_addr;
};
#define MR_PROCMAP_QUERY _IOWR('f', 17, struct mr_procmap_query)
#define MR_VMA_READABLE 0x1

/* /proc/self/maps, opened once: MR_UNTRIED before, MR_NONE when it cannot be opened or the
 * kernel has no PROCMAP_QUERY. */
#define MR_UNTRIED (-2)
#define MR_NONE (-1)
static _Atomic int mr_maps_fd = MR_UNTRIED;
static pthread_once_t mr_fork_once = PTHREAD_ONCE_INIT;

/* A forked child's descriptor still names its parent's maps: the child opens its own. */
static void mr_after_fork(void) {
    int fd = atomic_exchange(&mr_maps_fd, MR_UNTRIED);
    if (fd >= 0) close(fd);
}
static void mr_register_fork(void) { pthread_atfork(NULL, NULL, mr_after_fork); }

static int mr_maps(void) {
    int fd = atomic_load_explicit(&mr_maps_fd, memory_order_acquire);
    if (fd != MR_UNTRIED) return fd;
    pthread_once(&mr_fork_once, mr_register_fork);
    int opened = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    int expected = MR_UNTRIED;
    if (opened < 0) opened = MR_NONE;
    if (!atomic_compare_exchange_strong(&mr_maps_fd, &expected, opened)) {
        if (opened >= 0) close(opened); /* another thread opened it first */
        return expected;
    }
    return opened;
}

static int mr_by_procmap(uintptr_t at, uintptr_t end) {
    int fd = mr_maps();
    if (fd < 0) return ABS_MEM_UNKNOWN;
    while (at < end) {
        struct mr_procmap_query q;
        memset(&q, 0, sizeof q);
        q.size = sizeof q;
        q.query_addr = at;
        if (ioctl(fd, MR_PROCMAP_QUERY, &q) != 0) {
            if (errno == ENOENT) return ABS_MEM_UNMAPPED; /* no mapping covers `at` */
            /* A kernel before 6.11: never ask again (the descriptor stays open: another thread
             * may be using it right now). */
            if (errno == ENOTTY || errno == EINVAL) atomic_store(&mr_maps_fd, MR_NONE);
            return ABS_MEM_UNKNOWN;
        }
        if (q.vma_start > at || q.vma_end <= at) return ABS_MEM_UNKNOWN;
        if (!(q.vma_flags & MR_VMA_READABLE)) return ABS_MEM_NO_READ;
        at = (uintptr_t)q.vma_end; /* adjacent mappings (a library's segments) continue the range */
    }
    return ABS_MEM_READABLE;
}

/* Pages per process_vm_readv call (UIO_MAXIOV is 1024). */
#define MR_BATCH 256

static int mr_by_vm_readv(uintptr_t at, uintptr_t end) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    pid_t self = getpid();
    struct iovec remote[MR_BATCH];
    unsigned char sink[MR_BATCH];
    while (at < end) {
        size_t n = 0;
        uintptr_t p = at;
        for (; n < MR_BATCH && p < end; n++) {
            remote[n].iov_base = (void *)p;
            remote[n].iov_len = 1;
            p = (p & ~(page - 1)) + page;
        }
        struct iovec local = { sink, n };
        ssize_t got = process_vm_readv(self, &local, 1, remote, n, 0);
        /* Not allowed (seccomp), not there, or no memory for the kernel's copy of the iovecs. */
        if (got < 0 && (errno == ENOSYS || errno == EPERM || errno == ENOMEM)) return ABS_MEM_UNKNOWN;
        if (got != (ssize_t)n) {
            /* The first page that could not be read: unmapped, or mapped without read access. */
            uintptr_t bad = (uintptr_t)remote[got < 0 ? 0 : got].iov_base & ~(page - 1);
            unsigned char resident;
            return mincore((void *)bad, 1, &resident) != 0 && errno == ENOMEM ? ABS_MEM_UNMAPPED : ABS_MEM_NO_READ;
        }
        at = p;
    }
    return ABS_MEM_READABLE;
}

ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method) {
    if (length == 0) return ABS_MEM_READABLE;
    uintptr_t end = address + length;
    if (address == 0 || end < address) return ABS_MEM_UNMAPPED;
    int r = ABS_MEM_UNKNOWN;
    if (method == ABS_MEM_ANY || method == ABS_MEM_BY_PROCMAP) r = mr_by_procmap(address, end);
    if (r == ABS_MEM_UNKNOWN && (method == ABS_MEM_ANY || method == ABS_MEM_BY_VM_READV)) r = mr_by_vm_readv(address, end);
    return r;
}
#else
ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method) {
    (void)address, (void)length, (void)method;
    return ABS_MEM_UNKNOWN;
}
#endif

ABS_RT_API int abs_memory_readable(uintptr_t address, size_t length) {
    return abs_memory_readable_by(address, length, ABS_MEM_ANY);
}
#undef MR_PROCMAP_QUERY
#undef MR_VMA_READABLE
#undef MR_UNTRIED
#undef MR_NONE
#undef MR_BATCH

/* ==== src/native/ne_host.c ==== */
#define text_byte abs__ne_host__text_byte
/* ne_host.c: NonExhaustiveVtables the JS host makes for enum values it writes before any plugin
 * vtable is known (reference 11.A). One vtable per declaration, kept forever; every slot answers
 * from the value's own bytes through a field plan the host built from the declaration, so it runs
 * on any thread, never calls JS, and holds nothing per value: abi_stable's into_enum moves the
 * enum out without calling the vtable, which a per-value vtable would leak.
 *   drop       the enum's drop glue (the host-described type);
 *   clone      the bytes, each RString field copied into a new host string;
 *   Debug      as Rust's derive prints it (`Name { a: 1, b: "x" }`, `{:#?}` on several lines);
 *   Display    a template per variant (`add {count} of #{id}`), fields by Display;
 *   Serialize  serde_json's externally tagged form, an RString (abi_stable's RawValueBox);
 *   PartialEq  field by field (false when `other` has a discriminant the declaration lacks).
 * The slots need the vtable, found at `ne + round_up(size_of(S), 8)`: one set of slot functions
 * per offset (8 to 512). */
/* #include "ne_internal.h": at the top */
/* #include "abs_erased.h": at the top */

#include <inttypes.h>
#include <math.h>

enum { K_INT = 1, K_FLOAT = 2, K_BOOL = 3, K_STR = 4, K_STRUCT = 5 };
enum { S_NAMED = 0, S_TUPLE = 1, S_UNIT = 2 };
enum { NODE_WORDS = 6 };

typedef struct hne_field hne_field;
typedef struct hne_node {
    uint32_t kind;
    size_t offset;           /* from the NonExhaustive's start */
    size_t size;             /* K_INT, K_FLOAT */
    bool is_signed;          /* K_INT */
    AbsRStr name;            /* K_STRUCT: the struct's or variant's name */
    uint32_t style;          /* K_STRUCT */
    size_t count;            /* K_STRUCT */
    hne_field *fields;       /* K_STRUCT */
} hne_node;
struct hne_field { AbsRStr name; hne_node node; };

typedef struct hne_variant {
    uint64_t discriminant;   /* masked to the tag's size */
    AbsRStr display;         /* the Display template, when has_display */
    bool has_display;
    hne_node node;           /* K_STRUCT named after the variant */
} hne_variant;

typedef struct hne_vtable {
    ne_vtable_wm wm;         /* first: the WM header is the vtable's address */
    ne_enum_info info;
    size_t offset;
    size_t tag_size;
    const abs_type *enum_type;
    size_t variant_count;
    hne_variant *variants;
} hne_vtable;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };

static const hne_vtable *VT(const void *ne, size_t off) { return *(const hne_vtable *const *)((const uint8_t *)ne + off); }
static const uint8_t *AT(const void *ne, size_t off) { return (const uint8_t *)ne + off; }

static uint64_t read_uint(const void *p, size_t size) {
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}
static int64_t read_int(const void *p, size_t size) {
    uint64_t v = read_uint(p, size);
    unsigned bits = (unsigned)size * 8;
    if (bits < 64 && (v >> (bits - 1)) & 1) v |= ~0ull << bits;
    return (int64_t)v;
}
static double read_float(const void *p, size_t size) {
    if (size == 4) { float f; memcpy(&f, p, 4); return f; }
    double d; memcpy(&d, p, 8); return d;
}
static const AbsRString *STR(const void *ne, const hne_node *n) { return (const AbsRString *)AT(ne, n->offset); }

static const hne_variant *variant_of(const hne_vtable *vt, const void *ne) {
    uint64_t tag = read_uint(ne, vt->tag_size);
    for (size_t k = 0; k < vt->variant_count; k++)
        if (vt->variants[k].discriminant == tag) return &vt->variants[k];
    return NULL;
}

/* ---- text ------------------------------------------------------------------------------- */

static void put(AbsRString *out, const char *p, size_t n) {
    abs_rvec_reserve(out, n);
    if (n) memcpy((uint8_t *)out->buffer + out->length, p, n);
    out->length += n;
}
static void puts_(AbsRString *out, const char *s) { put(out, s, strlen(s)); }
static void put_rstr(AbsRString *out, AbsRStr s) { put(out, s.data, s.length); }
static void put_indent(AbsRString *out, unsigned n) { for (unsigned k = 0; k < n; k++) put(out, " ", 1); }

/* The shortest text that reads back as the same float; integral values end in ".0", as Rust's. */
static void put_float(AbsRString *out, double d, size_t size, bool json) {
    char buf[40];
    if (isnan(d) || isinf(d)) {
        puts_(out, json ? "null" : isnan(d) ? "NaN" : d > 0 ? "inf" : "-inf");
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (size == 4 ? (float)strtod(buf, NULL) == (float)d : strtod(buf, NULL) == d) break;
    }
    char *e = strchr(buf, 'e');
    if (e) { /* 1e+21 -> 1e21, 1e-07 -> 1e-7 */
        char tail[8];
        snprintf(tail, sizeof tail, "%d", atoi(e + 1) % 1000);
        strcpy(e + 1, tail);
    } else if (!strchr(buf, '.')) {
        strcat(buf, ".0");
    }
    puts_(out, buf);
}

static void put_int(AbsRString *out, const hne_node *n, const void *ne) {
    char buf[24];
    int len = n->is_signed ? snprintf(buf, sizeof buf, "%" PRId64, read_int(AT(ne, n->offset), n->size))
                           : snprintf(buf, sizeof buf, "%" PRIu64, read_uint(AT(ne, n->offset), n->size));
    put(out, buf, (size_t)len);
}

/* `s` quoted: Rust's str Debug escapes, or JSON's. */
static void put_quoted(AbsRString *out, const uint8_t *s, size_t n, bool json) {
    put(out, "\"", 1);
    for (size_t k = 0; k < n; k++) {
        uint8_t c = s[k];
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        char buf[12];
        if (!esc && c == 0 && !json) esc = "\\0";
        if (!esc && (c < 0x20 || c == 0x7f)) {
            snprintf(buf, sizeof buf, json ? "\\u%04x" : "\\u{%x}", c);
            esc = buf;
        }
        if (esc) puts_(out, esc);
        else put(out, (const char *)&c, 1);
    }
    put(out, "\"", 1);
}

static void debug_node(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent);

static void debug_struct(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent) {
    put_rstr(out, n->name);
    if (n->style == S_UNIT || n->count == 0) return;
    bool named = n->style == S_NAMED;
    puts_(out, named ? (alt ? " {\n" : " { ") : (alt ? "(\n" : "("));
    for (size_t k = 0; k < n->count; k++) {
        const hne_field *f = &n->fields[k];
        if (alt) put_indent(out, indent + 4);
        if (named) { put_rstr(out, f->name); puts_(out, ": "); }
        debug_node(out, &f->node, ne, alt, indent + 4);
        if (alt) puts_(out, ",\n");
        else if (k + 1 < n->count) puts_(out, ", ");
    }
    if (alt) put_indent(out, indent);
    puts_(out, named ? (alt ? "}" : " }") : ")");
}

static void debug_node(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent) {
    switch (n->kind) {
    case K_INT: put_int(out, n, ne); break;
    case K_FLOAT: put_float(out, read_float(AT(ne, n->offset), n->size), n->size, false); break;
    case K_BOOL: puts_(out, *AT(ne, n->offset) ? "true" : "false"); break;
    case K_STR: put_quoted(out, STR(ne, n)->buffer, STR(ne, n)->length, false); break;
    default: debug_struct(out, n, ne, alt, indent); break;
    }
}

static void json_node(AbsRString *out, const hne_node *n, const void *ne) {
    switch (n->kind) {
    case K_INT: put_int(out, n, ne); return;
    case K_FLOAT: put_float(out, read_float(AT(ne, n->offset), n->size), n->size, true); return;
    case K_BOOL: puts_(out, *AT(ne, n->offset) ? "true" : "false"); return;
    case K_STR: put_quoted(out, STR(ne, n)->buffer, STR(ne, n)->length, true); return;
    default: break;
    }
    if (n->style == S_UNIT) { puts_(out, "null"); return; }
    if (n->style == S_TUPLE && n->count == 1) { json_node(out, &n->fields[0].node, ne); return; }
    bool named = n->style == S_NAMED;
    puts_(out, named ? "{" : "[");
    for (size_t k = 0; k < n->count; k++) {
        if (k) puts_(out, ",");
        if (named) { put_quoted(out, (const uint8_t *)n->fields[k].name.data, n->fields[k].name.length, true); puts_(out, ":"); }
        json_node(out, &n->fields[k].node, ne);
    }
    puts_(out, named ? "}" : "]");
}

/* serde's externally tagged enum: "Unit", {"Variant":{...}}, {"Newtype":x}, {"Tuple":[...]}. */
static void json_variant(AbsRString *out, const hne_variant *v, const void *ne) {
    if (v->node.style == S_UNIT) { put_quoted(out, (const uint8_t *)v->node.name.data, v->node.name.length, true); return; }
    puts_(out, "{");
    put_quoted(out, (const uint8_t *)v->node.name.data, v->node.name.length, true);
    puts_(out, ":");
    json_node(out, &v->node, ne);
    puts_(out, "}");
}

/* `{field}` replaced by the field's Display (strings as they are); `{{` and `}}` are braces. */
static void display_variant(AbsRString *out, const hne_variant *v, const void *ne) {
    const char *s = v->display.data, *end = s + v->display.length;
    while (s < end) {
        if ((*s == '{' || *s == '}') && s + 1 < end && s[1] == *s) { put(out, s, 1); s += 2; continue; }
        if (*s != '{') { put(out, s++, 1); continue; }
        const char *close = memchr(s, '}', (size_t)(end - s));
        if (!close) { put(out, s, (size_t)(end - s)); return; }
        size_t len = (size_t)(close - s - 1);
        for (size_t k = 0; k < v->node.count; k++) {
            const hne_field *f = &v->node.fields[k];
            if (f->name.length != len || memcmp(f->name.data, s + 1, len) != 0) continue;
            if (f->node.kind == K_STR) put(out, (const char *)STR(ne, &f->node)->buffer, STR(ne, &f->node)->length);
            else debug_node(out, &f->node, ne, false, 0);
        }
        s = close + 1;
    }
}

/* ---- slots ------------------------------------------------------------------------------ */

static void hne_drop(void *ne, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    abs_drop_in_place(ne, vt->enum_type->drop, vt->enum_type->drop_len);
}

static void clone_strings(const hne_node *n, uint8_t *dst) {
    if (n->kind == K_STR) {
        AbsRString *s = (AbsRString *)(dst + n->offset);
        AbsRString copy;
        abs_vec_init(&copy, &text_byte, s->length);
        if (s->length) memcpy(copy.buffer, s->buffer, s->length);
        copy.length = s->length;
        *s = copy;
    } else if (n->kind == K_STRUCT) {
        for (size_t k = 0; k < n->count; k++) clone_strings(&n->fields[k].node, dst);
    }
}

/* A variant the declaration lacks (a plugin wrote it in place) cannot be copied: the clone is
 * zeroed and carries the inert vtable, so it owns and drops nothing. */
static void *hne_clone(void *ret, const void *ne, const void *vtable, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    uint8_t *dst = ret;
    if (!v) {
        memset(dst, 0, off);
        *(const void **)(dst + off) = abs_inert_ne_vtable();
        return ret;
    }
    memcpy(dst, ne, off);
    clone_strings(&v->node, dst);
    *(const void **)(dst + off) = vtable;
    return ret;
}

static AbsRResultUnit unknown(AbsRString *out, const hne_vtable *vt, const void *ne) {
    char buf[48];
    int n = snprintf(buf, sizeof buf, "<unknown variant %" PRIu64 ">", read_uint(ne, vt->tag_size));
    put(out, buf, (size_t)n);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit hne_debug(const void *ne, AbsFormattingMode mode, AbsRString *out, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    if (!v) return unknown(out, vt, ne);
    debug_struct(out, &v->node, ne, mode == ABS_FMT_ALTERNATE, 0);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit hne_display(const void *ne, AbsFormattingMode mode, AbsRString *out, size_t off) {
    (void)mode;
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    if (!v) return unknown(out, vt, ne);
    if (v->has_display) display_variant(out, v, ne);
    else put_rstr(out, v->node.name);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

/* RResult<RawValueBox, RBoxError>: the tag, then the RString at 8 (40 bytes, returned in memory). */
static void *hne_serialize(void *ret, const void *ne, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    uint8_t *r = ret;
    memset(r, 0, 40);
    if (!v) {
        static const char msg[] = "this host's declaration has no such variant";
        r[0] = ABS_RERR;
        abs_error_new((AbsRBoxError *)(r + 8), (const uint8_t *)msg, sizeof msg - 1, (const uint8_t *)msg, sizeof msg - 1);
        return ret;
    }
    AbsRString json;
    abs_vec_init(&json, &text_byte, 0);
    json_variant(&json, v, ne);
    r[0] = ABS_ROK;
    memcpy(r + 8, &json, sizeof json);
    return ret;
}

static bool eq_node(const hne_node *n, const void *a, const void *b) {
    switch (n->kind) {
    case K_INT: return read_uint(AT(a, n->offset), n->size) == read_uint(AT(b, n->offset), n->size);
    case K_FLOAT: return read_float(AT(a, n->offset), n->size) == read_float(AT(b, n->offset), n->size);
    case K_BOOL: return (*AT(a, n->offset) != 0) == (*AT(b, n->offset) != 0);
    case K_STR: {
        const AbsRString *x = STR(a, n), *y = STR(b, n);
        return x->length == y->length && (x->length == 0 || memcmp(x->buffer, y->buffer, x->length) == 0);
    }
    default:
        for (size_t k = 0; k < n->count; k++)
            if (!eq_node(&n->fields[k].node, a, b)) return false;
        return true;
    }
}

static bool hne_eq(const void *ne, const void *other, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne), *w = variant_of(vt, other);
    return v && v == w && eq_node(&v->node, ne, other);
}

#define X(O)                                                                                              \
    static void drop_##O(void *ne) { hne_drop(ne, O); }                                                   \
    static void *clone_##O(void *r, const void *ne, const void *vt) { return hne_clone(r, ne, vt, O); }   \
    static AbsRResultUnit debug_##O(const void *ne, AbsFormattingMode m, AbsRString *out) { return hne_debug(ne, m, out, O); } \
    static AbsRResultUnit display_##O(const void *ne, AbsFormattingMode m, AbsRString *out) { return hne_display(ne, m, out, O); } \
    static void *serialize_##O(void *r, const void *ne) { return hne_serialize(r, ne, O); }              \
    static bool eq_##O(const void *ne, const void *other) { return hne_eq(ne, other, O); }
#define HNE_OFFSETS(X) X(8) X(16) X(24) X(32) X(40) X(48) X(56) X(64) X(72) X(80) X(88) X(96) X(104) X(112) X(120) X(128) X(136) X(144) X(152) X(160) X(168) X(176) X(184) X(192) X(200) X(208) X(216) X(224) X(232) X(240) X(248) X(256) X(264) X(272) X(280) X(288) X(296) X(304) X(312) X(320) X(328) X(336) X(344) X(352) X(360) X(368) X(376) X(384) X(392) X(400) X(408) X(416) X(424) X(432) X(440) X(448) X(456) X(464) X(472) X(480) X(488) X(496) X(504) X(512)
HNE_OFFSETS(X)
#undef X

typedef struct hne_slots { void (*drop)(void *); AbsFn clone, debug, display, serialize, eq; } hne_slots;
#define X(O) { drop_##O, (AbsFn)clone_##O, (AbsFn)debug_##O, (AbsFn)display_##O, (AbsFn)serialize_##O, (AbsFn)eq_##O },
static const hne_slots slot_sets[] = { HNE_OFFSETS(X) };
#undef X
enum { MAX_OFFSET = 8 * (int)(sizeof slot_sets / sizeof slot_sets[0]) };

/* ---- building a vtable from the host's plan ------------------------------------------------ */

typedef struct plan_reader { const uint64_t *w; size_t len, at; const char *strings; size_t strings_len; bool bad; } plan_reader;

static uint64_t word(plan_reader *r) {
    if (r->at >= r->len) { r->bad = true; return 0; }
    return r->w[r->at++];
}
static AbsRStr text_at(plan_reader *r, uint64_t start, uint64_t len) {
    AbsRStr s = { "", 0 };
    if (start > r->strings_len || len > r->strings_len - start) { r->bad = true; return s; }
    s.data = r->strings + start;
    s.length = len;
    return s;
}

static void read_node(plan_reader *r, hne_node *n, unsigned depth) {
    uint64_t w[NODE_WORDS];
    for (int k = 0; k < NODE_WORDS; k++) w[k] = word(r);
    memset(n, 0, sizeof *n);
    n->kind = (uint32_t)w[0];
    n->offset = w[1];
    if (n->kind == K_INT || n->kind == K_FLOAT) {
        n->size = w[2];
        n->is_signed = w[3] != 0;
        if (!(n->size == 1 || n->size == 2 || n->size == 4 || n->size == 8)) r->bad = true;
    } else if (n->kind == K_STRUCT) {
        n->name = text_at(r, w[2], w[3]);
        n->style = (uint32_t)w[4];
        n->count = w[5];
        if (depth > 16 || n->count > 256) { r->bad = true; return; }
        n->fields = n->count ? rt_alloc_forever(n->count * sizeof *n->fields, _Alignof(hne_field)) : NULL;
        for (size_t k = 0; k < n->count && !r->bad; k++) {
            uint64_t s = word(r), l = word(r);
            n->fields[k].name = text_at(r, s, l);
            read_node(r, &n->fields[k].node, depth + 1);
        }
    } else if (n->kind != K_BOOL && n->kind != K_STR) {
        r->bad = true;
    }
}

ABS_RT_API const void *abs_ne_host_vtable(const uint64_t *plan, size_t plan_len, const char *strings, size_t strings_len) {
    char *kept = rt_alloc_forever(strings_len + 1, 1);
    memcpy(kept, strings, strings_len);
    plan_reader r = { plan, plan_len, 0, kept, strings_len, false };
    hne_vtable *vt = rt_alloc_forever(sizeof *vt, _Alignof(hne_vtable));
    memset(vt, 0, sizeof *vt);
    vt->offset = word(&r);
    vt->tag_size = word(&r);
    vt->enum_type = (const abs_type *)(uintptr_t)word(&r);
    uint64_t traits = word(&r);
    vt->variant_count = word(&r);
    uint64_t ts = word(&r), tl = word(&r), ns = word(&r), nl = word(&r);
    vt->info.type_name = text_at(&r, ts, tl);
    vt->info.strings = text_at(&r, ns, nl);
    vt->info.variant_names = (uint32_t)(nl << 16);
    if (vt->offset < 8 || vt->offset > MAX_OFFSET || vt->offset % 8 || vt->variant_count > 4096 || nl > 0xffff || !vt->enum_type) return NULL;
    vt->variants = rt_alloc_forever(vt->variant_count * sizeof *vt->variants + 1, _Alignof(hne_variant));
    uint64_t mask = vt->tag_size >= 8 ? ~0ull : (1ull << (vt->tag_size * 8)) - 1;
    for (size_t k = 0; k < vt->variant_count && !r.bad; k++) {
        hne_variant *v = &vt->variants[k];
        v->discriminant = word(&r) & mask;
        uint64_t ds = word(&r), dl = word(&r);
        v->has_display = dl != UINT64_MAX;
        if (v->has_display) v->display = text_at(&r, ds, dl);
        read_node(&r, &v->node, 0);
        if (v->node.kind != K_STRUCT) r.bad = true;
    }
    if (r.bad || r.at != r.len) return NULL;
    const hne_slots *s = &slot_sets[vt->offset / 8 - 1];
    vt->wm.field_accessibility = 0x7FF;
    vt->wm.type_layout = &rt_layout_dyntrait_vtable;
    vt->wm.enum_info = &vt->info;
    vt->wm.drop = s->drop;
    /* Clone returns the NonExhaustive in memory, which needs it larger than 16 bytes. */
    if ((traits & ABS_NE_HOST_CLONE) && vt->offset > 8) vt->wm.slots[NE_CLONE] = s->clone;
    if (traits & ABS_NE_HOST_DEBUG) vt->wm.slots[NE_DEBUG] = s->debug;
    if (traits & ABS_NE_HOST_DISPLAY) vt->wm.slots[NE_DISPLAY] = s->display;
    if (traits & ABS_NE_HOST_SERIALIZE) vt->wm.slots[NE_SERIALIZE] = s->serialize;
    if (traits & ABS_NE_HOST_PARTIAL_EQ) vt->wm.slots[NE_PARTIAL_EQ] = s->eq;
    return vt;
}
#undef text_byte
#undef X
#undef HNE_OFFSETS

/* ==== src/native/nonexhaustive.c ==== */
#define drop_nothing abs__nonexhaustive__drop_nothing
/* nonexhaustive.c: the NonExhaustiveVtable (reference 11.A) a moved-from NonExhaustive keeps once
 * JS took the value out of it: its _sabi_drop does nothing, every other slot is null. */
/* #include "ne_internal.h": at the top */
/* #include "abs_erased.h": at the top */

static void drop_nothing(void *ne) { (void)ne; }

static const ne_enum_info moved_info = { { "abs_rt::MovedNonExhaustive", 26 }, { "", 0 }, 0 };
static const ne_vtable_wm inert_ne_vtable = { 0x7FFull, &rt_layout_dyntrait_vtable, &moved_info, drop_nothing, { 0 } };

ABS_RT_API const void *abs_inert_ne_vtable(void) { return &inert_ne_vtable; }
#undef drop_nothing

/* ==== src/native/pin.c ==== */
/* pin.c: keeping shared libraries mapped until the process ends. Node finalizes the FFI layer's
 * library handles when it exits, which unloads them, while a plugin's own threads (or calls queued
 * through this runtime's trampolines) may still be running code inside them: the process then
 * dies of SIGSEGV instead of exiting. abi_stable never unloads libraries either (reference 4.7). */
/* _GNU_SOURCE: set at the top */
/* #include "rt_internal.h": at the top */

#if !defined(_WIN32)
#include <dlfcn.h>

/* Marks the already-loaded library at `path` RTLD_NODELETE. Returns 0, or -1 if it is not loaded. */
ABS_RT_API int abs_pin_library(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    if (!h) return -1;
    dlclose(h); /* drops only the reference taken just now; NODELETE stays */
    return 0;
}

/* Pins the library this code is in (the runtime itself, or a plugin that compiled it in). */
int rt_pin_self(void) {
    Dl_info info;
    if (!dladdr((void *)(uintptr_t)&rt_pin_self, &info) || !info.dli_fname) return -1;
    return abs_pin_library(info.dli_fname);
}
#else
ABS_RT_API int abs_pin_library(const char *path) {
    (void)path;
    return -1;
}
int rt_pin_self(void) { return -1; }
#endif

/* ==== src/native/rchannel_core.c ==== */
/* rchannel_core.c: the host's RSender/RReceiver channel (abs_rchannel.h): a ring of T values behind
 * a mutex with two condition variables, counted ends, and a wake-up for the host when it waits. */
/* #include "rchannel_internal.h": at the top */

#include <errno.h>

static _Atomic int64_t rc_live_rchannels;

static void *rc_slot_at(rt_rchannel *c, size_t i) { return c->ring + ((c->head + i) % c->ring_cap) * c->stride; }

static void rc_free_rchannel(rt_wake_node *n) {
    rt_rchannel *c = (rt_rchannel *)n; /* node is the first field */
    /* Values nobody received are dropped through their own vtables. */
    for (size_t i = 0; i < c->len; i++)
        if (c->type->drop_len) abs_drop_in_place(rc_slot_at(c, i), c->type->drop, c->type->drop_len);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * c->stride, c->type->align ? c->type->align : 1);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->not_empty);
    pthread_cond_destroy(&c->not_full);
    abs_dealloc(c, sizeof *c, _Alignof(rt_rchannel));
    atomic_fetch_sub(&rc_live_rchannels, 1);
}

/* Wakes the host if it waits; called without the lock. */
static void rc_wake_host(rt_rchannel *c) {
    if (c->node.id && atomic_exchange(&c->host_waiting, 0)) rt_wake_push(&c->node);
}

static void rc_grow(rt_rchannel *c) {
    size_t cap = c->ring_cap ? c->ring_cap * 2 : 16;
    size_t align = c->type->align ? c->type->align : 1;
    unsigned char *ring = abs_alloc(cap * c->stride, align);
    for (size_t i = 0; i < c->len; i++) memcpy(ring + i * c->stride, rc_slot_at(c, i), c->type->size);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * c->stride, align);
    c->ring = ring;
    c->ring_cap = cap;
    c->head = 0;
}

static int rc_wait_on(pthread_cond_t *cv, pthread_mutex_t *m, const struct timespec *deadline) {
    return deadline ? pthread_cond_timedwait(cv, m, deadline) : pthread_cond_wait(cv, m);
}

int rc_push(rt_rchannel *c, const void *value, int block, const struct timespec *deadline) {
    pthread_mutex_lock(&c->lock);
    for (;;) {
        if (c->receivers == 0) {
            pthread_mutex_unlock(&c->lock);
            return RC_DISCONNECTED;
        }
        if (c->capacity == 0 || c->len < c->capacity) break;
        if (!block || (rc_wait_on(&c->not_full, &c->lock, deadline) == ETIMEDOUT && c->len >= c->capacity && c->receivers)) {
            pthread_mutex_unlock(&c->lock);
            return RC_NOT_NOW;
        }
    }
    if (c->len == c->ring_cap) rc_grow(c);
    memcpy(c->ring + ((c->head + c->len) % c->ring_cap) * c->stride, value, c->type->size);
    c->len++;
    pthread_cond_signal(&c->not_empty);
    pthread_mutex_unlock(&c->lock);
    rc_wake_host(c);
    return RC_OK;
}

int rc_pop(rt_rchannel *c, void *out, int block, const struct timespec *deadline) {
    pthread_mutex_lock(&c->lock);
    while (c->len == 0) {
        if (c->senders == 0) {
            pthread_mutex_unlock(&c->lock);
            return RC_DISCONNECTED;
        }
        if (!block || (rc_wait_on(&c->not_empty, &c->lock, deadline) == ETIMEDOUT && c->len == 0 && c->senders)) {
            pthread_mutex_unlock(&c->lock);
            return RC_NOT_NOW;
        }
    }
    memcpy(out, rc_slot_at(c, 0), c->type->size);
    c->head = (c->head + 1) % c->ring_cap;
    c->len--;
    pthread_cond_signal(&c->not_full);
    pthread_mutex_unlock(&c->lock);
    return RC_OK;
}

size_t rc_len(rt_rchannel *c) {
    pthread_mutex_lock(&c->lock);
    size_t n = c->len;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* ---- ends: RBox<ErasedSender<T>> / RBox<ErasedReceiver<T>> -------------------------------------- */

static const uint8_t rc_end_anchor = 0;
static AbsUTypeId rc_end_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &rc_end_anchor;
    memcpy(id.type_id_array, "abs_rt:RChanEnd", 16);
    return id;
}

static void rc_release_end(void *data, int sender) {
    rt_rchannel_end *e = data;
    rt_rchannel *c = e->chan;
    abs_dealloc(e, sizeof *e, _Alignof(rt_rchannel_end));
    pthread_mutex_lock(&c->lock);
    int disconnected = sender ? --c->senders == 0 : --c->receivers == 0;
    if (disconnected) pthread_cond_broadcast(sender ? &c->not_empty : &c->not_full);
    pthread_mutex_unlock(&c->lock);
    /* The host waiting to receive learns that no sender is left. */
    if (disconnected && sender) rc_wake_host(c);
    rt_node_release(&c->node);
}

static void rc_sender_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)call_drop;
    (void)dealloc; /* the end is one allocation, released with the reference it holds */
    rc_release_end(data, 1);
}
static void rc_receiver_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)call_drop;
    (void)dealloc;
    rc_release_end(data, 0);
}

static const AbsBoxVtable_WM rc_sender_box_vtable = { ABS_BOX_VTABLE_BITS, &rt_layout_box_vtable, { rc_end_type_id, rc_sender_destructor } };
static const AbsBoxVtable_WM rc_receiver_box_vtable = { ABS_BOX_VTABLE_BITS, &rt_layout_box_vtable, { rc_end_type_id, rc_receiver_destructor } };

AbsRBox rc_clone_end(rt_rchannel *c, int sender) {
    pthread_mutex_lock(&c->lock);
    if (sender) c->senders++;
    else c->receivers++;
    pthread_mutex_unlock(&c->lock);
    rt_node_retain(&c->node);
    rt_rchannel_end *e = abs_alloc(sizeof *e, _Alignof(rt_rchannel_end));
    e->chan = c;
    AbsRBox b = { e, sender ? &rc_sender_box_vtable : &rc_receiver_box_vtable };
    return b;
}

ABS_RT_API int abs_rchannel_new(const abs_type *type, size_t capacity, uint64_t wake_id,
                                AbsRChannelEnd *sender, AbsRChannelEnd *receiver) {
    if (type->align > 8 || type->float_units) return -1;
    const void *vtable = rc_vtable(type->size, type->align ? type->align : 1);
    if (!vtable) return -1; /* a zero-sized or over-128-byte T, or not x86-64 System V */
    rt_rchannel *c = abs_alloc(sizeof *c, _Alignof(rt_rchannel));
    memset(c, 0, sizeof *c);
    c->node.id = wake_id;
    c->node.free_node = rc_free_rchannel;
    atomic_init(&c->node.refs, 0);
    atomic_init(&c->node.queued, 0);
    atomic_init(&c->host_waiting, 0);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->not_empty, NULL);
    pthread_cond_init(&c->not_full, NULL);
    c->type = type;
    size_t align = type->align ? type->align : 1;
    c->stride = rt_round_up(type->size ? type->size : 1, align);
    c->capacity = capacity;
    c->vtable = vtable;
    atomic_fetch_add(&rc_live_rchannels, 1);
    sender->channel = rc_clone_end(c, 1);
    sender->vtable = c->vtable;
    receiver->channel = rc_clone_end(c, 0);
    receiver->vtable = c->vtable;
    return 0;
}

ABS_RT_API int abs_rchannel_watch(void *chan) {
    rt_rchannel *c = rc_of(chan);
    pthread_mutex_lock(&c->lock);
    int ready = c->len > 0 || c->senders == 0;
    if (!ready) atomic_store(&c->host_waiting, 1);
    pthread_mutex_unlock(&c->lock);
    return ready;
}

ABS_RT_API const void *abs_rchannel_receiver_box_vtable(void) { return &rc_receiver_box_vtable; }
ABS_RT_API int64_t abs_rchannels_live(void) { return atomic_load(&rc_live_rchannels); }

/* ==== src/native/rchannel_slots.c ==== */
/* rchannel_slots.c: the 16 slots of the host channel's VTable<T> (reference 11.C). The slots that
 * take or return T have one C body for every T: on x86-64 System V a T without floats travels in
 * one or two integer registers (rc_up to 16 bytes) or in memory on the stack, and a result over 16
 * bytes through a hidden pointer passed first and returned in rax. So each slot comes in the few
 * shapes those rules allow, and the vtable for a T picks the shapes its sizes need. Elsewhere the
 * vtable is not made (abs_rchannel_new refuses). */
/* #include "rchannel_internal.h": at the top */

#if defined(__x86_64__) && !defined(_WIN32)

enum { K_SEND, K_TRY_SEND, K_SEND_TIMEOUT, K_RECV, K_TRY_RECV, K_RECV_TIMEOUT };
enum { RC_MAX_T = 128, RC_BUF = RC_MAX_T + 32 };

typedef struct rc_reg { uint64_t w[2]; } rc_reg;          /* a result in rax:rdx */
typedef struct rc_mem { uint64_t w[RC_MAX_T / 8]; } rc_mem; /* a T passed in memory (its first bytes) */

static size_t rc_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* Bytes of each slot's RResult for T of `s` bytes aligned to `a` (reference 11.C's error types). */
static size_t rc_result_size(int kind, size_t s, size_t a) {
    switch (kind) {
    case K_SEND: /* RResult<(), RSendError<T>>: RSendError is transparent over T */
    case K_RECV: /* RResult<T, RRecvError>: the error is zero-sized */
        return rc_up(a + s, a);
    case K_TRY_SEND: /* RResult<(), RTrySendError<T>>: the error is a u8-tagged enum over T */
    case K_SEND_TIMEOUT:
        return rc_up(a + rc_up(a + s, a), a);
    default: /* RResult<T, RTryRecvError | RRecvTimeoutError>: the error is a u8 right after the tag */
        return rc_up(a + s, a);
    }
}

static void rc_deadline_in(struct timespec *d, uint64_t secs, uint32_t nanos) {
    clock_gettime(CLOCK_REALTIME, d);
    d->tv_sec += (time_t)secs;
    d->tv_nsec += nanos;
    if (d->tv_nsec >= 1000000000L) {
        d->tv_sec += d->tv_nsec / 1000000000L;
        d->tv_nsec %= 1000000000L;
    }
}

/* A send-type slot: ROk, or RErr with the value given back (and Full/Timeout vs Disconnected). */
static void rc_do_send(int kind, void *chan, const void *value, uint64_t secs, uint32_t nanos, unsigned char *out) {
    rt_rchannel *c = rc_of(chan);
    size_t s = c->type->size, a = c->type->align ? c->type->align : 1;
    struct timespec d;
    if (kind == K_SEND_TIMEOUT) rc_deadline_in(&d, secs, nanos);
    int rc = rc_push(c, value, kind != K_TRY_SEND, kind == K_SEND_TIMEOUT ? &d : NULL);
    memset(out, 0, rc_result_size(kind, s, a));
    if (rc == RC_OK) return; /* ROk = 0 */
    out[0] = ABS_RERR;
    if (kind == K_SEND) {
        memcpy(out + a, value, s);
        return;
    }
    out[a] = rc == RC_NOT_NOW ? 0 /* Full / Timeout */ : 1 /* Disconnected */;
    memcpy(out + 2 * a, value, s);
}

static void rc_do_recv(int kind, void *chan, uint64_t secs, uint32_t nanos, unsigned char *out) {
    rt_rchannel *c = rc_of(chan);
    size_t s = c->type->size, a = c->type->align ? c->type->align : 1;
    struct timespec d;
    if (kind == K_RECV_TIMEOUT) rc_deadline_in(&d, secs, nanos);
    memset(out, 0, rc_result_size(kind, s, a));
    int rc = rc_pop(c, out + a, kind != K_TRY_RECV, kind == K_RECV_TIMEOUT ? &d : NULL);
    if (rc == RC_OK) return;
    out[0] = ABS_RERR;
    /* RResult is repr(u8): each variant is its own struct, so the u8 error follows the tag. */
    if (kind != K_RECV) out[1] = rc == RC_NOT_NOW ? 0 /* Empty / Timeout */ : 1 /* Disconnected */;
}

static size_t rc_result_of(void *chan, int kind) {
    rt_rchannel *c = rc_of(chan);
    return rc_result_size(kind, c->type->size, c->type->align ? c->type->align : 1);
}

/* Shapes: _r returns in registers, _m through the hidden pointer; T in one (1) or two (2) registers
 * or in memory (m). Slots whose T is the last parameter ignore a second register they do not have. */
#define REG_VALUE uint64_t v[2] = { a0, a1 }
#define NO_ASAN __attribute__((no_sanitize_address)) /* a T in memory is read for its own size only */

static rc_reg rc_send_rr(void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; rc_reg r; rc_do_send(K_SEND, chan, v, 0, 0, (unsigned char *)&r); return r; }
static void *rc_send_rm(void *ret, void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_SEND, chan, v, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_SEND)); return ret; }
NO_ASAN static void *rc_send_mm(void *ret, void *chan, rc_mem m) { unsigned char b[RC_BUF]; rc_do_send(K_SEND, chan, &m, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_SEND)); return ret; }

static rc_reg rc_try_send_rr(void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; rc_reg r; rc_do_send(K_TRY_SEND, chan, v, 0, 0, (unsigned char *)&r); return r; }
static void *rc_try_send_rm(void *ret, void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_TRY_SEND, chan, v, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_SEND)); return ret; }
NO_ASAN static void *rc_try_send_mm(void *ret, void *chan, rc_mem m) { unsigned char b[RC_BUF]; rc_do_send(K_TRY_SEND, chan, &m, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_SEND)); return ret; }

/* send_timeout(chan, T, RDuration { secs, nanos }): the duration follows T's registers. */
static rc_reg rc_send_timeout_r1(void *chan, uint64_t a0, uint64_t secs, uint32_t nanos) { uint64_t v[1] = { a0 }; rc_reg r; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, (unsigned char *)&r); return r; }
static rc_reg rc_send_timeout_r2(void *chan, uint64_t a0, uint64_t a1, uint64_t secs, uint32_t nanos) { REG_VALUE; rc_reg r; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, (unsigned char *)&r); return r; }
static void *rc_send_timeout_m1(void *ret, void *chan, uint64_t a0, uint64_t secs, uint32_t nanos) { uint64_t v[1] = { a0 }; unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }
static void *rc_send_timeout_m2(void *ret, void *chan, uint64_t a0, uint64_t a1, uint64_t secs, uint32_t nanos) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }
NO_ASAN static void *rc_send_timeout_mm(void *ret, void *chan, rc_mem m, uint64_t secs, uint32_t nanos) { unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, &m, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }

static rc_reg rc_recv_r(void *chan) { rc_reg r; rc_do_recv(K_RECV, chan, 0, 0, (unsigned char *)&r); return r; }
static void *rc_recv_m(void *ret, void *chan) { unsigned char b[RC_BUF]; rc_do_recv(K_RECV, chan, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_RECV)); return ret; }
static rc_reg rc_try_recv_r(void *chan) { rc_reg r; rc_do_recv(K_TRY_RECV, chan, 0, 0, (unsigned char *)&r); return r; }
static void *rc_try_recv_m(void *ret, void *chan) { unsigned char b[RC_BUF]; rc_do_recv(K_TRY_RECV, chan, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_RECV)); return ret; }
static rc_reg rc_recv_timeout_r(void *chan, uint64_t secs, uint32_t nanos) { rc_reg r; rc_do_recv(K_RECV_TIMEOUT, chan, secs, nanos, (unsigned char *)&r); return r; }
static void *rc_recv_timeout_m(void *ret, void *chan, uint64_t secs, uint32_t nanos) { unsigned char b[RC_BUF]; rc_do_recv(K_RECV_TIMEOUT, chan, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_RECV_TIMEOUT)); return ret; }

/* The slots that do not move a T. */
typedef struct rc_option_usize { uint8_t tag; size_t value; } rc_option_usize;
static AbsRBox rc_clone_sender(void *chan) { return rc_clone_end(rc_of(chan), 1); }
static AbsRBox rc_clone_receiver(void *chan) { return rc_clone_end(rc_of(chan), 0); }
static bool rc_is_empty(void *chan) { return rc_len(rc_of(chan)) == 0; }
static bool rc_is_full(void *chan) {
    rt_rchannel *c = rc_of(chan);
    return c->capacity && rc_len(c) >= c->capacity;
}
static size_t rc_slot_len(void *chan) { return rc_len(rc_of(chan)); }
static rc_option_usize rc_slot_capacity(void *chan) {
    rt_rchannel *c = rc_of(chan);
    rc_option_usize r;
    memset(&r, 0, sizeof r);
    r.tag = c->capacity ? ABS_RSOME : ABS_RNONE; /* RNone: unbounded */
    r.value = c->capacity;
    return r;
}

typedef struct rc_vtable_wm {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
    AbsFn slots[16];
} rc_vtable_wm;

ABS_DEFINE_TYPE_LAYOUT(rc_vtable_layout, "VTable", "abs_rt;0.1.0", 16);
static rt_cache rc_vtables = RT_CACHE_INIT;

static void *rc_make_vtable(const void *size_key, const void *align_key) {
    size_t s = (size_t)(uintptr_t)size_key, a = (size_t)(uintptr_t)align_key;
    int reg_t = s <= 16, two = s > 8;
#define PICK(kind, r, m) (rc_result_size(kind, s, a) <= 16 ? (AbsFn)(r) : (AbsFn)(m))
    rc_vtable_wm *vt = rt_alloc_forever(sizeof *vt, _Alignof(rc_vtable_wm));
    vt->field_accessibility = 0xFFFF; /* missing_field(panic), last_prefix_field = receiver_capacity */
    vt->type_layout = &rc_vtable_layout;
    vt->slots[0] = reg_t ? PICK(K_SEND, rc_send_rr, rc_send_rm) : (AbsFn)rc_send_mm;
    vt->slots[1] = reg_t ? PICK(K_TRY_SEND, rc_try_send_rr, rc_try_send_rm) : (AbsFn)rc_try_send_mm;
    vt->slots[2] = reg_t ? (two ? PICK(K_SEND_TIMEOUT, rc_send_timeout_r2, rc_send_timeout_m2) : PICK(K_SEND_TIMEOUT, rc_send_timeout_r1, rc_send_timeout_m1))
                         : (AbsFn)rc_send_timeout_mm;
    vt->slots[3] = (AbsFn)rc_clone_sender;
    vt->slots[4] = (AbsFn)rc_is_empty;
    vt->slots[5] = (AbsFn)rc_is_full;
    vt->slots[6] = (AbsFn)rc_slot_len;
    vt->slots[7] = (AbsFn)rc_slot_capacity;
    vt->slots[8] = PICK(K_RECV, rc_recv_r, rc_recv_m);
    vt->slots[9] = PICK(K_TRY_RECV, rc_try_recv_r, rc_try_recv_m);
    vt->slots[10] = PICK(K_RECV_TIMEOUT, rc_recv_timeout_r, rc_recv_timeout_m);
    vt->slots[11] = (AbsFn)rc_clone_receiver;
    vt->slots[12] = (AbsFn)rc_is_empty;
    vt->slots[13] = (AbsFn)rc_is_full;
    vt->slots[14] = (AbsFn)rc_slot_len;
    vt->slots[15] = (AbsFn)rc_slot_capacity;
#undef PICK
    return vt;
}

const void *rc_vtable(size_t size, size_t align) {
    if (size == 0 || size > RC_MAX_T) return NULL;
    return rt_cache_get(&rc_vtables, (const void *)(uintptr_t)size, (const void *)(uintptr_t)align, rc_make_vtable);
}

#else

const void *rc_vtable(size_t size, size_t align) {
    (void)size;
    (void)align;
    return NULL;
}

#endif
#undef REG_VALUE
#undef NO_ASAN
#undef PICK

/* ==== src/native/trait_arc.c ==== */
/* trait_arc.c: a host trait object over RArc<()> (reference 1.12, 11.B). The data pointer is the
 * host object the trait vtable's trampolines expect, with a strong count in front of it; the
 * ArcVtable's destructor releases one reference and the last one releases the JS object. The
 * trait vtable is the declaration's RArc one (rt_host_trait.wm_arc: the same method slots), whose
 * RObjectVtable drops one reference and clones by adding one, as abi_stable's
 * `clone_pointer_impl::<RArc<()>>` does, so a plugin can clone the object through it. */
/* #include "trait_internal.h": at the top */

#include <stddef.h>

/* Turns the RBox host object at `inout` (from abs_trait_object) into an RArc one, in place. */
ABS_RT_API void abs_trait_object_arc(AbsRObject *inout);
/* The strong count of an RArc host object (tests). */
ABS_RT_API size_t abs_trait_arc_strong(const void *data);

typedef struct ta_arc_host {
    _Atomic size_t strong;
    rt_host_object obj;
} ta_arc_host;

static ta_arc_host *ta_arc_of(const void *data) {
    return (ta_arc_host *)((unsigned char *)data - offsetof(ta_arc_host, obj));
}

static const uint8_t ta_arc_anchor = 0;
static AbsUTypeId ta_arc_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &ta_arc_anchor;
    memcpy(id.type_id_array, "abs_rt:HostArc\0", 16);
    return id;
}

static void ta_arc_destructor(const void *data, AbsCallReferentDrop call_drop) {
    ta_arc_host *a = ta_arc_of(data);
    if (atomic_fetch_sub(&a->strong, 1) != 1) return;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_trait_release(a->obj.trait, a->obj.id);
    abs_dealloc(a, sizeof *a, _Alignof(ta_arc_host));
}

static AbsRArc ta_arc_clone(const AbsRArc *self) {
    atomic_fetch_add(&ta_arc_of(self->data)->strong, 1);
    return *self;
}

static void *ta_arc_get_mut(AbsRArc *self) {
    return atomic_load(&ta_arc_of(self->data)->strong) == 1 ? (void *)self->data : NULL;
}

/* RResult<T, RArc<T>> with T the 16-byte host object: never unwrapped (the value is JS's), so
 * the Arc comes back as the error, as Rust's try_unwrap does for a shared Arc. */
typedef struct ta_arc_unwrap_result { uint8_t tag; AbsRArc err; } ta_arc_unwrap_result;
static ta_arc_unwrap_result ta_arc_try_unwrap(AbsRArc self) {
    ta_arc_unwrap_result r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RERR;
    r.err = self;
    return r;
}

static size_t ta_arc_strong(const AbsRArc *self) { return atomic_load(&ta_arc_of(self->data)->strong); }
static size_t ta_arc_weak(const AbsRArc *self) { (void)self; return 0; }

ABS_DEFINE_TYPE_LAYOUT(ta_arc_vtable_layout, "ArcVtable", "abs_rt;0.1.0", 7);

static const AbsArcVtable_WM ta_host_arc_vtable = {
    ABS_ARC_VTABLE_BITS,
    &ta_arc_vtable_layout,
    { ta_arc_type_id, ta_arc_destructor, ta_arc_clone, ta_arc_get_mut, (AbsFn)ta_arc_try_unwrap, ta_arc_strong, ta_arc_weak },
};

/* `_sabi_drop` / `_sabi_clone` receive &RObject.ptr, here an RArc<()>. */
static void ta_object_drop(void *ptr_field) {
    const AbsRArc *a = ptr_field;
    ta_arc_destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
}

static AbsRBox ta_object_clone(const void *ptr_field) {
    AbsRArc c = ta_arc_clone(ptr_field);
    AbsRBox as_box = { (void *)c.data, (AbsBoxVtable_Ref)(const void *)c.vtable };
    return as_box;
}

static AbsMaybeCmpUTypeId ta_no_type_id(void) { return rt_maybe_type_id_nothing(); }

ABS_DEFINE_TYPE_LAYOUT(ta_robject_vtable_layout, "RObjectVtable", "abs_rt;0.1.0", 6);

const AbsRObjectVtable_WM rt_host_arc_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &ta_robject_vtable_layout,
    { ta_no_type_id, ta_object_drop, ta_object_clone, NULL, NULL },
};

ABS_RT_API void abs_trait_object_arc(AbsRObject *inout) {
    rt_host_object *h = inout->ptr.data;
    ta_arc_host *a = abs_alloc(sizeof *a, _Alignof(ta_arc_host));
    atomic_init(&a->strong, 1);
    a->obj = *h;
    /* The box's storage only: the JS object now belongs to the Arc. */
    inout->ptr.vtable->value.destructor(h, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
    inout->vtable = (const AbsTraitVTableBase_WM *)(const void *)&a->obj.trait->wm_arc;
    inout->ptr.data = &a->obj;
    inout->ptr.vtable = (AbsBoxVtable_Ref)(const void *)&ta_host_arc_vtable;
}

ABS_RT_API size_t abs_trait_arc_strong(const void *data) { return atomic_load(&ta_arc_of(data)->strong); }

/* ==== src/native/trait_dispatch.c ==== */
/* trait_dispatch.c: what a host object's method slot does once its trampoline has captured the
 * arguments: call JS directly on the main thread, queue a call that returns nothing from any other
 * thread, return a host future at once for a method returning an FfiFuture (queuing the call that
 * completes it), and refuse (with the method's declared error value) a call that would have to wait for
 * the main thread. See abs_trait.h for why. */
/* #include "trait_internal.h": at the top */
/* #include "abs_async.h": at the top */

static const abs_type text_type = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };

/* A runtime-made RString (the plugin drops it through the runtime's vtable). */
static AbsRString make_text(const char *parts[], size_t count) {
    size_t n = 0;
    for (size_t i = 0; i < count; i++) n += strlen(parts[i]);
    AbsRString s;
    abs_vec_init(&s, &text_type, n);
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(parts[i]);
        memcpy((char *)s.buffer + s.length, parts[i], len);
        s.length += len;
    }
    return s;
}

static const char off_thread[] =
    " returns a value and was called on a thread other than the JS main thread, where JS cannot run; "
    "call it from the thread that called into the plugin, or declare it to return nothing so calls "
    "are queued";

static _Atomic uint64_t next_future_id = 1;

/* A new host future of method `m`'s FfiPoll<T> written at `ret`. Host futures exist wherever the
 * trampolines do (x86-64 System V), so NULL is a broken runtime: nothing sound is left to return. */
static abs_host_future *new_future(const rt_host_trait *trait, const abs_trait_method *m, void *ret) {
    const abs_trait_future_spec *spec = (const abs_trait_future_spec *)(const void *)m->error_bytes;
    abs_host_future *f = abs_host_future_new(atomic_fetch_add(&next_future_id, 1), spec->poll_size, spec->poll_class,
                                             spec->poll_drop, (size_t)spec->poll_drop_len, ret);
    if (!f) {
        fprintf(stderr, "abi-stable: %.*s.%s: the runtime cannot make a host future here; aborting\n",
                (int)trait->mono.name_len, (const char *)trait->mono.name, m->name);
        abort();
    }
    return f;
}

void rt_trait_error_value(const rt_host_trait *trait, const abs_trait_method *m, const char *why, void *ret) {
    if (m->ret_size == 0) return;
    if (m->error_kind == ABS_TRAIT_ERR_FUTURE) {
        /* A future that is already Panicked (its FfiPoll owns nothing). */
        const abs_trait_future_spec *spec = (const abs_trait_future_spec *)(const void *)m->error_bytes;
        abs_host_future *f = new_future(trait, m, ret);
        unsigned char *poll = abs_alloc(spec->poll_size, 16);
        memset(poll, 0, spec->poll_size);
        poll[0] = ABS_POLL_PANICKED;
        abs_host_future_complete(f, poll);
        abs_dealloc(poll, spec->poll_size, 16);
        (void)why;
        return;
    }
    if (m->error_kind == ABS_TRAIT_ERR_RSTRING) {
        const char *parts[] = { "abi-stable: ", (const char *)trait->mono.name, ".", m->name, why };
        AbsRString msg = make_text(parts, sizeof parts / sizeof parts[0]);
        memset(ret, 0, m->ret_size);
        ((uint8_t *)ret)[0] = ABS_RERR;
        memcpy((uint8_t *)ret + m->error_offset, &msg, sizeof msg);
    } else if (m->error_bytes) {
        memcpy(ret, m->error_bytes, m->ret_size);
    } else {
        memset(ret, 0, m->ret_size);
    }
}

/* A queue entry for call `index` with its captured arguments (`extra` bytes after it). */
static abs_trait_call *entry_for(const rt_host_trait *trait, const rt_host_object *h, uint32_t kind,
                                 uint32_t index, const uint64_t *words, const uint64_t *floats,
                                 size_t extra) {
    const abs_trait_method *m = &trait->methods[index];
    abs_trait_call *e = rt_trait_entry(m->words, extra);
    e->kind = kind;
    e->method_index = index;
    e->trait_id = trait->id;
    e->object_id = h->id;
    memcpy(e->words, words, (size_t)m->words * sizeof e->words[0]);
    memcpy(e->floats, floats, (size_t)m->floats * sizeof e->floats[0]);
    return e;
}

/* The plugin gets the error value at once; the entry carries the arguments so JS reports the call
 * and drops the ones passed by value that own memory (they are the callee's). */
static void refuse(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                   const uint64_t *words, const uint64_t *floats, void *ret) {
    rt_trait_error_value(trait, &trait->methods[index], off_thread, ret);
    rt_trait_count_refused();
    rt_trait_enqueue(entry_for(trait, h, ABS_TRAIT_REFUSED, index, words, floats, 0));
}

/* A call entry owning copies of the method's borrowed runs (the caller's memory may be gone by the
 * time JS reads them). */
static abs_trait_call *call_entry(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                                  const uint64_t *words, const uint64_t *floats) {
    const abs_trait_method *m = &trait->methods[index];
    size_t extra = 0;
    for (uint32_t i = 0; i < m->copy_count; i++) {
        size_t bytes = (size_t)words[m->copies[i].word + 1] * m->copies[i].elem_size;
        extra += rt_round_up(bytes, 8);
    }
    abs_trait_call *e = entry_for(trait, h, ABS_TRAIT_CALL, index, words, floats, extra);
    unsigned char *tail = (unsigned char *)(e->words + m->words);
    for (uint32_t i = 0; i < m->copy_count; i++) {
        const abs_trait_copy *c = &m->copies[i];
        size_t bytes = (size_t)words[c->word + 1] * c->elem_size;
        if (bytes) {
            memcpy(tail, (const void *)(uintptr_t)words[c->word], bytes);
            e->words[c->word] = (uint64_t)(uintptr_t)tail;
        } /* an empty run keeps its dangling, aligned pointer */
        tail += rt_round_up(bytes, 8);
    }
    return e;
}

/* A method returning an FfiFuture, called off the main thread: the plugin gets a host future at
 * once (it polls and drops it natively, on any thread); the queued call carries the future, and JS
 * completes it (waking the plugin's waker) once the promise its implementation returned settles. */
static void future_call(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                        const uint64_t *words, const uint64_t *floats, void *ret) {
    abs_host_future *f = new_future(trait, &trait->methods[index], ret);
    abs_trait_call *e = call_entry(trait, h, index, words, floats);
    e->waiting = 2;
    e->ret = f;
    rt_trait_enqueue(e);
}

void rt_trait_dispatch(void *self, uint32_t index, const uint64_t *words, const uint64_t *floats,
                       void *ret) {
    const rt_host_object *h = self;
    const rt_host_trait *trait = h->trait;
    const abs_trait_method *m = &trait->methods[index];
    /* The hidden result buffer is the caller's: nothing is in it yet (register returns are
     * zeroed by their trampoline). */
    if (m->ret_class == ABS_TRAIT_RET_MEMORY) memset(ret, 0, m->ret_size);
    if (rt_trait_on_main_thread()) {
        abs_trait_call c;
        memset(&c, 0, offsetof(abs_trait_call, words));
        c.kind = ABS_TRAIT_CALL;
        c.method_index = index;
        c.trait_id = trait->id;
        c.object_id = h->id;
        memcpy(c.words, words, (size_t)m->words * sizeof c.words[0]);
        memcpy(c.floats, floats, (size_t)m->floats * sizeof c.floats[0]);
        c.ret = ret;
        atomic_load(&rt_trait_invoke)(&c);
    } else if (m->error_kind == ABS_TRAIT_ERR_FUTURE) {
        future_call(trait, h, index, words, floats, ret);
    } else if (m->queueable) {
        rt_trait_enqueue(call_entry(trait, h, index, words, floats));
    } else if (m->wait_ms) {
        rt_trait_wait_call(trait, h, index, call_entry(trait, h, index, words, floats), ret);
    } else {
        refuse(trait, h, index, words, floats, ret);
    }
    /* `self` by value: the method consumed the object, and its caller frees only the storage
     * (CallReferentDrop::No), so the JS object is let go of here, once, after the call (or behind
     * it in the queue), whether the call ran, threw, or was refused. */
    if (m->by_value) rt_trait_release(trait, h->id);
}

void rt_trait_release(const rt_host_trait *trait, uint64_t id) {
    /* Directly when nothing is queued or being delivered (so JS lets go before the plugin's call
     * returns); otherwise behind the calls already queued, which may still use the object. */
    if (rt_trait_on_main_thread() && rt_trait_pending_now() == 0) {
        abs_trait_call c;
        memset(&c, 0, sizeof c);
        c.kind = ABS_TRAIT_RELEASE;
        c.trait_id = trait->id;
        c.object_id = id;
        atomic_load(&rt_trait_invoke)(&c);
        return;
    }
    abs_trait_call *e = rt_trait_entry(0, 0);
    e->kind = ABS_TRAIT_RELEASE;
    e->trait_id = trait->id;
    e->object_id = id;
    rt_trait_enqueue(e);
}

/* ==== src/native/trait_queue.c ==== */
#define queue_lock abs__trait_queue__queue_lock
#define queue_head abs__trait_queue__queue_head
#define queue_tail abs__trait_queue__queue_tail
#define start_lock abs__trait_queue__start_lock
#define wake_read abs__trait_queue__wake_read
#define wake_write abs__trait_queue__wake_write
#define set_flags abs__trait_queue__set_flags
/* trait_queue.c: the queue that carries calls made on plugin threads to the JS main thread. A
 * plugin thread takes a mutex only long enough to link an entry; when the queue was empty it also
 * writes one byte to a pipe whose read end the host's event loop watches, and returns: it never
 * waits for JS. The host takes the whole queue at once on the main thread, so one wake-up delivers
 * a whole batch, in order. No native thread ever calls into JS (or into the FFI layer): when the
 * process exits while a plugin thread is still sending, the bytes simply go unread. */
/* #include "trait_internal.h": at the top */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

/* The host reads and writes these records by byte offset (src/trait/host/plan.ts `Record`,
 * host-object.ts `TraitMethodNative`). */
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
_Static_assert(sizeof(abs_trait_call) == 400, "abs_trait_call size");
_Static_assert(offsetof(abs_trait_call, kind) == 8 && offsetof(abs_trait_call, method_index) == 12, "");
_Static_assert(offsetof(abs_trait_call, trait_id) == 16 && offsetof(abs_trait_call, object_id) == 24, "");
_Static_assert(offsetof(abs_trait_call, ret) == 32 && offsetof(abs_trait_call, floats) == 40, "");
_Static_assert(offsetof(abs_trait_call, words) == 104, "abs_trait_call.words");
_Static_assert(sizeof(abs_trait_method) == 120 && offsetof(abs_trait_method, wait_ms) == 112, "abs_trait_method size");
_Static_assert(offsetof(abs_trait_call, waiting) == 20, "abs_trait_call.waiting");
_Static_assert(offsetof(abs_trait_method, copies) == 32 && offsetof(abs_trait_method, error_kind) == 96, "");
_Static_assert(offsetof(abs_trait_method, error_bytes) == 104, "abs_trait_method.error_bytes");
#endif

_Atomic(abs_trait_invoke_fn) rt_trait_invoke;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static abs_trait_call *queue_head;
static abs_trait_call *queue_tail;
static _Atomic uint64_t pending;
static _Atomic uint64_t refused;

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t main_thread;
static _Atomic int started;
static int wake_read = -1;
static _Atomic int wake_write = -1;

int rt_trait_on_main_thread(void) {
    return atomic_load(&started) && pthread_equal(pthread_self(), main_thread);
}

static int set_flags(int fd) {
    int fl = fcntl(fd, F_GETFL);
    int fd_flags = fcntl(fd, F_GETFD);
    return fl < 0 || fd_flags < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, fd_flags | FD_CLOEXEC) < 0 ? -1 : 0;
}

ABS_RT_API int abs_trait_start(abs_trait_invoke_fn invoke) {
#if !defined(__x86_64__) || defined(_WIN32)
    /* The trampolines' parameter lists match the System V x86-64 convention only. */
    (void)invoke;
    return -1;
#else
    pthread_mutex_lock(&start_lock);
    /* A host that reloads its JS modules in the same process calls again with a new callback. */
    main_thread = pthread_self();
    /* Plugins may hold host objects (whose slots are trampolines here) on threads that outlive
     * Node's teardown: this code must stay mapped until the process ends. */
    rt_pin_self();
    atomic_store(&rt_trait_invoke, invoke);
    atomic_store(&started, 1);
    if (wake_read < 0) {
        int fds[2];
        if (pipe(fds) == 0 && set_flags(fds[0]) == 0 && set_flags(fds[1]) == 0) {
            wake_read = fds[0];
            atomic_store(&wake_write, fds[1]);
        }
    }
    int fd = wake_read;
    pthread_mutex_unlock(&start_lock);
    return fd;
#endif
}

abs_trait_call *rt_trait_entry(uint32_t words, size_t extra) {
    size_t size = offsetof(abs_trait_call, words) + (size_t)words * sizeof(uint64_t) + extra;
    abs_trait_call *e = abs_alloc(size, _Alignof(abs_trait_call));
    memset(e, 0, size);
    return e;
}

void rt_trait_enqueue(abs_trait_call *entry) {
    entry->next = NULL;
    atomic_fetch_add(&pending, 1);
    pthread_mutex_lock(&queue_lock);
    int was_empty = queue_head == NULL;
    if (queue_tail) queue_tail->next = entry;
    else queue_head = entry;
    queue_tail = entry;
    pthread_mutex_unlock(&queue_lock);
    /* One byte per batch: the host takes everything queued when it wakes. A full pipe (EAGAIN)
     * already holds an unread wake-up, so the byte is not needed. */
    if (was_empty) {
        int fd = atomic_load(&wake_write);
        if (fd >= 0) {
            ssize_t n;
            do n = write(fd, "q", 1);
            while (n < 0 && errno == EINTR);
        }
    }
}

void rt_trait_count_refused(void) { atomic_fetch_add(&refused, 1); }
uint64_t rt_trait_pending_now(void) { return atomic_load(&pending); }

ABS_RT_API abs_trait_call *abs_trait_take(void) {
    pthread_mutex_lock(&queue_lock);
    abs_trait_call *list = queue_head;
    queue_head = queue_tail = NULL;
    pthread_mutex_unlock(&queue_lock);
    return list;
}

ABS_RT_API void abs_trait_free(abs_trait_call *list) {
    while (list) {
        abs_trait_call *next = list->next;
        if (list->waiting == 1) rt_trait_wait_done(list);
        abs_dealloc(list, sizeof *list, _Alignof(abs_trait_call));
        atomic_fetch_sub(&pending, 1);
        list = next;
    }
}

ABS_RT_API uint64_t abs_trait_pending(void) { return atomic_load(&pending); }
ABS_RT_API uint64_t abs_trait_refused(void) { return atomic_load(&refused); }
#undef queue_lock
#undef queue_head
#undef queue_tail
#undef start_lock
#undef wake_read
#undef wake_write
#undef set_flags

/* ==== src/native/trait_tramp.c ==== */
/* trait_tramp.c: the fixed pool of method trampolines for host trait objects. Each trampoline is an
 * ordinary C function that knows two things at compile time, its method index and its return
 * family, and declares enough parameters to see every argument register and the first stack words
 * of the caller: the C compiler then reads those registers and stack slots for us, portably across
 * compilers, with no assembly. Unused parameters hold whatever the caller left there; only the
 * ones the method's plan says are real are ever looked at.
 *
 * x86-64 System V: `self` arrives in rdi (rsi when a hidden result pointer takes rdi), the next
 * integer eightbytes in the remaining integer registers, floats in xmm0-7, and everything else
 * (structs over 16 bytes, structs that do not fit the registers left, eightbytes past the
 * registers) in the caller's stack argument area, in argument order. The trampoline's parameter
 * list is `self`, ABS_TRAIT_MAX_WORDS integers, then 8 doubles: the first integers take the
 * registers, the rest read the stack area word by word, and the doubles take xmm0-7.
 *
 * Returns: up to 16 bytes come back in registers as a 16-byte struct whose eightbytes have the
 * classes of the value's (rax:rdx, xmm0:xmm1, rax:xmm0 or xmm0:rax); anything larger goes through
 * the hidden pointer, which is exactly a first pointer parameter that the function also returns,
 * so one family serves every size. */
/* #include "trait_internal.h": at the top */

#define W8(p, i) uint64_t p##i##0, uint64_t p##i##1, uint64_t p##i##2, uint64_t p##i##3, \
                 uint64_t p##i##4, uint64_t p##i##5, uint64_t p##i##6, uint64_t p##i##7
#define V8(p, i) p##i##0, p##i##1, p##i##2, p##i##3, p##i##4, p##i##5, p##i##6, p##i##7
/* 5 register words + 32 stack words = ABS_TRAIT_MAX_WORDS. */
#define TRAMP_PARAMS                                                                            \
    void *self, uint64_t r0, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, W8(s, 0),     \
        W8(s, 1), W8(s, 2), W8(s, 3), double f0, double f1, double f2, double f3, double f4,   \
        double f5, double f6, double f7
#define TRAMP_CAPTURE                                                                           \
    const uint64_t words[ABS_TRAIT_MAX_WORDS] = { r0, r1, r2, r3, r4, V8(s, 0), V8(s, 1),      \
                                                  V8(s, 2), V8(s, 3) };                         \
    const double fregs[ABS_TRAIT_MAX_FLOATS] = { f0, f1, f2, f3, f4, f5, f6, f7 };              \
    uint64_t floats[ABS_TRAIT_MAX_FLOATS];                                                      \
    memcpy(floats, fregs, sizeof floats)

_Static_assert(ABS_TRAIT_MAX_WORDS == 37 && ABS_TRAIT_MAX_FLOATS == 8, "TRAMP_PARAMS shape");
_Static_assert(ABS_TRAIT_MAX_METHODS == 62, "the pool below is generated for 62 methods");

#define REP62(M, X)                                                                             \
    M(0, X) M(1, X) M(2, X) M(3, X) M(4, X) M(5, X) M(6, X) M(7, X) M(8, X) M(9, X) M(10, X)     \
    M(11, X) M(12, X) M(13, X) M(14, X) M(15, X) M(16, X) M(17, X) M(18, X) M(19, X) M(20, X)   \
    M(21, X) M(22, X) M(23, X) M(24, X) M(25, X) M(26, X) M(27, X) M(28, X) M(29, X) M(30, X)   \
    M(31, X) M(32, X) M(33, X) M(34, X) M(35, X) M(36, X) M(37, X) M(38, X) M(39, X) M(40, X)   \
    M(41, X) M(42, X) M(43, X) M(44, X) M(45, X) M(46, X) M(47, X) M(48, X) M(49, X) M(50, X)   \
    M(51, X) M(52, X) M(53, X) M(54, X) M(55, X) M(56, X) M(57, X) M(58, X) M(59, X) M(60, X)   \
    M(61, X)

/* ---- up to 16 bytes, one struct type per pair of eightbyte classes --------------------------- */

typedef struct { uint64_t lo, hi; } ret_ii; /* rax:rdx */
typedef struct { double lo, hi; } ret_ss;   /* xmm0:xmm1 */
typedef struct { uint64_t lo; double hi; } ret_is; /* rax, xmm0 */
typedef struct { double lo; uint64_t hi; } ret_si; /* xmm0, rax */

#define DEF_REGS(k, T)                                                                          \
    static T tramp_##T##_##k(TRAMP_PARAMS) {                                                    \
        T r;                                                                                    \
        memset(&r, 0, sizeof r);                                                                \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, &r);                                          \
        return r;                                                                               \
    }
REP62(DEF_REGS, ret_ii)
REP62(DEF_REGS, ret_ss)
REP62(DEF_REGS, ret_is)
REP62(DEF_REGS, ret_si)

/* ---- through the hidden result pointer (dispatch zeroes ret_size bytes first) ---------------- */

#define DEF_MEM(k, unused)                                                                      \
    static void *tramp_mem_##k(void *ret, TRAMP_PARAMS) {                                       \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, ret);                                         \
        return ret;                                                                             \
    }
REP62(DEF_MEM, _)

/* ---- tables ---------------------------------------------------------------------------------- */

#define ENTRY(k, T) (AbsFn)tramp_##T##_##k,
#define ENTRY_MEM(k, unused) (AbsFn)tramp_mem_##k,

static const AbsFn regs_table[][ABS_TRAIT_MAX_METHODS] = {
    [ABS_TRAIT_RET_REGS] = { REP62(ENTRY, ret_ii) },
    [ABS_TRAIT_RET_FLOAT] = { REP62(ENTRY, ret_ss) },
    [ABS_TRAIT_RET_MEMORY] = { REP62(ENTRY_MEM, _) },
    [ABS_TRAIT_RET_INT_FLOAT] = { REP62(ENTRY, ret_is) },
    [ABS_TRAIT_RET_FLOAT_INT] = { REP62(ENTRY, ret_si) },
};

AbsFn rt_trait_trampoline(uint32_t ret_class, uint32_t ret_size, uint32_t index) {
    if (index >= ABS_TRAIT_MAX_METHODS) return NULL;
    switch (ret_class) {
    case ABS_TRAIT_RET_REGS:
    case ABS_TRAIT_RET_FLOAT:
        return ret_size <= 16 ? regs_table[ret_class][index] : NULL;
    case ABS_TRAIT_RET_INT_FLOAT:
    case ABS_TRAIT_RET_FLOAT_INT:
        return ret_size > 8 && ret_size <= 16 ? regs_table[ret_class][index] : NULL;
    case ABS_TRAIT_RET_MEMORY:
        return ret_size > 16 ? regs_table[ret_class][index] : NULL;
    default:
        return NULL;
    }
}
#undef W8
#undef V8
#undef TRAMP_PARAMS
#undef TRAMP_CAPTURE
#undef REP62
#undef DEF_REGS
#undef DEF_MEM
#undef ENTRY
#undef ENTRY_MEM

/* ==== src/native/trait_vtable.c ==== */
#define drop_nothing abs__trait_vtable__drop_nothing
/* trait_vtable.c: the vtables of host trait objects (reference 3.4): one trait VTable per hosted
 * declaration, whose slots are trampolines; the common RObjectVtable; the BoxVtable of the erased
 * host object; and the inert vtables a moved-from value keeps (their drop does nothing). */
/* #include "trait_internal.h": at the top */

/* A static of this copy of the runtime: host-object type ids never equal a plugin's (ref. 9.11). */
static const uint8_t host_object_anchor = 0;

static AbsUTypeId host_object_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &host_object_anchor;
    memcpy(id.type_id_array, "abs_rt:HostObj\0", 16);
    return id;
}

/* Host objects cannot be downcast by a plugin (TD_Opaque). */
static AbsMaybeCmpUTypeId no_type_id(void) { return rt_maybe_type_id_nothing(); }

static void host_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_host_object *h = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_trait_release(h->trait, h->id);
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(h, sizeof *h, _Alignof(rt_host_object));
}

/* _sabi_drop receives &RObject.ptr and drops that RBox through its own vtable. */
static void drop_box_field(void *ptr_field) {
    AbsRBox *b = ptr_field;
    b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

#define RT_PACKAGE "abs_rt;0.1.0"
ABS_DEFINE_TYPE_LAYOUT(robject_vtable_layout, "RObjectVtable", RT_PACKAGE, 6);
ABS_DEFINE_TYPE_LAYOUT(inert_trait_layout, "VTable", RT_PACKAGE, 2);
ABS_DEFINE_MONO_LAYOUT(trait_vtable_template, "VTable", RT_PACKAGE, 2);

static const AbsBoxVtable_WM host_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { host_object_type_id, host_box_destructor },
};

static const AbsRObjectVtable_WM host_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &robject_vtable_layout,
    { no_type_id, drop_box_field, NULL, NULL, NULL },
};

/* Every hosted declaration, newest first: plugins may hold their objects until the process ends. */
static _Atomic(rt_host_trait *) hosted_traits;

ABS_RT_API const void *abs_trait_vtable(uint32_t trait_id, const char *trait_name,
                                        const abs_trait_method *methods, uint32_t count) {
    if (count > ABS_TRAIT_MAX_METHODS) return NULL;
    AbsFn slots[ABS_TRAIT_MAX_METHODS];
    for (uint32_t k = 0; k < count; k++) {
        const abs_trait_method *m = &methods[k];
        if (m->words > ABS_TRAIT_MAX_WORDS || m->floats > ABS_TRAIT_MAX_FLOATS ||
            m->copy_count > ABS_TRAIT_MAX_COPIES)
            return NULL;
        for (uint32_t i = 0; i < m->copy_count; i++)
            if (m->copies[i].word + 1 >= m->words) return NULL;
        if (!(slots[k] = rt_trait_trampoline(m->ret_class, m->ret_size, k))) return NULL;
    }
    rt_host_trait *t = rt_alloc_forever(sizeof *t, _Alignof(rt_host_trait));
    t->id = trait_id;
    t->count = count;
    memcpy(t->methods, methods, count * sizeof methods[0]);
    /* Names are copied: they appear in messages for as long as the process lives. */
    for (uint32_t k = 0; k < count; k++) {
        size_t n = strlen(methods[k].name) + 1;
        char *name = rt_alloc_forever(n, 1);
        memcpy(name, methods[k].name, n);
        t->methods[k].name = name;
    }
    size_t name_len = strlen(trait_name);
    char *name = rt_alloc_forever(name_len + 1, 1);
    memcpy(name, trait_name, name_len + 1);
    t->mono = trait_vtable_template_mono;
    t->mono.name = (const uint8_t *)name;
    t->mono.name_len = (uint16_t)(name_len > UINT16_MAX ? UINT16_MAX : name_len);
    t->mono.data.prefix_type.value.first_suffix_field = (uint8_t)(count + 2);
    t->layout.generics.data = "";
    t->layout.generics.length = 0;
    t->layout.mono_layout = &t->mono;
    /* Fields: _sabi_tys (0, zero-sized), _sabi_vtable (1), method k (2 + k). */
    t->wm.field_accessibility = (count + 2 >= 64) ? ~0ull : (1ull << (count + 2)) - 1;
    t->wm.type_layout = &t->layout;
    t->wm.sabi_vtable = &host_robject_vtable;
    memcpy(t->wm.slots, slots, count * sizeof slots[0]);
    t->wm_arc = t->wm;
    t->wm_arc.sabi_vtable = &rt_host_arc_robject_vtable;
    t->next = atomic_load(&hosted_traits);
    while (!atomic_compare_exchange_weak(&hosted_traits, &t->next, t)) {
    }
    return &t->wm;
}

ABS_RT_API void abs_trait_object(AbsRObject *out, const void *vtable, uint64_t id) {
    const rt_host_trait *t =
        (const rt_host_trait *)((const unsigned char *)vtable - offsetof(rt_host_trait, wm));
    rt_host_object *h = abs_alloc(sizeof *h, _Alignof(rt_host_object));
    h->trait = t;
    h->id = id;
    out->vtable = vtable;
    out->ptr.data = h;
    out->ptr.vtable = &host_box_vtable;
}

/* ---- inert vtables ---------------------------------------------------------------------------- */

static void drop_nothing(void *ptr_field) { (void)ptr_field; }

static void destroy_nothing(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)data;
    (void)call_drop;
    (void)dealloc;
}

static const AbsRObjectVtable_WM inert_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS,
    &robject_vtable_layout,
    { no_type_id, drop_nothing, NULL, NULL, NULL },
};

/* A trait vtable with no methods: only `_sabi_tys` and `_sabi_vtable`, which is all a drop reads. */
static const AbsTraitVTableBase_WM inert_trait_vtable = {
    0x3,
    &inert_trait_layout,
    { &inert_robject_vtable },
};

static const AbsBoxVtable_WM inert_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { host_object_type_id, destroy_nothing },
};

ABS_RT_API const void *abs_inert_trait_vtable(void) { return &inert_trait_vtable; }
ABS_RT_API const void *abs_inert_box_vtable(void) { return &inert_box_vtable; }
#undef drop_nothing
#undef RT_PACKAGE

/* ==== src/native/trait_wait.c ==== */
/* trait_wait.c: off-thread calls that wait for JS (t.method(..., { offThread: 'wait' })). The call
 * is queued like any other, with `ret` pointing into an answer block shared by the waiting thread
 * and the queue entry (each holds a reference; the last one frees it). The thread waits on the
 * block's condition variable until JS has answered or the method's deadline passed: the main
 * thread may itself be blocked in a native call waiting for this very thread, so a wait never
 * lasts longer than the deadline. A thread that gave up returns the method's error value, and JS
 * then neither runs the call nor leaves what it wrote behind (abs_trait_answer says so). */
/* _POSIX_C_SOURCE: set at the top */
/* #include "trait_internal.h": at the top */

#include <errno.h>
#include <pthread.h>
#include <time.h>

enum { WAITING = 0, ANSWERED = 1, ABANDONED = 2 };

typedef struct rt_waiter {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int state;
    int refs;
    size_t size;
    uint64_t bytes[]; /* the answer (ret_size bytes, rounded up) */
} rt_waiter;

static rt_waiter *waiter_of(const abs_trait_call *entry) {
    return (rt_waiter *)((unsigned char *)entry->ret - offsetof(rt_waiter, bytes));
}

static void unref(rt_waiter *w) {
    pthread_mutex_lock(&w->lock);
    int last = --w->refs == 0;
    pthread_mutex_unlock(&w->lock);
    if (!last) return;
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    abs_dealloc(w, w->size, _Alignof(rt_waiter));
}

static const char timed_out[] =
    " returns a value and waited on a plugin thread for the JS main thread past its deadline (the main "
    "thread was busy, or blocked in a native call waiting for this thread)";

void rt_trait_wait_call(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                        abs_trait_call *entry, void *ret) {
    const abs_trait_method *m = &trait->methods[index];
    size_t size = offsetof(rt_waiter, bytes) + rt_round_up(m->ret_size ? m->ret_size : 1, 8);
    rt_waiter *w = abs_alloc(size, _Alignof(rt_waiter));
    memset(w, 0, size);
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    pthread_cond_init(&w->cond, &attr);
    pthread_condattr_destroy(&attr);
    w->state = WAITING;
    w->refs = 2; /* this thread, and the queue entry */
    w->size = size;
    entry->ret = w->bytes;
    entry->waiting = 1;

    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += m->wait_ms / 1000;
    deadline.tv_nsec += (long)(m->wait_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    rt_trait_enqueue(entry); /* the entry may be delivered and freed from here on: use only `w` */
    pthread_mutex_lock(&w->lock);
    while (w->state == WAITING) {
        if (pthread_cond_timedwait(&w->cond, &w->lock, &deadline) == ETIMEDOUT && w->state == WAITING) {
            w->state = ABANDONED;
        }
    }
    int answered = w->state == ANSWERED;
    if (answered) memcpy(ret, w->bytes, m->ret_size);
    pthread_mutex_unlock(&w->lock);
    unref(w);
    if (answered) return;
    rt_trait_error_value(trait, m, timed_out, ret);
    rt_trait_count_refused();
    abs_trait_call *report = rt_trait_entry(0, 0);
    report->kind = ABS_TRAIT_TIMED_OUT;
    report->method_index = index;
    report->trait_id = trait->id;
    report->object_id = h->id;
    rt_trait_enqueue(report);
}

void rt_trait_wait_done(abs_trait_call *entry) { unref(waiter_of(entry)); }

ABS_RT_API int abs_trait_wait_pending(const abs_trait_call *entry) {
    if (!entry->waiting) return 0;
    rt_waiter *w = waiter_of(entry);
    pthread_mutex_lock(&w->lock);
    int waiting = w->state == WAITING;
    pthread_mutex_unlock(&w->lock);
    return waiting;
}

ABS_RT_API int abs_trait_answer(const abs_trait_call *entry) {
    if (!entry->waiting) return -1;
    rt_waiter *w = waiter_of(entry);
    pthread_mutex_lock(&w->lock);
    int taken = w->state == WAITING;
    if (taken) w->state = ANSWERED;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
    return taken ? 0 : -1;
}

/* ==== src/native/value_arena.c ==== */
#define release abs__value_arena__release
/* value_arena.c: the text of one built Value (its strings' and keys' bytes) in shared blocks.
 *
 * A Value of a large document has tens of thousands of short strings; one allocation each, and
 * one free each when the tree is dropped, cost more than building the rest of the tree. So
 * abs_value_build (value_codec.c) puts short strings in blocks of ARENA_BLOCK bytes: each
 * string's bytes follow a pointer to its block, and the block counts its live strings, freed
 * with the last (atomically: a plugin may drop strings on any thread). Such an RVec<u8> carries
 * this file's vtable: dropping it gives its share back; growing it (a plugin pushing to the
 * string) moves its bytes to a buffer of its own under the runtime's ordinary RVec<u8> vtable.
 * A string a plugin keeps keeps its block (at most ARENA_BLOCK bytes) alive. */
/* #include "value_arena.h": at the top */

typedef struct arena_block {
    _Atomic size_t live; /* strings not yet dropped */
} arena_block;

/* Each string: [block pointer][bytes], 8-aligned. */
#define ARENA_HEAD sizeof(arena_block *)

static arena_block *block_of(const AbsRVec *v) {
    arena_block *b;
    memcpy(&b, (const unsigned char *)v->buffer - ARENA_HEAD, sizeof b);
    return b;
}

static void release_n(arena_block *b, size_t n) {
    if (atomic_fetch_sub_explicit(&b->live, n, memory_order_acq_rel) == n) abs_dealloc(b, ARENA_BLOCK, 8);
}

static void release(arena_block *b) { release_n(b, 1); }

static AbsUTypeId arena_type_id(void) { return rt_type_id_rvec(); }

static void arena_destructor(AbsRVec *self) {
    if (self->capacity) release(block_of(self));
}

static void arena_grow_capacity_to(AbsRVec *self, size_t to, AbsExactness exactness) {
    if (to <= self->capacity) return;
    size_t cap = to;
    if (exactness == ABS_ABOVE) {
        size_t doubled = self->capacity > SIZE_MAX / 2 ? SIZE_MAX : self->capacity * 2;
        cap = rt_max(rt_max(to, doubled), 8);
    }
    if (cap > (size_t)PTRDIFF_MAX) rt_fatal("RVec capacity overflow");
    unsigned char *own = abs_alloc(cap, 1);
    if (self->length) memcpy(own, self->buffer, self->length);
    if (self->capacity) release(block_of(self));
    self->buffer = own;
    self->capacity = cap;
    self->vtable = rt_value.bytes_vtable;
}

/* Capacity is the length from the start: nothing to give back. */
static void arena_shrink_to_fit(AbsRVec *self) { (void)self; }

const AbsVecVTable_WM rt_arena_vtable = {
    ABS_VEC_VTABLE_BITS,
    &rt_layout_vec_vtable,
    { arena_type_id, arena_destructor, arena_grow_capacity_to, arena_shrink_to_fit },
};

void rt_arena_bytes(rt_arena *a, AbsRVec *out, size_t n) {
    out->length = n;
    out->capacity = n;
    if (n == 0) {
        out->vtable = rt_value.bytes_vtable;
        out->buffer = rt_dangling(1);
        return;
    }
    if (n > ARENA_LARGEST) {
        out->vtable = rt_value.bytes_vtable;
        out->buffer = abs_alloc(n, 1);
        return;
    }
    size_t need = rt_round_up(ARENA_HEAD + n, 8);
    if (!a->block || a->at + need > ARENA_BLOCK) {
        rt_arena_finish(a);
        a->block = abs_alloc(ARENA_BLOCK, 8);
        a->at = rt_round_up(sizeof(arena_block), 8);
        a->count = 0;
    }
    unsigned char *p = (unsigned char *)a->block + a->at;
    memcpy(p, &a->block, sizeof a->block);
    a->at += need;
    a->count++;
    out->vtable = &rt_arena_vtable;
    out->buffer = p + ARENA_HEAD;
}

void rt_arena_finish(rt_arena *a) {
    if (!a->block) return;
    arena_block *b = a->block;
    a->block = NULL;
    /* Nothing dropped the block's strings yet: they are all still in the tree being built. */
    if (a->count == 0) abs_dealloc(b, ARENA_BLOCK, 8);
    else atomic_store_explicit(&b->live, a->count, memory_order_release);
}

void rt_arena_drop(rt_arena_drops *d, AbsRVec *v) {
    if (!v->capacity) return;
    arena_block *b = block_of(v);
    if (b == d->block) {
        d->n++;
        return;
    }
    rt_arena_drops_end(d);
    d->block = b;
    d->n = 1;
}

void rt_arena_drops_end(rt_arena_drops *d) {
    if (d->block) release_n(d->block, d->n);
    d->block = NULL;
    d->n = 0;
}
#undef release
#undef ARENA_HEAD

/* ==== src/native/value_codec.c ==== */
/* value_codec.c: a host-made Value built in one call from the streams the host writes
 * (src/types/value-codec.ts); value_dump.c is the other direction.
 *
 * The tree is walked in pre-order and each node's parts go to the stream of their kind, so
 * both sides read and write them as typed-array elements:
 *   tags (u8): one per node (ABS_VALUE_*), a Bool's 0/1 after its tag;
 *   words (u32): I64/U64: low, high; String: its count of UTF-16 units; Bytes: its length;
 *   Array: its count; Object: its count, then per entry a key word before the value's parts;
 *   floats (f64): F64; bytes: Bytes' contents;
 *   text (UTF-16): every string and new key in walk order, written from JS in one go and made
 *   UTF-8 here while copying.
 * A key word with VALUE_NEW_KEY defines the next key (low bits: its UTF-16 units in the text);
 * without it, it is the index of a key defined before, so a repeated key crosses once per call.
 * A lone surrogate (no UTF-8 for it) refuses the call: what was built is dropped and the host's
 * per-node codec gives the typed error. Maps are filled through their storage directly (the
 * keys of a JS object are distinct; each key is hashed once per call); short strings' bytes
 * share blocks (value_arena.c). */
/* #include "value_arena.h": at the top */

rt_value_types rt_value;

/* The runtime types of u8, Value and RString-as-a-key, from the host (kept forever). */
ABS_RT_API void abs_value_types(const abs_type *u8, const abs_type *value, const abs_type *key) {
    rt_value.u8 = u8;
    rt_value.value = value;
    rt_value.key = key;
    rt_value.bytes_vtable = abs_vec_vtable(u8);
    rt_value.values_vtable = abs_vec_vtable(value);
    rt_value.map = rt_map_types_get(key, value);
}

typedef struct {
    const unsigned char *bytes; /* the first copy's buffer: alive until the build ends */
    size_t len;
    uint64_t hash;
} vb_key;

typedef struct {
    const uint8_t *tags;     /* stream cursors */
    const uint32_t *words;
    const double *floats;
    const uint8_t *bytes;
    const uint16_t *text;
    vb_key *keys;
    size_t nkeys, keys_cap;
    vb_key *heap_keys;       /* keys once more than the stack's hold */
    rt_arena arena;          /* the strings' and keys' bytes */
    int bad;                 /* a lone surrogate was met */
} vb_ctx;

/* A vector of `n` elements of `size` bytes with this runtime's vtable `vt` (abs_vec_init without
 * its vtable look-up). */
static void vb_vec(AbsRVec *out, const void *vt, size_t n, size_t size, size_t align) {
    out->vtable = vt;
    out->length = n;
    out->capacity = n;
    if (n == 0) {
        out->buffer = rt_dangling(align);
        return;
    }
    if (n > (size_t)PTRDIFF_MAX / size) rt_fatal("RVec capacity overflow");
    out->buffer = abs_alloc(n * size, align);
}

/* UTF-8 bytes of `n` UTF-16 units; SIZE_MAX when a surrogate is unpaired. */
static size_t vb_utf8_size(const uint16_t *s, size_t n) {
    uint16_t any = 0;
    for (size_t i = 0; i < n; i++) any |= s[i];
    if (any < 0x80) return n;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t c = s[i];
        if (c < 0x80) bytes += 1;
        else if (c < 0x800) bytes += 2;
        else if (c < 0xD800 || c > 0xDFFF) bytes += 3;
        else if (c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            bytes += 4;
            i++;
        } else return SIZE_MAX;
    }
    return bytes;
}

/* Writes `n` well-formed UTF-16 units as UTF-8 (`ascii`: all below 0x80). */
static void vb_utf8_write(unsigned char *o, const uint16_t *s, size_t n, int ascii) {
    if (ascii) {
        for (size_t i = 0; i < n; i++) o[i] = (unsigned char)s[i];
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (c < 0x80) *o++ = (unsigned char)c;
        else if (c < 0x800) {
            *o++ = (unsigned char)(0xC0 | c >> 6);
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0xD800 || c > 0xDFFF) {
            *o++ = (unsigned char)(0xE0 | c >> 12);
            *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00u);
            *o++ = (unsigned char)(0xF0 | c >> 18);
            *o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
}

/* The next `units` of the text stream as an RString (empty, and the build refused, when they
 * hold a lone surrogate). */
static void vb_text(vb_ctx *c, AbsRVec *out, uint32_t units) {
    const uint16_t *s = c->text;
    c->text += units;
    size_t n = vb_utf8_size(s, units);
    if (n == SIZE_MAX) {
        c->bad = 1;
        n = 0;
    }
    rt_arena_bytes(&c->arena, out, n);
    if (n) vb_utf8_write(out->buffer, s, units, n == units);
}

static void vb_define_key(vb_ctx *c, const AbsRVec *key, uint64_t hash) {
    if (c->nkeys == c->keys_cap) {
        size_t cap = c->keys_cap * 2;
        vb_key *k = malloc(cap * sizeof *k);
        if (!k) rt_fatal("out of memory");
        memcpy(k, c->keys, c->nkeys * sizeof *k);
        free(c->heap_keys);
        c->keys = c->heap_keys = k;
        c->keys_cap = cap;
    }
    c->keys[c->nkeys++] = (vb_key){ key->buffer, key->length, hash };
}

static void vb_value(vb_ctx *c, AbsValue *out);

static void vb_object(vb_ctx *c, AbsRHashMap *out, uint32_t n) {
    const rt_map_types *t = rt_value.map;
    rt_map *m = rt_map_create_sized(t, n);
    out->map.data = m;
    out->map.vtable = &rt_map_box_vtable;
    out->vtable = t->vtable;
    /* Each entry is written in place (the map has room for n), then committed with its hash. */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t word = *c->words++;
        AbsRVec *key = rt_map_key(m, i);
        uint64_t hash;
        if (word & VALUE_NEW_KEY) {
            vb_text(c, key, word & ~VALUE_NEW_KEY);
            hash = rt_map_hash_key(t, key);
            vb_define_key(c, key, hash);
        } else {
            const vb_key *k = &c->keys[word];
            rt_arena_bytes(&c->arena, key, k->len);
            if (k->len) memcpy(key->buffer, k->bytes, k->len);
            hash = k->hash;
        }
        vb_value(c, rt_map_value(m, i));
        rt_map_commit(m, hash);
    }
}

static void vb_value(vb_ctx *c, AbsValue *out) {
    memset(out, 0, sizeof *out);
    out->tag = *c->tags++;
    switch (out->tag) {
    case ABS_VALUE_BOOL: out->boolean.value = *c->tags++ != 0; return;
    case ABS_VALUE_I64:
    case ABS_VALUE_U64: {
        uint64_t v = (uint64_t)c->words[0] | (uint64_t)c->words[1] << 32;
        c->words += 2;
        memcpy(&out->i64.value, &v, 8);
        return;
    }
    case ABS_VALUE_F64: memcpy(&out->f64.value, c->floats++, 8); return;
    case ABS_VALUE_STRING: vb_text(c, &out->string.value, *c->words++); return;
    case ABS_VALUE_BYTES: {
        uint32_t n = *c->words++;
        vb_vec(&out->bytes.value, rt_value.bytes_vtable, n, 1, 1);
        if (n) memcpy(out->bytes.value.buffer, c->bytes, n);
        c->bytes += n;
        return;
    }
    case ABS_VALUE_ARRAY: {
        uint32_t n = *c->words++;
        AbsRVec *v = &out->array.value;
        vb_vec(v, rt_value.values_vtable, n, sizeof(AbsValue), _Alignof(AbsValue));
        for (uint32_t i = 0; i < n; i++) vb_value(c, (AbsValue *)v->buffer + i);
        return;
    }
    case ABS_VALUE_OBJECT: vb_object(c, &out->object.value, *c->words++); return;
    default: return; /* Null */
    }
}

/* Builds the Value the streams describe into `out` (40 bytes; moved to whoever receives it).
 * Returns 0; -1 when a string holds a lone surrogate (nothing built). */
ABS_RT_API int abs_value_build(const uint8_t *tags, const uint32_t *words, const double *floats, const uint8_t *bytes,
                               const uint16_t *text, AbsValue *out) {
    vb_key stack_keys[64];
    vb_ctx c = { tags, words, floats, bytes, text, stack_keys, 0, 64, NULL, { NULL, 0, 0 }, 0 };
    AbsValue v;
    vb_value(&c, &v);
    rt_arena_finish(&c.arena);
    free(c.heap_keys);
    if (c.bad) {
        rt_drop_value(rt_value.value, &v);
        return -1;
    }
    memcpy(out, &v, sizeof v);
    return 0;
}

/* ==== src/native/value_drop.c ==== */
/* value_drop.c: a Value dropped by its tag rather than by the generic drop glue (drop.c), after
 * the host has dumped it (abs_value_dump_take): the glue interprets an op list per node, which for
 * a large tree costs about as much as freeing it. Every owned part is still released through the
 * vtable it carries; only vectors and maps made by this runtime for Values are walked here. */
/* #include "value_arena.h": at the top */

static void vx_drop(rt_arena_drops *d, AbsValue *v);

/* A string or byte vector: one in blocks through the batch, any other through its vtable. */
static void vx_drop_bytes(rt_arena_drops *d, AbsRVec *s) {
    if ((const void *)s->vtable == (const void *)&rt_arena_vtable) rt_arena_drop(d, s);
    else s->vtable->value.destructor(s);
}

static void vx_drop_array(rt_arena_drops *d, AbsRVec *a) {
    if ((const void *)a->vtable != rt_value.values_vtable) {
        a->vtable->value.destructor(a);
        return;
    }
    for (size_t i = 0; i < a->length; i++) vx_drop(d, (AbsValue *)a->buffer + i);
    if (a->capacity) abs_dealloc(a->buffer, a->capacity * sizeof(AbsValue), _Alignof(AbsValue));
}

static void vx_drop_object(rt_arena_drops *d, AbsRHashMap *m) {
    rt_map *host = m->map.data;
    if ((const void *)m->map.vtable == (const void *)&rt_map_box_vtable && host->t == rt_value.map) {
        /* Drop the entries here, then let the map free its storage with no entries left. */
        for (size_t pos = 0; pos < host->len; pos++) {
            vx_drop_bytes(d, rt_map_key(host, pos));
            vx_drop(d, rt_map_value(host, pos));
        }
        host->len = 0;
    }
    m->map.vtable->value.destructor(m->map.data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

static void vx_drop(rt_arena_drops *d, AbsValue *v) {
    switch (v->tag) {
    case ABS_VALUE_STRING:
    case ABS_VALUE_BYTES: vx_drop_bytes(d, &v->string.value); return;
    case ABS_VALUE_ARRAY: vx_drop_array(d, &v->array.value); return;
    case ABS_VALUE_OBJECT: vx_drop_object(d, &v->object.value); return;
    default: return;
    }
}

/* abs_value_dump, then, when the Value was written, drops it and leaves Null (zeroes) in its place:
 * for a Value the host owns and reads once (a call's result). */
ABS_RT_API int64_t abs_value_dump_take(AbsValue *v, unsigned char *out, size_t cap) {
    int64_t used = abs_value_dump(v, out, cap);
    if (used >= 0) {
        rt_arena_drops d = { NULL, 0 };
        vx_drop(&d, v);
        rt_arena_drops_end(&d);
        memset(v, 0, sizeof *v);
    }
    return used;
}

/* ==== src/native/value_dump.c ==== */
/* value_dump.c: any Value (host- or plugin-made) written in one call into one buffer the host
 * decodes in one pass (src/types/value-decode.ts); value_codec.c is the other direction.
 *
 * The tree is walked in pre-order and each node's parts go to the stream of their kind, so the
 * host reads them as typed-array elements:
 *   tags (u8): one per node (ABS_VALUE_*), a Bool's byte after its tag;
 *   words (u32): I64/U64: low, high; String: its length (bit 31: not all ASCII); Bytes: its
 *   length; Array: its count; Object: its count, then per entry a key word before the value's;
 *   floats (f64): F64; bytes: the bytes of strings, new keys and Bytes.
 * A key word with VALUE_NEW_KEY defines the next key (bit 30: not all ASCII; low bits: its
 * length, its bytes in the bytes stream); without it, it is the index of a key defined before,
 * so the host makes each distinct key string once per Value.
 * The streams are gathered in this thread's scratch, then packed as one record, 8-aligned:
 *   [u32 tags, words, floats, bytes counts][floats][words][tags][bytes], padded to 8,
 * so records can follow one another (a channel's batch, async_channel.c).
 * Maps made by this runtime are read through their storage; any other through its own iterator.
 * What the host's ordinary read would refuse or check first refuses the whole dump.
 * Each thread's scratch is freed when the thread ends (a pthread key's destructor). */
/* #include "value_codec.h": at the top */

#include <pthread.h>

/* Buffers this large are checked against the process's mappings by the host first (native-bytes.ts). */
#define LARGE ((size_t)1 << 20)
/* Deeper trees are left to the host's ordinary read (this walk recurses on the C stack). */
#define MAX_DEPTH 1000

typedef struct {
    const unsigned char *bytes;
    size_t len;
    uint64_t hash;
    uint32_t index;
} vd_key;

/* One scratch stream: `n` elements of `size` bytes in `cap`; kept by the thread between dumps. */
typedef struct {
    unsigned char *at;
    size_t cap, n;
} vd_stream;

/* Scratch beyond this is given back after the dump that needed it. */
#define KEEP_SCRATCH ((size_t)32 << 20)

static _Thread_local vd_stream vd_scratch[4]; /* tags, words, floats, bytes */

/* Scratch streams held by all threads (abs_value_dump_scratch_held: a thread that ended must
 * have given its streams back). */
static _Atomic int64_t vd_streams_held;

/* Its destructor frees a thread's scratch when the thread ends; its value is the thread's vd_scratch. */
static pthread_key_t vd_scratch_key;
static pthread_once_t vd_scratch_key_once = PTHREAD_ONCE_INIT;
static int vd_scratch_key_made;

int rt_pin_self(void); /* pin.c */

static void vd_free_stream(vd_stream *s) {
    if (!s->at) return;
    free(s->at);
    *s = (vd_stream){ NULL, 0, 0 };
    atomic_fetch_sub_explicit(&vd_streams_held, 1, memory_order_relaxed);
}

static void vd_thread_ends(void *scratch) {
    for (int i = 0; i < 4; i++) vd_free_stream((vd_stream *)scratch + i);
}

static void vd_make_scratch_key(void) {
    /* Threads run the destructor when they end, however late: this code must stay mapped. */
    rt_pin_self();
    vd_scratch_key_made = pthread_key_create(&vd_scratch_key, vd_thread_ends) == 0;
}

/* The slow path of vd_room: grows the stream (out of line, so the fast path inlines). */
static __attribute__((noinline)) void vd_grow(vd_stream *s, size_t size, size_t more) {
    {
        size_t cap = rt_max(rt_max(s->cap * 2, s->n + more), 256);
        unsigned char *p = realloc(s->at, cap * size);
        if (!p) rt_fatal("out of memory");
        if (!s->at) {
            atomic_fetch_add_explicit(&vd_streams_held, 1, memory_order_relaxed);
            pthread_once(&vd_scratch_key_once, vd_make_scratch_key);
            if (vd_scratch_key_made) pthread_setspecific(vd_scratch_key, vd_scratch);
        }
        s->at = p;
        s->cap = cap;
    }
}

static inline unsigned char *vd_room(vd_stream *s, size_t size, size_t more) {
    if (__builtin_expect(s->n + more > s->cap, 0)) vd_grow(s, size, more);
    unsigned char *at = s->at + s->n * size;
    s->n += more;
    return at;
}

typedef struct {
    const AbsRVec *key;
    const AbsValue *value;
    uint64_t hash;
    uint32_t id; /* the key's index; NO_ID before it is defined */
} vd_entry;

typedef struct {
    uint64_t hash;
    size_t ids_at; /* its key indices: ids[ids_at .. ids_at + n) */
    uint32_t n, index;
    int used;
} vd_shape;

#define NO_ID UINT32_MAX

typedef struct {
    vd_stream *tags, *words, *floats, *bytes;
    int refused;
    /* Keys defined so far: open addressing on the key's map hash; `slots` is a power of two. */
    vd_key *table;
    size_t slots, nkeys;
    vd_key *heap_table;
    /* Objects' entries being written, as a stack (nested objects push above their parent's). */
    vd_entry *entries;
    size_t nentries, entries_cap;
    /* Key sets seen so far: open addressing on a hash of their key indices, which sit in `ids`. */
    vd_shape *shapes;
    size_t shape_slots, nshapes;
    uint32_t *ids;
    size_t nids, ids_cap;
    uint32_t next_shape;
} vd_ctx;

static void vd_tag(vd_ctx *c, uint8_t v) { *vd_room(c->tags, 1, 1) = v; }
static void vd_word(vd_ctx *c, uint32_t v) { memcpy(vd_room(c->words, 4, 1), &v, 4); }
static void vd_float(vd_ctx *c, const void *v) { memcpy(vd_room(c->floats, 8, 1), v, 8); }
static void vd_bytes(vd_ctx *c, const void *src, size_t n) { memcpy(vd_room(c->bytes, 1, n), src, n); }

/* Whether a vector's header passes the checks the host makes before reading its buffer. */
static int vd_sound(const AbsRVec *v, size_t elem) {
    if (v->length > v->capacity) return 0;
    if (v->length == 0) return 1;
    uintptr_t b = (uintptr_t)v->buffer;
    return b >= 4096 && (uint64_t)b < (1ull << 57) && v->length < LARGE / elem;
}

static int vd_ascii(const unsigned char *b, size_t n) {
    unsigned char any = 0;
    for (size_t i = 0; i < n; i++) any |= b[i];
    return any < 0x80;
}

static void vd_text(vd_ctx *c, const AbsRVec *s, int text) {
    if (!vd_sound(s, 1)) {
        c->refused = 1;
        return;
    }
    const unsigned char *b = s->buffer;
    vd_word(c, (uint32_t)s->length | (text && !vd_ascii(b, s->length) ? VALUE_NOT_ASCII : 0));
    if (s->length) vd_bytes(c, b, s->length);
}

static void vd_grow_table(vd_ctx *c) {
    size_t slots = c->slots * 2;
    vd_key *t = calloc(slots, sizeof *t);
    if (!t) rt_fatal("out of memory");
    for (size_t i = 0; i < c->slots; i++) {
        if (!c->table[i].bytes) continue;
        size_t j = (size_t)c->table[i].hash & (slots - 1);
        while (t[j].bytes) j = (j + 1) & (slots - 1);
        t[j] = c->table[i];
    }
    free(c->heap_table);
    c->table = c->heap_table = t;
    c->slots = slots;
}

/* The index of key `k` if it was defined before, else NO_ID (`*slot`: where it would go). */
static uint32_t vd_key_find(vd_ctx *c, const AbsRVec *k, uint64_t hash, size_t *slot) {
    /* Empty keys have no buffer to compare: a non-null marker stands in for their bytes. */
    const unsigned char *bytes = k->length ? (const unsigned char *)k->buffer : (const unsigned char *)"";
    size_t i = (size_t)hash & (c->slots - 1);
    for (; c->table[i].bytes; i = (i + 1) & (c->slots - 1)) {
        const vd_key *e = &c->table[i];
        if (e->hash == hash && e->len == k->length && memcmp(e->bytes, bytes, k->length) == 0) return e->index;
    }
    *slot = i;
    return NO_ID;
}

/* Writes key `k`'s word: its index when defined before, else its definition. Returns its index. */
static uint32_t vd_key_word(vd_ctx *c, const AbsRVec *k, uint64_t hash) {
    size_t i;
    uint32_t id = vd_key_find(c, k, hash, &i);
    if (id != NO_ID) {
        vd_word(c, id);
        return id;
    }
    if (c->nkeys == VALUE_KEY_LEN) {
        c->refused = 1; /* more distinct keys than a key word can index */
        return 0;
    }
    const unsigned char *bytes = k->length ? (const unsigned char *)k->buffer : (const unsigned char *)"";
    id = (uint32_t)c->nkeys++;
    c->table[i] = (vd_key){ bytes, k->length, hash, id };
    vd_word(c, VALUE_NEW_KEY | (uint32_t)k->length | (vd_ascii(bytes, k->length) ? 0 : VALUE_NOT_ASCII_KEY));
    if (k->length) vd_bytes(c, bytes, k->length);
    if (c->nkeys * 2 > c->slots) vd_grow_table(c);
    return id;
}

static uint64_t vd_ids_hash(const vd_entry *e, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull ^ n;
    for (size_t i = 0; i < n; i++) h = (h ^ e[i].id) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static void vd_grow_shapes(vd_ctx *c) {
    size_t slots = c->shape_slots ? c->shape_slots * 2 : 64;
    vd_shape *t = calloc(slots, sizeof *t);
    if (!t) rt_fatal("out of memory");
    for (size_t i = 0; i < c->shape_slots; i++) {
        if (!c->shapes[i].used) continue;
        size_t j = (size_t)c->shapes[i].hash & (slots - 1);
        while (t[j].used) j = (j + 1) & (slots - 1);
        t[j] = c->shapes[i];
    }
    free(c->shapes);
    c->shapes = t;
    c->shape_slots = slots;
}

/* The index of the key set of entries e[0..n) (all keys defined) if it was met before, else
 * NO_ID (`*slot`: where it would go). */
static uint32_t vd_shape_find(vd_ctx *c, const vd_entry *e, size_t n, uint64_t hash, size_t *slot) {
    if (!c->shape_slots) vd_grow_shapes(c);
    size_t i = (size_t)hash & (c->shape_slots - 1);
    for (; c->shapes[i].used; i = (i + 1) & (c->shape_slots - 1)) {
        const vd_shape *s = &c->shapes[i];
        if (s->hash != hash || s->n != n) continue;
        size_t k = 0;
        while (k < n && c->ids[s->ids_at + k] == e[k].id) k++;
        if (k == n) return s->index;
    }
    *slot = i;
    return NO_ID;
}

static void vd_shape_add(vd_ctx *c, const vd_entry *e, size_t n, uint64_t hash, size_t slot, uint32_t index) {
    if (c->nids + n > c->ids_cap) {
        size_t cap = rt_max(c->ids_cap * 2, c->nids + n + 256);
        uint32_t *p = realloc(c->ids, cap * sizeof *p);
        if (!p) rt_fatal("out of memory");
        c->ids = p;
        c->ids_cap = cap;
    }
    for (size_t k = 0; k < n; k++) c->ids[c->nids + k] = e[k].id;
    c->shapes[slot] = (vd_shape){ hash, c->nids, (uint32_t)n, index, 1 };
    c->nids += n;
    if (++c->nshapes * 2 > c->shape_slots) vd_grow_shapes(c);
}

static void vd_value(vd_ctx *c, const AbsValue *v, unsigned depth);

static vd_entry *vd_push_entry(vd_ctx *c) {
    if (c->nentries == c->entries_cap) {
        size_t cap = rt_max(c->entries_cap * 2, 256);
        vd_entry *p = realloc(c->entries, cap * sizeof *p);
        if (!p) rt_fatal("out of memory");
        c->entries = p;
        c->entries_cap = cap;
    }
    return &c->entries[c->nentries++];
}

/* Gathers the map's entries onto the entry stack; returns whether its keys are sound. */
static int vd_gather(vd_ctx *c, const AbsRHashMap *m) {
    const rt_map *host = m->map.data;
    if ((const void *)m->map.vtable == (const void *)&rt_map_box_vtable && host->t == rt_value.map) {
        /* Made by this runtime: its entries in order, each with its key's hash stored. */
        for (size_t pos = 0; pos < host->len; pos++) {
            vd_entry *e = vd_push_entry(c);
            e->key = rt_map_key(host, pos);
            e->value = rt_map_value(host, pos);
            memcpy(&e->hash, rt_map_at(host, pos), sizeof e->hash);
        }
        return 1;
    }
    int sound = 1;
    AbsDynTrait it = m->vtable->value.iter(m->map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        while (sound) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            vd_entry *e = vd_push_entry(c);
            e->key = item.some.value._0;
            e->value = item.some.value._1;
            sound = vd_sound(e->key, 1) && e->key->length <= VALUE_KEY_LEN;
            /* Hashed as the runtime's own maps hash their keys, so both dedupe alike. */
            e->hash = sound ? rt_map_hash_key(rt_value.map, e->key) : 0;
        }
    }
    vt->value.drop_ptr(&it);
    return sound;
}

/* An object: its count, its key set (an index, or VALUE_NEW_SHAPE and its key words), then its values. */
static void vd_object(vd_ctx *c, const AbsRHashMap *m, unsigned depth) {
    size_t base = c->nentries;
    if (!vd_gather(c, m)) {
        c->refused = 1;
        c->nentries = base;
        return;
    }
    size_t n = c->nentries - base;
    if (n > UINT32_MAX) c->refused = 1;
    vd_word(c, (uint32_t)n);
    int known = 1;
    size_t slot = 0;
    for (size_t i = 0; i < n; i++) {
        vd_entry *e = &c->entries[base + i];
        if (!vd_sound(e->key, 1) || e->key->length > VALUE_KEY_LEN) c->refused = 1;
        else e->id = vd_key_find(c, e->key, e->hash, &slot);
        if (c->refused || e->id == NO_ID) known = 0;
    }
    if (c->refused) {
        c->nentries = base;
        return;
    }
    uint32_t shape = NO_ID;
    uint64_t hash = 0;
    if (known && n <= VALUE_SHAPE_MAX) {
        hash = vd_ids_hash(&c->entries[base], n);
        shape = vd_shape_find(c, &c->entries[base], n, hash, &slot);
    }
    if (shape != NO_ID) vd_word(c, shape);
    else {
        uint32_t index = c->next_shape++;
        vd_word(c, VALUE_NEW_SHAPE);
        for (size_t i = 0; i < n; i++) c->entries[base + i].id = vd_key_word(c, c->entries[base + i].key, c->entries[base + i].hash);
        if (n <= VALUE_SHAPE_MAX && !c->refused) {
            if (!known) hash = vd_ids_hash(&c->entries[base], n);
            /* A set with a key new here cannot have been met: find it only for its slot. */
            if (known || vd_shape_find(c, &c->entries[base], n, hash, &slot) == NO_ID) vd_shape_add(c, &c->entries[base], n, hash, slot, index);
        }
    }
    for (size_t i = 0; i < n && !c->refused; i++) vd_value(c, c->entries[base + i].value, depth + 1);
    c->nentries = base;
}

static void vd_value(vd_ctx *c, const AbsValue *v, unsigned depth) {
    if (c->refused) return;
    if (depth > MAX_DEPTH || v->tag > ABS_VALUE_OBJECT) {
        c->refused = 1;
        return;
    }
    vd_tag(c, v->tag);
    switch (v->tag) {
    case ABS_VALUE_BOOL: {
        uint8_t b;
        memcpy(&b, (const unsigned char *)v + 1, 1);
        if (b > 1) c->refused = 1; /* the host's reader names the bad byte */
        vd_tag(c, b);
        return;
    }
    case ABS_VALUE_I64:
    case ABS_VALUE_U64: {
        uint64_t x;
        memcpy(&x, &v->i64.value, 8);
        vd_word(c, (uint32_t)x);
        vd_word(c, (uint32_t)(x >> 32));
        return;
    }
    case ABS_VALUE_F64: vd_float(c, &v->f64.value); return;
    case ABS_VALUE_STRING: vd_text(c, &v->string.value, 1); return;
    case ABS_VALUE_BYTES: vd_text(c, &v->bytes.value, 0); return;
    case ABS_VALUE_ARRAY: {
        const AbsRVec *a = &v->array.value;
        if (!vd_sound(a, sizeof(AbsValue))) {
            c->refused = 1;
            return;
        }
        vd_word(c, (uint32_t)a->length);
        for (size_t i = 0; i < a->length && !c->refused; i++) vd_value(c, (const AbsValue *)a->buffer + i, depth + 1);
        return;
    }
    case ABS_VALUE_OBJECT: vd_object(c, &v->object.value, depth); return;
    default: return; /* Null */
    }
}

static size_t vd_align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Writes the Value at `v` as one record into `out` (`cap` bytes). Returns the record's bytes (a
 * multiple of 8); minus the bytes needed when `cap` is too small (nothing usable written);
 * INT64_MIN when the host must read it its own way (a part its reader refuses or checks against
 * the mappings first, a tree deeper than MAX_DEPTH, or a stream beyond 2^32 elements). */
ABS_RT_API int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap) {
    vd_key stack_table[128];
    memset(stack_table, 0, sizeof stack_table);
    for (int i = 0; i < 4; i++) vd_scratch[i].n = 0;
    vd_ctx c = { .tags = &vd_scratch[0], .words = &vd_scratch[1], .floats = &vd_scratch[2], .bytes = &vd_scratch[3],
                 .table = stack_table, .slots = 128 };
    vd_value(&c, v, 0);
    free(c.heap_table);
    free(c.entries);
    free(c.shapes);
    free(c.ids);
    size_t nt = vd_scratch[0].n, nw = vd_scratch[1].n, nf = vd_scratch[2].n, nb = vd_scratch[3].n;
    if (nt > UINT32_MAX || nw > UINT32_MAX || nf > UINT32_MAX || nb > UINT32_MAX) c.refused = 1;
    size_t total = vd_align8(16 + nf * 8 + nw * 4 + nt + nb);
    if (!c.refused && total <= cap) {
        uint32_t head[4] = { (uint32_t)nt, (uint32_t)nw, (uint32_t)nf, (uint32_t)nb };
        unsigned char *p = out;
        memcpy(p, head, 16);
        p += 16;
        if (nf) memcpy(p, vd_scratch[2].at, nf * 8);
        p += nf * 8;
        if (nw) memcpy(p, vd_scratch[1].at, nw * 4);
        p += nw * 4;
        if (nt) memcpy(p, vd_scratch[0].at, nt);
        p += nt;
        if (nb) memcpy(p, vd_scratch[3].at, nb);
    }
    for (int i = 0; i < 4; i++)
        if (vd_scratch[i].cap > KEEP_SCRATCH) vd_free_stream(&vd_scratch[i]);
    if (c.refused) return INT64_MIN;
    return total <= cap ? (int64_t)total : -(int64_t)total;
}

/* Scratch streams all threads hold between dumps (at most 4 a thread; 0 once those threads ended). */
ABS_RT_API int64_t abs_value_dump_scratch_held(void) { return atomic_load_explicit(&vd_streams_held, memory_order_relaxed); }
#undef LARGE
#undef MAX_DEPTH
#undef KEEP_SCRATCH
#undef NO_ID

/* ==== src/native/vec.c ==== */
/* vec.c: host VecVTables. One vtable per element type; the element type rides in a trailer
 * after the vtable, because the vtable functions receive only the RVec header. */
/* #include "rt_internal.h": at the top */

typedef struct vec_vtable_block {
    AbsVecVTable_WM wm;   /* first: an RVec's vtable pointer is the block's address */
    const abs_type *elem;
} vec_vtable_block;

static const abs_type *elem_of(const AbsRVec *v) { return ((const vec_vtable_block *)v->vtable)->elem; }

static AbsUTypeId vec_type_id(void) { return rt_type_id_rvec(); }

static void vec_destructor(AbsRVec *self) {
    const abs_type *t = elem_of(self);
    unsigned char *buf = self->buffer;
    if (t->drop_len)
        for (size_t i = 0; i < self->length; i++) abs_drop_in_place(buf + i * t->size, t->drop, t->drop_len);
    if (self->capacity != 0 && t->size != 0) abs_dealloc(buf, self->capacity * t->size, t->align);
}

/* Rust's RawVec minimum for a first allocation: fewer reallocations for small elements. */
static size_t min_non_zero_cap(size_t size) { return size == 1 ? 8 : size <= 1024 ? 4 : 1; }

static void vec_grow_capacity_to(AbsRVec *self, size_t to, AbsExactness exactness) {
    const abs_type *t = elem_of(self);
    if (t->size == 0 || to <= self->capacity) return; /* zero-sized: capacity is already usize::MAX */
    size_t cap = to;
    if (exactness == ABS_ABOVE) {
        /* Plugins push through this with the exact need (len + 1): double, or every push reallocs. */
        size_t doubled = self->capacity > SIZE_MAX / 2 ? SIZE_MAX : self->capacity * 2;
        cap = rt_max(rt_max(to, doubled), min_non_zero_cap(t->size));
    }
    if (cap > (size_t)PTRDIFF_MAX / t->size) rt_fatal("RVec capacity overflow");
    self->buffer = self->capacity == 0 ? abs_alloc(cap * t->size, t->align)
                                       : rt_realloc(self->buffer, self->capacity * t->size, cap * t->size, t->align);
    self->capacity = cap;
}

static void vec_shrink_to_fit(AbsRVec *self) {
    const abs_type *t = elem_of(self);
    if (t->size == 0 || self->capacity <= self->length) return;
    if (self->length == 0) {
        abs_dealloc(self->buffer, self->capacity * t->size, t->align);
        self->buffer = rt_dangling(t->align);
    } else {
        self->buffer = rt_realloc(self->buffer, self->capacity * t->size, self->length * t->size, t->align);
    }
    self->capacity = self->length;
}

static void *make_vtable(const void *elem, const void *unused) {
    (void)unused;
    vec_vtable_block *b = rt_alloc_forever(sizeof *b, _Alignof(vec_vtable_block));
    b->wm.field_accessibility = ABS_VEC_VTABLE_BITS;
    b->wm.type_layout = &rt_layout_vec_vtable;
    b->wm.value.type_id = vec_type_id;
    b->wm.value.destructor = vec_destructor;
    b->wm.value.grow_capacity_to = vec_grow_capacity_to;
    b->wm.value.shrink_to_fit = vec_shrink_to_fit;
    b->elem = elem;
    return b;
}

static rt_cache vec_vtables = RT_CACHE_INIT;

ABS_RT_API const void *abs_vec_vtable(const abs_type *elem) {
    return rt_cache_get(&vec_vtables, elem, NULL, make_vtable);
}

ABS_RT_API void abs_vec_init(AbsRVec *out, const abs_type *elem, size_t capacity) {
    out->vtable = abs_vec_vtable(elem);
    out->length = 0;
    if (elem->size == 0) {
        out->buffer = rt_dangling(elem->align);
        out->capacity = SIZE_MAX;
    } else if (capacity == 0) {
        out->buffer = rt_dangling(elem->align);
        out->capacity = 0;
    } else {
        if (capacity > (size_t)PTRDIFF_MAX / elem->size) rt_fatal("RVec capacity overflow");
        out->buffer = abs_alloc(capacity * elem->size, elem->align);
        out->capacity = capacity;
    }
}

#if defined(__GNUC__) && !defined(_WIN32)
#pragma GCC visibility pop
#endif
