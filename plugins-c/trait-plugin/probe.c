/* probe.c: calls a host-implemented Probe with every argument and return shape the host's
 * trampolines support (abs_trait.h): integers in registers and stack slots, an RStr split between
 * them, f32/f64, a two-register struct, narrow integers, a 16-byte and a 32-byte return, and the
 * same wide call from a thread of the plugin (queued, with the RStr copied). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

ABS_DECLARE_TUPLE2(TrPairU32U64, uint32_t, uint64_t);
ABS_DECLARE_TUPLE2(TrPairU64U64, uint64_t, uint64_t);

enum { MIXED = 0, NOTE = 1, FLOATS = 2, SINGLE = 3, PAIR = 4, WIDE = 5, NARROW = 6 };
typedef uint64_t (*MixedFn)(const void *, uint64_t, uint64_t, uint64_t, uint64_t, AbsRStr, float, double, bool);
typedef void (*NoteFn)(const void *, uint64_t, uint64_t, uint64_t, uint64_t, AbsRStr, float, double, bool);
typedef double (*FloatsFn)(const void *, double, float);
typedef float (*SingleFn)(const void *, float);
typedef TrPairU64U64 (*PairFn)(const void *, TrPairU32U64);
typedef AbsRString (*WideFn)(const void *, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef int32_t (*NarrowFn)(const void *, int8_t, uint16_t, int32_t, bool);

ABS_EXPORT AbsRString tr_probe(const AbsRObject *probe) {
    uint64_t mixed = TR_CALL(probe, MIXED, MixedFn, 1, 2, 3, 4, ABS_RSTR("five"), 6.5f, 7.25, true);
    double floats = TR_CALL(probe, FLOATS, FloatsFn, 1.5, 2.25f);
    float single = TR_CALL(probe, SINGLE, SingleFn, 0.5f);
    TrPairU32U64 in = { 7, 1ull << 40 };
    TrPairU64U64 pair = TR_CALL(probe, PAIR, PairFn, in);
    AbsRString wide = TR_CALL(probe, WIDE, WideFn, 10, 20, 30, 40, 50);
    int32_t narrow = TR_CALL(probe, NARROW, NarrowFn, -5, 65535, -100000, true);
    char text[256];
    int n = snprintf(text, sizeof text, "mixed=%llu;floats=%g;single=%g;pair=%llu,%llu;wide=%.*s;narrow=%d",
                     (unsigned long long)mixed, floats, (double)single, (unsigned long long)pair._0,
                     (unsigned long long)pair._1, (int)wide.length, (const char *)wide.buffer, (int)narrow);
    abs_rvec_drop(&wide);
    return tr_string_from(text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static void *note_from_thread(void *arg) {
    const AbsRObject *probe = arg;
    /* The text lives on this thread's stack: a queued call must carry a copy. */
    char text[] = "from a thread";
    AbsRStr s = { text, sizeof text - 1 };
    TR_CALL(probe, NOTE, NoteFn, 11, 12, 13, 14, s, -1.5f, 1e300, false);
    memset(text, 'x', sizeof text - 1);
    return NULL;
}

ABS_EXPORT void tr_probe_on_thread(const AbsRObject *probe) {
    pthread_t th;
    if (pthread_create(&th, NULL, note_from_thread, (void *)probe) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_join(th, NULL);
}
