/* sender.c: a host-implemented Sender { send(&self, u64, RStr), close(&self, u64) } used from a
 * thread of the plugin: `count` messages, then close(count), then the sender is dropped there. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

typedef void (*SendFn)(const void *, uint64_t, AbsRStr);
typedef void (*CloseFn)(const void *, uint64_t);

typedef struct send_job {
    AbsRObject sender;
    uint64_t count;
} send_job;

static void *send_all(void *arg) {
    send_job *job = arg;
    AbsRObject sender = job->sender;
    uint64_t count = job->count;
    /* Freed before the drop below, so once the host sees the drop the plugin holds nothing. */
    abs_dealloc(job, sizeof *job, _Alignof(send_job));
    for (uint64_t i = 0; i < count; i++) {
        char msg[40];
        int n = snprintf(msg, sizeof msg, "message %llu", (unsigned long long)i);
        AbsRStr s = { msg, (size_t)n };
        TR_CALL(&sender, 0, SendFn, i, s);
    }
    TR_CALL(&sender, 1, CloseFn, count);
    abs_robject_drop(&sender);
    return NULL;
}

static send_job *new_job(AbsRObject sender, uint64_t count) {
    send_job *job = abs_alloc(sizeof *job, _Alignof(send_job));
    job->sender = sender;
    job->count = count;
    return job;
}

/* Returns at once; the thread runs on (detached). */
ABS_EXPORT void tr_spawn_sender(AbsRObject sender, uint64_t count) {
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, send_all, new_job(sender, count)) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_attr_destroy(&attr);
}

/* Waits for the thread before returning, while the JS main thread is blocked in this call. */
ABS_EXPORT void tr_send_and_join(AbsRObject sender, uint64_t count) {
    pthread_t th;
    if (pthread_create(&th, NULL, send_all, new_job(sender, count)) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_join(th, NULL);
}

/* ---- a slow sender: spins in the plugin's own code between messages ---------------------- */

typedef struct paced_job {
    AbsRObject sender;
    uint64_t count;
    uint64_t spin;
} paced_job;

static void *send_paced(void *arg) {
    paced_job *job = arg;
    AbsRObject sender = job->sender;
    uint64_t count = job->count, spin = job->spin;
    abs_dealloc(job, sizeof *job, _Alignof(paced_job));
    for (uint64_t i = 0; i < count; i++) {
        /* Busy in plugin code, not blocked in the kernel: if the library were unmapped under it, it
         * would fault at once. */
        for (volatile uint64_t k = 0; k < spin; k++) {
        }
        TR_CALL(&sender, 0, SendFn, i, ABS_RSTR("paced"));
    }
    TR_CALL(&sender, 1, CloseFn, count);
    abs_robject_drop(&sender);
    return NULL;
}

/* Returns at once; the detached thread sends `count` messages, spinning `spin` iterations before each. */
ABS_EXPORT void tr_spawn_paced_sender(AbsRObject sender, uint64_t count, uint64_t spin) {
    paced_job *job = abs_alloc(sizeof *job, _Alignof(paced_job));
    job->sender = sender;
    job->count = count;
    job->spin = spin;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, send_paced, job) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_attr_destroy(&attr);
}
