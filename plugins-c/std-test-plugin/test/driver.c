/* driver.c: loads the C test plugin next to the host runtime (linked) and passes it host-made
 * values, checking that each value is grown and freed through its own vtable: host parts by the
 * host runtime, plugin parts by the plugin's copy, each returning to zero live allocations. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "abs_runtime.h"

static int failures, checks;
#define CHECK(cond)                                                                             \
    do {                                                                                        \
        checks++;                                                                               \
        if (!(cond)) failures++, fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); \
    } while (0)

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
static const abs_type t_u32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type t_u64 = { 8, 8, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type t_rstring = { sizeof(AbsRString), _Alignof(AbsRString), drop_rvec_at0, 1, ABS_KEY_STR, 0 };
static const abs_type t_vec_u32 = { sizeof(AbsRVec), _Alignof(AbsRVec), drop_rvec_at0, 1, ABS_KEY_BYTES, 0 };
static const abs_type t_value = { sizeof(AbsValue), _Alignof(AbsValue), drop_value, 4, ABS_KEY_BYTES, 0 };

/* ---- the plugin's functions ------------------------------------------------------------- */

static void *plugin;
static void *sym(const char *name) {
    void *p = dlsym(plugin, name);
    if (!p) fprintf(stderr, "missing %s\n", name), failures++;
    return p;
}
#define BIND(ret, name, ...) ret (*name)(__VA_ARGS__) = (ret(*)(__VA_ARGS__))sym(#name)

static AbsRString host_string(const char *s, size_t capacity) {
    AbsRString r;
    abs_vec_init(&r, &t_u8, capacity > strlen(s) ? capacity : strlen(s));
    memcpy(r.buffer, s, strlen(s));
    r.length = strlen(s);
    return r;
}

static int is(const AbsRString *s, const char *expected) {
    return s->length == strlen(expected) && memcmp(s->buffer, expected, s->length) == 0;
}

static AbsRStr rstr(const char *s) { return (AbsRStr){ s, strlen(s) }; }

static void strings_and_vectors(void) {
    BIND(int64_t, tp_live_allocations, void);
    BIND(AbsRString, tp_string_echo, AbsRString);
    BIND(AbsRVec, tp_vec_push_strings, AbsRVec);
    BIND(void, tp_vec_drop_strings, AbsRVec);
    BIND(AbsRVec, tp_range_u32, uint32_t);
    BIND(void, tp_vec_push_on_thread, AbsRVec *, uint32_t);
    BIND(uint64_t, tp_box_take, AbsRBox);
    int64_t host0 = abs_live_allocations(), plugin0 = tp_live_allocations();

    /* A full host string: the plugin must call the HOST's grow_capacity_to. */
    AbsRString s = host_string("hi", 2);
    const void *host_vtable = s.vtable;
    s = tp_string_echo(s);
    CHECK(is(&s, "hi!") && s.capacity > 2 && s.vtable == host_vtable);
    CHECK(tp_live_allocations() == plugin0);
    abs_rvec_drop(&s);

    /* A full host vector of host strings gets one plugin string: mixed vtables. */
    AbsRVec v;
    abs_vec_init(&v, &t_rstring, 2);
    ABS_RVEC_AT(v, AbsRString, 0) = host_string("one", 0);
    ABS_RVEC_AT(v, AbsRString, 1) = host_string("two", 0);
    v.length = 2;
    v = tp_vec_push_strings(v);
    CHECK(v.length == 3 && v.vtable == abs_vec_vtable(&t_rstring));
    CHECK(is(&ABS_RVEC_AT(v, AbsRString, 2), "plugin") && ABS_RVEC_AT(v, AbsRString, 2).vtable != host_vtable);
    CHECK(tp_live_allocations() == plugin0 + 1);
    abs_rvec_drop(&v); /* host vector drop: the plugin string goes back to the plugin */
    CHECK(tp_live_allocations() == plugin0 && abs_live_allocations() == host0);

    abs_vec_init(&v, &t_rstring, 0);
    v = tp_vec_push_strings(v);
    tp_vec_drop_strings(v); /* plugin drops a host vector: through the host vtable */
    CHECK(tp_live_allocations() == plugin0 && abs_live_allocations() == host0);

    /* The host grows a plugin vector through the plugin's vtable. */
    AbsRVec r = tp_range_u32(3);
    r.vtable->value.grow_capacity_to(&r, 100, ABS_EXACT);
    CHECK(r.capacity == 100 && ABS_RVEC_AT(r, uint32_t, 2) == 2);
    abs_rvec_drop(&r);
    CHECK(tp_live_allocations() == plugin0);

    AbsRVec nums;
    abs_vec_init(&nums, &t_u32, 0);
    tp_vec_push_on_thread(&nums, 5000); /* host grow_capacity_to called on a plugin thread */
    CHECK(nums.length == 5000 && ABS_RVEC_AT(nums, uint32_t, 4999) == 4999);
    abs_rvec_drop(&nums);

    AbsRBox b;
    abs_box_init(&b, &t_u64);
    *(uint64_t *)b.data = 42;
    CHECK(tp_box_take(b) == 42);
    CHECK(abs_live_allocations() == host0 && tp_live_allocations() == plugin0);
}

