/* async_waker.c: the host's waker for plugin futures (reference 6.3-6.4). One task per future the
 * host polls: a refcounted block holding the waker (whose first field is the vtable, as async-ffi
 * requires) and the FfiContext that points at it. Clones share the block (the count goes up), so a
 * plugin may keep, clone, wake and drop handles on any thread, concurrently, also after the task
 * finished: a wake then does nothing, and the block is freed when the last handle goes. Waking only
 * queues the task's id (async_wake.c); the host polls on its own thread later, so a wake_by_ref made
 * inside poll_fn never re-enters it. */
#include "async_internal.h"

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
