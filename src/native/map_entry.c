/* map_entry.c: the entry API of host maps (reference 1.11, REntry): `entry(map, K)` and the
 * Occupied/Vacant vtables. The one live entry is m->entry; consuming functions end it. */
#include "map.h"

static rt_map_entry *E(const void *entry) { return (rt_map_entry *)entry; }

/* entry(map, K) -> REntry: an occupied entry drops the passed key (the stored one stays); a
 * vacant one keeps it until inserted, given back or dropped. */
static void entry_core(void *map, rt_x64_args *a, void *ret) {
    rt_map *m = map;
    const rt_map_types *t = m->t;
    _Alignas(16) unsigned char key[RT_MAX_BYVALUE];
    rt_x64_take(a, &t->k_abi, key);
    uint64_t hash = rt_map_hash_key(t, key);
    AbsREntry e;
    memset(&e, 0, sizeof e);
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    size_t pos = rt_map_find_key(m, key, hash);
    if (pos != RT_NOT_FOUND) {
        m->entry.state = RT_ENTRY_OCCUPIED;
        m->entry.pos = pos;
        e.tag = ABS_RENTRY_OCCUPIED;
        e.occupied.entry = &m->entry;
        e.occupied.vtable = t->occupied;
    } else {
        m->entry.state = RT_ENTRY_VACANT;
        m->entry.hash = hash;
        if (!m->entry.key) m->entry.key = abs_alloc(rt_max(t->key->size, 1), rt_max(t->key->align, 1));
        memcpy(m->entry.key, key, t->key->size);
        e.tag = ABS_RENTRY_VACANT;
        e.vacant.entry = &m->entry;
        e.vacant.vtable = t->vacant;
    }
    pthread_mutex_unlock(&m->lock);
    if (pos != RT_NOT_FOUND) rt_drop_value(t->key, key);
    memcpy(ret, &e, sizeof e);
}
RT_X64_DUMPED_1(entry, entry_core)

static void end_entry(rt_map_entry *e) {
    pthread_mutex_lock(&e->map->lock);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}

/* ---- occupied ------------------------------------------------------------------------------ */

static void occ_drop_entry(void *entry) { end_entry(E(entry)); }
static const void *occ_key(const void *entry) { return rt_map_key(E(entry)->map, E(entry)->pos); }
static const void *occ_get_elem(const void *entry) { return rt_map_value(E(entry)->map, E(entry)->pos); }
static void *occ_get_mut_elem(void *entry) { return rt_map_value(E(entry)->map, E(entry)->pos); }

static void *occ_into_mut_elem(AbsROccupiedEntry oe) {
    rt_map_entry *e = E(oe.entry);
    end_entry(e);
    return rt_map_value(e->map, e->pos);
}

/* insert_elem(entry, V) -> V: swaps in the new value, returns the old one. */
static void occ_insert_core(void *entry, rt_x64_args *a, void *ret) {
    rt_map_entry *e = E(entry);
    const rt_map_types *t = e->map->t;
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    rt_x64_take(a, &t->v_abi, val);
    pthread_mutex_lock(&e->map->lock);
    memcpy(ret, rt_map_value(e->map, e->pos), t->value->size);
    memcpy(rt_map_value(e->map, e->pos), val, t->value->size);
    pthread_mutex_unlock(&e->map->lock);
}
RT_X64_DUMPED_1(occ_insert_elem, occ_insert_core)

/* remove(ROccupiedEntry) -> V: the stored key is dropped, the value returned. */
static void occ_remove_core(AbsROccupiedEntry oe, void *ret) {
    rt_map_entry *e = E(oe.entry);
    pthread_mutex_lock(&e->map->lock);
    rt_map_remove_at(e->map, e->pos, NULL, ret);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}
RT_RET_VARIANTS(occ_remove, (AbsROccupiedEntry e), (e), occ_remove_core)

/* ---- vacant -------------------------------------------------------------------------------- */

static void vac_drop_entry(void *entry) {
    rt_map_entry *e = E(entry);
    pthread_mutex_lock(&e->map->lock);
    rt_map_entry_reset(e->map); /* drops the owned key */
    pthread_mutex_unlock(&e->map->lock);
}

static const void *vac_key(const void *entry) { return E(entry)->key; }

static void vac_into_key_core(AbsRVacantEntry ve, void *ret) {
    rt_map_entry *e = E(ve.entry);
    pthread_mutex_lock(&e->map->lock);
    memcpy(ret, e->key, e->map->t->key->size);
    e->state = RT_ENTRY_NONE;
    pthread_mutex_unlock(&e->map->lock);
}
RT_RET_VARIANTS(vac_into_key, (AbsRVacantEntry e), (e), vac_into_key_core)

/* insert_elem(RVacantEntry, V) -> &mut V. The entry (16 bytes, two general registers) comes
 * first, so the dump starts at the third register; the return is a plain pointer. */
static void *vac_insert_elem(AbsRVacantEntry ve, uint64_t g2, uint64_t g3, uint64_t g4, uint64_t g5,
                             RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {
    rt_x64_args a;
    RT_X64_COLLECT(&a, 2, g2, g3, g4, g5);
    rt_map_entry *e = E(ve.entry);
    rt_map *m = e->map;
    _Alignas(16) unsigned char val[RT_MAX_BYVALUE];
    rt_x64_take(&a, &m->t->v_abi, val);
    pthread_mutex_lock(&m->lock);
    size_t pos = rt_map_push(m, e->hash, e->key, val);
    e->state = RT_ENTRY_NONE;
    void *v = rt_map_value(m, pos);
    pthread_mutex_unlock(&m->lock);
    return v;
}

void rt_map_entry_vtables_fill(rt_map_types *t) {
    static const rt_abi rentry_abi = { sizeof(AbsREntry), RT_ABI_MEMORY, 0, { 0, 0 } };
    t->vtable->value.entry = RT_X64_DUMPED_1_PICK(&rentry_abi, entry);

    AbsOccupiedVTable_WM *o = rt_alloc_forever(sizeof *o, _Alignof(AbsOccupiedVTable_WM));
    o->field_accessibility = ABS_OCCUPIED_VTABLE_BITS;
    o->type_layout = &rt_layout_occupied_vtable;
    o->value.drop_entry = occ_drop_entry;
    o->value.key = occ_key;
    o->value.get_elem = occ_get_elem;
    o->value.get_mut_elem = occ_get_mut_elem;
    o->value.fn_into_mut_elem = occ_into_mut_elem;
    o->value.insert_elem = RT_X64_DUMPED_1_PICK(&t->v_abi, occ_insert_elem);
    o->value.remove = RT_RET_PICK(&t->v_abi, occ_remove);
    t->occupied = o;

    AbsVacantVTable_WM *v = rt_alloc_forever(sizeof *v, _Alignof(AbsVacantVTable_WM));
    v->field_accessibility = ABS_VACANT_VTABLE_BITS;
    v->type_layout = &rt_layout_vacant_vtable;
    v->value.drop_entry = vac_drop_entry;
    v->value.key = vac_key;
    v->value.fn_into_key = RT_RET_PICK(&t->k_abi, vac_into_key);
    v->value.insert_elem = (AbsFn)vac_insert_elem;
    t->vacant = v;
}
