/* async_internal.h: what the async files (async_*.c) share and never export: the node every
 * wakeable thing (a host task's waker, a channel) embeds to be queued for the host. */
#ifndef ABS_ASYNC_INTERNAL_H
#define ABS_ASYNC_INTERNAL_H

#include "rt_internal.h"
#include "abs_async.h"

typedef struct rt_wake_node rt_wake_node;
struct rt_wake_node {
    rt_wake_node *next;          /* under the queue lock */
    _Atomic uint32_t queued;     /* 1 while linked in the queue (it then holds one reference) */
    _Atomic uint32_t refs;
    uint64_t id;                 /* what the host reads back */
    void (*free_node)(rt_wake_node *n); /* called when refs reaches 0 */
};

/* Links `n` unless it is already queued (then the pending wake covers this one). Never blocks
 * beyond a short mutex; writes the pipe byte when the queue was empty. Any thread. */
void rt_wake_push(rt_wake_node *n);
static inline void rt_node_retain(rt_wake_node *n) { atomic_fetch_add(&n->refs, 1); }
static inline void rt_node_release(rt_wake_node *n) {
    if (atomic_fetch_sub(&n->refs, 1) == 1) n->free_node(n);
}

/* pin.c: keeps the library this code is in mapped until exit (plugin threads call into it). */
int rt_pin_self(void);

#endif /* ABS_ASYNC_INTERNAL_H */
