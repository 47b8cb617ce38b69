/* call_napi.c: the runtime library's Node-API entry point, through which the host makes bound
 * calls (src/types/call-engine.ts). Node loads the same library koffi loaded (process.dlopen
 * finds napi_register_module_v1); `bind(plan, region, texts)` gives a JS function per plan, called
 * as `f(at, lent...)` with the frame's offset and the values the call lends (typed arrays, strings):
 * one crossing from JS to the plugin and back, where koffi's call of the engine plus the JS
 * string conversions around it took four. Built only into the runtime library (not into C
 * plugins nor the C kit). The Node-API functions are the process's own (node exports them):
 * declared weak here, so the library still loads where there is no Node (a C program, a test
 * binary) and only this entry is then unusable. The declarations follow node_api.h (Node-API
 * is a stable C ABI), so building needs no Node headers. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "call_engine.h"

typedef struct napi_env__ *napi_env;
typedef struct napi_value__ *napi_value;
typedef struct napi_callback_info__ *napi_callback_info;
typedef napi_value (*napi_callback)(napi_env env, napi_callback_info info);
typedef int napi_status; /* napi_ok is 0 */
typedef int napi_typedarray_type;
enum { NAPI_OK = 0, NAPI_STRING_EXPECTED = 3 };
enum { NAPI_NULL = 2 }; /* napi_valuetype */

#define WEAK __attribute__((weak))
WEAK napi_status napi_get_cb_info(napi_env, napi_callback_info, size_t *, napi_value *, napi_value *, void **);
WEAK napi_status napi_get_value_uint32(napi_env, napi_value, uint32_t *);
WEAK napi_status napi_get_value_string_utf8(napi_env, napi_value, char *, size_t, size_t *);
WEAK napi_status napi_get_typedarray_info(napi_env, napi_value, napi_typedarray_type *, size_t *, void **, napi_value *, size_t *);
WEAK napi_status napi_get_buffer_info(napi_env, napi_value, void **, size_t *);
WEAK napi_status napi_typeof(napi_env, napi_value, int *);
WEAK napi_status napi_get_value_int64(napi_env, napi_value, int64_t *);
WEAK napi_status napi_create_string_latin1(napi_env, const char *, size_t, napi_value *);
WEAK napi_status napi_create_string_utf8(napi_env, const char *, size_t, napi_value *);
WEAK napi_status napi_create_int64(napi_env, int64_t, napi_value *);
WEAK napi_status napi_get_null(napi_env, napi_value *);
WEAK napi_status napi_create_function(napi_env, const char *, size_t, napi_callback, void *, napi_value *);
WEAK napi_status napi_set_named_property(napi_env, napi_value, const char *, napi_value);
WEAK napi_status napi_throw_type_error(napi_env, const char *, const char *);

/* What one JS function runs: a plan, on its JS thread's frame region; which lent values are strings. */
typedef struct bound_plan {
    unsigned char *region;
    uint32_t plan;
    uint32_t texts; /* bit i: lent value i is a string (else a typed array) */
    int counts;     /* the result is a count (ABS_RET_VEC, ABS_RET_TEXT); else 0 comes back as undefined */
    struct bound_plan *next;
} bound_plan;

/* Every bound plan, so the runtime itself holds what it keeps for the life of the process (a
 * pointer held only by a V8 function's data is invisible to leak checkers). bind runs on the
 * JS thread only. */
static bound_plan *bound_plans;

/* The arguments of one call, for the string writer. */
typedef struct {
    napi_env env;
    const napi_value *lent;
    size_t count;
} call_ctx;

static int write_text(void *c, unsigned i, unsigned char *dst, size_t cap, size_t *len) {
    const call_ctx *ctx = c;
    if (i >= ctx->count) return 0;
    /* The host made room for 3 bytes per UTF-16 unit: the whole string fits (and a NUL). A value
     * that is no string (null) means the host wrote the slot itself. */
    napi_status st = napi_get_value_string_utf8(ctx->env, ctx->lent[i], (char *)dst, cap + 1, len);
    return st == NAPI_OK ? 1 : st == NAPI_STRING_EXPECTED ? 0 : -1;
}

/* Strict UTF-8 (no overlong forms, no surrogates, at most U+10FFFF): what the host's decoder accepts. */
static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        size_t k;
        uint32_t cp, min;
        if ((c & 0xe0) == 0xc0) { k = 1; cp = c & 0x1f; min = 0x80; }
        else if ((c & 0xf0) == 0xe0) { k = 2; cp = c & 0x0f; min = 0x800; }
        else if ((c & 0xf8) == 0xf0) { k = 3; cp = c & 0x07; min = 0x10000; }
        else return 0;
        if (n - i <= k) return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        i += k + 1;
    }
    return 1;
}

/* The JS string of a returned RString, which is then dropped through its own vtable; NULL, the
 * string left alone, when its bytes are not UTF-8 (the host's own read then throws the typed error
 * and drops it) or no JS string could be made of them. */
