/* futures.c: the C async plugin's futures, written as a C plugin author would against
 * abi_stable.h's async-ffi types: a future that a thread completes after a delay (waking the
 * host's waker from that thread, optionally many more times and after the future is gone), one
 * that is ready at once, one that panics, one resolving to an RString, and two that await a future
 * the HOST made: polled inline with the host's context, or from a plugin thread with a waker the
 * plugin made (a tiny block_on). */
#include <pthread.h>
#include <stdlib.h>

#include "async_plugin.h"

enum { K_U64, K_STRING, K_PANIC, K_READY, K_HOST_INLINE, K_HOST_THREAD };

typedef struct ap_future {
    pthread_mutex_t lock;
    _Atomic int refs; /* the future's (drop_fn) and its thread's */
    int kind;
    int ready, started, taken;
    uint64_t value, delay_ms, extra_wakes;
    AbsRString text;
    AbsFfiFuture host; /* K_HOST_*: the host's future, dropped once */
    const AbsFfiWakerBase *waker; /* a clone of the last poller's waker */
    const AbsFfiWakerBase *thread_waker; /* the thread's own clone, for its extra wakes */
} ap_future;

static _Atomic uint64_t futures_made, futures_dropped, polls;

ABS_EXPORT uint64_t ap_futures_made(void) { return atomic_load(&futures_made); }
ABS_EXPORT uint64_t ap_futures_dropped(void) { return atomic_load(&futures_dropped); }
ABS_EXPORT uint64_t ap_polls(void) { return atomic_load(&polls); }

static void release(ap_future *f) {
    if (atomic_fetch_sub(&f->refs, 1) != 1) return;
    pthread_mutex_destroy(&f->lock);
    abs_dealloc(f, sizeof *f, _Alignof(ap_future));
}

/* ---- a waker the plugin makes itself, for block_on on its own thread -------------------------- */

typedef struct ap_waker {
    AbsFfiWakerBase base;
    _Atomic int refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int woken;
} ap_waker;

static void pw_release(ap_waker *w) {
    if (atomic_fetch_sub(&w->refs, 1) != 1) return;
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    abs_dealloc(w, sizeof *w, _Alignof(ap_waker));
}
static const AbsFfiWakerBase *pw_clone(const AbsFfiWakerBase *b) {
    atomic_fetch_add(&((ap_waker *)(uintptr_t)b)->refs, 1);
    return b;
}
static void pw_wake_by_ref(const AbsFfiWakerBase *b) {
    ap_waker *w = (ap_waker *)(uintptr_t)b;
    pthread_mutex_lock(&w->lock);
    w->woken = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}
static void pw_drop(const AbsFfiWakerBase *b) { pw_release((ap_waker *)(uintptr_t)b); }
static void pw_wake(const AbsFfiWakerBase *b) {
    pw_wake_by_ref(b);
    pw_drop(b);
}
static const AbsFfiWakerVTable plugin_waker_vtable = { pw_clone, pw_wake, pw_wake_by_ref, pw_drop };

/* Polls the host's future on this thread until it is ready; returns its value (0 if it panicked). */
static uint64_t block_on_host(AbsFfiFuture *host, int *panicked) {
    ap_waker *w = abs_alloc(sizeof *w, _Alignof(ap_waker));
    w->base.vtable = &plugin_waker_vtable;
    atomic_init(&w->refs, 1);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->woken = 0;
    AbsFfiContext cx = { &w->base };
    AbsFfiPollU64 (*poll)(void *, AbsFfiContext *) = (ABS_FFI_POLL_FN(AbsFfiPollU64))host->poll_fn;
    uint64_t value = 0;
    for (;;) {
        AbsFfiPollU64 r = poll(host->fut_ptr, &cx);
        if (r.tag == ABS_POLL_READY) { value = r.ready.value; break; }
        if (r.tag == ABS_POLL_PANICKED) { *panicked = 1; break; }
        pthread_mutex_lock(&w->lock);
        while (!w->woken) pthread_cond_wait(&w->cond, &w->lock);
        w->woken = 0;
        pthread_mutex_unlock(&w->lock);
    }
    pw_release(w);
    return value;
}

/* ---- the thread that completes a future --------------------------------------------------- */

