/* connector.c: the connector shape of a Tremor-style plugin:
 * from_config(id: RString, config: ROption<Value>) -> RResult<Connector, RString>, where
 * Connector { id(&self) -> RString, describe(&self) -> RString,
 *             on_event(&mut self, RStr) -> RResult<u64, RString>, events(&self) -> u64 }. */
#include <stdio.h>

#include "trait_plugin.h"

typedef struct connector {
    AbsRString id;
    uint64_t config_keys;
    uint64_t events;
} connector;

static const abs_drop_op drop_connector_ops[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_type connector_type = { sizeof(connector), _Alignof(connector), drop_connector_ops, 1, ABS_KEY_BYTES, 0 };

static _Atomic uint64_t connector_drops;
TR_DEFINE_ROBJECT_VTABLE(connector_robject_vtable, connector_drops);

static AbsRString connector_id(const void *self) {
    const connector *c = self;
    return tr_string_from(c->id.buffer, c->id.length);
}

static AbsRString connector_describe(const void *self) {
    const connector *c = self;
    char text[128];
    int n = snprintf(text, sizeof text, "%.*s: %llu config keys, %llu events", (int)c->id.length, (const char *)c->id.buffer,
                     (unsigned long long)c->config_keys, (unsigned long long)c->events);
    return tr_string_from(text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
}

static TrResultU64 connector_on_event(void *self, AbsRStr event) {
    connector *c = self;
    TrResultU64 r;
    memset(&r, 0, sizeof r);
    if (event.length == 0) {
        r.err.tag = ABS_RERR;
        r.err.value = tr_string("empty event");
        return r;
    }
    r.ok.tag = ABS_ROK;
    r.ok.value = ++c->events;
    return r;
}

static uint64_t connector_events(const void *self) { return ((const connector *)self)->events; }

static const TrVTable_WM connector_vtable = {
    TR_VTABLE_BITS(4),
    &tr_trait_vtable_layout,
    &connector_robject_vtable,
    { (AbsFn)connector_id, (AbsFn)connector_describe, (AbsFn)connector_on_event, (AbsFn)connector_events },
};

static TrResultObject config_error(AbsRString *id, const char *why) {
    char text[160];
    int n = snprintf(text, sizeof text, "connector '%.*s': %s", (int)id->length, (const char *)id->buffer, why);
    TrResultObject r;
    memset(&r, 0, sizeof r);
    r.err.tag = ABS_RERR;
    r.err.value = tr_string_from(text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1);
    abs_rvec_drop(id);
    return r;
}

ABS_EXPORT TrResultObject tr_from_config(AbsRString id, TrOptionValue config) {
    if (config.tag == ABS_RNONE) return config_error(&id, "no config given");
    AbsValue value = config.some.value;
    if (value.tag != ABS_VALUE_OBJECT) {
        abs_drop_in_place(&value, tr_t_value.drop, tr_t_value.drop_len);
        return config_error(&id, "config must be an object");
    }
    uint64_t keys = abs_map_len(&value.object.value);
    abs_drop_in_place(&value, tr_t_value.drop, tr_t_value.drop_len); /* the host's map, through its vtable */
    TrResultObject r;
    memset(&r, 0, sizeof r);
    r.ok.tag = ABS_ROK;
    r.ok.value = tr_object_new(&connector_vtable, &connector_type);
    connector c = { id, keys, 0 };
    memcpy(r.ok.value.ptr.data, &c, sizeof c);
    return r;
}

ABS_EXPORT uint64_t tr_connector_drops(void) { return atomic_load(&connector_drops); }
