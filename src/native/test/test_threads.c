/* test_threads.c: host values used from other threads, as plugins do while JS waits in a
 * synchronous call: a map dropped on a thread, a vector grown on one, concurrent readers, and
 * vtable creation racing on a new type. */
#include <pthread.h>
#include <stdint.h>

#include "map_query.h"

static void *drop_map(void *arg) {
    abs_rhashmap_drop(arg);
    return NULL;
}

static void *push_numbers(void *arg) {
    AbsRVec *v = arg;
    for (uint32_t i = 0; i < 10000; i++) {
        if (v->length == v->capacity) v->vtable->value.grow_capacity_to(v, v->length + 1, ABS_ABOVE);
        ABS_RVEC_AT(*v, uint32_t, v->length++) = i;
    }
    return NULL;
}

static AbsRHashMap *shared_map;
static void *read_map(void *arg) {
    (void)arg;
    int ok = 1;
    for (int round = 0; round < 2000; round++) {
        char buf[16];
        snprintf(buf, sizeof buf, "k%d", round % 50);
        AbsRStr k = rstr(buf);
        const AbsRStr *ref = &k;
        const AbsRVec *v = shared_map->vtable->value.get_elem(shared_map->map.data, rust_str_query(&ref));
        ok &= v != NULL && v->length == (size_t)(round % 50);
    }
    return ok ? (void *)1 : NULL;
}

static const abs_type t_fresh = { 12, 4, NULL, 0, ABS_KEY_BYTES, 0 };
static void *get_vtable(void *arg) {
    (void)arg;
    return (void *)abs_vec_vtable(&t_fresh);
}

static AbsRHashMap map_of_vecs(int n) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_vec_u32) == ABS_RT_OK);
    for (int i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "k%d", i);
        AbsRString k = host_string(buf);
        AbsRVec v;
        abs_vec_init(&v, &t_u32, (size_t)i);
        for (int j = 0; j < i; j++) ABS_RVEC_AT(v, uint32_t, v.length++) = (uint32_t)j;
        AbsROptionRString old;
        abs_map_insert(&m, &t_rstring, &t_vec_u32, &k, &v, &old);
    }
    return m;
}

void test_threads(void) {
    int64_t before = abs_live_allocations();
    pthread_t th[8];

    AbsRHashMap m = map_of_vecs(30);
    pthread_create(&th[0], NULL, drop_map, &m);
    pthread_join(th[0], NULL);
    CHECK(abs_live_allocations() == before);

    AbsRVec v;
    abs_vec_init(&v, &t_u32, 0);
    pthread_create(&th[0], NULL, push_numbers, &v);
    pthread_join(th[0], NULL);
    CHECK(v.length == 10000 && ABS_RVEC_AT(v, uint32_t, 9999) == 9999);
    abs_rvec_drop(&v);

    AbsRHashMap shared = map_of_vecs(50);
    shared_map = &shared;
    for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, read_map, NULL);
    for (int i = 0; i < 4; i++) {
        void *ok;
        pthread_join(th[i], &ok);
        CHECK(ok != NULL);
    }
    abs_rhashmap_drop(&shared);

    void *vt[8];
    for (int i = 0; i < 8; i++) pthread_create(&th[i], NULL, get_vtable, NULL);
    for (int i = 0; i < 8; i++) pthread_join(th[i], &vt[i]);
    int same = 1;
    for (int i = 1; i < 8; i++) same &= vt[i] == vt[0];
    CHECK(same && vt[0] != NULL);
    CHECK(abs_live_allocations() == before);
}
