/* async_sender.c: the Tremor plugin channel. The host implements
 *     trait SenderOpaque { fn send(&self, reply: Reply) -> BorrowingFfiFuture<'_, RResult<(), RBoxError>> }
 * and hands the plugin a SenderOpaque_TO<'static, RBox<()>>; plugin tasks on threads of their own
 * call send(reply) and await the future (polled here with a waker of this file's, woken from the
 * host's main thread). RErr results are counted and their error dropped here, once; every future is
 * dropped here, once. Also: a send made on the main thread during a bound call and polled later,
 * and a future dropped before the host's promise settles. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

/* Reply: 24 bytes, passed by value (in memory on x86-64). */
typedef struct TrReply {
    uint64_t thread;
    uint64_t seq;
    uint64_t value;
} TrReply;

ABS_DECLARE_RRESULT_UNIT_OK(TrResultUnitBoxError, AbsRBoxError);
ABS_DECLARE_FFI_POLL(TrPollSend, TrResultUnitBoxError);
typedef AbsFfiFuture (*SendFn)(const void *self, TrReply reply);
typedef TrPollSend (*PollSendFn)(void *fut, AbsFfiContext *cx);

/* ---- a waker: refcounted, so a wake the host makes after the task moved on hits live memory -- */

typedef struct tr_waker {
    AbsFfiWakerBase base;
    _Atomic uint32_t refs;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    int woken;
} tr_waker;

static _Atomic uint64_t wakes;
static _Atomic int64_t live_wakers;

static void waker_release(tr_waker *w) {
    if (atomic_fetch_sub(&w->refs, 1) != 1) return;
    pthread_mutex_destroy(&w->lock);
    pthread_cond_destroy(&w->cond);
    abs_dealloc(w, sizeof *w, _Alignof(tr_waker));
    atomic_fetch_sub(&live_wakers, 1);
}

static const AbsFfiWakerBase *waker_clone(const AbsFfiWakerBase *b) {
    tr_waker *w = (tr_waker *)(uintptr_t)b;
    atomic_fetch_add(&w->refs, 1);
    return b;
}

static void waker_wake_by_ref(const AbsFfiWakerBase *b) {
    tr_waker *w = (tr_waker *)(uintptr_t)b;
    atomic_fetch_add(&wakes, 1);
    pthread_mutex_lock(&w->lock);
    w->woken = 1;
    pthread_cond_signal(&w->cond);
    pthread_mutex_unlock(&w->lock);
}

static void waker_wake(const AbsFfiWakerBase *b) {
    waker_wake_by_ref(b);
    waker_release((tr_waker *)(uintptr_t)b);
}

static void waker_drop(const AbsFfiWakerBase *b) { waker_release((tr_waker *)(uintptr_t)b); }

static const AbsFfiWakerVTable waker_vtable = { waker_clone, waker_wake, waker_wake_by_ref, waker_drop };

static tr_waker *waker_new(void) {
    tr_waker *w = abs_alloc(sizeof *w, _Alignof(tr_waker));
    w->base.vtable = &waker_vtable;
    atomic_init(&w->refs, 1);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->cond, NULL);
    w->woken = 0;
    atomic_fetch_add(&live_wakers, 1);
    return w;
}

/* ---- results ---------------------------------------------------------------------------------- */

enum { TR_SENT_OK = 0, TR_SENT_PENDING = 1, TR_SENT_ERR = 2, TR_SENT_PANICKED = 3 };

static pthread_mutex_t message_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_error[256];
static size_t last_error_len;

/* The error's Display text, kept as the last one seen; then the error is dropped (it is ours). */
static void take_error(AbsRBoxError *err) {
    AbsRString text = tr_string("");
    AbsRResultUnit r = err->vtable->value.display(err->value.data, 0, &text);
    pthread_mutex_lock(&message_lock);
    if (r.tag == 0) {
        last_error_len = text.length < sizeof last_error ? text.length : sizeof last_error;
        memcpy(last_error, text.buffer, last_error_len);
    } else {
        last_error_len = 0;
    }
    pthread_mutex_unlock(&message_lock);
    abs_rvec_drop(&text);
    abs_rbox_drop(&err->value);
}

