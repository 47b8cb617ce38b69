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
 * It compiles the plugin kit's runtime in (plugins-c/include/abi_stable_runtime.c, hidden) for its
 * own RString/RHashMap vtables; the records of the types it makes (abs_type_RString, abs_type_u32,
 * abs_type_Value, ...) come from the kit header and the generated one.
 *
 * The interface's types (ConnectorMod, the Connector trait's vtable, the generic instantiations,
 * the layout string) come from connector_interface.h, which plugins-c/build-connectors.mjs
 * regenerates from examples/connector/interface.ts (`abi-stable header`) before every build: a
 * declaration that changes without this file changing fails to compile, or to load. */
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connector_interface.h" /* includes abi_stable_runtime.h */

#ifndef CONNECTOR_NAME
#define CONNECTOR_NAME "example_connector_c"
#endif
#ifndef CONNECTOR_VERSION
#define CONNECTOR_VERSION ConnectorMod_VERSION
#endif
#ifndef CONNECTOR_ABI_HEADER
#define CONNECTOR_ABI_HEADER ABS_ABI_HEADER_VALUE
#endif

/* Pieces of the layout string, for the variants that splice a changed field into it
 * (CONNECTOR_OLDER, and c_layout_drift in build-connectors.mjs). */
#define VALUE_LAYOUT                                                                                \
    "enum Value repr(u8){Null=0,Bool=1{0:bool},I64=2{0:i64},U64=3{0:u64},F64=4{0:f64},"            \
    "String=5{0:RString},Bytes=6{0:RVec<u8>},Array=7{0:RVec<Value>},Object=8{0:RHashMap<RString,Value>}}"
#define CONNECTOR_TRAIT_LAYOUT                                                                      \
    "Trait_TO prefix Connector_VTable prefix_len=0{_sabi_tys:(),_sabi_vtable:prefix RObjectVtable "  \
    "prefix_len=6{_sabi_tys:(),_sabi_type_id:fn()->enum MaybeCmp<UTypeId> repr(u8){Just=0{0:struct " \
    "UTypeId{executable_identity:*const c_void,type_id_array:[u8;16]}},Nothing=1},_sabi_drop:fn(*mut " \
    "c_void)->(),_sabi_clone:fn(*const c_void)->struct RBox<()>{data:*mut c_void,vtable:*const "      \
    "c_void},_sabi_debug:fn(*const c_void,u8,*mut c_void)->RResult<(),()>,_sabi_display:fn(*const "   \
    "c_void,u8,*mut c_void)->RResult<(),()>},id:fn(*const c_void)->RString,describe:fn(*const "        \
    "c_void)->RString,on_event:fn(*mut c_void,RStr)->RResult<u64,RString>,events:fn(*const c_void)->u64}"
#define FROM_CONFIG_LAYOUT                                                                          \
    "from_config:fn(RString,ROption<" VALUE_LAYOUT ">)->RResult<" CONNECTOR_TRAIT_LAYOUT ",RString>"
#define PREFIX_LAYOUT                                                                               \
    "prefix ConnectorMod prefix_len=2{connector_type:fn()->RString," FROM_CONFIG_LAYOUT               \
    ",echo:fn(RString)->RString,sum:fn(RSlice<i64>)->i64"
/* layoutString(ConnectorMod) of examples/connector/interface.ts, and its layoutFingerprint. */
#ifndef CONNECTOR_LAYOUT
#ifdef CONNECTOR_OLDER
#define CONNECTOR_LAYOUT PREFIX_LAYOUT "}"
#define CONNECTOR_FINGERPRINT 0xeed3c2cb61170b8cull
#else
#define CONNECTOR_LAYOUT ConnectorMod_LAYOUT
#define CONNECTOR_FINGERPRINT ConnectorMod_FINGERPRINT
#endif
#endif

#ifndef CONNECTOR_OLDER
ABS_DECLARE_TUPLE2(ConnKeyU32, AbsRString, uint32_t);
ABS_DECLARE_ROPTION(ConnROptKeyU32, ConnKeyU32);
ABS_DECLARE_MAP_VTABLE(ConnMapStrU32, AbsRString, uint32_t, AbsROptionU32, ConnROptKeyU32);
#endif

/* ---- the functions ------------------------------------------------------------------------ */

static AbsRString connector_type(void) { return abs_rstring_new("echo", 4); }

/* ---- the connector: a #[sabi_trait] object (reference 3.1-3.4) ---------------------------
 * trait Connector { fn id(&self) -> RString; fn describe(&self) -> RString;
 *                   fn on_event(&mut self, RStr) -> RResult<u64, RString>; fn events(&self) -> u64; } */

typedef struct echo_connector {
    AbsRString id;
    AbsRString target;
    uint64_t events;
} echo_connector;

/* Its record (the box it lives in drops both strings through their own vtables). */
static const abs_drop_op drop_echo_connector[] = {
    ABS_DROP_OP(ABS_DROP_RVEC, offsetof(echo_connector, id)),
    ABS_DROP_OP(ABS_DROP_RVEC, offsetof(echo_connector, target)),
};
static const abs_type t_echo_connector = ABS_TYPE_WITH_DROP(echo_connector, drop_echo_connector);

/* How many connectors were dropped: each exactly once, through this plugin's own drop. */
static _Atomic uint64_t connector_drop_count;
ABS_EXPORT uint64_t connector_drops(void) { return connector_drop_count; }