static AbsRHashMap host_map(void) {
    AbsRHashMap m;
    CHECK(abs_map_new(&m, &t_rstring, &t_u32) == ABS_RT_OK);
    const char *keys[] = { "a", "b", "c" };
    for (uint32_t i = 0; i < 3; i++) {
        AbsRString k = host_string(keys[i], 0);
        uint32_t v = i + 1;
        AbsROptionU32 old;
        abs_map_insert(&m, &t_rstring, &t_u32, &k, &v, &old);
    }
    return m;
}

static void maps(void) {
    BIND(int64_t, tp_live_allocations, void);
    BIND(AbsROptionU32, tp_map_get, const AbsRHashMap *, AbsRStr);
    BIND(uint64_t, tp_map_sum, const AbsRHashMap *);
    BIND(AbsROptionU32, tp_map_insert, AbsRHashMap *, AbsRStr, uint32_t);
    BIND(AbsROptionU32, tp_map_remove, AbsRHashMap *, AbsRStr);
    BIND(uint32_t, tp_map_entry_incr, AbsRHashMap *, AbsRStr);
    BIND(void, tp_map_drop_on_thread, AbsRHashMap);
    BIND(AbsRHashMap, tp_word_count, AbsRStr);
    int64_t host0 = abs_live_allocations(), plugin0 = tp_live_allocations();

    AbsRHashMap m = host_map();
    AbsROptionU32 r = tp_map_get(&m, rstr("b"));
    CHECK(r.tag == ABS_RSOME && r.some.value == 2);
    CHECK(tp_map_get(&m, rstr("zz")).tag == ABS_RNONE);
    CHECK(tp_map_sum(&m) == 6);
    CHECK(tp_map_insert(&m, rstr("d"), 4).tag == ABS_RNONE);
    CHECK(tp_live_allocations() == plugin0 + 1); /* the plugin-made key now lives in the host map */
    r = tp_map_insert(&m, rstr("a"), 10);
    CHECK(r.tag == ABS_RSOME && r.some.value == 1);
    CHECK(tp_live_allocations() == plugin0 + 1); /* the duplicate plugin key was dropped by the plugin */
    r = tp_map_remove(&m, rstr("b"));
    CHECK(r.tag == ABS_RSOME && r.some.value == 2 && tp_map_remove(&m, rstr("b")).tag == ABS_RNONE);
    CHECK(tp_map_entry_incr(&m, rstr("a")) == 11);
    CHECK(tp_map_entry_incr(&m, rstr("new")) == 1 && tp_map_entry_incr(&m, rstr("new")) == 2);
    CHECK(abs_map_len(&m) == 4 && tp_map_sum(&m) == 11 + 3 + 4 + 2);
    abs_rhashmap_drop(&m);
    CHECK(abs_live_allocations() == host0 && tp_live_allocations() == plugin0);

    /* A host map of host vectors, dropped on a plugin thread. */
    AbsRHashMap mv;
    CHECK(abs_map_new(&mv, &t_rstring, &t_vec_u32) == ABS_RT_OK);
    for (uint32_t i = 0; i < 10; i++) {
        char key[8];
        snprintf(key, sizeof key, "k%u", i);
        AbsRString k = host_string(key, 0);
        AbsRVec v;
        abs_vec_init(&v, &t_u32, i + 1);
        AbsROptionRString old;
        abs_map_insert(&mv, &t_rstring, &t_vec_u32, &k, &v, &old);
    }
    tp_map_drop_on_thread(mv);
    CHECK(abs_live_allocations() == host0);

    /* A plugin map read by the host through its vtable. */
    AbsRHashMap wc = tp_word_count(rstr("to be or not to be"));
    const void *keys[8], *vals[8];
    size_t n = abs_map_collect(&wc, keys, vals, 8);
    uint32_t be = 0;
    for (size_t i = 0; i < n; i++)
        if (is(keys[i], "be")) be = *(const uint32_t *)vals[i];
    CHECK(n == 4 && abs_map_len(&wc) == 4 && be == 2); /* any order: a Rust plugin's map has none */
    abs_rhashmap_drop(&wc);
    CHECK(tp_live_allocations() == plugin0 && abs_live_allocations() == host0);
}