static void *complete_later(void *arg) {
    ap_future *f = arg;
    uint64_t value = f->value;
    int panicked = 0;
    if (f->kind == K_HOST_THREAD) {
        value = block_on_host(&f->host, &panicked) + f->value;
        abs_ffi_future_drop(&f->host);
    } else ap_sleep_ms(f->delay_ms);
    pthread_mutex_lock(&f->lock);
    f->ready = panicked ? 2 : 1;
    f->value = value;
    const AbsFfiWakerBase *w = f->waker;
    f->waker = NULL;
    /* The thread's own handle (taken at the first poll) wakes again after completion, and after
     * the host may have dropped the future. */
    const AbsFfiWakerBase *extra = f->thread_waker;
    f->thread_waker = NULL;
    uint64_t extra_wakes = f->extra_wakes;
    pthread_mutex_unlock(&f->lock);
    if (w) abs_waker_wake(w);
    if (extra) {
        for (uint64_t i = 0; i < extra_wakes; i++) abs_waker_wake_by_ref(extra);
        ap_sleep_ms(50);
        abs_waker_wake_by_ref(extra);
        abs_waker_wake(extra);
    }
    release(f);
    return NULL;
}

/* ---- poll_fn and drop_fn -------------------------------------------------------------------- */

static AbsFfiPollU64 poll_u64(void *p, AbsFfiContext *cx) {
    ap_future *f = p;
    AbsFfiPollU64 r;
    memset(&r, 0, sizeof r);
    atomic_fetch_add(&polls, 1);
    if (f->kind == K_PANIC) { r.tag = ABS_POLL_PANICKED; return r; }
    if (f->kind == K_READY) { r.tag = ABS_POLL_READY; r.ready.value = f->value; return r; }
    if (f->kind == K_HOST_INLINE) {
        /* Polls the host's future with the host's own context: the host's waker is borrowed here,
         * the host future's poll_fn clones it. */
        AbsFfiPollU64 inner = ((ABS_FFI_POLL_FN(AbsFfiPollU64))f->host.poll_fn)(f->host.fut_ptr, cx);
        if (inner.tag == ABS_POLL_READY) inner.ready.value += f->value;
        return inner;
    }
    const AbsFfiWakerBase *old = NULL;
    pthread_mutex_lock(&f->lock);
    if (f->ready == 1) {
        r.tag = ABS_POLL_READY;
        r.ready.value = f->value;
    } else if (f->ready == 2) {
        r.tag = ABS_POLL_PANICKED;
    } else {
        old = f->waker;
        f->waker = abs_waker_clone(cx->waker); /* only clone the borrowed waker */
        r.tag = ABS_POLL_PENDING;
        if (!f->started) {
            f->started = 1;
            if (f->extra_wakes) f->thread_waker = abs_waker_clone(cx->waker);
            atomic_fetch_add(&f->refs, 1);
            ap_spawn(complete_later, f);
        }
    }
    pthread_mutex_unlock(&f->lock);
    if (old) abs_waker_drop(old);
    return r;
}

static AbsFfiPollRString poll_string(void *p, AbsFfiContext *cx) {
    ap_future *f = p;
    AbsFfiPollRString r;
    memset(&r, 0, sizeof r);
    atomic_fetch_add(&polls, 1);
    const AbsFfiWakerBase *old = NULL;
    pthread_mutex_lock(&f->lock);
    if (f->ready && !f->taken) {
        r.tag = ABS_POLL_READY;
        r.ready.value = f->text; /* moves to the poller */
        f->taken = 1;
    } else {
        old = f->waker;
        f->waker = abs_waker_clone(cx->waker);
        r.tag = ABS_POLL_PENDING;
        if (!f->started) {
            f->started = 1;
            atomic_fetch_add(&f->refs, 1);
            ap_spawn(complete_later, f);
        }
    }
    pthread_mutex_unlock(&f->lock);
    if (old) abs_waker_drop(old);
    return r;
}

static void drop_future(void *p) {
    ap_future *f = p;
    pthread_mutex_lock(&f->lock);
    const AbsFfiWakerBase *w = f->waker;
    f->waker = NULL;
    if (f->kind == K_STRING && !f->taken) {
        abs_rvec_drop(&f->text);
        f->taken = 1;
    }
    pthread_mutex_unlock(&f->lock);
    if (w) abs_waker_drop(w);
    if (f->kind == K_HOST_INLINE) abs_ffi_future_drop(&f->host);
    /* K_HOST_THREAD: once started, the thread owns the host future and drops it when done. */
    if (f->kind == K_HOST_THREAD && !f->started) abs_ffi_future_drop(&f->host);
    atomic_fetch_add(&futures_dropped, 1);
    release(f);
}

static ap_future *new_future(int kind, uint64_t value, uint64_t delay_ms, uint64_t extra_wakes) {
    ap_future *f = abs_alloc(sizeof *f, _Alignof(ap_future));
    memset(f, 0, sizeof *f);
    pthread_mutex_init(&f->lock, NULL);
    atomic_init(&f->refs, 1);
    f->kind = kind;
    f->value = value;
    f->delay_ms = delay_ms;
    f->extra_wakes = extra_wakes;
    atomic_fetch_add(&futures_made, 1);
    return f;
}