/* Ready(ROk) / Ready(RErr) (the error taken) / Panicked / Pending. */
static int classify(const TrPollSend *p) {
    if (p->tag == ABS_POLL_PENDING) return TR_SENT_PENDING;
    if (p->tag != ABS_POLL_READY) return TR_SENT_PANICKED;
    if (p->ready.value.tag == 0) return TR_SENT_OK;
    AbsRBoxError err = p->ready.value.err.value;
    take_error(&err);
    return TR_SENT_ERR;
}

/* Awaits `fut` on this thread and drops it. */
static int block_on(AbsFfiFuture fut, tr_waker *w) {
    AbsFfiContext cx = { &w->base };
    int r;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        w->woken = 0;
        pthread_mutex_unlock(&w->lock);
        TrPollSend p = ((PollSendFn)fut.poll_fn)(fut.fut_ptr, &cx);
        r = classify(&p);
        if (r != TR_SENT_PENDING) break;
        pthread_mutex_lock(&w->lock);
        while (!w->woken) pthread_cond_wait(&w->cond, &w->lock);
        pthread_mutex_unlock(&w->lock);
    }
    abs_ffi_future_drop(&fut);
    return r;
}

/* ---- plugin tasks on their own threads ------------------------------------------------------ */

static _Atomic uint64_t sent_ok, sent_err, sent_panicked;
static _Atomic uint32_t threads_done;

typedef struct send_group {
    AbsRObject sender; /* shared by the tasks; the last one to finish drops it */
    _Atomic uint32_t running;
    uint64_t count;
} send_group;

typedef struct send_task {
    send_group *group;
    uint64_t thread;
} send_task;

static void *run_task(void *arg) {
    send_task task = *(send_task *)arg;
    abs_dealloc(arg, sizeof(send_task), _Alignof(send_task));
    send_group *g = task.group;
    tr_waker *w = waker_new();
    uint64_t ok = 0, err = 0, panicked = 0;
    for (uint64_t i = 0; i < g->count; i++) {
        TrReply reply = { task.thread, i, task.thread * 1000000000ull + i };
        AbsFfiFuture fut = TR_CALL(&g->sender, 0, SendFn, reply);
        switch (block_on(fut, w)) {
        case TR_SENT_OK: ok++; break;
        case TR_SENT_ERR: err++; break;
        default: panicked++; break;
        }
    }
    waker_release(w);
    atomic_fetch_add(&sent_ok, ok);
    atomic_fetch_add(&sent_err, err);
    atomic_fetch_add(&sent_panicked, panicked);
    if (atomic_fetch_sub(&g->running, 1) == 1) {
        abs_robject_drop(&g->sender);
        abs_dealloc(g, sizeof *g, _Alignof(send_group));
    }
    atomic_fetch_add(&threads_done, 1);
    return NULL;
}

static void spawn_detached(void *(*fn)(void *), void *arg) {
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, fn, arg) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_attr_destroy(&attr);
}

/* Resets the counters, then `threads` tasks each send `count` replies, awaiting each. Returns at once. */
ABS_EXPORT void tr_async_send_spawn(AbsRObject sender, uint32_t threads, uint64_t count) {
    atomic_store(&sent_ok, 0);
    atomic_store(&sent_err, 0);
    atomic_store(&sent_panicked, 0);
    atomic_store(&threads_done, 0);
    if (threads == 0) {
        abs_robject_drop(&sender);
        return;
    }
    send_group *g = abs_alloc(sizeof *g, _Alignof(send_group));
    g->sender = sender;
    atomic_init(&g->running, threads);
    g->count = count;
    for (uint32_t t = 0; t < threads; t++) {
        send_task *task = abs_alloc(sizeof *task, _Alignof(send_task));
        task->group = g;
        task->thread = t;
        spawn_detached(run_task, task);
    }
}

