/* rchannel_core.c: the host's RSender/RReceiver channel (abs_rchannel.h): a ring of T values behind
 * a mutex with two condition variables, counted ends, and a wake-up for the host when it waits. */
#include "rchannel_internal.h"

#include <errno.h>

static _Atomic int64_t rc_live_rchannels;

static void *rc_slot_at(rt_rchannel *c, size_t i) { return c->ring + ((c->head + i) % c->ring_cap) * c->stride; }

static void rc_free_rchannel(rt_wake_node *n) {
    rt_rchannel *c = (rt_rchannel *)n; /* node is the first field */
    /* Values nobody received are dropped through their own vtables. */
    for (size_t i = 0; i < c->len; i++)
        if (c->type->drop_len) abs_drop_in_place(rc_slot_at(c, i), c->type->drop, c->type->drop_len);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * c->stride, c->type->align ? c->type->align : 1);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->not_empty);
    pthread_cond_destroy(&c->not_full);
    abs_dealloc(c, sizeof *c, _Alignof(rt_rchannel));
    atomic_fetch_sub(&rc_live_rchannels, 1);
}

/* Wakes the host if it waits; called without the lock. */
static void rc_wake_host(rt_rchannel *c) {
    if (c->node.id && atomic_exchange(&c->host_waiting, 0)) rt_wake_push(&c->node);
}

static void rc_grow(rt_rchannel *c) {
    size_t cap = c->ring_cap ? c->ring_cap * 2 : 16;
    size_t align = c->type->align ? c->type->align : 1;
    unsigned char *ring = abs_alloc(cap * c->stride, align);
    for (size_t i = 0; i < c->len; i++) memcpy(ring + i * c->stride, rc_slot_at(c, i), c->type->size);
    if (c->ring_cap) abs_dealloc(c->ring, c->ring_cap * c->stride, align);
    c->ring = ring;
    c->ring_cap = cap;
    c->head = 0;
}

static int rc_wait_on(pthread_cond_t *cv, pthread_mutex_t *m, const struct timespec *deadline) {
    return deadline ? pthread_cond_timedwait(cv, m, deadline) : pthread_cond_wait(cv, m);
}

int rc_push(rt_rchannel *c, const void *value, int block, const struct timespec *deadline) {
    pthread_mutex_lock(&c->lock);
    for (;;) {
        if (c->receivers == 0) {
            pthread_mutex_unlock(&c->lock);
            return RC_DISCONNECTED;
        }
        if (c->capacity == 0 || c->len < c->capacity) break;
        if (!block || (rc_wait_on(&c->not_full, &c->lock, deadline) == ETIMEDOUT && c->len >= c->capacity && c->receivers)) {
            pthread_mutex_unlock(&c->lock);
            return RC_NOT_NOW;
        }
    }
    if (c->len == c->ring_cap) rc_grow(c);
    memcpy(c->ring + ((c->head + c->len) % c->ring_cap) * c->stride, value, c->type->size);
    c->len++;
    pthread_cond_signal(&c->not_empty);
    pthread_mutex_unlock(&c->lock);
    rc_wake_host(c);
    return RC_OK;
}

int rc_pop(rt_rchannel *c, void *out, int block, const struct timespec *deadline) {
    pthread_mutex_lock(&c->lock);
    while (c->len == 0) {
        if (c->senders == 0) {
            pthread_mutex_unlock(&c->lock);
            return RC_DISCONNECTED;
        }
        if (!block || (rc_wait_on(&c->not_empty, &c->lock, deadline) == ETIMEDOUT && c->len == 0 && c->senders)) {
            pthread_mutex_unlock(&c->lock);
            return RC_NOT_NOW;
        }
    }
    memcpy(out, rc_slot_at(c, 0), c->type->size);
    c->head = (c->head + 1) % c->ring_cap;
    c->len--;
    pthread_cond_signal(&c->not_full);
    pthread_mutex_unlock(&c->lock);
    return RC_OK;
}

size_t rc_len(rt_rchannel *c) {
    pthread_mutex_lock(&c->lock);
    size_t n = c->len;
    pthread_mutex_unlock(&c->lock);
    return n;
}