static napi_value text_of(napi_env env, AbsRVec *v, size_t n) {
    const unsigned char *s = v->buffer;
    unsigned char any = 0;
    for (size_t i = 0; i < n; i++) any |= s[i];
    napi_value out = NULL;
    napi_status st;
    if (!(any & 0x80)) st = napi_create_string_latin1(env, (const char *)s, n, &out);
    else if (valid_utf8(s, n)) st = napi_create_string_utf8(env, (const char *)s, n, &out);
    else return NULL;
    if (st != NAPI_OK) return NULL; /* still the plugin's: the host reads and drops it */
    v->vtable->value.destructor(v);
    return out;
}

/* f(at, lent...): runs the plan this function was made for (its data). Returns the result's
 * count (see abs_call_run), a string for an RString, undefined for a plan whose result is no
 * count (ABS_RET_NONE, ABS_RET_BYTES) when it ran, or null when the call was refused (nothing
 * was done; the host takes the koffi path). */
static napi_value call(napi_env env, napi_callback_info info) {
    napi_value argv[1 + ABS_CALL_LENT];
    size_t argc = 1 + ABS_CALL_LENT;
    void *data;
    napi_value out = NULL;
    if (napi_get_cb_info(env, info, &argc, argv, NULL, &data) != NAPI_OK || argc < 1) goto refused;
    const bound_plan *b = data;
    uint32_t at;
    if (napi_get_value_uint32(env, argv[0], &at) != NAPI_OK) goto refused;
    const void *ptrs[ABS_CALL_LENT] = { 0 };
    size_t lent = argc > 1 + ABS_CALL_LENT ? ABS_CALL_LENT : argc - 1;
    for (size_t i = 0; i < lent; i++) {
        if (b->texts >> i & 1) continue;
        void *p = NULL;
        /* The host lends a typed array of exactly the slice's element type, checked, and says
         * how long it is: only its memory is wanted here. napi_get_buffer_info gives it for any
         * ArrayBufferView without working out which of the eleven types it is (Node's
         * Buffer::HasInstance is IsArrayBufferView); napi_get_typedarray_info is the documented
         * way, taken when it refuses. null: the slot already holds the pointer (an empty array's). */
        if (napi_get_buffer_info(env, argv[1 + i], &p, NULL) != NAPI_OK) {
            size_t length;
            napi_typedarray_type type;
            if (napi_get_typedarray_info(env, argv[1 + i], &type, &length, &p, NULL, NULL) != NAPI_OK) {
                int t;
                if (napi_typeof(env, argv[1 + i], &t) != NAPI_OK || t != NAPI_NULL) goto refused;
                p = NULL;
            }
        }
        ptrs[i] = p;
    }
    call_ctx ctx = { env, argv + 1, lent };
    AbsRVec text = { 0 };
    int64_t r = abs_call_run(b->region, b->plan, at, ptrs, write_text, &ctx, &text);
    if (r == ABS_CALL_REFUSED) goto refused;
    if (r >= 0 && text.vtable != NULL) {
        out = text_of(env, &text, (size_t)r);
        if (out) return out;
        r = ABS_CALL_LEFT; /* the header is still in the frame */
    }
    /* A call with no count to give back returns undefined: no number made. */
    if (r == 0 && !b->counts) return NULL;
    napi_create_int64(env, r, &out);
    return out;
refused:
    napi_get_null(env, &out);
    return out;
}

/* bind(plan, region, texts): the function that runs `plan` on the frame region at address
 * `region` (the calling thread's), lending strings where bit i of `texts` is set. Kept for the
 * life of the process, as plans are (bound functions are never unbound). */
static napi_value bind(napi_env env, napi_callback_info info) {
    napi_value argv[3], out = NULL;
    size_t argc = 3;
    uint32_t plan, texts;
    int64_t region;
    if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != NAPI_OK || argc != 3 || napi_get_value_uint32(env, argv[0], &plan) != NAPI_OK ||
        napi_get_value_int64(env, argv[1], &region) != NAPI_OK || region <= 0 || napi_get_value_uint32(env, argv[2], &texts) != NAPI_OK ||
        !abs_call_plan_valid(plan)) {
        napi_throw_type_error(env, NULL, "abi-stable call engine: bind(plan, region, texts) takes a plan index from abs_call_plan_new, the frame region's address and a mask");
        return NULL;
    }
    bound_plan *b = malloc(sizeof *b);
    if (!b) {
        napi_throw_type_error(env, NULL, "abi-stable call engine: out of memory");
        return NULL;
    }
    b->region = (unsigned char *)(uintptr_t)region;
    b->plan = plan;
    b->texts = texts;
    uint32_t kind = abs_call_plan_ret_kind(plan);
    b->counts = kind == ABS_RET_VEC || kind == ABS_RET_TEXT;
    b->next = bound_plans;
    bound_plans = b;
    if (napi_create_function(env, "call", 4, call, b, &out) != NAPI_OK) return NULL;
    return out;
}

ABS_EXPORT napi_value napi_register_module_v1(napi_env env, napi_value exports) {
    napi_value f;
    if (napi_create_function(env, "bind", 4, bind, NULL, &f) == NAPI_OK) napi_set_named_property(env, exports, "bind", f);
    return exports;
}
