/* app.c: calls a host-implemented App (test/trait/app.ts) with arguments of every size and class
 * the x86-64 System V convention knows: a 56-byte enum and an RString by value (in memory, on the
 * stack), float/integer mixes split between register files, a struct that no longer fits the
 * registers left (wholly on the stack, with a later integer back in a register), ten doubles (two on
 * the stack), ROption<Value>, RVec and a trait object by value, and returns of a 56-byte enum, a
 * mixed 16-byte struct and a 20-byte struct. By-value arguments are the callee's: the host drops
 * them (tr_live_allocations tells). tr_app_post_on_thread makes the same by-value calls from a
 * thread: queued (post) or refused (send), their arguments dropped by the host either way. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

/* #[repr(u8)] enum Route { Id { name: RString, instance: u64, weight: u64 }, All, Many(RVec<u64>) } */
enum { ROUTE_ID = 0, ROUTE_ALL = 1, ROUTE_MANY = 2 };
typedef union TrRoute {
    uint8_t tag;
    struct { uint8_t tag; AbsRString name; uint64_t instance; uint64_t weight; } id;
    struct { uint8_t tag; AbsRVec items; } many;
} TrRoute;
_Static_assert(sizeof(TrRoute) == 56, "Route is 56 bytes");

ABS_DECLARE_TUPLE2(TrF64U64, double, uint64_t);
ABS_DECLARE_TUPLE2(TrU64F32, uint64_t, float);
ABS_DECLARE_TUPLE2(TrU64F64, uint64_t, double);
ABS_DECLARE_TUPLE2(TrU64U64, uint64_t, uint64_t);
typedef struct TrFive { uint32_t a, b, c, d, e; } TrFive;

enum { SEND, POST, MIX, SPILL, FLOATS, VALUES, TAKE, ROUTE, ODD, BIG };
typedef TrResultU64 (*SendFn)(const void *, TrRoute, AbsRString);
typedef void (*PostFn)(const void *, TrRoute, AbsRString);
typedef TrF64U64 (*MixFn)(const void *, double, uint32_t, TrF64U64, float, TrU64F32);
typedef uint64_t (*SpillFn)(const void *, uint64_t, uint64_t, uint64_t, uint64_t, TrU64U64, uint64_t, uint64_t);
typedef double (*FloatsFn)(const void *, double, double, double, double, double, double, double, double,
                           double, double);
typedef AbsRString (*ValuesFn)(const void *, TrOptionValue, AbsRVec, AbsRString);
typedef int64_t (*TakeFn)(const void *, AbsRObject);
typedef TrRoute (*RouteFn)(const void *, uint64_t);
typedef TrU64F64 (*OddFn)(const void *, uint32_t);
typedef TrFive (*BigFn)(const void *, uint32_t);

static const abs_type t_u32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };

AbsRObject tr_counter_new(int64_t start);

static TrRoute route_id(const char *name, uint64_t instance, uint64_t weight) {
    TrRoute r;
    memset(&r, 0, sizeof r);
    r.id.tag = ROUTE_ID;
    r.id.name = tr_string(name);
    r.id.instance = instance;
    r.id.weight = weight;
    return r;
}

static void route_drop(TrRoute *r) {
    if (r->tag == ROUTE_ID) abs_rvec_drop(&r->id.name);
    else if (r->tag == ROUTE_MANY) abs_rvec_drop(&r->many.items);
}

static AbsRVec u32s(uint32_t n) {
    AbsRVec v;
    abs_vec_init(&v, &t_u32, n);
    for (uint32_t i = 0; i < n; i++) ABS_RVEC_AT(v, uint32_t, i) = 10 * (i + 1);
    v.length = n;
    return v;
}