static AbsFfiFuture as_future(ap_future *f, void (*poll)(void)) {
    AbsFfiFuture out = { f, poll, drop_future };
    return out;
}
#define POLL(fn) ((void (*)(void))(fn))

/* FfiFuture<u64>: `value` after `delay_ms`, completed (and woken) from a plugin thread started at
 * the first poll; that thread wakes `extra_wakes` more times, and once more 50 ms later. */
ABS_EXPORT AbsFfiFuture ap_sleep_then(uint64_t delay_ms, uint64_t value, uint64_t extra_wakes) {
    return as_future(new_future(K_U64, value, delay_ms, extra_wakes), POLL(poll_u64));
}

/* FfiFuture<u64>: Ready(value) at the first poll. */
ABS_EXPORT AbsFfiFuture ap_ready(uint64_t value) { return as_future(new_future(K_READY, value, 0, 0), POLL(poll_u64)); }

/* FfiFuture<u64>: Panicked at the first poll (as async-ffi reports a caught panic). */
ABS_EXPORT AbsFfiFuture ap_panics(void) { return as_future(new_future(K_PANIC, 0, 0, 0), POLL(poll_u64)); }

/* FfiFuture<RString>: `text` after `delay_ms`. */
ABS_EXPORT AbsFfiFuture ap_text_later(uint64_t delay_ms, AbsRStr text) {
    ap_future *f = new_future(K_STRING, 0, delay_ms, 0);
    f->text = ap_string(text.data, text.length);
    return as_future(f, POLL(poll_string));
}

/* FfiFuture<u64>: the host's future plus `add`, polled inline whenever this one is polled. */
ABS_EXPORT AbsFfiFuture ap_add_to_host(AbsFfiFuture host, uint64_t add) {
    ap_future *f = new_future(K_HOST_INLINE, add, 0, 0);
    f->host = host;
    return as_future(f, POLL(poll_u64));
}

static void *drop_host_after(void *arg);

/* FfiFuture<u64>: a plugin thread (started at the first poll) blocks on the host's future with a
 * waker the plugin made, then completes this one with the value plus `add`. */
ABS_EXPORT AbsFfiFuture ap_await_host_on_thread(AbsFfiFuture host, uint64_t add) {
    ap_future *f = new_future(K_HOST_THREAD, add, 0, 0);
    f->host = host;
    return as_future(f, POLL(poll_u64));
}

/* Waits on a plugin thread for the host's future and returns nothing; the host future is dropped
 * there (the host may see the drop from any thread). Used with a host future nobody else awaits. */
ABS_EXPORT void ap_detach_host_future(AbsFfiFuture host) {
    AbsFfiFuture *copy = abs_alloc(sizeof *copy, _Alignof(AbsFfiFuture));
    *copy = host;
    ap_spawn(drop_host_after, copy);
}

static void *drop_host_after(void *arg) {
    AbsFfiFuture *host = arg;
    int panicked = 0;
    (void)block_on_host(host, &panicked);
    abs_ffi_future_drop(host);
    abs_dealloc(host, sizeof *host, _Alignof(AbsFfiFuture));
    return NULL;
}

/* Drops a host future at once without polling it. */
ABS_EXPORT void ap_drop_host_future(AbsFfiFuture host) { abs_ffi_future_drop(&host); }

/* ---- a future that forwards the host's --------------------------------------------------------- */

ABS_DECLARE_RRESULT(ApRResultU64RString, uint64_t, AbsRString);
ABS_DECLARE_FFI_POLL(ApFfiPollResult, ApRResultU64RString);

typedef struct ap_forward {
    AbsFfiFuture host;
} ap_forward;

static ApFfiPollResult forward_poll(void *p, AbsFfiContext *cx) {
    ap_forward *f = p;
    atomic_fetch_add(&polls, 1);
    return ((ABS_FFI_POLL_FN(ApFfiPollResult))f->host.poll_fn)(f->host.fut_ptr, cx);
}

static void forward_drop(void *p) {
    ap_forward *f = p;
    abs_ffi_future_drop(&f->host);
    abs_dealloc(f, sizeof *f, _Alignof(ap_forward));
    atomic_fetch_add(&futures_dropped, 1);
}

/* FfiFuture<RResult<u64, RString>>: the host's future of that type, polled through with the
 * caller's context; what the host's promise settles to (a rejection included) is what it yields. */
ABS_EXPORT AbsFfiFuture ap_forward_result(AbsFfiFuture host) {
    ap_forward *f = abs_alloc(sizeof *f, _Alignof(ap_forward));
    f->host = host;
    atomic_fetch_add(&futures_made, 1);
    AbsFfiFuture r = { f, POLL(forward_poll), forward_drop };
    return r;
}
