/* value_drop.c: a Value dropped by its tag rather than by the generic drop glue (drop.c), after
 * the host has dumped it (abs_value_dump_take): the glue interprets an op list per node, which for
 * a large tree costs about as much as freeing it. Every owned part is still released through the
 * vtable it carries; only vectors and maps made by this runtime for Values are walked here. */
#include "value_arena.h"

static void vx_drop(rt_arena_drops *d, AbsValue *v);

/* A string or byte vector: one in blocks through the batch, any other through its vtable. */
static void vx_drop_bytes(rt_arena_drops *d, AbsRVec *s) {
    if ((const void *)s->vtable == (const void *)&rt_arena_vtable) rt_arena_drop(d, s);
    else s->vtable->value.destructor(s);
}

static void vx_drop_array(rt_arena_drops *d, AbsRVec *a) {
    if ((const void *)a->vtable != rt_value.values_vtable) {
        a->vtable->value.destructor(a);
        return;
    }
    for (size_t i = 0; i < a->length; i++) vx_drop(d, (AbsValue *)a->buffer + i);
    if (a->capacity) abs_dealloc(a->buffer, a->capacity * sizeof(AbsValue), _Alignof(AbsValue));
}

static void vx_drop_object(rt_arena_drops *d, AbsRHashMap *m) {
    rt_map *host = m->map.data;
    if ((const void *)m->map.vtable == (const void *)&rt_map_box_vtable && host->t == rt_value.map) {
        /* Drop the entries here, then let the map free its storage with no entries left. */
        for (size_t pos = 0; pos < host->len; pos++) {
            vx_drop_bytes(d, rt_map_key(host, pos));
            vx_drop(d, rt_map_value(host, pos));
        }
        host->len = 0;
    }
    m->map.vtable->value.destructor(m->map.data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

static void vx_drop(rt_arena_drops *d, AbsValue *v) {
    switch (v->tag) {
    case ABS_VALUE_STRING:
    case ABS_VALUE_BYTES: vx_drop_bytes(d, &v->string.value); return;
    case ABS_VALUE_ARRAY: vx_drop_array(d, &v->array.value); return;
    case ABS_VALUE_OBJECT: vx_drop_object(d, &v->object.value); return;
    default: return;
    }
}

/* abs_value_dump, then, when the Value was written, drops it and leaves Null (zeroes) in its place:
 * for a Value the host owns and reads once (a call's result). */
ABS_RT_API int64_t abs_value_dump_take(AbsValue *v, unsigned char *out, size_t cap) {
    int64_t used = abs_value_dump(v, out, cap);
    if (used >= 0) {
        rt_arena_drops d = { NULL, 0 };
        vx_drop(&d, v);
        rt_arena_drops_end(&d);
        memset(v, 0, sizeof *v);
    }
    return used;
}
