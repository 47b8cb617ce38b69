/* tp_maps.c: RHashMap functions of the test plugin. Maps the plugin makes come from its own
 * runtime copy; maps it is given (host- or plugin-made) are used only through their vtables. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "plugin.h"

/* A MapQuery exactly like Rust's `map.get(key)` with key: &str: `query` points at a reference
 * to the RStr, equality compares bytes, the hash feeds the bytes then 0xFF. */
static bool str_is_equal(const void *stored_key, const void *query) {
    const AbsRStr *q = *(const AbsRStr *const *)query;
    const AbsRString *k = stored_key;
    return k->length == q->length && memcmp(k->buffer, q->data, q->length) == 0;
}

static void str_hash(const void *query, AbsHasherObject hasher) {
    const AbsRStr *q = *(const AbsRStr *const *)query;
    AbsRSliceU8 bytes = { (const uint8_t *)q->data, q->length };
    hasher.write_fns->write(hasher.self, bytes);
    hasher.write_fns->write_u8(hasher.self, 0xff);
}

static AbsRHashMap new_map(const abs_type *value) {
    AbsRHashMap m;
    if (abs_map_new(&m, &tp_t_rstring, value) != ABS_RT_OK) {
        fprintf(stderr, "std_test_plugin_c: this target cannot make maps\n");
        abort();
    }
    return m;
}

ABS_EXPORT AbsRHashMap tp_word_count(AbsRStr s) {
    AbsRHashMap m = new_map(&tp_t_u32);
    const TpMapStrU32 vt = ABS_MAP_VTABLE_AS(m, TpMapStrU32);
    size_t i = 0;
    while (i < s.length) {
        while (i < s.length && s.data[i] == ' ') i++;
        size_t start = i;
        while (i < s.length && s.data[i] != ' ') i++;
        if (i == start) continue;
        AbsRStr word = { s.data + start, i - start };
        AbsRString view = tp_rstring_view(word);
        uint32_t *count = vt.get_mut_elem_p(m.map.data, &view);
        if (count) ++*count;
        else vt.insert_elem(m.map.data, tp_rstring_from(word.data, word.length), 1);
    }
    return m;
}

ABS_EXPORT AbsROptionU32 tp_map_get(const AbsRHashMap *m, AbsRStr key) {
    const AbsRStr *ref = &key;
    AbsMapQuery q = { str_is_equal, str_hash, &ref };
    const uint32_t *v = ABS_MAP_VTABLE_AS(*m, TpMapStrU32).get_elem(m->map.data, q);
    return v ? ABS_SOME(AbsROptionU32, *v) : ABS_NONE(AbsROptionU32);
}

ABS_EXPORT uint64_t tp_map_sum(const AbsRHashMap *m) {
    AbsDynTrait it = m->vtable->value.iter(m->map.data);
    uint64_t sum = 0;
    if (abs_prefix_has_field(it.vtable, 12) && it.vtable->value.iter.tag == ABS_RSOME) {
        AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&it.vtable->value.iter.some.value);
        for (AbsROptionMapRefItem e = fns.next(it.object.data); e.tag == ABS_RSOME; e = fns.next(it.object.data))
            sum += *(const uint32_t *)e.some.value._1;
    }
    abs_dyntrait_drop(&it);
    return sum;
}

ABS_EXPORT AbsROptionU32 tp_map_insert(AbsRHashMap *m, AbsRStr key, uint32_t value) {
    return ABS_MAP_VTABLE_AS(*m, TpMapStrU32).insert_elem(m->map.data, tp_rstring_from(key.data, key.length), value);
}

ABS_EXPORT AbsROptionU32 tp_map_remove(AbsRHashMap *m, AbsRStr key) {
    AbsRString view = tp_rstring_view(key);
    TpROptKeyU32 removed = ABS_MAP_VTABLE_AS(*m, TpMapStrU32).remove_entry_p(m->map.data, &view);
    if (removed.tag != ABS_RSOME) return ABS_NONE(AbsROptionU32);
    abs_rvec_drop(&removed.some.value._0); /* the removed key, through its own vtable */
    return ABS_SOME(AbsROptionU32, removed.some.value._1);
}

/* *entry(key).or_insert(0) += 1 */
ABS_EXPORT uint32_t tp_map_entry_incr(AbsRHashMap *m, AbsRStr key) {
    AbsREntry e = ABS_MAP_VTABLE_AS(*m, TpMapStrU32).entry(m->map.data, tp_rstring_from(key.data, key.length));
    uint32_t *count = e.tag == ABS_RENTRY_OCCUPIED
                          ? ABS_OCCUPIED_VTABLE_AS(e.occupied, TpOccStrU32).fn_into_mut_elem(e.occupied)
                          : ABS_VACANT_VTABLE_AS(e.vacant, TpVacStrU32).insert_elem(e.vacant, 0);
    return ++*count;
}

ABS_EXPORT AbsRHashMap tp_map_of_vecs(uint32_t n) {
    AbsRHashMap m = new_map(&tp_t_vec_u32);
    const TpMapStrVec vt = ABS_MAP_VTABLE_AS(m, TpMapStrVec);
    for (uint32_t i = 0; i < n; i++) {
        char key[16];
        snprintf(key, sizeof key, "k%u", i);
        AbsRVec v;
        abs_vec_init(&v, &tp_t_u32, i);
        for (uint32_t j = 0; j < i; j++) ABS_RVEC_AT(v, uint32_t, j) = j;
        v.length = i;
        vt.insert_elem(m.map.data, tp_rstring(key), v);
    }
    return m;
}

static void *drop_map(void *arg) {
    abs_rhashmap_drop(arg);
    return NULL;
}

ABS_EXPORT void tp_map_drop_on_thread(AbsRHashMap m) {
    pthread_t th;
    if (pthread_create(&th, NULL, drop_map, &m) != 0) {
        drop_map(&m); /* no thread to be had: still drop it exactly once */
        return;
    }
    pthread_join(th, NULL);
}
