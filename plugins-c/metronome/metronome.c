/* metronome.c: an example connector in C, like Tremor's metronome. Started from a config
 * `{ interval_ms }`, it emits an event every interval_ms from its own thread into the host's
 * event channel (an AbsEventSender it owns) until it is stopped:
 *
 *     { "connector": <id>, "seq": <n>, "ingest_ns": <CLOCK_REALTIME in ns> }
 *
 * Sending never waits for the host: a tick the channel refuses as full is skipped and counted
 * (metronome_skipped), the way a metronome that cannot deliver simply drops the beat. Stopping
 * wakes the thread, joins it, and drops the sender, which ends the host's iteration; the host is
 * blocked in metronome_stop meanwhile, which cannot deadlock because the thread never waits for
 * the host. The handle is an RBox<Metronome> whose destructor stops it too. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime, pthreads under -std=c11 */

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abs_runtime.h"

ABS_DECLARE_ROPTION(MtROptionValue, AbsValue);
ABS_DECLARE_TUPLE2(MtKeyValue, AbsRString, AbsValue);
ABS_DECLARE_ROPTION(MtROptionKeyValue, MtKeyValue);
ABS_DECLARE_MAP_VTABLE(MtMapStrValue, AbsRString, AbsValue, MtROptionValue, MtROptionKeyValue);
ABS_DECLARE_RRESULT(MtResultMetronome, AbsRBox, AbsRString);

static const abs_drop_op drop_rvec_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};
static const abs_type t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type t_rstring = { sizeof(AbsRString), _Alignof(AbsRString), drop_rvec_at0, 1, ABS_KEY_STR, 0 };
static const abs_type t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

static AbsRString rstring(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

typedef struct metronome {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    int running;
    int stop;
    AbsRString id;
    uint64_t interval_ms;
    uint64_t sent, skipped;
    AbsEventSender events; /* owned by the thread while it runs */
} metronome;

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void insert(AbsValue *object, const char *key, AbsValue value) {
    AbsRHashMap *m = &object->object.value;
    MtROptionValue old = ABS_MAP_VTABLE_AS(*m, MtMapStrValue).insert_elem(m->map.data, rstring(key, strlen(key)), value);
    if (old.tag == ABS_RSOME) abs_drop_in_place(&old.some.value, drop_value, 4);
}

static AbsValue tick_event(const metronome *m, uint64_t seq) {
    AbsValue ev, v;
    memset(&ev, 0, sizeof ev);
    ev.object.tag = ABS_VALUE_OBJECT;
    if (abs_map_new(&ev.object.value, &t_rstring, &t_value) != ABS_RT_OK) {
        fprintf(stderr, "metronome_c: cannot make a map on this target\n");
        abort();
    }
    memset(&v, 0, sizeof v);
    v.string.tag = ABS_VALUE_STRING;
    v.string.value = rstring(m->id.buffer, m->id.length);
    insert(&ev, "connector", v);
    memset(&v, 0, sizeof v);
    v.u64.tag = ABS_VALUE_U64;
    v.u64.value = seq;
    insert(&ev, "seq", v);
    v.u64.value = now_ns();
    insert(&ev, "ingest_ns", v);
    return ev;
}

static void *run(void *arg) {
    metronome *m = arg;
    struct timespec next;
    clock_gettime(CLOCK_REALTIME, &next);
    pthread_mutex_lock(&m->lock);
    for (uint64_t seq = 0; !m->stop; seq++) {
        next.tv_nsec += (long)(m->interval_ms % 1000) * 1000000L;
        next.tv_sec += (time_t)(m->interval_ms / 1000 + (uint64_t)next.tv_nsec / 1000000000L);
        next.tv_nsec %= 1000000000L;
        /* Sleeps until the next beat, or until stop (metronome_stop signals `wake`). */
        while (!m->stop && pthread_cond_timedwait(&m->wake, &m->lock, &next) != ETIMEDOUT) {
        }
        if (m->stop) break;
        pthread_mutex_unlock(&m->lock);
        AbsValue ev = tick_event(m, seq);
        int32_t status = abs_sender_send(&m->events, &ev);
        pthread_mutex_lock(&m->lock);
        if (status == ABS_SEND_OK) m->sent++;
        else {
            abs_drop_in_place(&ev, drop_value, 4); /* refused: still ours */
            if (status == ABS_SEND_FULL) m->skipped++;
            else break; /* the host closed the channel: nothing more to do */
        }
    }
    pthread_mutex_unlock(&m->lock);
    /* The host's iteration ends when its last sender goes. */
    abs_sender_drop(&m->events);
    return NULL;
}

/* Stops the thread (once) and waits for it. */
static void stop(metronome *m) {
    pthread_mutex_lock(&m->lock);
    int running = m->running;
    m->running = 0;
    m->stop = 1;
    pthread_cond_signal(&m->wake);
    pthread_mutex_unlock(&m->lock);
    if (running) pthread_join(m->thread, NULL);
}

static void metronome_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    metronome *m = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) {
        stop(m);
        abs_rvec_drop(&m->id);
        pthread_mutex_destroy(&m->lock);
        pthread_cond_destroy(&m->wake);
    }
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(m, sizeof *m, _Alignof(metronome));
}

