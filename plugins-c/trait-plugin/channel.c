/* channel.c: abi_stable's RSender<T> / RReceiver<T> used from plugin threads (reference 11.C;
 * test/trait/channels.test.ts; the Rust plugin's channel.rs exports the same). Every call goes
 * through the end's own VTable<T>, whoever made the channel (the host, or this plugin with its
 * copy of the runtime):
 * - ch_spawn_senders: threads that each clone the sender, send `thread << 32 | seq` and drop it;
 * - ch_spawn_string_senders: the same with owned RStrings;
 * - ch_summer_new: a channel of this plugin's whose receiver a thread drains (JS sends);
 * - ch_count_to: a channel of this plugin's whose sender a thread fills (JS receives). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "abs_rchannel.h"
#include "trait_plugin.h"

typedef struct { uint8_t tag; uint64_t value; } ResU64;       /* RResult<(), u64> / RResult<u64, RRecvError> */
typedef struct { uint8_t tag; AbsRString value; } ResString;   /* RResult<(), RSendError<RString>> */

typedef ResU64 (*SendU64)(void *chan, uint64_t v);
typedef ResU64 (*RecvU64)(void *chan);
typedef ResString (*SendString)(void *chan, AbsRString v);
typedef AbsRBox (*CloneEnd)(void *chan);

/* Slot k of an end's VTable<T> (WM + 16 + 8k; all 16 are unconditional). */
static AbsFn channel_slot(const AbsRChannelEnd *e, unsigned k) {
    AbsFn f;
    memcpy(&f, (const unsigned char *)e->vtable + 16 + 8 * k, sizeof f);
    return f;
}
static AbsRChannelEnd clone_sender(const AbsRChannelEnd *e) {
    AbsRChannelEnd c = { ((CloneEnd)channel_slot(e, 3))(e->channel.data), e->vtable };
    return c;
}
/* An end has no drop slot: it is dropped through its RBox. */
static void drop_end(AbsRChannelEnd *e) { abs_rbox_drop(&e->channel); }

typedef struct sender_job {
    AbsRChannelEnd sender;
    uint32_t thread, count;
    int strings;
} sender_job;

static void *send_loop(void *arg) {
    sender_job *job = arg;
    for (uint32_t seq = 0; seq < job->count; seq++) {
        if (job->strings) {
            char text[32];
            snprintf(text, sizeof text, "%u-%u", job->thread, seq);
            ResString r = ((SendString)channel_slot(&job->sender, 0))(job->sender.channel.data, tr_string(text));
            if (r.tag == ABS_RERR) { /* disconnected: the value came back, ours to drop */
                abs_rvec_drop(&r.value);
                break;
            }
        } else {
            ResU64 r = ((SendU64)channel_slot(&job->sender, 0))(job->sender.channel.data, ((uint64_t)job->thread << 32) | seq);
            if (r.tag == ABS_RERR) break;
        }
    }
    drop_end(&job->sender);
    free(job);
    return NULL;
}

static void spawn_senders(AbsRChannelEnd sender, uint32_t threads, uint32_t count, int strings) {
    for (uint32_t t = 0; t < threads; t++) {
        sender_job *job = malloc(sizeof *job);
        job->sender = clone_sender(&sender);
        job->thread = t;
        job->count = count;
        job->strings = strings;
        pthread_t th;
        pthread_create(&th, NULL, send_loop, job);
        pthread_detach(th);
    }
    drop_end(&sender);
}

ABS_EXPORT void ch_spawn_senders(AbsRChannelEnd sender, uint32_t threads, uint32_t count) { spawn_senders(sender, threads, count, 0); }
ABS_EXPORT void ch_spawn_string_senders(AbsRChannelEnd sender, uint32_t threads, uint32_t count) { spawn_senders(sender, threads, count, 1); }

/* ---- channels of this plugin's ---------------------------------------------------------------- */

static const abs_type t_u64 = { 8, 8, NULL, 0, ABS_KEY_BYTES, 0 };
static _Atomic uint64_t summer_total, summer_count;
static _Atomic int summer_done;

static void *sum_loop(void *arg) {
    AbsRChannelEnd *receiver = arg;
    for (;;) {
        ResU64 r = ((RecvU64)channel_slot(receiver, 8))(receiver->channel.data); /* recv: blocks */
        if (r.tag == ABS_RERR) break; /* every sender is gone */
        atomic_fetch_add(&summer_total, r.value);
        atomic_fetch_add(&summer_count, 1);
    }
    drop_end(receiver);
    free(receiver);
    atomic_store(&summer_done, 1);
    return NULL;
}

/* A bounded channel whose receiver a thread drains, summing; JS gets the sender. */
ABS_EXPORT AbsRChannelEnd ch_summer_new(uint64_t capacity) {
    AbsRChannelEnd sender, *receiver = malloc(sizeof *receiver);
    atomic_store(&summer_total, 0);
    atomic_store(&summer_count, 0);
    atomic_store(&summer_done, 0);
    abs_rchannel_new(&t_u64, capacity, 0, &sender, receiver);
    pthread_t th;
    pthread_create(&th, NULL, sum_loop, receiver);
    pthread_detach(th);
    return sender;
}
ABS_EXPORT uint64_t ch_summer_total(void) { return atomic_load(&summer_total); }
ABS_EXPORT uint64_t ch_summer_count(void) { return atomic_load(&summer_count); }
ABS_EXPORT bool ch_summer_done(void) { return atomic_load(&summer_done) != 0; }

typedef struct count_job { AbsRChannelEnd sender; uint64_t n; } count_job;
static void *count_loop(void *arg) {
    count_job *job = arg;
    for (uint64_t i = 1; i <= job->n; i++) {
        ResU64 r = ((SendU64)channel_slot(&job->sender, 0))(job->sender.channel.data, i); /* send: blocks while full */
        if (r.tag == ABS_RERR) break;
    }
    drop_end(&job->sender);
    free(job);
    return NULL;
}

/* A channel of capacity 4 a thread fills with 1..n; JS gets the receiver. */
ABS_EXPORT AbsRChannelEnd ch_count_to(uint64_t n) {
    AbsRChannelEnd receiver;
    count_job *job = malloc(sizeof *job);
    job->n = n;
    abs_rchannel_new(&t_u64, 4, 0, &job->sender, &receiver);
    pthread_t th;
    pthread_create(&th, NULL, count_loop, job);
    pthread_detach(th);
    return receiver;
}
