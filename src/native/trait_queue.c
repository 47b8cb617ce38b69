/* trait_queue.c: the queue that carries calls made on plugin threads to the JS main thread, and
 * the dispatcher thread that hands it over. A plugin thread only takes a mutex long enough to link
 * an entry, so it never waits for JS. The dispatcher calls the host's `drain` callback, which the
 * FFI layer runs on the main thread while the dispatcher (not the plugin) waits; the host takes the
 * whole queue at once, so one crossing delivers a whole batch, in order. */
#include "trait_internal.h"

#include <pthread.h>

/* The host reads and writes these records by byte offset (src/trait/host/plan.ts `Record`,
 * host-object.ts `TraitMethodNative`). */
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
_Static_assert(sizeof(abs_trait_call) == 160, "abs_trait_call size");
_Static_assert(offsetof(abs_trait_call, kind) == 8 && offsetof(abs_trait_call, method_index) == 12, "");
_Static_assert(offsetof(abs_trait_call, trait_id) == 16 && offsetof(abs_trait_call, object_id) == 24, "");
_Static_assert(offsetof(abs_trait_call, words) == 32 && offsetof(abs_trait_call, floats) == 88, "");
_Static_assert(offsetof(abs_trait_call, ret) == 152, "abs_trait_call.ret");
_Static_assert(sizeof(abs_trait_method) == 72, "abs_trait_method size");
_Static_assert(offsetof(abs_trait_method, copies) == 32 && offsetof(abs_trait_method, error_kind) == 56, "");
_Static_assert(offsetof(abs_trait_method, error_bytes) == 64, "abs_trait_method.error_bytes");
#endif

_Atomic(abs_trait_invoke_fn) rt_trait_invoke;
static _Atomic(abs_trait_drain_fn) drain_callback;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;
static abs_trait_call *queue_head;
static abs_trait_call *queue_tail;
static _Atomic uint64_t pending;
static _Atomic uint64_t refused;

static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t main_thread;
static _Atomic int started;
static int dispatcher_running;

int rt_trait_on_main_thread(void) {
    return atomic_load(&started) && pthread_equal(pthread_self(), main_thread);
}

static void *dispatcher(void *arg) {
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (!queue_head) pthread_cond_wait(&queue_nonempty, &queue_lock);
        pthread_mutex_unlock(&queue_lock);
        /* Runs on the main thread; returns once the host has taken (and delivered) the queue. */
        atomic_load(&drain_callback)();
    }
    return NULL;
}

ABS_RT_API int abs_trait_start(abs_trait_invoke_fn invoke, abs_trait_drain_fn drain) {
#if !defined(__x86_64__) || defined(_WIN32)
    /* The trampolines' parameter lists match the System V x86-64 convention only. */
    (void)invoke;
    (void)drain;
    return ABS_RT_UNSUPPORTED;
#else
    pthread_mutex_lock(&start_lock);
    /* A host that reloads its JS modules in the same process calls again with new callbacks. */
    main_thread = pthread_self();
    atomic_store(&rt_trait_invoke, invoke);
    atomic_store(&drain_callback, drain);
    atomic_store(&started, 1);
    int status = ABS_RT_OK;
    if (!dispatcher_running) {
        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
        if (pthread_create(&th, &attr, dispatcher, NULL) == 0) dispatcher_running = 1;
        else status = ABS_RT_UNSUPPORTED;
        pthread_attr_destroy(&attr);
    }
    pthread_mutex_unlock(&start_lock);
    return status;
#endif
}

abs_trait_call *rt_trait_entry(size_t extra) {
    size_t size = sizeof(abs_trait_call) + extra;
    abs_trait_call *e = abs_alloc(size, _Alignof(abs_trait_call));
    memset(e, 0, size);
    return e;
}

void rt_trait_enqueue(abs_trait_call *entry) {
    entry->next = NULL;
    atomic_fetch_add(&pending, 1);
    pthread_mutex_lock(&queue_lock);
    if (queue_tail) queue_tail->next = entry;
    else queue_head = entry;
    queue_tail = entry;
    pthread_cond_signal(&queue_nonempty);
    pthread_mutex_unlock(&queue_lock);
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
        abs_dealloc(list, sizeof *list, _Alignof(abs_trait_call));
        atomic_fetch_sub(&pending, 1);
        list = next;
    }
}

ABS_RT_API uint64_t abs_trait_pending(void) { return atomic_load(&pending); }
ABS_RT_API uint64_t abs_trait_refused(void) { return atomic_load(&refused); }