static const uint8_t metronome_identity = 0;
static AbsUTypeId metronome_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &metronome_identity;
    memcpy(id.type_id_array, "metronome:Metron", 16);
    return id;
}
ABS_DEFINE_TYPE_LAYOUT(metronome_box_layout, "BoxVtable", "metronome_c;0.1.0", 2);
static const AbsBoxVtable_WM metronome_box_vtable = { ABS_BOX_VTABLE_BITS, &metronome_box_layout, { metronome_type_id, metronome_destructor } };

static const AbsValue *config_get(const AbsRHashMap *map, const char *key) {
    AbsRString k = { (void *)key, strlen(key), strlen(key), abs_vec_vtable(&t_u8) };
    return map->vtable->value.get_elem_p(map->map.data, &k);
}

static MtResultMetronome refuse(AbsRString *id, MtROptionValue *config, AbsEventSender *events, const char *why) {
    char text[256];
    int n = snprintf(text, sizeof text, "metronome '%.*s': %s", (int)id->length, (const char *)id->buffer, why);
    /* Everything was moved in: drop it all, each through its own vtable. */
    abs_rvec_drop(id);
    if (config->tag == ABS_RSOME) abs_drop_in_place(&config->some.value, drop_value, 4);
    abs_sender_drop(events);
    return ABS_ERR(MtResultMetronome, rstring(text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1));
}

/* Starts a metronome from `{ interval_ms: 1..=3600000 }`; its events go to `events`. */
ABS_EXPORT MtResultMetronome metronome_start(AbsRString id, MtROptionValue config, AbsEventSender events) {
    if (config.tag == ABS_RNONE) return refuse(&id, &config, &events, "a config { interval_ms } is required");
    if (config.some.value.tag != ABS_VALUE_OBJECT) return refuse(&id, &config, &events, "the config must be an object");
    const AbsValue *iv = config_get(&config.some.value.object.value, "interval_ms");
    int64_t interval = -1;
    if (iv && iv->tag == ABS_VALUE_I64) interval = iv->i64.value;
    else if (iv && iv->tag == ABS_VALUE_U64 && iv->u64.value <= 3600000) interval = (int64_t)iv->u64.value;
    if (interval < 1 || interval > 3600000) return refuse(&id, &config, &events, "interval_ms must be an integer from 1 to 3600000");
    abs_drop_in_place(&config.some.value, drop_value, 4);

    metronome *m = abs_alloc(sizeof *m, _Alignof(metronome));
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    pthread_cond_init(&m->wake, NULL);
    m->id = id;
    m->interval_ms = (uint64_t)interval;
    m->events = events;
    m->running = 1;
    if (pthread_create(&m->thread, NULL, run, m) != 0) {
        m->running = 0;
        abs_sender_drop(&m->events);
        AbsRBox b = { m, &metronome_box_vtable }; /* drops the id too */
        abs_rbox_drop(&b);
        static const char why[] = "metronome: could not start its thread";
        return ABS_ERR(MtResultMetronome, rstring(why, sizeof why - 1));
    }
    AbsRBox b = { m, &metronome_box_vtable };
    return ABS_OK(MtResultMetronome, b);
}

/* Stops the metronome and joins its thread (the host waits here); returns the ticks it sent. */
ABS_EXPORT uint64_t metronome_stop(AbsRBox *handle) {
    metronome *m = handle->data;
    stop(m);
    return m->sent;
}

/* Ticks sent so far, and ticks skipped because the channel was full. */
ABS_EXPORT uint64_t metronome_sent(const AbsRBox *handle) {
    metronome *m = handle->data;
    pthread_mutex_lock(&m->lock);
    uint64_t n = m->sent;
    pthread_mutex_unlock(&m->lock);
    return n;
}
ABS_EXPORT uint64_t metronome_skipped(const AbsRBox *handle) {
    metronome *m = handle->data;
    pthread_mutex_lock(&m->lock);
    uint64_t n = m->skipped;
    pthread_mutex_unlock(&m->lock);
    return n;
}

ABS_EXPORT int64_t metronome_live_allocations(void) { return abs_live_allocations(); }
