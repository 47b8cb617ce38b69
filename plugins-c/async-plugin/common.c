/* common.c: the C async plugin's shared part: type descriptions for its runtime copy (its
 * strings use the runtime's vtables, with this plugin's identity), sleeping, detached threads. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "async_plugin.h"

static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};

const abs_type ap_t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
const abs_type ap_t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

AbsRString ap_string(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &ap_t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

void ap_sleep_ms(uint64_t ms) {
    struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0) {
    }
}

void ap_spawn(void *(*fn)(void *), void *arg) {
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&th, &attr, fn, arg) != 0) {
        fprintf(stderr, "async_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_attr_destroy(&attr);
}

/* Blocks allocated by this plugin's runtime copy and not yet freed (its strings, futures, jobs). */
ABS_EXPORT int64_t ap_live_allocations(void) { return abs_live_allocations(); }
