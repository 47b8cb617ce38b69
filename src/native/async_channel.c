/* async_channel.c: event channels from plugin threads to the host (docs/async.md). A channel is a
 * ring of Values behind a mutex. A plugin's send() moves one Value in and returns at once: it never
 * waits for JS. When the ring goes from empty to non-empty (or the channel closes) the channel is
 * queued for the host (async_wake.c), which takes events in batches on its main thread. A bounded
 * channel refuses a send when full (ABS_SEND_FULL, the plugin keeps its value: backpressure);
 * wait_ready() lets a plugin thread sleep until there is room, the channel closes, or a timeout.
 * Closing from either side, or the last sender handle going away, ends the host's iteration after
 * the events already queued. */
#include "async_internal.h"

#include <errno.h>
#include <pthread.h>
#include <time.h>

enum { ST_CLOSED = 1, ST_EVER_SENDER = 2, ST_LIVE_SENDERS = 4 };

struct abs_channel {
    rt_wake_node node;
    pthread_mutex_t lock;
    pthread_cond_t room;
    AbsValue *ring;
    size_t ring_cap; /* slots allocated */
    size_t head, len;
    size_t capacity; /* 0: unbounded */
    uint32_t senders;
    uint32_t ever_sender;
    uint32_t closed;
    uint64_t refused;
};

static _Atomic int64_t live_channels;

/* Drop glue of the project's Value (src/types/value.ts): the owned payloads, each through its own vtable. */
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

static abs_channel *channel_of(void *p) { return p; }

/* Drops every queued event; called with the lock held (Value destructors never touch the channel). */
static void drop_queued(abs_channel *c) {
    for (size_t i = 0; i < c->len; i++) abs_drop_in_place(&c->ring[(c->head + i) % c->ring_cap], drop_value, 4);
    c->head = c->len = 0;
}

static void free_channel(rt_wake_node *n) {
    abs_channel *c = (abs_channel *)n; /* node is the first field */
    drop_queued(c);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * sizeof(AbsValue), _Alignof(AbsValue));
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->room);
    abs_dealloc(c, sizeof *c, _Alignof(abs_channel));
    atomic_fetch_sub(&live_channels, 1);
}

/* Room for one more event in an unbounded ring: doubles it, unwrapping the queued run. */
static void grow(abs_channel *c) {
    size_t cap = c->ring_cap ? c->ring_cap * 2 : 64;
    AbsValue *ring = abs_alloc(cap * sizeof(AbsValue), _Alignof(AbsValue));
    for (size_t i = 0; i < c->len; i++) ring[i] = c->ring[(c->head + i) % c->ring_cap];
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * sizeof(AbsValue), _Alignof(AbsValue));
    c->ring = ring;
    c->ring_cap = cap;
    c->head = 0;
}

static int32_t sender_send(void *p, AbsValue *event) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    if (c->closed) {
        pthread_mutex_unlock(&c->lock);
        return ABS_SEND_CLOSED;
    }
    if (c->capacity && c->len >= c->capacity) {
        c->refused++;
        pthread_mutex_unlock(&c->lock);
        return ABS_SEND_FULL;
    }
    if (c->len == c->ring_cap) grow(c);
    c->ring[(c->head + c->len) % c->ring_cap] = *event;
    int was_empty = c->len++ == 0;
    pthread_mutex_unlock(&c->lock);
    /* The event is the channel's now: the caller's copy must not be dropped. */
    memset(event, 0, sizeof *event);
    if (was_empty) rt_wake_push(&c->node);
    return ABS_SEND_OK;
}

static int32_t sender_wait_ready(void *p, uint64_t timeout_ms) {
    abs_channel *c = channel_of(p);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += (time_t)(timeout_ms / 1000);
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    int32_t status = ABS_SEND_OK;
    pthread_mutex_lock(&c->lock);
    while (!c->closed && c->capacity && c->len >= c->capacity) {
        if (pthread_cond_timedwait(&c->room, &c->lock, &until) == ETIMEDOUT) {
            status = c->closed ? ABS_SEND_CLOSED : (c->len >= c->capacity ? ABS_SEND_TIMEOUT : ABS_SEND_OK);
            break;
        }
    }
    if (c->closed) status = ABS_SEND_CLOSED;
    pthread_mutex_unlock(&c->lock);
    return status;
}