ABS_EXPORT uint32_t tr_async_threads_done(void) { return atomic_load(&threads_done); }
ABS_EXPORT uint64_t tr_async_sent_ok(void) { return atomic_load(&sent_ok); }
ABS_EXPORT uint64_t tr_async_sent_err(void) { return atomic_load(&sent_err); }
ABS_EXPORT uint64_t tr_async_sent_panicked(void) { return atomic_load(&sent_panicked); }
ABS_EXPORT uint64_t tr_async_wakes(void) { return atomic_load(&wakes); }
ABS_EXPORT int64_t tr_async_live_wakers(void) { return atomic_load(&live_wakers); }

/* The Display text of the last RErr a send completed with. */
ABS_EXPORT AbsRString tr_async_last_error(void) {
    pthread_mutex_lock(&message_lock);
    AbsRString s = tr_string_from(last_error, last_error_len);
    pthread_mutex_unlock(&message_lock);
    return s;
}

/* ---- on the main thread: send during a bound call, poll later -------------------------------- */

#define TR_SLOTS 16
static AbsFfiFuture slots[TR_SLOTS];
static int slot_used[TR_SLOTS];
static tr_waker *main_waker;

/* Calls send(reply) now (on the calling thread) and keeps the future; returns its slot, or -1. */
ABS_EXPORT int32_t tr_async_send_main(const AbsRObject *sender, uint64_t thread, uint64_t seq) {
    for (int32_t k = 0; k < TR_SLOTS; k++) {
        if (slot_used[k]) continue;
        TrReply reply = { thread, seq, thread * 1000000000ull + seq };
        slots[k] = TR_CALL(sender, 0, SendFn, reply);
        slot_used[k] = 1;
        return k;
    }
    return -1;
}

/* Polls slot k once: TR_SENT_* (the future is dropped unless Pending); -1 for an empty slot. */
ABS_EXPORT int32_t tr_async_poll_main(int32_t k) {
    if (k < 0 || k >= TR_SLOTS || !slot_used[k]) return -1;
    if (!main_waker) main_waker = waker_new();
    AbsFfiContext cx = { &main_waker->base };
    TrPollSend p = ((PollSendFn)slots[k].poll_fn)(slots[k].fut_ptr, &cx);
    int r = classify(&p);
    if (r != TR_SENT_PENDING) {
        abs_ffi_future_drop(&slots[k]);
        slot_used[k] = 0;
    }
    return r;
}

/* Drops slot k's future without awaiting it (its promise may settle later). */
ABS_EXPORT int32_t tr_async_drop_main(int32_t k) {
    if (k < 0 || k >= TR_SLOTS || !slot_used[k]) return -1;
    abs_ffi_future_drop(&slots[k]);
    slot_used[k] = 0;
    return 0;
}

/* Releases the main thread's waker (any clone a pending future holds stays valid). */
ABS_EXPORT void tr_async_release_main_waker(void) {
    if (main_waker) waker_release(main_waker);
    main_waker = NULL;
}

/* ---- a task that drops its future before the promise settles -------------------------------- */

static void *send_then_drop(void *arg) {
    AbsRObject *sender = arg;
    tr_waker *w = waker_new();
    AbsFfiContext cx = { &w->base };
    TrReply reply = { 99, 0, 0 };
    AbsFfiFuture fut = TR_CALL(sender, 0, SendFn, reply);
    TrPollSend p = ((PollSendFn)fut.poll_fn)(fut.fut_ptr, &cx);
    int r = classify(&p);
    abs_ffi_future_drop(&fut);
    waker_release(w);
    if (r == TR_SENT_OK) atomic_fetch_add(&sent_ok, 1);
    else if (r == TR_SENT_ERR) atomic_fetch_add(&sent_err, 1);
    else if (r == TR_SENT_PANICKED) atomic_fetch_add(&sent_panicked, 1);
    abs_robject_drop(sender);
    abs_dealloc(sender, sizeof *sender, _Alignof(AbsRObject));
    atomic_fetch_add(&threads_done, 1);
    return NULL;
}

/* On a thread: one send, polled once, its future dropped (pending, unless JS was quick), then the sender. */
ABS_EXPORT void tr_async_send_drop_early(AbsRObject sender) {
    atomic_store(&threads_done, 0);
    AbsRObject *held = abs_alloc(sizeof *held, _Alignof(AbsRObject));
    *held = sender;
    spawn_detached(send_then_drop, held);
}
