/* callback_pool.c: the slots of the callback trampolines (abs_callback.h): binding, release, and
 * what a call of an expired slot gets. Each family keeps its free slots in a FIFO ring, so the slot
 * released longest ago is reused first and an expired pointer stays expired as long as possible. */
#include "callback_internal.h"

#include <pthread.h>
#include <stdio.h>

typedef struct rt_callback_slot {
    rt_host_object object; /* what rt_trait_dispatch reads: the signature record and the JS id */
    _Atomic int live;
    int ever_bound;
} rt_callback_slot;

static rt_callback_slot slots[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
/* Per family: the FIFO of free slots (indexes), filled in order on first use. */
static uint32_t free_ring[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS];
static uint32_t free_head[ABS_CALLBACK_FAMILIES], free_count[ABS_CALLBACK_FAMILIES];
static int initialised;
static _Atomic uint64_t expired_calls;
static _Atomic uint32_t live_count;

static void init_locked(void) {
    if (initialised) return;
    for (uint32_t f = 0; f < ABS_CALLBACK_FAMILIES; f++) {
        for (uint32_t k = 0; k < ABS_CALLBACK_SLOTS; k++) free_ring[f][k] = k;
        free_head[f] = 0;
        free_count[f] = ABS_CALLBACK_SLOTS;
    }
    initialised = 1;
}

ABS_RT_API AbsFn abs_callback_acquire(const void *vtable, uint64_t id) {
    const rt_host_trait *t =
        (const rt_host_trait *)((const unsigned char *)vtable - offsetof(rt_host_trait, wm));
    if (!vtable || t->count < 1) return NULL;
    uint32_t family = t->methods[0].ret_class;
    if (family >= ABS_CALLBACK_FAMILIES) return NULL;
    pthread_mutex_lock(&pool_lock);
    init_locked();
    if (free_count[family] == 0) {
        pthread_mutex_unlock(&pool_lock);
        return NULL;
    }
    uint32_t k = free_ring[family][free_head[family]];
    free_head[family] = (free_head[family] + 1) % ABS_CALLBACK_SLOTS;
    free_count[family]--;
    rt_callback_slot *s = &slots[family][k];
    s->object.trait = t;
    s->object.id = id;
    s->ever_bound = 1;
    atomic_store(&s->live, 1);
    atomic_fetch_add(&live_count, 1);
    pthread_mutex_unlock(&pool_lock);
    return rt_callback_table[family][k];
}

ABS_RT_API int abs_callback_release(AbsFn fn) {
    for (uint32_t f = 0; f < ABS_CALLBACK_FAMILIES; f++) {
        for (uint32_t k = 0; k < ABS_CALLBACK_SLOTS; k++) {
            if (rt_callback_table[f][k] != fn) continue;
            rt_callback_slot *s = &slots[f][k];
            pthread_mutex_lock(&pool_lock);
            int was_live = atomic_exchange(&s->live, 0);
            if (was_live) {
                free_ring[f][(free_head[f] + free_count[f]) % ABS_CALLBACK_SLOTS] = k;
                free_count[f]++;
                atomic_fetch_sub(&live_count, 1);
            }
            pthread_mutex_unlock(&pool_lock);
            if (!was_live) return -1;
            rt_trait_release(s->object.trait, s->object.id);
            return 0;
        }
    }
    return -1;
}

static const char expired_why[] =
    " was called after its lifetime ended (a callback made for one call, kept by the plugin); make it "
    "with callback(fn, signature, { keepAlive: true }) and close() it when the plugin is done with it";

void rt_callback_dispatch(uint32_t family, uint32_t slot, const uint64_t *words, const uint64_t *floats,
                          void *ret) {
    rt_callback_slot *s = &slots[family][slot];
    if (atomic_load(&s->live)) {
        rt_trait_dispatch(&s->object, 0, words, floats, ret);
        return;
    }
    atomic_fetch_add(&expired_calls, 1);
    const rt_host_trait *t = s->ever_bound ? s->object.trait : NULL;
    if (t) {
        const abs_trait_method *m = &t->methods[0];
        if (m->ret_class == ABS_TRAIT_RET_MEMORY) memset(ret, 0, m->ret_size);
        rt_trait_error_value(t, m, expired_why, ret);
    }
    fprintf(stderr,
            "abi-stable: callback %s (slot %u) was called after its lifetime ended: it was made for the "
            "duration of one call and the plugin kept it; the plugin gets the %s. Make it with "
            "callback(fn, signature, { keepAlive: true }) and close() it when the plugin is done.\n",
            t ? (const char *)t->mono.name : "?", (unsigned)slot,
            t && t->methods[0].ret_size ? "signature's error value" : "call dropped");
    fflush(stderr);
}

ABS_RT_API uint64_t abs_callback_expired_calls(void) { return atomic_load(&expired_calls); }
ABS_RT_API uint32_t abs_callback_live(void) { return atomic_load(&live_count); }