ABS_EXPORT AbsRString tr_app_run(const AbsRObject *app) {
    char text[1024];
    size_t at = 0;
#define OUT(...) at += (size_t)snprintf(text + at, at < sizeof text ? sizeof text - at : 0, __VA_ARGS__)
    TrResultU64 sent = TR_CALL(app, SEND, SendFn, route_id("alpha", 7, 9), tr_string("hello"));
    if (sent.tag == ABS_ROK) OUT("send=%llu", (unsigned long long)sent.ok.value);
    else {
        OUT("send=err:%.*s", (int)sent.err.value.length, (const char *)sent.err.value.buffer);
        abs_rvec_drop(&sent.err.value);
    }
    TR_CALL(app, POST, PostFn, route_id("beta", 1, 2), tr_string("posted"));
    TrF64U64 mix = TR_CALL(app, MIX, MixFn, 1.5, 2u, (TrF64U64){ 3.25, 4 }, 5.5f, (TrU64F32){ 6, 7.75f });
    OUT(";mix=%g,%llu", mix._0, (unsigned long long)mix._1);
    uint64_t spill = TR_CALL(app, SPILL, SpillFn, 1, 2, 3, 4, (TrU64U64){ 50, 60 }, 7, 8);
    OUT(";spill=%llu", (unsigned long long)spill);
    double floats = TR_CALL(app, FLOATS, FloatsFn, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10.5);
    OUT(";floats=%g", floats);
    TrOptionValue some;
    memset(&some, 0, sizeof some);
    some.some.tag = ABS_RSOME;
    some.some.value.string.tag = ABS_VALUE_STRING;
    some.some.value.string.value = tr_string("json");
    AbsRString values = TR_CALL(app, VALUES, ValuesFn, some, u32s(3), tr_string("tail"));
    OUT(";values=%.*s", (int)values.length, (const char *)values.buffer);
    abs_rvec_drop(&values);
    TrOptionValue none;
    memset(&none, 0, sizeof none);
    none.tag = ABS_RNONE;
    values = TR_CALL(app, VALUES, ValuesFn, none, u32s(0), tr_string(""));
    OUT(";values=%.*s", (int)values.length, (const char *)values.buffer);
    abs_rvec_drop(&values);
    int64_t took = TR_CALL(app, TAKE, TakeFn, tr_counter_new(41));
    OUT(";take=%lld", (long long)took);
    TrRoute r = TR_CALL(app, ROUTE, RouteFn, 3);
    if (r.tag == ROUTE_ID)
        OUT(";route=id:%.*s,%llu,%llu", (int)r.id.name.length, (const char *)r.id.name.buffer,
            (unsigned long long)r.id.instance, (unsigned long long)r.id.weight);
    else if (r.tag == ROUTE_MANY) {
        OUT(";route=many:");
        for (size_t i = 0; i < r.many.items.length; i++)
            OUT("%s%llu", i ? "," : "", (unsigned long long)ABS_RVEC_AT(r.many.items, uint64_t, i));
    } else OUT(";route=all");
    route_drop(&r);
    r = TR_CALL(app, ROUTE, RouteFn, 4);
    OUT(";route=%s", r.tag == ROUTE_MANY ? "many" : r.tag == ROUTE_ID ? "id" : "all");
    route_drop(&r);
    TrU64F64 odd = TR_CALL(app, ODD, OddFn, 5);
    OUT(";odd=%llu,%g", (unsigned long long)odd._0, odd._1);
    TrFive big = TR_CALL(app, BIG, BigFn, 100);
    OUT(";big=%u,%u,%u,%u,%u", big.a, big.b, big.c, big.d, big.e);
#undef OUT
    return tr_string_from(text, at < sizeof text ? at : sizeof text - 1);
}

typedef struct post_job {
    const AbsRObject *app;
    uint32_t count;
    TrResultU64 refused;
} post_job;

static void *post_from_thread(void *arg) {
    post_job *job = arg;
    char name[32], msg[32];
    for (uint32_t i = 0; i < job->count; i++) {
        snprintf(name, sizeof name, "n%u", i);
        snprintf(msg, sizeof msg, "m%u", i);
        TR_CALL(job->app, POST, PostFn, route_id(name, i, 2 * (uint64_t)i), tr_string(msg));
    }
    /* Returns a value: refused here (RErr), its arguments still the host's to drop. */
    job->refused = TR_CALL(job->app, SEND, SendFn, route_id("late", 1, 1), tr_string("refused"));
    return NULL;
}

/* Posts `count` calls from a thread, then a `send` (refused); returns 1 when the send got RErr. */
ABS_EXPORT uint32_t tr_app_post_on_thread(const AbsRObject *app, uint32_t count) {
    post_job job = { app, count, { 0 } };
    pthread_t th;
    if (pthread_create(&th, NULL, post_from_thread, &job) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_join(th, NULL);
    uint32_t refused = job.refused.tag == ABS_RERR;
    if (refused) abs_rvec_drop(&job.refused.err.value);
    return refused;
}
