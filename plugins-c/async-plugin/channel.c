/* channel.c: the C async plugin's use of a host event channel (AbsEventSender), as a connector
 * would: threads that each send a numbered stream (waiting when a bounded channel is full), a
 * sender that sends strings on the calling thread and reports refusals, and a thread that keeps
 * sending whatever happens (for exit-while-sending). */
#include <stdio.h>
#include <stdlib.h>

#include "async_plugin.h"

typedef struct stream_job {
    AbsEventSender sender;
    uint32_t thread;
    uint64_t count;
    AbsValue (*event)(uint32_t thread, uint64_t i);
} stream_job;

static _Atomic uint64_t full_seen;
/* Sends refused as full that the plugin saw (the backpressure it was told about). */
ABS_EXPORT uint64_t ap_full_seen(void) { return atomic_load(&full_seen); }

static AbsValue v_i64(int64_t x) {
    AbsValue v;
    memset(&v, 0, sizeof v);
    v.i64.tag = ABS_VALUE_I64;
    v.i64.value = x;
    return v;
}

static AbsValue v_string(const char *s) {
    AbsValue v;
    memset(&v, 0, sizeof v);
    v.string.tag = ABS_VALUE_STRING;
    v.string.value = ap_string(s, strlen(s));
    return v;
}

static void *send_stream(void *arg) {
    stream_job *job = arg;
    stream_job own = *job;
    abs_dealloc(job, sizeof *job, _Alignof(stream_job));
    for (uint64_t i = 0; i < own.count; i++) {
        AbsValue event = own.event(own.thread, i);
        int32_t status;
        while ((status = abs_sender_send(&own.sender, &event)) == ABS_SEND_FULL) {
            atomic_fetch_add(&full_seen, 1);
            if (abs_sender_wait_ready(&own.sender, 100) == ABS_SEND_CLOSED) break;
        }
        if (status != ABS_SEND_OK) { /* closed by the host: the event stayed ours */
            abs_drop_in_place(&event, ap_t_value.drop, ap_t_value.drop_len);
            break;
        }
    }
    abs_sender_drop(&own.sender);
    return NULL;
}

/* `threads` threads each sending `per_thread` events made by `event(thread, i)`, in order; returns
 * at once. The channel ends when the last thread drops its handle. */
static void spawn_streams(AbsEventSender sender, uint32_t threads, uint64_t per_thread, AbsValue (*event)(uint32_t, uint64_t)) {
    for (uint32_t t = 0; t < threads; t++) {
        stream_job *job = abs_alloc(sizeof *job, _Alignof(stream_job));
        job->sender = abs_sender_clone(&sender);
        job->thread = t;
        job->count = per_thread;
        job->event = event;
        ap_spawn(send_stream, job);
    }
    abs_sender_drop(&sender);
}

/* thread in the high 32 bits, sequence in the low: the host checks per-thread order. */
static AbsValue numbered(uint32_t thread, uint64_t i) { return v_i64((int64_t)(((uint64_t)thread << 32) | i)); }

/* 64 bytes: "<thread, 2 digits>:<sequence, 20 digits>:" padded with '.'. */
static AbsValue numbered_text(uint32_t thread, uint64_t i) {
    char text[64];
    memset(text, '.', sizeof text);
    /* Digits by hand (snprintf would cost more than the channel): the producer stays cheap. */
    text[0] = (char)('0' + thread / 10 % 10);
    text[1] = (char)('0' + thread % 10);
    text[2] = text[23] = ':';
    for (int d = 22; d >= 3; d--, i /= 10) text[d] = (char)('0' + i % 10);
    AbsValue v;
    memset(&v, 0, sizeof v);
    v.string.tag = ABS_VALUE_STRING;
    v.string.value = ap_string(text, sizeof text);
    return v;
}

ABS_EXPORT void ap_spawn_streams(AbsEventSender sender, uint32_t threads, uint64_t per_thread) {
    spawn_streams(sender, threads, per_thread, numbered);
}

ABS_EXPORT void ap_spawn_string_streams(AbsEventSender sender, uint32_t threads, uint64_t per_thread) {
    spawn_streams(sender, threads, per_thread, numbered_text);
}

/* Sends `count` string events on the calling thread, never waiting; an event refused (full or
 * closed) is dropped here. Closes the channel when `close` is set, then drops the handle. Returns
 * how many were accepted. */
ABS_EXPORT uint64_t ap_send_strings(AbsEventSender sender, uint64_t count, uint32_t close) {
    uint64_t accepted = 0;
    for (uint64_t i = 0; i < count; i++) {
        char text[32];
        snprintf(text, sizeof text, "event %llu", (unsigned long long)i);
        AbsValue event = v_string(text);
        int32_t status = abs_sender_send(&sender, &event);
        if (status == ABS_SEND_OK) accepted++;
        else {
            if (status == ABS_SEND_FULL) atomic_fetch_add(&full_seen, 1);
            abs_drop_in_place(&event, ap_t_value.drop, ap_t_value.drop_len);
        }
    }
    if (close) abs_sender_close(&sender);
    abs_sender_drop(&sender);
    return accepted;
}

static void *send_forever(void *arg) {
    AbsEventSender *sender = arg;
    for (uint64_t i = 0;; i++) {
        AbsValue event = v_string("still sending");
        if (abs_sender_send(sender, &event) != ABS_SEND_OK) {
            abs_drop_in_place(&event, ap_t_value.drop, ap_t_value.drop_len);
            ap_sleep_ms(1);
        }
    }
    return NULL;
}

/* A detached thread that sends string events for ever, whatever the channel says. */
ABS_EXPORT void ap_send_forever(AbsEventSender sender) {
    AbsEventSender *copy = abs_alloc(sizeof *copy, _Alignof(AbsEventSender));
    *copy = sender;
    ap_spawn(send_forever, copy);
}
