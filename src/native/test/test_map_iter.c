/* test_map_iter.c: the DynTrait iterators of host maps (iter with clone, iter_mut, drain,
 * iter_val: every IteratorFns entry) and the entry API (every Occupied/Vacant function). */
#include <stdint.h>

#include "map_query.h"

static AbsRHashMap make_map(int n) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_u32) == ABS_RT_OK);
    for (int i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "key%d", i);
        AbsROptionU32 old = ABS_MAP_VTABLE_AS(m, MapStrU32).insert_elem(m.map.data, host_string(buf), (uint32_t)i);
        CHECK(old.tag == ABS_RNONE);
    }
    return m;
}

static AbsMapRefIteratorFns ref_fns(const AbsDynTrait *it) {
    CHECK(abs_prefix_has_field(it->vtable, 12) && it->vtable->value.iter.tag == ABS_RSOME);
    return AbsMapRefIteratorFns_of(&it->vtable->value.iter.some.value);
}

static uint32_t item_value(AbsROptionMapRefItem item) {
    return item.tag == ABS_RSOME ? *(const uint32_t *)item.some.value._1 : UINT32_MAX;
}

static void borrowing(void) {
    AbsRHashMap m = make_map(10);
    AbsDynTrait it = m.vtable->value.iter(m.map.data);
    CHECK(it.vtable->field_accessibility == ABS_DYNTRAIT_ITER_CLONE_BITS);
    CHECK(it.vtable->value.type_info->size > 0 && it.vtable->value.type_info->uid().tag == ABS_NOTHING);
    const AbsMapRefIteratorFns f = ref_fns(&it);
    AbsROptionMapRefItem first = f.next(it.object.data);
    CHECK(first.tag == ABS_RSOME && rstring_is(first.some.value._0, "key0") && item_value(first) == 0);
    AbsSizeHint h = f.size_hint(it.object.data);
    CHECK(h._0 == 9 && h._1.tag == ABS_RSOME && h._1.some.value == 9);

    AbsDynTrait copy = it;
    copy.object = it.vtable->value.clone_ptr(&it.object);
    CHECK(copy.object.data != it.object.data);
    CHECK(item_value(f.nth(copy.object.data, 2)) == 3);    /* skips key1, key2 */
    CHECK(item_value(f.next(it.object.data)) == 1);        /* the original is untouched */
    f.skip_eager(it.object.data, 2);                       /* key2, key3 */
    ABS_DECLARE_TUPLE2(RefItem, const void *, const void *);
    static const abs_type t_ref_item = { sizeof(RefItem), _Alignof(RefItem), NULL, 0, 0, 0 };
    AbsRVec items;
    abs_vec_init(&items, &t_ref_item, 0);
    AbsROptionUsize three = ABS_SOME(AbsROptionUsize, 3);
    f.extending_rvec(it.object.data, &items, three);      /* key4, key5, key6 */
    CHECK(items.length == 3 && *(const uint32_t *)ABS_RVEC_AT(items, RefItem, 2)._1 == 6);
    CHECK(item_value(f.last(it.object.data)) == 9);
    CHECK(f.next(it.object.data).tag == ABS_RNONE);
    CHECK(f.count(copy.object.data) == 6);                 /* key4..key9 */
    f.extending_rvec(copy.object.data, &items, ABS_NONE(AbsROptionUsize));
    CHECK(items.length == 3);
    abs_rvec_drop(&items);
    abs_dyntrait_drop(&it);
    abs_dyntrait_drop(&copy);

    AbsDynTrait mut = m.vtable->value.iter_mut(m.map.data);
    CHECK(mut.vtable->field_accessibility == ABS_DYNTRAIT_ITER_BITS);
    const AbsMapRefIteratorFns fm = ref_fns(&mut);
    for (AbsROptionMapRefItem i = fm.next(mut.object.data); i.tag == ABS_RSOME; i = fm.next(mut.object.data))
        *(uint32_t *)(uintptr_t)i.some.value._1 += 1000;
    abs_dyntrait_drop(&mut);
    const void *keys[10], *vals[10];
    CHECK(abs_map_collect(&m, keys, vals, 10) == 10 && *(const uint32_t *)vals[9] == 1009);
    abs_rhashmap_drop(&m);
}

static DrainStrU32Fns owned_fns(const AbsDynTrait *it) {
    CHECK(it->vtable->field_accessibility == ABS_DYNTRAIT_ITER_BITS && it->vtable->value.iter.tag == ABS_RSOME);
    CHECK(it->vtable->value.clone_ptr == NULL);
    return DrainStrU32Fns_of(&it->vtable->value.iter.some.value);
}