static AbsMaybeCmpUTypeId connector_type_id(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING; /* no downcasting */
    return r;
}
static void connector_drop(void *ptr_field) {
    connector_drop_count++;
    abs_rbox_drop((AbsRBox *)ptr_field);
}
ABS_DEFINE_TYPE_LAYOUT(robject_vtable_layout, "RObjectVtable", "example_connector_c;0.1.0", 6);
static const AbsRObjectVtable_WM connector_robject_vtable = {
    ABS_ROBJECT_VTABLE_BITS, &robject_vtable_layout, { connector_type_id, connector_drop, NULL, NULL, NULL } };

static AbsRString connector_id(const void *self) {
    const echo_connector *c = self;
    return abs_rstring_new(c->id.buffer, c->id.length);
}

static AbsRString connector_describe(const void *self) {
    const echo_connector *c = self;
    char text[256];
    int n = snprintf(text, sizeof text, "echo connector '%.*s' to %.*s, %llu events", (int)c->id.length, (const char *)c->id.buffer,
                     (int)c->target.length, (const char *)c->target.buffer, (unsigned long long)c->events);
    return abs_rstring_new(text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static RResult_u64_RString connector_on_event(void *self, AbsRStr event) {
    echo_connector *c = self;
    if (event.length == 0) {
        char text[160];
        int n = snprintf(text, sizeof text, "connector '%.*s': empty event", (int)c->id.length, (const char *)c->id.buffer);
        return ABS_ERR(RResult_u64_RString, abs_rstring_new(text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1));
    }
    return ABS_OK(RResult_u64_RString, ++c->events);
}

static uint64_t connector_events(const void *self) { return ((const echo_connector *)self)->events; }

ABS_DEFINE_TYPE_LAYOUT(connector_vtable_layout, "VTable", "example_connector_c;0.1.0", 0);
static const Connector_VTable_WM connector_vtable = {
    Connector_VTable_ALL_FIELDS, /* _sabi_tys, _sabi_vtable and four methods */
    &connector_vtable_layout,
    { &connector_robject_vtable, connector_id, connector_describe, connector_on_event, connector_events },
};

/* The string at key `key` of `map`, or NULL (a read-only RString header over the key). */
static const AbsValue *config_get(const AbsRHashMap *map, const char *key) {
    AbsRString k = { (void *)key, strlen(key), strlen(key), abs_vec_vtable(&abs_type_u8) };
    return map->vtable->value.get_elem_p(map->map.data, &k);
}

static RResult_Connector_TO_RString config_error(AbsRString *id, ROption_Value *config, const char *why) {
    char text[256];
    int n = snprintf(text, sizeof text, "connector '%.*s': %s", (int)id->length, (const char *)id->buffer, why);
    /* Both arguments were moved in: drop them, each part through its own vtable. */
    abs_rvec_drop(id);
    abs_drop(config, &abs_type_ROption_Value);
    return ABS_ERR(RResult_Connector_TO_RString, abs_rstring_new(text, n < 0 ? 0 : (size_t)n < sizeof text ? (size_t)n : sizeof text - 1));
}

/* Builds an echo connector from `{ target?: string }`; refuses a missing or non-object config. */
static RResult_Connector_TO_RString from_config(AbsRString id, ROption_Value config) {
    if (config.tag == ABS_RNONE) return config_error(&id, &config, "a config is required");
    if (config.some.value.tag != ABS_VALUE_OBJECT) return config_error(&id, &config, "the config must be an object");
    const AbsValue *target = config_get(&config.some.value.object.value, "target");
    if (target && target->tag != ABS_VALUE_STRING) return config_error(&id, &config, "target must be a string");
    echo_connector c = { id, target ? abs_rstring_new(target->string.value.buffer, target->string.value.length) : abs_rstring_new("stdout", 6), 0 };
    abs_drop(&config.some.value, &abs_type_Value); /* the host's map, through its vtable */
    /* Moves `c` into a box of this plugin's runtime, behind the trait's vtable. */
    return ABS_OK(RResult_Connector_TO_RString, abs_robject_new(&connector_vtable, &t_echo_connector, &c));
}

/* Grows through the string's own vtable: a host-made string grows in the host. */
static AbsRString echo(AbsRString s) {
    abs_rvec_reserve(&s, 1);
    ((char *)s.buffer)[s.length++] = '!';
    return s;
}

static int64_t sum(RSlice_i64 values) {
    uint64_t total = 0; /* wraps like Rust's wrapping_add */
    for (size_t i = 0; i < values.length; i++) total += (uint64_t)values.data[i];
    return (int64_t)total;
}

#ifndef CONNECTOR_OLDER
static AbsRHashMap word_count(AbsRStr text) {
    AbsRHashMap m;
    if (abs_map_new(&m, &abs_type_RString, &abs_type_u32) != ABS_RT_OK) {
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
        AbsRString view = { (void *)(text.data + start), i - start, i - start, abs_vec_vtable(&abs_type_u8) };
        uint32_t *count = vt.get_mut_elem_p(m.map.data, &view);
        if (count) ++*count;
        else vt.insert_elem(m.map.data, abs_rstring_new(text.data + start, i - start), 1);
    }
    return m;
}
#endif

/* ---- the root module ---------------------------------------------------------------------- */

ABS_DEFINE_TYPE_LAYOUT(connector_mod_layout, "ConnectorMod", "connector_interface;" CONNECTOR_VERSION, ConnectorMod_PREFIX_FIELD_COUNT);

static const ConnectorMod_WM module = {
#ifdef CONNECTOR_OLDER
    0xFull, /* one bit per field: this older module has four (word_count stays NULL) */
    &connector_mod_layout,
    { .connector_type = connector_type, .from_config = from_config, .echo = echo, .sum = sum },
#else
    ConnectorMod_ALL_FIELDS,
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
    abs_rstring_push_cstr(out, text); /* grows the caller's string through its own vtable */
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
