/* tp_threads.c: the test plugin using a caller's vector from another thread while the caller
 * waits in this synchronous call (growth goes through the vector's own, thread-safe vtable). */
#include <pthread.h>

#include "plugin.h"

typedef struct push_job {
    AbsRVec *v;
    uint32_t count;
} push_job;

static void *push_numbers(void *arg) {
    push_job *job = arg;
    for (uint32_t i = 0; i < job->count; i++) {
        AbsRVec *v = job->v;
        if (v->length == v->capacity) v->vtable->value.grow_capacity_to(v, v->length + 1, ABS_ABOVE);
        ABS_RVEC_AT(*v, uint32_t, v->length++) = i;
    }
    return NULL;
}

ABS_EXPORT void tp_vec_push_on_thread(AbsRVec *v, uint32_t count) {
    push_job job = { v, count };
    pthread_t th;
    if (pthread_create(&th, NULL, push_numbers, &job) != 0) {
        push_numbers(&job);
        return;
    }
    pthread_join(th, NULL);
}
