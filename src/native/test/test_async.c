/* test_async.c: the async runtime (abs_async.h) from plain C threads: host wakers woken, cloned
 * and dropped concurrently and after the task finished; the wake-up queue and its pipe; channels
 * fed by several threads (order, counts, bounded refusals, wait_ready, close); host futures polled
 * and dropped on other threads. */
#define _POSIX_C_SOURCE 200809L
#include <poll.h>
#include <pthread.h>
#include <unistd.h>

#include "abs_async.h"
#include "test_util.h"

static size_t take_all(uint64_t *ids, size_t cap) { return abs_async_take(ids, cap); }

typedef struct waker_job {
    const AbsFfiWakerBase *waker; /* an owned clone */
    int wakes;
} waker_job;

static void *wake_many(void *arg) {
    waker_job *job = arg;
    for (int i = 0; i < job->wakes; i++) {
        const AbsFfiWakerBase *c = abs_waker_clone(job->waker);
        if (i % 2) abs_waker_wake(c);
        else {
            abs_waker_wake_by_ref(c);
            abs_waker_drop(c);
        }
    }
    abs_waker_wake(job->waker);
    return NULL;
}

static void test_wakers(void) {
    uint64_t ids[64];
    int fd = abs_async_start();
    CHECK(fd >= 0);
    CHECK(abs_async_start() == fd);
    int64_t live = abs_async_live_wakers();

    abs_async_task *t = abs_async_task_new(7);
    const AbsFfiWakerBase *w = abs_async_task_context(t)->waker;
    CHECK(w != NULL && w->vtable != NULL);
    /* Woken twice before the host looks: queued once; the pipe holds a byte. */
    abs_waker_wake_by_ref(w);
    abs_waker_wake_by_ref(w);
    CHECK(abs_async_queued() == 1);
    struct pollfd pfd = { fd, POLLIN, 0 };
    CHECK(poll(&pfd, 1, 0) == 1);
    char buf[16];
    CHECK(read(fd, buf, sizeof buf) >= 1);
    CHECK(take_all(ids, 64) == 1 && ids[0] == 7);
    CHECK(take_all(ids, 64) == 0);
    /* Taking re-arms it. */
    abs_waker_wake_by_ref(w);
    CHECK(take_all(ids, 64) == 1 && ids[0] == 7);

    /* Four threads clone, wake and drop concurrently while the host takes. */
    pthread_t th[4];
    waker_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].waker = abs_waker_clone(w);
        jobs[i].wakes = 20000;
        pthread_create(&th[i], NULL, wake_many, &jobs[i]);
    }
    size_t taken = 0;
    for (int i = 0; i < 1000; i++) taken += take_all(ids, 64);
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    taken += take_all(ids, 64);
    CHECK(taken >= 1);
    CHECK(abs_async_live_wakers() == live + 1); /* every clone released; the host's remains */

    /* A clone kept past the task's end: its wakes queue nothing; its drop frees the task. */
    const AbsFfiWakerBase *late = abs_waker_clone(w);
    abs_async_task_finish(t);
    CHECK(abs_async_live_wakers() == live + 1);
    abs_waker_wake_by_ref(late);
    CHECK(take_all(ids, 64) == 0);
    abs_waker_wake(late);
    CHECK(abs_async_live_wakers() == live);
    while (read(fd, buf, sizeof buf) > 0) {
    }
}

/* ---- channels --------------------------------------------------------------------------------- */

typedef struct stream_job {
    AbsEventSender sender;
    uint64_t thread, count;
} stream_job;

static void *stream(void *arg) {
    stream_job *job = arg;
    for (uint64_t i = 0; i < job->count; i++) {
        AbsValue v;
        memset(&v, 0, sizeof v);
        v.i64.tag = ABS_VALUE_I64;
        v.i64.value = (int64_t)(job->thread << 32 | i);
        int32_t s;
        while ((s = abs_sender_send(&job->sender, &v)) == ABS_SEND_FULL) abs_sender_wait_ready(&job->sender, 50);
        if (s != ABS_SEND_OK) break;
    }
    abs_sender_drop(&job->sender);
    return NULL;
}