static void values(void) {
    BIND(int64_t, tp_live_allocations, void);
    BIND(AbsValue, tp_value_sample, void);
    BIND(AbsValue, tp_value_echo, AbsValue);
    BIND(AbsRString, tp_value_to_json, const AbsValue *);
    int64_t host0 = abs_live_allocations(), plugin0 = tp_live_allocations();

    AbsValue sample = tp_value_sample();
    AbsRString json = tp_value_to_json(&sample);
    CHECK(is(&json, "{\"a\":[1,\"two\",[]],\"b\":[0,1,255],\"f\":1.5,\"i\":-5,\"null\":null,\"o\":{\"k\":null},"
                    "\"s\":\"h\xc3\xa9llo\",\"u\":18446744073709551615,\"yes\":true}"));
    abs_rvec_drop(&json);
    abs_drop_in_place(&sample, t_value.drop, t_value.drop_len);
    CHECK(tp_live_allocations() == plugin0);

    /* A host-made object {"x": "y\n", "z": [2.5]} deep-copied by the plugin. */
    AbsValue obj, str, arr, num;
    memset(&obj, 0, sizeof obj), memset(&str, 0, sizeof str), memset(&arr, 0, sizeof arr), memset(&num, 0, sizeof num);
    obj.object.tag = ABS_VALUE_OBJECT;
    CHECK(abs_map_new(&obj.object.value, &t_rstring, &t_value) == ABS_RT_OK);
    str.string.tag = ABS_VALUE_STRING;
    str.string.value = host_string("y\n", 0);
    num.f64.tag = ABS_VALUE_F64;
    num.f64.value = 2.5;
    arr.array.tag = ABS_VALUE_ARRAY;
    abs_vec_init(&arr.array.value, &t_value, 1);
    ABS_RVEC_AT(arr.array.value, AbsValue, 0) = num;
    arr.array.value.length = 1;
    unsigned char old[48];
    AbsRString kx = host_string("x", 0), kz = host_string("z", 0);
    abs_map_insert(&obj.object.value, &t_rstring, &t_value, &kz, &arr, old);
    abs_map_insert(&obj.object.value, &t_rstring, &t_value, &kx, &str, old);
    AbsValue copy = tp_value_echo(obj); /* obj is moved in and dropped by the plugin */
    CHECK(abs_live_allocations() == host0);
    CHECK(copy.tag == ABS_VALUE_OBJECT && copy.object.value.vtable != obj.object.value.vtable);
    json = tp_value_to_json(&copy);
    CHECK(is(&json, "{\"x\":\"y\\u000a\",\"z\":[2.5]}"));
    abs_rvec_drop(&json);
    abs_drop_in_place(&copy, t_value.drop, t_value.drop_len);
    CHECK(tp_live_allocations() == plugin0 && abs_live_allocations() == host0);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: driver <path to libstd_test_plugin_c.so>\n");
        return 2;
    }
    plugin = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!plugin) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    int64_t host0 = abs_live_allocations();
    strings_and_vectors();
    maps();
    values();
    BIND(int64_t, tp_live_allocations, void);
    printf("driver: %d checks, %d failures; live allocations: host %lld, plugin %lld\n", checks, failures,
           (long long)(abs_live_allocations() - host0), (long long)tp_live_allocations());
    /* The plugin stays loaded: values it made may still point into it (reference 4.7). */
    return failures ? 1 : 0;
}
