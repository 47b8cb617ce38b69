/* trait_wait.c: off-thread calls that wait for JS (t.method(..., { offThread: 'wait' })). The call
 * is queued like any other, with `ret` pointing into an answer block shared by the waiting thread
 * and the queue entry (each holds a reference; the last one frees it). The thread waits on the
 * block's condition variable until JS has answered or the method's deadline passed: the main
 * thread may itself be blocked in a native call waiting for this very thread, so a wait never
 * lasts longer than the deadline. A thread that gave up returns the method's error value, and JS
 * then neither runs the call nor leaves what it wrote behind (abs_trait_answer says so). */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "trait_internal.h"

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
