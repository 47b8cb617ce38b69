/* The floor for bench/: a plain Node-API addon doing the same work as the library against
 * the same std test plugin functions (docs/std-test-plugin.md). It dlopens the plugin,
 * builds RStrings from JS strings (tp_string_new over the UTF-8 bytes), calls, converts the
 * result to a JS value and drops it through the value's own vtable. Built by bench/floor/build.ts
 * (gcc with Node's headers) or `node-gyp rebuild --nodedir=/usr` with binding.gyp. */
#define NAPI_VERSION 8
#include <dlfcn.h>
#include <node_api.h>
#include <stdlib.h>
#include <string.h>
#include "abi_stable.h"

ABS_DECLARE_RSLICE(FloorSliceI64, int64_t);

static int64_t (*p_live)(void);
static AbsRString (*p_string_new)(AbsRStr);
static AbsRString (*p_string_echo)(AbsRString);
static int64_t (*p_sum_i64)(FloorSliceI64);
static AbsRVec (*p_range_u32)(uint32_t);

static char *scratch;
static size_t scratch_cap;

#define CHECK(call) do { if ((call) != napi_ok) { napi_throw_error(env, NULL, #call " failed"); return NULL; } } while (0)

static napi_value get_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
    size_t argc = want;
    CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    return argv[0];
}

static napi_value f_init(napi_env env, napi_callback_info info) {
    napi_value argv[1];
    get_args(env, info, 1, argv);
    char path[4096];
    size_t len;
    CHECK(napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len));
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) { napi_throw_error(env, NULL, dlerror()); return NULL; }
#define SYM(var, name) if (!(*(void **)&var = dlsym(lib, name))) { napi_throw_error(env, NULL, name); return NULL; }
    SYM(p_live, "tp_live_allocations");
    SYM(p_string_new, "tp_string_new");
    SYM(p_string_echo, "tp_string_echo");
    SYM(p_sum_i64, "tp_sum_i64");
    SYM(p_range_u32, "tp_range_u32");
    return NULL;
}

static napi_value f_live(napi_env env, napi_callback_info info) {
    (void)info;
    napi_value out;
    CHECK(napi_create_bigint_int64(env, p_live(), &out));
    return out;
}

/* JS string -> UTF-8 in reusable scratch -> RString made by the plugin. */
static int rstring_of(napi_env env, napi_value v, AbsRString *out) {
    size_t len;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return 0;
    if (len + 1 > scratch_cap) {
        free(scratch);
        scratch_cap = (len + 1) * 2;
        scratch = malloc(scratch_cap);
    }
    if (napi_get_value_string_utf8(env, v, scratch, len + 1, &len) != napi_ok) return 0;
    AbsRStr s = { scratch, len };
    *out = p_string_new(s);
    return 1;
}

static napi_value f_echo(napi_env env, napi_callback_info info) {
    napi_value argv[1], out;
    get_args(env, info, 1, argv);
    AbsRString s;
    if (!rstring_of(env, argv[0], &s)) { napi_throw_type_error(env, NULL, "string expected"); return NULL; }
    AbsRString r = p_string_echo(s);
    napi_status st = napi_create_string_utf8(env, (const char *)r.buffer, r.length, &out);
    abs_rvec_drop(&r);
    if (st != napi_ok) { napi_throw_error(env, NULL, "string"); return NULL; }
    return out;
}

static napi_value f_sum(napi_env env, napi_callback_info info) {
    napi_value argv[1], out;
    get_args(env, info, 1, argv);
    napi_typedarray_type type;
    size_t length;
    void *data;
    CHECK(napi_get_typedarray_info(env, argv[0], &type, &length, &data, NULL, NULL));
    if (type != napi_bigint64_array) { napi_throw_type_error(env, NULL, "BigInt64Array expected"); return NULL; }
    FloorSliceI64 s = { data, length };
    CHECK(napi_create_bigint_int64(env, p_sum_i64(s), &out));
    return out;
}

static napi_value f_range(napi_env env, napi_callback_info info) {
    napi_value argv[1], ab, out;
    get_args(env, info, 1, argv);
    uint32_t n;
    CHECK(napi_get_value_uint32(env, argv[0], &n));
    AbsRVec v = p_range_u32(n);
    void *data;
    napi_status st = napi_create_arraybuffer(env, v.length * 4, &data, &ab);
    if (st == napi_ok) memcpy(data, v.buffer, v.length * 4);
    size_t length = v.length;
    abs_rvec_drop(&v);
    if (st != napi_ok) { napi_throw_error(env, NULL, "arraybuffer"); return NULL; }
    CHECK(napi_create_typedarray(env, napi_uint32_array, length, ab, 0, &out));
    return out;
}

static void drop_vec(napi_env env, void *data, void *hint) {
    (void)env; (void)data;
    AbsRVec *v = hint;
    abs_rvec_drop(v);
    free(v);
}

/* Zero-copy: an external ArrayBuffer over the vector's elements, dropped when JS forgets it. */
static napi_value f_range_view(napi_env env, napi_callback_info info) {
    napi_value argv[1], ab, out;
    get_args(env, info, 1, argv);
    uint32_t n;
    CHECK(napi_get_value_uint32(env, argv[0], &n));
    AbsRVec *v = malloc(sizeof *v);
    *v = p_range_u32(n);
    CHECK(napi_create_external_arraybuffer(env, v->buffer, v->length * 4, drop_vec, v, &ab));
    CHECK(napi_create_typedarray(env, napi_uint32_array, v->length, ab, 0, &out));
    return out;
}

static napi_value init(napi_env env, napi_value exports) {
    napi_property_descriptor props[] = {
        { "init", NULL, f_init, NULL, NULL, NULL, napi_default, NULL },
        { "live", NULL, f_live, NULL, NULL, NULL, napi_default, NULL },
        { "echo", NULL, f_echo, NULL, NULL, NULL, napi_default, NULL },
        { "sum", NULL, f_sum, NULL, NULL, NULL, napi_default, NULL },
        { "range", NULL, f_range, NULL, NULL, NULL, napi_default, NULL },
        { "rangeView", NULL, f_range_view, NULL, NULL, NULL, napi_default, NULL },
    };
    napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
    return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
