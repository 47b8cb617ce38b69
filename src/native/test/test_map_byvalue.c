/* test_map_byvalue.c: keys and values of every calling-convention class crossing host-map
 * vtables by value. The typed calls below are compiled by the C compiler exactly as a plugin's
 * would be, so they check the runtime's register dumps; fake "foreign" maps with typed functions
 * check the other direction (abs_map_insert calling into a map it did not make). */
#include <stdint.h>

#include "map_query.h"

typedef struct F32Pair { float a, b; } F32Pair;
ABS_DECLARE_ROPTION(ROptF64, double);
ABS_DECLARE_ROPTION(ROptF32Pair, F32Pair);
ABS_DECLARE_ROPTION(ROptDuration, AbsRDuration);
ABS_DECLARE_ROPTION(ROptValue, AbsValue);
ABS_DECLARE_TUPLE2(T2U64F64, uint64_t, double);
ABS_DECLARE_ROPTION(ROptT2U64F64, T2U64F64);
ABS_DECLARE_TUPLE2(T2I32Pair, int32_t, F32Pair);
ABS_DECLARE_ROPTION(ROptT2I32Pair, T2I32Pair);
ABS_DECLARE_TUPLE2(T2F64Str, double, AbsRString);
ABS_DECLARE_ROPTION(ROptT2F64Str, T2F64Str);
ABS_DECLARE_MAP_VTABLE(MapU64F64, uint64_t, double, ROptF64, ROptT2U64F64);
ABS_DECLARE_OCCUPIED_VTABLE(OccU64F64, uint64_t, double);
ABS_DECLARE_VACANT_VTABLE(VacU64F64, uint64_t, double);
ABS_DECLARE_MAP_VTABLE(MapI32Pair, int32_t, F32Pair, ROptF32Pair, ROptT2I32Pair);
ABS_DECLARE_OCCUPIED_VTABLE(OccI32Pair, int32_t, F32Pair);
ABS_DECLARE_MAP_VTABLE(MapU32Dur, uint32_t, AbsRDuration, ROptDuration, ROptDuration);
ABS_DECLARE_MAP_VTABLE(MapF64Str, double, AbsRString, AbsROptionRString, ROptT2F64Str);
ABS_DECLARE_VACANT_VTABLE(VacF64Str, double, AbsRString);
ABS_DECLARE_MAP_VTABLE(MapStrValue, AbsRString, AbsValue, ROptValue, ROptValue);
ABS_DECLARE_ITERATOR_FNS(DrainU64F64Fns, ROptT2U64F64);

static void u64_to_f64(void) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_u64, &t_f64) == ABS_RT_OK);
    const MapU64F64 vt = ABS_MAP_VTABLE_AS(m, MapU64F64);
    CHECK(vt.insert_elem(m.map.data, 1, 1.5).tag == ABS_RNONE);
    CHECK(vt.insert_elem(m.map.data, 2, -2.25).tag == ABS_RNONE);
    ROptF64 old = vt.insert_elem(m.map.data, 1, 3.5);
    CHECK(old.tag == ABS_RSOME && old.some.value == 1.5);
    uint64_t k = 2;
    CHECK(*vt.get_elem_p(m.map.data, &k) == -2.25);

    AbsREntry e = vt.entry(m.map.data, 1);
    CHECK(e.tag == ABS_RENTRY_OCCUPIED);
    const OccU64F64 occ = ABS_OCCUPIED_VTABLE_AS(e.occupied, OccU64F64);
    CHECK(occ.insert_elem(e.occupied.entry, 4.75) == 3.5);
    CHECK(occ.remove(e.occupied) == 4.75);
    e = vt.entry(m.map.data, 77);
    const VacU64F64 vac = ABS_VACANT_VTABLE_AS(e.vacant, VacU64F64);
    CHECK(vac.fn_into_key(e.vacant) == 77);
    e = vt.entry(m.map.data, 78);
    CHECK(*ABS_VACANT_VTABLE_AS(e.vacant, VacU64F64).insert_elem(e.vacant, 0.125) == 0.125);

    ROptT2U64F64 r = vt.remove_entry_p(m.map.data, &k);
    CHECK(r.tag == ABS_RSOME && r.some.value._0 == 2 && r.some.value._1 == -2.25);
    double f = 9.5;
    uint64_t k9 = 9;
    ROptF64 none;
    CHECK(abs_map_insert(&m, &t_u64, &t_f64, &k9, &f, &none) == ABS_RT_OK && none.tag == ABS_RNONE);
    f = 10.5;
    CHECK(abs_map_insert(&m, &t_u64, &t_f64, &k9, &f, &old) == ABS_RT_OK && old.tag == ABS_RSOME && old.some.value == 9.5);

    AbsDynTrait d = vt.drain(m.map.data);
    const DrainU64F64Fns fns = DrainU64F64Fns_of(&d.vtable->value.iter.some.value);
    ROptT2U64F64 first = fns.next(d.object.data);
    CHECK(first.tag == ABS_RSOME && first.some.value._0 == 78 && first.some.value._1 == 0.125);
    abs_dyntrait_drop(&d);
    abs_rhashmap_drop(&m);
}

