/* rchannel_internal.h: what rchannel_core.c and rchannel_slots.c share (never exported): the
 * host's channel behind abi_stable's RSender<T>/RReceiver<T> (reference 11.C). */
#ifndef ABS_RCHANNEL_INTERNAL_H
#define ABS_RCHANNEL_INTERNAL_H

#include "async_internal.h"
#include "abs_rchannel.h"

#include <pthread.h>
#include <time.h>

typedef struct rt_rchannel {
    rt_wake_node node;          /* refs: one per end, one while queued for the host */
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    const abs_type *type;       /* T: size, align, drop glue (lives as long as the process) */
    size_t stride;              /* T's size rounded up to its alignment (at least 1) */
    unsigned char *ring;
    size_t ring_cap, head, len;
    size_t capacity;            /* 0: unbounded */
    uint32_t senders, receivers;
    _Atomic uint32_t host_waiting; /* the host waits for a value or the end: wake it once */
    const void *vtable;         /* the VTable<T> WM both ends point at */
} rt_rchannel;

/* What an end's RBox points at. */
typedef struct rt_rchannel_end {
    rt_rchannel *chan;
} rt_rchannel_end;

enum { RC_OK = 0, RC_NOT_NOW = 1 /* full, empty or timed out */, RC_DISCONNECTED = 2 };

/* Moves `value` in (T bytes). `block`: wait while full, until `deadline` when not NULL. */
int rc_push(rt_rchannel *c, const void *value, int block, const struct timespec *deadline);
/* Moves the oldest value out to `out`. `block`: wait while empty, until `deadline` when not NULL. */
int rc_pop(rt_rchannel *c, void *out, int block, const struct timespec *deadline);
/* A new end of the same channel (RBox data and its box vtable). */
AbsRBox rc_clone_end(rt_rchannel *c, int sender);
size_t rc_len(rt_rchannel *c);
/* The VTable<T> for T's size and alignment (made once). */
const void *rc_vtable(size_t size, size_t align);

static inline rt_rchannel *rc_of(void *chan) { return ((rt_rchannel_end *)chan)->chan; }

#endif /* ABS_RCHANNEL_INTERNAL_H */
