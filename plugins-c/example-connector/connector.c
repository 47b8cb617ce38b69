/* connector.c: the example connector plugin in C, the same root module as the Rust one
 * (plugins-rust/example-connector) and as the host's declaration (examples/connector/interface.ts):
 * connector_type, from_config (last prefix field), echo, sum, word_count.
 *
 * The loading-error fixtures (plugins-c/loading-errors/) are this file built with switches:
 *   CONNECTOR_NAME       base name and name (default "example_connector_c")
 *   CONNECTOR_VERSION    interface version (default "0.1.0")
 *   CONNECTOR_ABI_HEADER another AbiHeader initializer (wrong magic, other ABI)
 *   CONNECTOR_OLDER      build the older module without word_count (a suffix field)
 *   CONNECTOR_LAYOUT / CONNECTOR_FINGERPRINT   another embedded layout string / fingerprint
 *   CONNECTOR_NO_LAYOUT  export no layout descriptor
 *   CONNECTOR_CONSTRUCTOR_ERROR  the constructor returns an error
 * It compiles the native runtime in (hidden) for its own RString/RHashMap vtables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abs_runtime.h"

#ifndef CONNECTOR_NAME
#define CONNECTOR_NAME "example_connector_c"
#endif
#ifndef CONNECTOR_VERSION
#define CONNECTOR_VERSION "0.1.0"
#endif
#ifndef CONNECTOR_ABI_HEADER
#define CONNECTOR_ABI_HEADER ABS_ABI_HEADER_VALUE
#endif

#define VALUE_LAYOUT                                                                                \
    "enum Value repr(u8){Null=0,Bool=1{0:bool},I64=2{0:i64},U64=3{0:u64},F64=4{0:f64},"            \
    "String=5{0:RString},Bytes=6{0:RVec<u8>},Array=7{0:RVec<Value>},Object=8{0:RHashMap<RString,Value>}}"
#define PREFIX_LAYOUT                                                                               \
    "prefix ConnectorMod prefix_len=2{connector_type:fn()->RString,from_config:fn(RString,ROption<" \
    VALUE_LAYOUT ">)->RResult<RString,RString>,echo:fn(RString)->RString,sum:fn(RSlice<i64>)->i64"
/* layoutString(ConnectorMod) of examples/connector/interface.ts, and its layoutFingerprint. */
#ifndef CONNECTOR_LAYOUT
#ifdef CONNECTOR_OLDER
#define CONNECTOR_LAYOUT PREFIX_LAYOUT "}"
#define CONNECTOR_FINGERPRINT 0xb2c2cf1493abb4faull
#else
#define CONNECTOR_LAYOUT PREFIX_LAYOUT ",word_count:fn(RStr)->RHashMap<RString,u32>}"
#define CONNECTOR_FINGERPRINT 0xed640f287efed97eull
#endif
#endif

/* ---- the plugin's types, for its runtime copy ------------------------------------------- */

