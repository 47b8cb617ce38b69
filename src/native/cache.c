/* cache.c: a grow-only map from (pointer, pointer) to a permanent value, for vtables built once
 * per element type. Readers walk an immutable list without locking; writers serialise. */
#include "rt_internal.h"

#include <pthread.h>

struct rt_cache_node {
    const void *k1, *k2;
    void *value;
    rt_cache_node *next;
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;

static void *find(rt_cache *c, const void *k1, const void *k2) {
    for (rt_cache_node *n = atomic_load_explicit(&c->head, memory_order_acquire); n; n = n->next)
        if (n->k1 == k1 && n->k2 == k2) return n->value;
    return NULL;
}

void *rt_cache_get(rt_cache *c, const void *k1, const void *k2,
                   void *(*make)(const void *k1, const void *k2)) {
    void *v = find(c, k1, k2);
    if (v) return v;
    pthread_mutex_lock(&cache_lock);
    v = find(c, k1, k2); /* another thread may have made it meanwhile */
    if (!v) {
        v = make(k1, k2);
        if (v) {
            rt_cache_node *n = rt_alloc_forever(sizeof *n, _Alignof(rt_cache_node));
            n->k1 = k1;
            n->k2 = k2;
            n->value = v;
            n->next = atomic_load_explicit(&c->head, memory_order_relaxed);
            atomic_store_explicit(&c->head, n, memory_order_release);
        }
    }
    pthread_mutex_unlock(&cache_lock);
    return v;
}
