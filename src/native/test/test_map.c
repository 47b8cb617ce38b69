/* test_map.c: host RHashMap<RString, u32> through its vtable as a plugin sees it: insert,
 * MapQuery and `_p` lookups (including a query that hashes differently), removal keeping
 * insertion order, reserve, capacity, clear, and drop glue of RHashMap<RString, RVec<u32>>. */
#include <stdint.h>

#include "map_query.h"

static uint32_t lookup(const AbsRHashMap *m, const char *key) {
    AbsRStr k = rstr(key);
    const AbsRStr *ref = &k;
    const uint32_t *v = ABS_MAP_VTABLE_AS(*m, MapStrU32).get_elem(m->map.data, rust_str_query(&ref));
    return v ? *v : UINT32_MAX;
}

static void hash_nothing(const void *query, AbsHasherObject h) { (void)query, (void)h; }

static void fill(AbsRHashMap *m, int n) {
    const MapStrU32 vt = ABS_MAP_VTABLE_AS(*m, MapStrU32);
    for (int i = 0; i < n; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "key%d", i);
        AbsROptionU32 old = vt.insert_elem(m->map.data, host_string(buf), (uint32_t)i);
        CHECK(old.tag == ABS_RNONE);
    }
}

static void basic(void) {
    int64_t before = abs_live_allocations();
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_u32) == ABS_RT_OK);
    CHECK(m.vtable->field_accessibility == ABS_MAP_VTABLE_BITS && m.vtable->type_layout != NULL);
    CHECK(m.map.vtable->field_accessibility == ABS_BOX_VTABLE_BITS);
    const MapStrU32 vt = ABS_MAP_VTABLE_AS(m, MapStrU32);
    fill(&m, 100);
    CHECK(vt.len(m.map.data) == 100 && abs_map_len(&m) == 100);
    CHECK(vt.capacity(m.map.data) >= 100);

    int64_t with_100 = abs_live_allocations();
    AbsROptionU32 old = vt.insert_elem(m.map.data, host_string("key5"), 555);
    CHECK(old.tag == ABS_RSOME && old.some.value == 5);
    CHECK(abs_live_allocations() == with_100); /* the duplicate key was dropped */
    CHECK(lookup(&m, "key5") == 555 && lookup(&m, "key42") == 42 && lookup(&m, "nope") == UINT32_MAX);

    /* A query hashing nothing still finds its key: the linear fallback. */
    AbsRStr k77 = rstr("key77");
    const AbsRStr *ref77 = &k77;
    AbsMapQuery odd = { rust_str_is_equal, hash_nothing, &ref77 };
    const uint32_t *p77 = vt.get_elem(m.map.data, odd);
    CHECK(p77 && *p77 == 77);

    AbsRString any = host_string("x");
    AbsRString view = string_view("key99", &any);
    const uint32_t *p99 = vt.get_elem_p(m.map.data, &view);
    CHECK(p99 && *p99 == 99);
    uint32_t *m99 = vt.get_mut_elem_p(m.map.data, &view);
    *m99 = 9900;
    CHECK(lookup(&m, "key99") == 9900);
    AbsRStr k3 = rstr("key3");
    const AbsRStr *ref3 = &k3;
    *vt.get_mut_elem(m.map.data, rust_str_query(&ref3)) = 33;
    CHECK(lookup(&m, "key3") == 33);

    AbsRStr k10 = rstr("key10");
    const AbsRStr *ref10 = &k10;
    ROptT2StrU32 removed = vt.remove_entry(m.map.data, rust_str_query(&ref10));
    CHECK(removed.tag == ABS_RSOME && removed.some.value._1 == 10 && rstring_is(&removed.some.value._0, "key10"));
    abs_rvec_drop(&removed.some.value._0);
    AbsRString view11 = string_view("key11", &any);
    removed = vt.remove_entry_p(m.map.data, &view11);
    CHECK(removed.tag == ABS_RSOME && removed.some.value._1 == 11);
    abs_rvec_drop(&removed.some.value._0);
    removed = vt.remove_entry_p(m.map.data, &view11);
    CHECK(removed.tag == ABS_RNONE);
    CHECK(vt.len(m.map.data) == 98 && lookup(&m, "key12") == 12 && lookup(&m, "key99") == 9900);

    /* Insertion order survives removals. */
    const void *keys[100], *vals[100];
    size_t n = abs_map_collect(&m, keys, vals, 100);
    CHECK(n == 98);
    CHECK(rstring_is(keys[0], "key0") && rstring_is(keys[10], "key12") && rstring_is(keys[97], "key99"));
    CHECK(*(const uint32_t *)vals[5] == 555 && *(const uint32_t *)vals[97] == 9900);
    CHECK(abs_map_collect(&m, keys, vals, 3) == 3);

    vt.reserve(m.map.data, 1000);
    CHECK(vt.capacity(m.map.data) >= 1098);
    vt.clear_map(m.map.data);
    CHECK(vt.len(m.map.data) == 0 && lookup(&m, "key1") == UINT32_MAX);
    fill(&m, 3); /* usable after clear */
    CHECK(lookup(&m, "key2") == 2);
    abs_rhashmap_drop(&m);
    abs_rvec_drop(&any);
    CHECK(abs_live_allocations() == before);
}

/* RHashMap<RString, RVec<u32>>: dropping the map drops every key and every vector. */
static void map_of_vecs(void) {
    int64_t before = abs_live_allocations();
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_vec_u32) == ABS_RT_OK);
    for (uint32_t i = 0; i < 20; i++) {
        char buf[16];
        snprintf(buf, sizeof buf, "k%u", i);
        AbsRString k = host_string(buf);
        AbsRVec v;
        abs_vec_init(&v, &t_u32, 0);
        for (uint32_t j = 0; j < i; j++) {
            abs_rvec_reserve(&v, 1);
            ABS_RVEC_AT(v, uint32_t, v.length++) = j;
        }
        AbsROptionRString old; /* ROption<RVec<u32>> has the same layout */
        CHECK(abs_map_insert(&m, &t_rstring, &t_vec_u32, &k, &v, &old) == ABS_RT_OK && old.tag == ABS_RNONE);
    }
    CHECK(abs_map_len(&m) == 20);
    const abs_drop_op glue[] = { { ABS_DROP_RHASHMAP, 0, 0, 0, 0, 0, NULL, 0 } };
    abs_drop_in_place(&m, glue, 1);
    CHECK(abs_live_allocations() == before);
}

void test_map_basic(void) {
    basic();
    map_of_vecs();
}