/* ---- ends: RBox<ErasedSender<T>> / RBox<ErasedReceiver<T>> -------------------------------------- */

static const uint8_t rc_end_anchor = 0;
static AbsUTypeId rc_end_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &rc_end_anchor;
    memcpy(id.type_id_array, "abs_rt:RChanEnd", 16);
    return id;
}

static void rc_release_end(void *data, int sender) {
    rt_rchannel_end *e = data;
    rt_rchannel *c = e->chan;
    abs_dealloc(e, sizeof *e, _Alignof(rt_rchannel_end));
    pthread_mutex_lock(&c->lock);
    int disconnected = sender ? --c->senders == 0 : --c->receivers == 0;
    if (disconnected) pthread_cond_broadcast(sender ? &c->not_empty : &c->not_full);
    pthread_mutex_unlock(&c->lock);
    /* The host waiting to receive learns that no sender is left. */
    if (disconnected && sender) rc_wake_host(c);
    rt_node_release(&c->node);
}

static void rc_sender_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)call_drop;
    (void)dealloc; /* the end is one allocation, released with the reference it holds */
    rc_release_end(data, 1);
}
static void rc_receiver_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)call_drop;
    (void)dealloc;
    rc_release_end(data, 0);
}

static const AbsBoxVtable_WM rc_sender_box_vtable = { ABS_BOX_VTABLE_BITS, &rt_layout_box_vtable, { rc_end_type_id, rc_sender_destructor } };
static const AbsBoxVtable_WM rc_receiver_box_vtable = { ABS_BOX_VTABLE_BITS, &rt_layout_box_vtable, { rc_end_type_id, rc_receiver_destructor } };

AbsRBox rc_clone_end(rt_rchannel *c, int sender) {
    pthread_mutex_lock(&c->lock);
    if (sender) c->senders++;
    else c->receivers++;
    pthread_mutex_unlock(&c->lock);
    rt_node_retain(&c->node);
    rt_rchannel_end *e = abs_alloc(sizeof *e, _Alignof(rt_rchannel_end));
    e->chan = c;
    AbsRBox b = { e, sender ? &rc_sender_box_vtable : &rc_receiver_box_vtable };
    return b;
}

ABS_RT_API int abs_rchannel_new(const abs_type *type, size_t capacity, uint64_t wake_id,
                                AbsRChannelEnd *sender, AbsRChannelEnd *receiver) {
    if (type->align > 8 || type->float_units) return -1;
    const void *vtable = rc_vtable(type->size, type->align ? type->align : 1);
    if (!vtable) return -1; /* a zero-sized or over-128-byte T, or not x86-64 System V */
    rt_rchannel *c = abs_alloc(sizeof *c, _Alignof(rt_rchannel));
    memset(c, 0, sizeof *c);
    c->node.id = wake_id;
    c->node.free_node = rc_free_rchannel;
    atomic_init(&c->node.refs, 0);
    atomic_init(&c->node.queued, 0);
    atomic_init(&c->host_waiting, 0);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->not_empty, NULL);
    pthread_cond_init(&c->not_full, NULL);
    c->type = type;
    size_t align = type->align ? type->align : 1;
    c->stride = rt_round_up(type->size ? type->size : 1, align);
    c->capacity = capacity;
    c->vtable = vtable;
    atomic_fetch_add(&rc_live_rchannels, 1);
    sender->channel = rc_clone_end(c, 1);
    sender->vtable = c->vtable;
    receiver->channel = rc_clone_end(c, 0);
    receiver->vtable = c->vtable;
    return 0;
}

ABS_RT_API int abs_rchannel_watch(void *chan) {
    rt_rchannel *c = rc_of(chan);
    pthread_mutex_lock(&c->lock);
    int ready = c->len > 0 || c->senders == 0;
    if (!ready) atomic_store(&c->host_waiting, 1);
    pthread_mutex_unlock(&c->lock);
    return ready;
}

ABS_RT_API const void *abs_rchannel_receiver_box_vtable(void) { return &rc_receiver_box_vtable; }
ABS_RT_API int64_t abs_rchannels_live(void) { return atomic_load(&rc_live_rchannels); }
