/* trait_queue.c: the queue that carries calls made on plugin threads to the JS main thread. A
 * plugin thread takes a mutex only long enough to link an entry; when the queue was empty it also
 * writes one byte to a pipe whose read end the host's event loop watches, and returns: it never
 * waits for JS. The host takes the whole queue at once on the main thread, so one wake-up delivers
 * a whole batch, in order. No native thread ever calls into JS (or into the FFI layer): when the
 * process exits while a plugin thread is still sending, the bytes simply go unread. */
#include "trait_internal.h"

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
