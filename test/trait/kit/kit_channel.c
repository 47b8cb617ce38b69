/* kit_channel.c: a C plugin built with the kit alone (plugins-c/include: abi_stable_runtime.h and
 * abi_stable_runtime.c), making channels with its own copy of the runtime (test/trait/kit-channel.test.ts):
 * - kit_count_to: a channel of capacity 4 a thread fills with 1..n, then drops its sender; the host
 *   gets the receiver;
 * - kit_summer_new: a channel whose receiver a thread drains, summing until every sender is gone;
 *   the host gets the sender. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include "abi_stable_runtime.h"

typedef struct { uint8_t tag; uint64_t value; } ResU64; /* RResult<(), RSendError<u64>> / RResult<u64, RRecvError> */
typedef ResU64 (*SendU64)(void *chan, uint64_t v);
typedef ResU64 (*RecvU64)(void *chan);

/* Slot k of an end's VTable<T> (WM + 16 + 8k; all 16 are unconditional). */
static AbsFn channel_slot(const AbsRChannelEnd *e, unsigned k) {
    AbsFn f;
    memcpy(&f, (const unsigned char *)e->vtable + 16 + 8 * k, sizeof f);
    return f;
}

typedef struct count_job { AbsRChannelEnd sender; uint64_t n; } count_job;

static void *count_loop(void *arg) {
    count_job *job = arg;
    for (uint64_t i = 1; i <= job->n; i++) {
        ResU64 r = ((SendU64)channel_slot(&job->sender, 0))(job->sender.channel.data, i); /* blocks while full */
        if (r.tag == ABS_RERR) break;
    }
    abs_rbox_drop(&job->sender.channel); /* an end is dropped through its RBox */
    free(job);
    return NULL;
}

ABS_EXPORT AbsRChannelEnd kit_count_to(uint64_t n) {
    AbsRChannelEnd receiver;
    count_job *job = malloc(sizeof *job);
    if (!job || abs_rchannel_new(&abs_type_u64, 4, 0, &job->sender, &receiver) != 0) abort();
    job->n = n;
    pthread_t th;
    if (pthread_create(&th, NULL, count_loop, job) != 0) abort();
    pthread_detach(th);
    return receiver;
}

static _Atomic uint64_t summer_total;
static atomic_bool summer_done;

static void *sum_loop(void *arg) {
    AbsRChannelEnd *receiver = arg;
    for (;;) {
        ResU64 r = ((RecvU64)channel_slot(receiver, 8))(receiver->channel.data); /* recv: blocks while empty */
        if (r.tag == ABS_RERR) break; /* empty and every sender gone */
        atomic_fetch_add(&summer_total, r.value);
    }
    abs_rbox_drop(&receiver->channel);
    free(receiver);
    atomic_store(&summer_done, true);
    return NULL;
}

ABS_EXPORT AbsRChannelEnd kit_summer_new(uint64_t capacity) {
    AbsRChannelEnd sender, *receiver = malloc(sizeof *receiver);
    atomic_store(&summer_total, 0);
    atomic_store(&summer_done, false);
    if (!receiver || abs_rchannel_new(&abs_type_u64, capacity, 0, &sender, receiver) != 0) abort();
    pthread_t th;
    if (pthread_create(&th, NULL, sum_loop, receiver) != 0) abort();
    pthread_detach(th);
    return sender;
}
ABS_EXPORT uint64_t kit_summer_total(void) { return atomic_load(&summer_total); }
ABS_EXPORT bool kit_summer_done(void) { return atomic_load(&summer_done); }

/* This plugin's runtime copy: channels alive, allocations live. */
ABS_EXPORT int64_t kit_channels_live(void) { return abs_rchannels_live(); }
ABS_EXPORT int64_t kit_live_allocations(void) { return abs_live_allocations(); }
