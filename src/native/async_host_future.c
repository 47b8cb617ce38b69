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
#include "async_internal.h"

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