static void owning(void) {
    int64_t before = abs_live_allocations();
    AbsRHashMap m = make_map(10);
    AbsDynTrait d = m.vtable->value.drain(m.map.data);
    CHECK(abs_map_len(&m) == 0); /* drained at once; items now belong to the iterator */
    DrainStrU32Fns f = owned_fns(&d);
    ROptT2StrU32 a = f.next(d.object.data);
    CHECK(a.tag == ABS_RSOME && rstring_is(&a.some.value._0, "key0") && a.some.value._1 == 0);
    abs_rvec_drop(&a.some.value._0);
    ROptT2StrU32 b = f.nth(d.object.data, 1); /* key1 dropped by the iterator */
    CHECK(b.tag == ABS_RSOME && b.some.value._1 == 2);
    abs_rvec_drop(&b.some.value._0);
    f.skip_eager(d.object.data, 1);
    static const abs_drop_op string_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
    static const abs_type t_pair = { sizeof(T2StrU32), _Alignof(T2StrU32), string_at0, 1, 0, 0 };
    AbsRVec pairs;
    abs_vec_init(&pairs, &t_pair, 0);
    f.extending_rvec(d.object.data, &pairs, ABS_SOME(AbsROptionUsize, 2)); /* key4, key5 */
    CHECK(pairs.length == 2 && ABS_RVEC_AT(pairs, T2StrU32, 1)._1 == 5);
    abs_rvec_drop(&pairs);
    AbsSizeHint h = f.size_hint(d.object.data);
    CHECK(h._0 == 4);
    ROptT2StrU32 last = f.last(d.object.data);
    CHECK(last.tag == ABS_RSOME && last.some.value._1 == 9);
    abs_rvec_drop(&last.some.value._0);
    abs_dyntrait_drop(&d);
    ABS_MAP_VTABLE_AS(m, MapStrU32).insert_elem(m.map.data, host_string("again"), 1); /* still usable */
    CHECK(abs_map_len(&m) == 1);

    AbsDynTrait part = m.vtable->value.drain(m.map.data);
    abs_dyntrait_drop(&part); /* never iterated: the iterator drops what it holds */
    abs_rhashmap_drop(&m);

    m = make_map(5);
    AbsDynTrait v = m.vtable->value.iter_val(m.map); /* consumes the map object */
    f = owned_fns(&v);
    ROptT2StrU32 one = f.next(v.object.data);
    abs_rvec_drop(&one.some.value._0);
    CHECK(f.count(v.object.data) == 4);
    CHECK(f.next(v.object.data).tag == ABS_RNONE);
    abs_dyntrait_drop(&v);
    CHECK(abs_live_allocations() == before);
}

static void entries(void) {
    int64_t before = abs_live_allocations();
    AbsRHashMap m = make_map(3);
    const MapStrU32 vt = ABS_MAP_VTABLE_AS(m, MapStrU32);

    AbsREntry e = vt.entry(m.map.data, host_string("new"));
    CHECK(e.tag == ABS_RENTRY_VACANT && e.vacant.vtable->field_accessibility == ABS_VACANT_VTABLE_BITS);
    const VacStrU32 vac = ABS_VACANT_VTABLE_AS(e.vacant, VacStrU32);
    CHECK(rstring_is(vac.key(e.vacant.entry), "new"));
    uint32_t *slot = vac.insert_elem(e.vacant, 7);
    CHECK(*slot == 7 && abs_map_len(&m) == 4);

    e = vt.entry(m.map.data, host_string("key1"));
    CHECK(e.tag == ABS_RENTRY_OCCUPIED && e.occupied.vtable->field_accessibility == ABS_OCCUPIED_VTABLE_BITS);
    const OccStrU32 occ = ABS_OCCUPIED_VTABLE_AS(e.occupied, OccStrU32);
    CHECK(rstring_is(occ.key(e.occupied.entry), "key1") && *occ.get_elem(e.occupied.entry) == 1);
    *occ.get_mut_elem(e.occupied.entry) += 10;
    CHECK(occ.insert_elem(e.occupied.entry, 100) == 11);
    CHECK(*occ.fn_into_mut_elem(e.occupied) == 100);

    e = vt.entry(m.map.data, host_string("key0"));
    CHECK(e.tag == ABS_RENTRY_OCCUPIED);
    CHECK(ABS_OCCUPIED_VTABLE_AS(e.occupied, OccStrU32).remove(e.occupied) == 0);
    CHECK(abs_map_len(&m) == 3);

    e = vt.entry(m.map.data, host_string("given back"));
    AbsRString back = ABS_VACANT_VTABLE_AS(e.vacant, VacStrU32).fn_into_key(e.vacant);
    CHECK(rstring_is(&back, "given back"));
    abs_rvec_drop(&back);

    e = vt.entry(m.map.data, host_string("abandoned"));
    e.vacant.vtable->value.drop_entry(e.vacant.entry); /* drops the owned key */
    e = vt.entry(m.map.data, host_string("key2"));
    e.occupied.vtable->value.drop_entry(e.occupied.entry);
    /* An entry replaced by the next entry() call without being finished: its key is dropped. */
    vt.entry(m.map.data, host_string("forgotten"));
    e = vt.entry(m.map.data, host_string("new"));
    CHECK(e.tag == ABS_RENTRY_OCCUPIED);
    e.occupied.vtable->value.drop_entry(e.occupied.entry);

    /* *entry(key).or_insert(0) += 1, as tp_map_entry_incr does. */
    for (int round = 0; round < 3; round++) {
        e = vt.entry(m.map.data, host_string("counter"));
        uint32_t *c = e.tag == ABS_RENTRY_OCCUPIED ? ABS_OCCUPIED_VTABLE_AS(e.occupied, OccStrU32).fn_into_mut_elem(e.occupied)
                                                   : ABS_VACANT_VTABLE_AS(e.vacant, VacStrU32).insert_elem(e.vacant, 0);
        *c += 1;
    }
    AbsRString any = host_string("x");
    AbsRString view = string_view("counter", &any);
    CHECK(*vt.get_elem_p(m.map.data, &view) == 3);
    abs_rvec_drop(&any);
    abs_rhashmap_drop(&m);
    CHECK(abs_live_allocations() == before);
}

void test_map_iter_entry(void) {
    borrowing();
    owning();
    entries();
}
