/* async_wake.c: the async wake-up queue. Anything a plugin thread can wake (a host task's waker, a
 * channel) embeds an rt_wake_node; waking links it once into this queue and, when the queue was
 * empty, writes one byte to a pipe the host's event loop watches. The host takes the woken ids in
 * batches on its main thread (src/async/wake-loop.ts). The same principle as the trait-call queue
 * (trait_queue.c), with its own pipe: this one works on every POSIX target, the trampolines do not. */
#include "async_internal.h"

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