static void drain_stream(abs_channel *c, uint64_t per_thread, size_t capacity) {
    AbsEventSender first;
    abs_channel_sender(c, &first);
    pthread_t th[4];
    stream_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].sender = abs_sender_clone(&first);
        jobs[i].thread = (uint64_t)i;
        jobs[i].count = per_thread;
        pthread_create(&th[i], NULL, stream, &jobs[i]);
    }
    abs_sender_drop(&first);
    uint64_t next[4] = { 0, 0, 0, 0 };
    int in_order = 1;
    AbsValue out[256];
    for (;;) {
        size_t n = abs_channel_take(c, out, capacity && capacity < 256 ? capacity : 256);
        for (size_t k = 0; k < n; k++) {
            uint64_t e = (uint64_t)out[k].i64.value;
            uint64_t t = e >> 32;
            if (t >= 4 || (e & 0xFFFFFFFFu) != next[t]) in_order = 0;
            else next[t]++;
        }
        /* Closed: nothing can be added now, so an empty take after seeing it means the end (a
         * take before seeing it may have missed the last events). */
        if (n == 0 && (abs_channel_state(c) & 1) && abs_channel_take(c, out, 0) == 0 && abs_channel_state(c) & 1) {
            AbsValue rest[1];
            if (abs_channel_take(c, rest, 1) == 0) break;
            uint64_t e = (uint64_t)rest[0].i64.value;
            uint64_t t = e >> 32;
            if (t >= 4 || (e & 0xFFFFFFFFu) != next[t]) in_order = 0;
            else next[t]++;
        }
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    CHECK(in_order);
    CHECK(next[0] == per_thread && next[1] == per_thread && next[2] == per_thread && next[3] == per_thread);
    CHECK((abs_channel_state(c) & 4) == 0); /* no live senders */
}

static void test_channels(void) {
    uint64_t ids[64];
    int64_t channels = abs_channels_live();
    int64_t allocs = abs_live_allocations();

    abs_channel *c = abs_channel_new(11, 0);
    drain_stream(c, 100000, 0);
    CHECK(take_all(ids, 64) >= 1); /* it was queued for the host (first event, then the close) */
    abs_channel_release(c);

    abs_channel *b = abs_channel_new(12, 8);
    drain_stream(b, 20000, 8);
    CHECK(abs_channel_refused(b) > 0);
    abs_channel_release(b);
    take_all(ids, 64);

    /* Bounded: refusals leave the event with the caller; wait_ready times out, then sees room, then the close. */
    abs_channel *s = abs_channel_new(13, 2);
    AbsEventSender tx;
    abs_channel_sender(s, &tx);
    AbsValue v[3];
    for (int i = 0; i < 3; i++) {
        memset(&v[i], 0, sizeof v[i]);
        v[i].string.tag = ABS_VALUE_STRING;
        v[i].string.value = host_string("queued");
    }
    CHECK(abs_sender_send(&tx, &v[0]) == ABS_SEND_OK);
    CHECK(v[0].tag == ABS_VALUE_NULL); /* moved */
    CHECK(abs_sender_send(&tx, &v[1]) == ABS_SEND_OK);
    CHECK(abs_sender_send(&tx, &v[2]) == ABS_SEND_FULL);
    CHECK(v[2].tag == ABS_VALUE_STRING); /* still the caller's */
    CHECK(abs_channel_refused(s) == 1);
    CHECK(abs_sender_wait_ready(&tx, 10) == ABS_SEND_TIMEOUT);
    AbsValue got[1];
    CHECK(abs_channel_take(s, got, 1) == 1 && got[0].tag == ABS_VALUE_STRING);
    abs_channel_drop_events(got, 1);
    CHECK(abs_sender_wait_ready(&tx, 10) == ABS_SEND_OK);
    CHECK(abs_sender_send(&tx, &v[2]) == ABS_SEND_OK);
    /* The host closes with two strings unread: they are dropped; the sender learns it. */
    abs_channel_close(s);
    CHECK(abs_sender_wait_ready(&tx, 10) == ABS_SEND_CLOSED);
    AbsValue late;
    memset(&late, 0, sizeof late);
    late.i64.tag = ABS_VALUE_I64;
    CHECK(abs_sender_send(&tx, &late) == ABS_SEND_CLOSED);
    abs_channel_release(s);
    CHECK(abs_channels_live() == channels + 1); /* the sender still holds it */
    abs_sender_drop(&tx);
    /* The wake-up queued by the first send still holds it until the host takes it. */
    CHECK(abs_channels_live() == channels + 1);
    CHECK(take_all(ids, 64) == 1 && ids[0] == 13);
    CHECK(abs_channels_live() == channels);
    CHECK(abs_live_allocations() == allocs);
}

