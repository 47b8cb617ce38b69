/* map_vtable.c: the map VTable entry points (reference 1.11) of host maps. `map` is always the
 * erased map object (RHashMap.map.data). Entry (`entry`) and iterators live in their own files. */
#include "map.h"

static rt_map *M(const void *map) { return (rt_map *)map; }

static void *find_value_q(const void *map, AbsMapQuery q) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_query(m, &q);
    void *v = pos == RT_NOT_FOUND ? NULL : rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

static void *find_value_p(const void *map, const void *key) {
    rt_map *m = M(map);
    uint64_t hash = rt_map_hash_key(m->t, key);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_key(m, key, hash);
    void *v = pos == RT_NOT_FOUND ? NULL : rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

static const void *get_elem(const void *map, AbsMapQuery q) { return find_value_q(map, q); }
static void *get_mut_elem(void *map, AbsMapQuery q) { return find_value_q(map, q); }
static const void *get_elem_p(const void *map, const void *key) { return find_value_p(map, key); }
static void *get_mut_elem_p(void *map, const void *key) { return find_value_p(map, key); }

static void reserve(void *map, size_t additional) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    rt_map_reserve(m, additional);
    pthread_mutex_unlock(&m->lock);
}

/* Drop glue runs plugin code: do it after releasing the lock. */
static void clear_map(void *map) {
    rt_map *m = M(map);
    size_t len, cap;
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    unsigned char *entries = rt_map_take_entries(m, &len, &cap);
    pthread_mutex_unlock(&m->lock);
    rt_map_drop_entries(m->t, entries, 0, len, true, cap);
}

static size_t len(const void *map) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t n = m->len;
    pthread_mutex_unlock(&m->lock);
    return n;
}

static size_t capacity(const void *map) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    size_t n = m->cap;
    pthread_mutex_unlock(&m->lock);
    return n;
}

static AbsDynTrait iter(const void *map) { return rt_map_iter_ref(M(map), true); }
static AbsDynTrait iter_mut(void *map) { return rt_map_iter_ref(M(map), false); }
static AbsDynTrait drain(void *map) { return rt_map_iter_owned(M(map), false); }
static AbsDynTrait iter_val(AbsRBox map) { return rt_map_iter_owned(M(map.data), true); }

/* ---- by-value entry points ------------------------------------------------------------------ */

/* insert_elem(map, K, V) -> ROption<V>: an existing key keeps its stored key (the new one is
 * dropped) and gets the new value, as std's HashMap::insert does. */
static void insert_core(void *map, rt_x64_args *a, void *ret) {
    rt_map *m = M(map);
    const rt_map_types *t = m->t;
    _Alignas(16) unsigned char key[RT_MAX_BYVALUE];
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    unsigned char *out = ret;
    rt_x64_take(a, &t->k_abi, key);
    rt_x64_take(a, &t->v_abi, val);
    memset(out, 0, t->opt_v_size);
    uint64_t hash = rt_map_hash_key(t, key);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_find_key(m, key, hash);
    if (pos != RT_NOT_FOUND) {
        out[0] = ABS_RSOME;
        memcpy(out + t->opt_v_off, rt_map_value(m, pos), t->value->size);
        memcpy(rt_map_value(m, pos), val, t->value->size);
    } else {
        out[0] = ABS_RNONE;
        rt_map_push(m, hash, key, val);
    }
    pthread_mutex_unlock(&m->lock);
    if (pos != RT_NOT_FOUND) rt_drop_value(t->key, key);
}
RT_X64_DUMPED_1(insert_elem, insert_core)

/* Writes ROption<Tuple2<K, V>> for the entry at `pos`, removing it from the map. */
static void take_removed(rt_map *m, size_t pos, unsigned char *out) {
    const rt_map_types *t = m->t;
    memset(out, 0, t->opt_kv_size);
    if (pos == RT_NOT_FOUND) {
        out[0] = ABS_RNONE;
        return;
    }
    out[0] = ABS_RSOME;
    rt_map_remove_at(m, pos, out + t->opt_kv_off, out + t->opt_kv_off + t->tuple_v_off);
}

static void remove_entry_core(void *map, AbsMapQuery q, void *ret) {
    rt_map *m = M(map);
    pthread_mutex_lock(&m->lock);
    take_removed(m, rt_map_find_query(m, &q), ret);
    pthread_mutex_unlock(&m->lock);
}
RT_RET_VARIANTS(remove_entry, (void *map, AbsMapQuery q), (map, q), remove_entry_core)

static void remove_entry_p_core(void *map, const void *key, void *ret) {
    rt_map *m = M(map);
    uint64_t hash = rt_map_hash_key(m->t, key);
    pthread_mutex_lock(&m->lock);
    take_removed(m, rt_map_find_key(m, key, hash), ret);
    pthread_mutex_unlock(&m->lock);
}
RT_RET_VARIANTS(remove_entry_p, (void *map, const void *key), (map, key), remove_entry_p_core)

void rt_map_vtable_fill(rt_map_types *t) {
    AbsMapVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsMapVTable_WM));
    wm->field_accessibility = ABS_MAP_VTABLE_BITS;
    wm->type_layout = &rt_layout_map_vtable;
    AbsMapVTable *v = &wm->value;
    v->insert_elem = RT_X64_DUMPED_1_PICK(&t->opt_v_abi, insert_elem);
    v->get_elem = get_elem;
    v->get_mut_elem = get_mut_elem;
    v->remove_entry = RT_RET_PICK(&t->opt_kv_abi, remove_entry);
    v->get_elem_p = get_elem_p;
    v->get_mut_elem_p = get_mut_elem_p;
    v->remove_entry_p = RT_RET_PICK(&t->opt_kv_abi, remove_entry_p);
    v->reserve = reserve;
    v->clear_map = clear_map;
    v->len = len;
    v->capacity = capacity;
    v->iter = iter;
    v->iter_mut = iter_mut;
    v->drain = drain;
    v->iter_val = iter_val;
    v->entry = NULL; /* map_entry.c */
    t->vtable = wm;
}
