/* callback.c: plain `extern "C" fn` pointers the host makes from JS functions (test/callback/):
 * `tr_use_callback(U32Callback, n)` with #[repr(transparent)] struct U32Callback(fn(u32) -> u32);
 * every argument/return shape through a struct of pointers; an ROption of one; calls from plugin
 * threads (joined within the call, or running on after it with a long-lived callback); a plugin
 * that keeps a callback and calls it later; a thread that calls one until the process exits. */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "trait_plugin.h"

typedef uint32_t (*U32Callback)(uint32_t);
ABS_DECLARE_ROPTION(TrOptionU32Callback, U32Callback);
ABS_DECLARE_TUPLE2(TrCbPair, uint32_t, uint64_t);
ABS_DECLARE_TUPLE2(TrCbU64F64, uint64_t, double);

/* #[repr(C)] struct Hooks: one pointer per shape. */
typedef struct TrHooks {
    void (*note)(uint64_t, AbsRStr);
    double (*mix)(double, uint32_t, float);
    TrCbU64F64 (*pair)(TrCbPair);
    AbsRString (*text)(AbsRStr, AbsRString);
    uint64_t (*many)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
} TrHooks;

static void fail(const char *what) {
    fprintf(stderr, "trait_plugin_c: %s; aborting\n", what);
    abort();
}

ABS_EXPORT uint32_t tr_use_callback(U32Callback cb, uint32_t n) { return cb(n) + 1000; }

ABS_EXPORT uint32_t tr_maybe_callback(TrOptionU32Callback cb, uint32_t n) {
    return cb.tag == ABS_RSOME ? cb.some.value(n) : n;
}

ABS_EXPORT AbsRString tr_hooks(TrHooks hooks) {
    hooks.note(7, ABS_RSTR("noted"));
    double mix = hooks.mix(1.5, 2, 0.25f);
    TrCbU64F64 pair = hooks.pair((TrCbPair){ 3, 1ull << 40 });
    AbsRString text = hooks.text(ABS_RSTR("borrowed"), tr_string("owned"));
    uint64_t many = hooks.many(1, 2, 3, 4, 5, 6, 7, 8);
    char out[256];
    int n = snprintf(out, sizeof out, "mix=%g;pair=%llu,%g;text=%.*s;many=%llu", mix, (unsigned long long)pair._0,
                     pair._1, (int)text.length, (const char *)text.buffer, (unsigned long long)many);
    abs_rvec_drop(&text);
    return tr_string_from(out, (size_t)n < sizeof out ? (size_t)n : sizeof out - 1);
}

/* ---- threads ------------------------------------------------------------------------------- */

typedef void (*SeqCallback)(uint32_t thread, uint64_t seq);

typedef struct seq_job {
    SeqCallback cb;
    uint32_t thread;
    uint64_t count;
} seq_job;

static void *seq_thread(void *arg) {
    seq_job *job = arg;
    for (uint64_t i = 0; i < job->count; i++) job->cb(job->thread, i);
    return NULL;
}

#define MAX_THREADS 8
static pthread_t started[MAX_THREADS];
static seq_job jobs[MAX_THREADS];
static uint32_t started_count;

/* Starts `threads` threads that each call cb(thread, 0..count-1), and returns at once. */
ABS_EXPORT void tr_callback_threads_start(SeqCallback cb, uint32_t threads, uint64_t count) {
    if (threads > MAX_THREADS || started_count) fail("tr_callback_threads_start: bad use");
    for (uint32_t t = 0; t < threads; t++) {
        jobs[t] = (seq_job){ cb, t, count };
        if (pthread_create(&started[t], NULL, seq_thread, &jobs[t]) != 0) fail("pthread_create failed");
    }
    started_count = threads;
}

ABS_EXPORT void tr_callback_threads_join(void) {
    for (uint32_t t = 0; t < started_count; t++) pthread_join(started[t], NULL);
    started_count = 0;
}

/* The same, joined before returning (the callback need only live for this call). */
ABS_EXPORT void tr_callback_threads(SeqCallback cb, uint32_t threads, uint64_t count) {
    tr_callback_threads_start(cb, threads, count);
    tr_callback_threads_join();
}

/* A value-returning callback from a thread: refused there, the plugin gets the error value. */
typedef struct value_job {
    U32Callback cb;
    uint32_t got;
} value_job;

static void *value_thread(void *arg) {
    value_job *job = arg;
    job->got = job->cb(5);
    return NULL;
}

ABS_EXPORT uint32_t tr_callback_value_on_thread(U32Callback cb) {
    value_job job = { cb, 0 };
    pthread_t th;
    if (pthread_create(&th, NULL, value_thread, &job) != 0) fail("pthread_create failed");
    pthread_join(th, NULL);
    return job.got;
}

/* ---- kept callbacks ------------------------------------------------------------------------ */

static _Atomic(U32Callback) kept;