/* ---- host futures ----------------------------------------------------------------------------- */

typedef struct test_waker {
    AbsFfiWakerBase base;
    _Atomic int refs, wakes;
} test_waker;
static const AbsFfiWakerBase *tw_clone(const AbsFfiWakerBase *b) {
    atomic_fetch_add(&((test_waker *)(uintptr_t)b)->refs, 1);
    return b;
}
static void tw_wake_by_ref(const AbsFfiWakerBase *b) { atomic_fetch_add(&((test_waker *)(uintptr_t)b)->wakes, 1); }
static void tw_drop(const AbsFfiWakerBase *b) { atomic_fetch_sub(&((test_waker *)(uintptr_t)b)->refs, 1); }
static void tw_wake(const AbsFfiWakerBase *b) {
    tw_wake_by_ref(b);
    tw_drop(b);
}
static const AbsFfiWakerVTable tw_vtable = { tw_clone, tw_wake, tw_wake_by_ref, tw_drop };

typedef struct poll_job {
    AbsFfiFuture f;
    AbsFfiContext cx;
    AbsFfiPollU64 result;
} poll_job;
static void *poll_on_thread(void *arg) {
    poll_job *job = arg;
    job->result = ((ABS_FFI_POLL_FN(AbsFfiPollU64))job->f.poll_fn)(job->f.fut_ptr, &job->cx);
    return NULL;
}

static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op poll_string_drop[] = { { ABS_DROP_ENUM, 1, ABS_POLL_READY, 0, 0, 0, drop_rvec_at8, 1 } };

static void test_host_futures(void) {
#if defined(__x86_64__) && !defined(_WIN32)
    int64_t allocs = abs_live_allocations();
    test_waker w = { { &tw_vtable }, 1, 0 };
    poll_job job;
    abs_host_future *h = abs_host_future_new(1, sizeof(AbsFfiPollU64), ABS_POLL_RET_INT16, NULL, 0, &job.f);
    CHECK(h != NULL);
    job.cx.waker = &w.base;
    pthread_t th;
    pthread_create(&th, NULL, poll_on_thread, &job);
    pthread_join(th, NULL);
    CHECK(job.result.tag == ABS_POLL_PENDING);
    CHECK(atomic_load(&w.refs) == 2); /* the future kept a clone, never the borrowed one */
    AbsFfiPollU64 ready;
    memset(&ready, 0, sizeof ready);
    ready.tag = ABS_POLL_READY;
    ready.ready.value = 42;
    abs_host_future_complete(h, &ready);
    CHECK(atomic_load(&w.wakes) == 1 && atomic_load(&w.refs) == 1); /* woken by value: consumed */
    pthread_create(&th, NULL, poll_on_thread, &job);
    pthread_join(th, NULL);
    CHECK(job.result.tag == ABS_POLL_READY && job.result.ready.value == 42);
    /* Polled again after Ready: Panicked, never the moved value twice. */
    poll_on_thread(&job);
    CHECK(job.result.tag == ABS_POLL_PANICKED);
    abs_ffi_future_drop(&job.f);
    CHECK(abs_host_futures_live() == 0);

    /* A string result nobody takes (the plugin dropped the future first) is dropped, once. */
    AbsFfiFuture g;
    abs_host_future *hs = abs_host_future_new(2, sizeof(AbsFfiPollRString), ABS_POLL_RET_MEMORY, poll_string_drop, 1, &g);
    abs_ffi_future_drop(&g);
    CHECK(abs_host_future_dropped(hs));
    AbsFfiPollRString s;
    memset(&s, 0, sizeof s);
    s.tag = ABS_POLL_READY;
    s.ready.value = host_string("never taken");
    abs_host_future_complete(hs, &s);
    CHECK(abs_host_futures_live() == 0);
    CHECK(abs_live_allocations() == allocs);
#endif
}

void test_async(void) {
    test_wakers();
    test_channels();
    test_host_futures();
}