static void i32_to_float_pair(void) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_i32, &t_f32_pair) == ABS_RT_OK);
    const MapI32Pair vt = ABS_MAP_VTABLE_AS(m, MapI32Pair);
    CHECK(vt.insert_elem(m.map.data, -4, (F32Pair){ 1.5f, 2.5f }).tag == ABS_RNONE);
    ROptF32Pair old = vt.insert_elem(m.map.data, -4, (F32Pair){ 3.0f, 4.0f });
    CHECK(old.tag == ABS_RSOME && old.some.value.a == 1.5f && old.some.value.b == 2.5f);
    AbsREntry e = vt.entry(m.map.data, -4);
    F32Pair prev = ABS_OCCUPIED_VTABLE_AS(e.occupied, OccI32Pair).insert_elem(e.occupied.entry, (F32Pair){ 5.0f, 6.0f });
    CHECK(prev.a == 3.0f && prev.b == 4.0f);
    e.occupied.vtable->value.drop_entry(e.occupied.entry);
    int32_t k = -4;
    ROptT2I32Pair r = vt.remove_entry_p(m.map.data, &k);
    CHECK(r.tag == ABS_RSOME && r.some.value._0 == -4 && r.some.value._1.a == 5.0f && r.some.value._1.b == 6.0f);
    F32Pair v = { 7.0f, 8.0f };
    CHECK(abs_map_insert(&m, &t_i32, &t_f32_pair, &k, &v, &old) == ABS_RT_OK && old.tag == ABS_RNONE);
    CHECK(vt.get_elem_p(m.map.data, &k)->b == 8.0f);
    abs_rhashmap_drop(&m);
}

static void u32_to_duration(void) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_u32, &t_duration) == ABS_RT_OK);
    const MapU32Dur vt = ABS_MAP_VTABLE_AS(m, MapU32Dur);
    CHECK(vt.insert_elem(m.map.data, 3, (AbsRDuration){ 10, 20 }).tag == ABS_RNONE);
    ROptDuration old = vt.insert_elem(m.map.data, 3, (AbsRDuration){ 30, 40 });
    CHECK(old.tag == ABS_RSOME && old.some.value.seconds == 10 && old.some.value.subsec_nanos == 20);
    uint32_t k = 3;
    AbsRDuration d = { 50, 60 };
    CHECK(abs_map_insert(&m, &t_u32, &t_duration, &k, &d, &old) == ABS_RT_OK && old.some.value.seconds == 30);
    abs_rhashmap_drop(&m);
}

static void f64_to_string(void) {
    static const abs_type t_f64_key = { 8, 8, NULL, 0, ABS_KEY_BYTES, 0x3 };
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_f64_key, &t_rstring) == ABS_RT_OK);
    const MapF64Str vt = ABS_MAP_VTABLE_AS(m, MapF64Str);
    CHECK(vt.insert_elem(m.map.data, 0.5, host_string("half")).tag == ABS_RNONE);
    AbsROptionRString old = vt.insert_elem(m.map.data, 0.5, host_string("one half"));
    CHECK(old.tag == ABS_RSOME && rstring_is(&old.some.value, "half"));
    abs_rvec_drop(&old.some.value);
    AbsREntry e = vt.entry(m.map.data, 0.25);
    CHECK(ABS_VACANT_VTABLE_AS(e.vacant, VacF64Str).fn_into_key(e.vacant) == 0.25);
    double k = 0.5;
    ROptT2F64Str r = vt.remove_entry_p(m.map.data, &k);
    CHECK(r.tag == ABS_RSOME && r.some.value._0 == 0.5 && rstring_is(&r.some.value._1, "one half"));
    abs_rvec_drop(&r.some.value._1);
    abs_rhashmap_drop(&m);
}

static void string_to_value(void) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_value) == ABS_RT_OK);
    const MapStrValue vt = ABS_MAP_VTABLE_AS(m, MapStrValue);
    AbsValue v;
    memset(&v, 0, sizeof v);
    v.f64.tag = ABS_VALUE_F64;
    v.f64.value = 2.5;
    CHECK(vt.insert_elem(m.map.data, host_string("f"), v).tag == ABS_RNONE);
    v.string.tag = ABS_VALUE_STRING;
    v.string.value = host_string("text");
    ROptValue old = vt.insert_elem(m.map.data, host_string("f"), v);
    CHECK(old.tag == ABS_RSOME && old.some.value.tag == ABS_VALUE_F64 && old.some.value.f64.value == 2.5);
    AbsRStr q = rstr("f");
    const AbsRStr *ref = &q;
    const AbsValue *got = vt.get_elem(m.map.data, rust_str_query(&ref));
    CHECK(got && got->tag == ABS_VALUE_STRING && rstring_is(&got->string.value, "text"));
    abs_rhashmap_drop(&m);
}