ABS_EXPORT void tr_callback_keep(U32Callback cb) { atomic_store(&kept, cb); }
ABS_EXPORT uint32_t tr_callback_call_kept(uint32_t n) {
    U32Callback cb = atomic_load(&kept);
    return cb ? cb(n) : 0;
}

/* A detached thread calling cb(0, 1, 2, ...) until the process ends. */
static void *forever(void *arg) {
    SeqCallback cb = (SeqCallback)(uintptr_t)arg;
    for (uint64_t i = 0;; i++) {
        cb(99, i);
        if (i % 256 == 255) {
            struct timespec pause = { 0, 1000000 }; /* paced: the host's queue stays short */
            nanosleep(&pause, NULL);
        }
    }
    return NULL;
}

ABS_EXPORT void tr_callback_forever(SeqCallback cb) {
    pthread_t th;
    if (pthread_create(&th, NULL, forever, (void *)(uintptr_t)cb) != 0) fail("pthread_create failed");
    pthread_detach(th);
}

/* ---- a plugin-made object whose method takes a callback ------------------------------------ */

/* Applier { apply(&self, cb: U32Callback, n: u32) -> u32 }: cb(n) times the object's factor. */
typedef struct applier { uint32_t factor; } applier;
static _Atomic uint64_t applier_drops;
TR_DEFINE_ROBJECT_VTABLE(applier_robject_vtable, applier_drops);
static const abs_type t_applier = { sizeof(applier), _Alignof(applier), NULL, 0, ABS_KEY_BYTES, 0 };

static uint32_t applier_apply(const void *self, U32Callback cb, uint32_t n) {
    return cb(n) * ((const applier *)self)->factor;
}

static const TrVTable_WM applier_vtable = {
    TR_VTABLE_BITS(1),
    &tr_trait_vtable_layout,
    &applier_robject_vtable,
    { (AbsFn)applier_apply },
};

ABS_EXPORT AbsRObject tr_applier_new(uint32_t factor) {
    AbsRObject o = tr_object_new(&applier_vtable, &t_applier);
    applier a = { factor };
    memcpy(o.ptr.data, &a, sizeof a);
    return o;
}

/* ---- answers from the main thread (offThread: 'wait') --------------------------------------- */

typedef struct ask_job {
    U32Callback cb;
    uint32_t count;
    uint64_t sum;
} ask_job;

static void *ask_thread(void *arg) {
    ask_job *job = arg;
    for (uint32_t i = 0; i < job->count; i++) job->sum += job->cb(i);
    return NULL;
}

static pthread_t ask_th;
static ask_job ask;

/* A thread asks cb(0..count-1) and sums the answers; returns at once (tr_ask_join waits). */
ABS_EXPORT void tr_ask_start(U32Callback cb, uint32_t count) {
    ask = (ask_job){ cb, count, 0 };
    if (pthread_create(&ask_th, NULL, ask_thread, &ask) != 0) fail("pthread_create failed");
}

ABS_EXPORT uint64_t tr_ask_join(void) {
    pthread_join(ask_th, NULL);
    return ask.sum;
}

/* The same, joined within the call: the main thread is blocked here while the thread asks. */
ABS_EXPORT uint64_t tr_ask_blocking(U32Callback cb, uint32_t count) {
    tr_ask_start(cb, count);
    return tr_ask_join();
}

/* ---- the baseline: a round trip between two C threads through a condition variable ------------ */

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static uint64_t pp_asked, pp_answered;
static uint32_t pp_rounds;

static void *pp_server(void *arg) {
    (void)arg;
    pthread_mutex_lock(&pp_lock);
    for (uint32_t i = 0; i < pp_rounds; i++) {
        while (pp_asked == pp_answered) pthread_cond_wait(&pp_cond, &pp_lock);
        pp_answered++;
        pthread_cond_broadcast(&pp_cond);
    }
    pthread_mutex_unlock(&pp_lock);
    return NULL;
}

/* Nanoseconds per ask-and-answer between two threads over `rounds` rounds. */
ABS_EXPORT uint64_t tr_condvar_round_trip_ns(uint32_t rounds) {
    pp_asked = pp_answered = 0;
    pp_rounds = rounds;
    pthread_t server;
    if (pthread_create(&server, NULL, pp_server, NULL) != 0) fail("pthread_create failed");
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    pthread_mutex_lock(&pp_lock);
    for (uint32_t i = 0; i < rounds; i++) {
        pp_asked++;
        pthread_cond_broadcast(&pp_cond);
        while (pp_answered != pp_asked) pthread_cond_wait(&pp_cond, &pp_lock);
    }
    pthread_mutex_unlock(&pp_lock);
    clock_gettime(CLOCK_MONOTONIC, &b);
    pthread_join(server, NULL);
    uint64_t ns = (uint64_t)(b.tv_sec - a.tv_sec) * 1000000000ull + (uint64_t)(b.tv_nsec - a.tv_nsec);
    return rounds ? ns / rounds : 0;
}