static void close_locked_then_wake(abs_channel *c) {
    int was_open = !c->closed;
    c->closed = 1;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->lock);
    if (was_open) rt_wake_push(&c->node);
}

static void sender_close(void *p) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    close_locked_then_wake(c);
}

static void *sender_clone(void *p) {
    abs_channel *c = channel_of(p);
    rt_node_retain(&c->node);
    pthread_mutex_lock(&c->lock);
    c->senders++;
    pthread_mutex_unlock(&c->lock);
    return c;
}

static void sender_drop(void *p) {
    abs_channel *c = channel_of(p);
    pthread_mutex_lock(&c->lock);
    /* The last sender gone ends the stream, as with a closed one. */
    if (--c->senders == 0) close_locked_then_wake(c);
    else pthread_mutex_unlock(&c->lock);
    rt_node_release(&c->node);
}

static const AbsEventSenderVTable sender_vtable = { sender_send, sender_wait_ready, sender_close, sender_clone, sender_drop };

ABS_RT_API const AbsEventSenderVTable *abs_channel_sender_vtable(void) { return &sender_vtable; }

ABS_RT_API abs_channel *abs_channel_new(uint64_t id, size_t capacity) {
    abs_channel *c = abs_alloc(sizeof *c, _Alignof(abs_channel));
    memset(c, 0, sizeof *c);
    atomic_init(&c->node.queued, 0);
    atomic_init(&c->node.refs, 1); /* the host's */
    c->node.id = id;
    c->node.free_node = free_channel;
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->room, NULL);
    c->capacity = capacity;
    if (capacity) {
        c->ring_cap = capacity;
        c->ring = abs_alloc(capacity * sizeof(AbsValue), _Alignof(AbsValue));
    }
    atomic_fetch_add(&live_channels, 1);
    return c;
}

ABS_RT_API void abs_channel_sender(abs_channel *c, AbsEventSender *out) {
    rt_node_retain(&c->node);
    pthread_mutex_lock(&c->lock);
    c->senders++;
    c->ever_sender = 1;
    pthread_mutex_unlock(&c->lock);
    out->channel = c;
    out->vtable = &sender_vtable;
}

ABS_RT_API size_t abs_channel_take(abs_channel *c, AbsValue *out, size_t cap) {
    pthread_mutex_lock(&c->lock);
    size_t n = c->len < cap ? c->len : cap;
    for (size_t i = 0; i < n; i++) out[i] = c->ring[(c->head + i) % c->ring_cap];
    if (n) {
        c->head = (c->head + n) % c->ring_cap;
        c->len -= n;
        if (c->len == 0) c->head = 0;
        pthread_cond_broadcast(&c->room);
    }
    pthread_mutex_unlock(&c->lock);
    return n;
}

ABS_RT_API size_t abs_channel_take_batch(abs_channel *c, AbsValue *batch, AbsValue *events, size_t cap) {
    size_t n = abs_channel_take(c, events, cap);
    memset(batch, 0, sizeof *batch);
    batch->array.tag = ABS_VALUE_ARRAY;
    batch->array.value.buffer = events;
    batch->array.value.length = n;
    batch->array.value.capacity = n;
    return n;
}

ABS_RT_API void abs_channel_drop_events(AbsValue *events, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (events[i].tag >= ABS_VALUE_STRING) abs_drop_in_place(&events[i], drop_value, 4);
}

ABS_RT_API uint32_t abs_channel_state(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    uint32_t s = (c->closed ? ST_CLOSED : 0) | (c->ever_sender ? ST_EVER_SENDER : 0) | (c->senders ? ST_LIVE_SENDERS : 0);
    pthread_mutex_unlock(&c->lock);
    return s;
}

ABS_RT_API uint64_t abs_channel_refused(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    uint64_t r = c->refused;
    pthread_mutex_unlock(&c->lock);
    return r;
}

ABS_RT_API void abs_channel_close(abs_channel *c) {
    pthread_mutex_lock(&c->lock);
    drop_queued(c);
    c->closed = 1;
    pthread_cond_broadcast(&c->room);
    pthread_mutex_unlock(&c->lock);
}

ABS_RT_API void abs_channel_release(abs_channel *c) { rt_node_release(&c->node); }

ABS_RT_API int64_t abs_channels_live(void) { return atomic_load(&live_channels); }