/* ---- foreign maps: typed insert_elem functions a plugin compiler would generate ----------- */

static uint64_t seen_k;
static double seen_f;
static F32Pair seen_pair;
static AbsRString seen_str;
static AbsValue seen_value;

static ROptF64 fake_insert_u64_f64(void *map, uint64_t k, double v) {
    (void)map;
    seen_k = k, seen_f = v;
    return ABS_SOME(ROptF64, -1.0);
}
static ROptF32Pair fake_insert_i32_pair(void *map, int32_t k, F32Pair v) {
    (void)map;
    seen_k = (uint64_t)(int64_t)k, seen_pair = v;
    return ABS_SOME(ROptF32Pair, ((F32Pair){ -1.0f, -2.0f }));
}
static ROptValue fake_insert_str_value(void *map, AbsRString k, AbsValue v) {
    (void)map;
    seen_str = k, seen_value = v;
    return ABS_NONE(ROptValue);
}
static AbsROptionRString fake_insert_f64_str(void *map, double k, AbsRString v) {
    (void)map;
    seen_f = k, seen_str = v;
    return ABS_NONE(AbsROptionRString);
}

static AbsRHashMap fake_map(AbsMapVTable_WM *wm, AbsFn insert) {
    memset(wm, 0, sizeof *wm);
    wm->field_accessibility = ABS_MAP_VTABLE_BITS;
    wm->value.insert_elem = insert;
    AbsRHashMap m = { { NULL, NULL }, wm };
    return m;
}

static void foreign_inserts(void) {
    AbsMapVTable_WM wm;
    AbsRHashMap m = fake_map(&wm, (AbsFn)fake_insert_u64_f64);
    uint64_t k = 0x1122334455667788ull;
    double f = 6.5;
    ROptF64 old;
    CHECK(abs_map_insert(&m, &t_u64, &t_f64, &k, &f, &old) == ABS_RT_OK);
    CHECK(seen_k == k && seen_f == 6.5 && old.tag == ABS_RSOME && old.some.value == -1.0);

    m = fake_map(&wm, (AbsFn)fake_insert_i32_pair);
    int32_t ki = -9;
    F32Pair p = { 0.5f, 0.75f };
    ROptF32Pair oldp;
    CHECK(abs_map_insert(&m, &t_i32, &t_f32_pair, &ki, &p, &oldp) == ABS_RT_OK);
    CHECK((int64_t)seen_k == -9 && seen_pair.a == 0.5f && seen_pair.b == 0.75f);
    CHECK(oldp.tag == ABS_RSOME && oldp.some.value.b == -2.0f);

    m = fake_map(&wm, (AbsFn)fake_insert_str_value);
    AbsRString ks = host_string("key");
    AbsValue v;
    memset(&v, 0, sizeof v);
    v.u64.tag = ABS_VALUE_U64;
    v.u64.value = UINT64_MAX;
    ROptValue oldv;
    memset(&oldv, 0xAB, sizeof oldv);
    CHECK(abs_map_insert(&m, &t_rstring, &t_value, &ks, &v, &oldv) == ABS_RT_OK);
    CHECK(rstring_is(&seen_str, "key") && seen_value.u64.value == UINT64_MAX && oldv.tag == ABS_RNONE);
    abs_rvec_drop(&seen_str); /* the fake took ownership and hands it back to us */

    m = fake_map(&wm, (AbsFn)fake_insert_f64_str);
    double kf = -0.5;
    AbsRString vs = host_string("value");
    AbsROptionRString olds;
    CHECK(abs_map_insert(&m, &t_f64, &t_rstring, &kf, &vs, &olds) == ABS_RT_OK);
    CHECK(seen_f == -0.5 && rstring_is(&seen_str, "value") && olds.tag == ABS_RNONE);
    abs_rvec_drop(&seen_str);
}

static void unsupported_shapes(void) {
    static const abs_type t_big = { 300, 8, NULL, 0, ABS_KEY_BYTES, 0 };
    static const abs_type t_align16 = { 16, 16, NULL, 0, ABS_KEY_BYTES, 0 };
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_u32, &t_big) == ABS_RT_UNSUPPORTED && m.vtable == NULL);
    CHECK(abs_map_new(&m, &t_align16, &t_u32) == ABS_RT_UNSUPPORTED);
}

void test_map_byvalue(void) {
    int64_t before = abs_live_allocations();
    u64_to_f64();
    i32_to_float_pair();
    u32_to_duration();
    f64_to_string();
    string_to_value();
    foreign_inserts();
    unsupported_shapes();
    CHECK(abs_live_allocations() == before);
}