static const abs_drop_op drop_rvec_at8[] = { { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_map_at8[] = { { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 } };
static const abs_drop_op drop_value[] = {
    { ABS_DROP_ENUM, 1, ABS_VALUE_STRING, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_BYTES, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_ARRAY, 0, 0, 0, drop_rvec_at8, 1 },
    { ABS_DROP_ENUM, 1, ABS_VALUE_OBJECT, 0, 0, 0, drop_map_at8, 1 },
};
static const abs_type t_u8 = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
#ifndef CONNECTOR_OLDER
static const abs_drop_op drop_rvec_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_type t_u32 = { 4, 4, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type t_rstring = { sizeof(AbsRString), _Alignof(AbsRString), drop_rvec_at0, 1, ABS_KEY_STR, 0 };
#endif

ABS_DECLARE_RSLICE(ConnRSliceI64, int64_t);
ABS_DECLARE_ROPTION(ConnROptionValue, AbsValue);
ABS_DECLARE_RRESULT(ConnRResultString, AbsRString, AbsRString);
#ifndef CONNECTOR_OLDER
ABS_DECLARE_TUPLE2(ConnKeyU32, AbsRString, uint32_t);
ABS_DECLARE_ROPTION(ConnROptKeyU32, ConnKeyU32);
ABS_DECLARE_MAP_VTABLE(ConnMapStrU32, AbsRString, uint32_t, AbsROptionU32, ConnROptKeyU32);
#endif

static AbsRString rstring_from(const char *p, size_t n) {
    AbsRString s;
    abs_vec_init(&s, &t_u8, n);
    if (n) memcpy(s.buffer, p, n);
    s.length = n;
    return s;
}

/* ---- the functions ------------------------------------------------------------------------ */

static AbsRString connector_type(void) { return rstring_from("echo", 4); }

static ConnRResultString from_config(AbsRString id, ConnROptionValue config) {
    char text[256];
    int n;
    int ok = 0;
    if (config.tag == ABS_RNONE) {
        n = snprintf(text, sizeof text, "connector '%.*s': a config is required", (int)id.length, (const char *)id.buffer);
    } else if (config.some.value.tag != ABS_VALUE_OBJECT) {
        n = snprintf(text, sizeof text, "connector '%.*s': the config must be an object", (int)id.length, (const char *)id.buffer);
    } else {
        const AbsRHashMap *m = &config.some.value.object.value;
        size_t keys = m->vtable->value.len(m->map.data);
        n = snprintf(text, sizeof text, "echo connector '%.*s' with %zu config keys", (int)id.length, (const char *)id.buffer, keys);
        ok = 1;
    }
    /* Both arguments were moved in: drop them, each part through its own vtable. */
    abs_rvec_drop(&id);
    if (config.tag == ABS_RSOME) abs_drop_in_place(&config.some.value, drop_value, 4);
    AbsRString s = rstring_from(text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
    return ok ? ABS_OK(ConnRResultString, s) : ABS_ERR(ConnRResultString, s);
}

/* Grows through the string's own vtable: a host-made string grows in the host. */
static AbsRString echo(AbsRString s) {
    abs_rvec_reserve(&s, 1);
    ((char *)s.buffer)[s.length++] = '!';
    return s;
}

static int64_t sum(ConnRSliceI64 values) {
    uint64_t total = 0; /* wraps like Rust's wrapping_add */
    for (size_t i = 0; i < values.length; i++) total += (uint64_t)values.data[i];
    return (int64_t)total;
}

#ifndef CONNECTOR_OLDER
static AbsRHashMap word_count(AbsRStr text) {
    AbsRHashMap m;
    if (abs_map_new(&m, &t_rstring, &t_u32) != ABS_RT_OK) {
        fprintf(stderr, "example_connector_c: this target cannot make maps\n");
        abort();
    }
    const ConnMapStrU32 vt = ABS_MAP_VTABLE_AS(m, ConnMapStrU32);
    size_t i = 0;
    while (i < text.length) {
        while (i < text.length && (text.data[i] == ' ' || text.data[i] == '\n' || text.data[i] == '\t')) i++;
        size_t start = i;
        while (i < text.length && text.data[i] != ' ' && text.data[i] != '\n' && text.data[i] != '\t') i++;
        if (i == start) continue;
        /* A read-only header over the word for the lookup: never grown or dropped. */
        AbsRString view = { (void *)(text.data + start), i - start, i - start, abs_vec_vtable(&t_u8) };
        uint32_t *count = vt.get_mut_elem_p(m.map.data, &view);
        if (count) ++*count;
        else vt.insert_elem(m.map.data, rstring_from(text.data + start, i - start), 1);
    }
    return m;
}
#endif

/* ---- the root module ---------------------------------------------------------------------- */

typedef struct ConnectorMod {
    AbsRString (*connector_type)(void);
    ConnRResultString (*from_config)(AbsRString id, ConnROptionValue config); /* last_prefix_field */
    AbsRString (*echo)(AbsRString s);
    int64_t (*sum)(ConnRSliceI64 values);
#ifndef CONNECTOR_OLDER
    AbsRHashMap (*word_count)(AbsRStr text);
#endif
} ConnectorMod;
typedef struct ConnectorMod_WM ConnectorMod_WM;
ABS_DECLARE_WITH_METADATA(ConnectorMod_WM, ConnectorMod);

ABS_DEFINE_TYPE_LAYOUT(connector_mod_layout, "ConnectorMod", "connector_interface;" CONNECTOR_VERSION, 2);

static const ConnectorMod_WM module = {
#ifdef CONNECTOR_OLDER
    0xFull, /* one bit per field: this older module has four */
    &connector_mod_layout,
    { connector_type, from_config, echo, sum },
#else
    0x1Full,
    &connector_mod_layout,
    { connector_type, from_config, echo, sum, word_count },
#endif
};

/* How many times the constructor ran: a host must call it at most once per library. */
static int constructions;
ABS_EXPORT int connector_constructions(void) { return constructions; }

#ifdef CONNECTOR_CONSTRUCTOR_ERROR
/* An RBoxError made in C: a boxed message with a box vtable and an RErrorVTable whose
 * as_debug_display answers RNone, so the host reads the text through `display`. */
static int error_drops;
ABS_EXPORT int connector_error_drops(void) { return error_drops; }

typedef struct ErrorBox { const char *text; } ErrorBox;
static const int identity;
static AbsUTypeId error_type_id(void) {
    AbsUTypeId id = { &identity, { 0 } };
    return id;
}
static void error_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    (void)call_drop;
    if (dealloc == ABS_DEALLOCATE_YES) {
        free(data);
        error_drops++;
    }
}
static AbsRResultUnit error_display(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const char *text = ((const ErrorBox *)err)->text;
    size_t n = strlen(text);
    abs_rvec_reserve(out, n);
    memcpy((char *)out->buffer + out->length, text, n);
    out->length += n;
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
static AbsROptionDebugDisplayRef error_as_debug_display(const void *err) {
    (void)err;
    return ABS_NONE(AbsROptionDebugDisplayRef);
}
ABS_DEFINE_TYPE_LAYOUT(error_box_vtable_layout, "BoxVtable", "abi_stable;0.11.3", 3);
ABS_DEFINE_TYPE_LAYOUT(error_vtable_layout, "RErrorVTable", "abi_stable;0.11.3", 4);
static const AbsBoxVtable_WM error_box_vtable = { ABS_BOX_VTABLE_BITS, &error_box_vtable_layout, { error_type_id, error_box_destructor } };
static const AbsRErrorVTable_WM error_vtable = {
    0xFull, &error_vtable_layout, { error_display, error_display, error_as_debug_display, error_type_id } };

static AbsRootModuleResult constructor(void) {
    constructions++;
    (void)module; /* built but never handed out: the constructor fails */
    ErrorBox *e = malloc(sizeof *e);
    if (!e) abort();
    e->text = "the connector needs ECHO_BACKEND_URL to be set";
    AbsRBoxError error = { { e, &error_box_vtable }, &error_vtable };
    return abs_root_module_err(error);
}
#else
static AbsRootModuleResult constructor(void) {
    constructions++;
    return abs_root_module_ok(&module);
}
#endif

ABS_EXPORT_ROOT_MODULE_WITH_ABI(CONNECTOR_ABI_HEADER, CONNECTOR_NAME, CONNECTOR_NAME, CONNECTOR_VERSION, constructor);
#ifndef CONNECTOR_NO_LAYOUT
ABS_EXPORT_ROOT_LAYOUT(CONNECTOR_LAYOUT, CONNECTOR_FINGERPRINT);
#endif
