/* value_codec.c: whole Values crossing as one compact buffer per direction (src/types/value.ts).
 *
 * The buffer is a pre-order walk of the tree: a tag byte (ABS_VALUE_*), then
 *   Bool: one byte; I64, U64, F64: 8 bytes; String, Bytes: a u32 length (for strings read from
 *   native memory, bit 31 set when the bytes are not all ASCII) and the bytes; Array: a u32
 *   count and the elements; Object: a u32 count and per entry a key (u32 length, bytes) and a value.
 * abs_value_build makes a host-made Value of this runtime from such a buffer (the host has checked
 * it); abs_value_dump writes any Value (host- or plugin-made, maps walked through their own
 * iterators) into one, refusing what the host's ordinary read would refuse or check first. */
#include "rt_internal.h"

#define NOT_ASCII 0x80000000u
/* Buffers this large are checked against the process's mappings by the host first (native-bytes.ts). */
#define LARGE ((size_t)1 << 20)
/* Deeper trees are left to the host's ordinary read (this walk recurses on the C stack). */
#define MAX_DEPTH 1000

static const abs_type *t_u8, *t_value, *t_key;

/* The runtime types of u8, Value and RString-as-a-key, from the host (kept forever). */
ABS_RT_API void abs_value_types(const abs_type *u8, const abs_type *value, const abs_type *key) {
    t_u8 = u8;
    t_value = value;
    t_key = key;
}

static uint32_t get32(const unsigned char *p) {
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static const unsigned char *bytes_vec(AbsRVec *out, const unsigned char *p) {
    uint32_t n = get32(p);
    abs_vec_init(out, t_u8, n);
    if (n) memcpy(out->buffer, p + 4, n);
    out->length = n;
    return p + 4 + n;
}

static const unsigned char *build(const unsigned char *p, AbsValue *out) {
    memset(out, 0, sizeof *out);
    out->tag = *p++;
    switch (out->tag) {
    case ABS_VALUE_BOOL: out->boolean.value = *p++ != 0; return p;
    case ABS_VALUE_I64:
    case ABS_VALUE_U64:
    case ABS_VALUE_F64: memcpy(&out->i64.value, p, 8); return p + 8;
    case ABS_VALUE_STRING: return bytes_vec(&out->string.value, p);
    case ABS_VALUE_BYTES: return bytes_vec(&out->bytes.value, p);
    case ABS_VALUE_ARRAY: {
        uint32_t n = get32(p);
        p += 4;
        AbsRVec *v = &out->array.value;
        abs_vec_init(v, t_value, n);
        for (uint32_t i = 0; i < n; i++) p = build(p, (AbsValue *)v->buffer + i);
        v->length = n;
        return p;
    }
    case ABS_VALUE_OBJECT: {
        uint32_t n = get32(p);
        p += 4;
        AbsRHashMap *m = &out->object.value;
        abs_map_new(m, t_key, t_value);
        for (uint32_t i = 0; i < n; i++) {
            AbsRString key;
            AbsValue value;
            _Alignas(16) unsigned char old[48]; /* ROption<Value>: RNone, the host's keys are distinct */
            p = bytes_vec(&key, p);
            p = build(p, &value);
            abs_map_insert(m, t_key, t_value, &key, &value, old);
        }
        return p;
    }
    default: return p; /* Null */
    }
}

/* Builds the Value the buffer describes into `out` (40 bytes; moved to whoever receives it). */
ABS_RT_API void abs_value_build(const unsigned char *buf, AbsValue *out) {
    AbsValue v;
    build(buf, &v);
    memcpy(out, &v, sizeof v);
}

typedef struct {
    unsigned char *out;
    size_t cap, at;
    int refused;
} dump_ctx;

static void put(dump_ctx *c, const void *src, size_t n) {
    if (c->at + n <= c->cap) memcpy(c->out + c->at, src, n);
    c->at += n;
}
static void put8(dump_ctx *c, uint8_t v) { put(c, &v, 1); }
static void put32(dump_ctx *c, uint32_t v) { put(c, &v, 4); }

/* Whether a vector's header passes the checks the host makes before reading its buffer. */
static int sound(const AbsRVec *v, size_t elem) {
    if (v->length > v->capacity) return 0;
    if (v->length == 0) return 1;
    uintptr_t b = (uintptr_t)v->buffer;
    return b >= 4096 && (uint64_t)b < (1ull << 57) && v->length < LARGE / elem;
}

static void put_text(dump_ctx *c, const AbsRVec *s, int text) {
    if (!sound(s, 1)) {
        c->refused = 1;
        return;
    }
    const unsigned char *b = s->buffer;
    unsigned char any = 0;
    if (text)
        for (size_t i = 0; i < s->length; i++) any |= b[i];
    put32(c, (uint32_t)s->length | (any & 0x80 ? NOT_ASCII : 0));
    if (s->length) put(c, b, s->length);
}

static void dump(dump_ctx *c, const AbsValue *v, unsigned depth) {
    if (c->refused) return;
    if (depth > MAX_DEPTH || v->tag > ABS_VALUE_OBJECT) {
        c->refused = 1;
        return;
    }
    put8(c, v->tag);
    switch (v->tag) {
    case ABS_VALUE_BOOL: {
        uint8_t b;
        memcpy(&b, (const unsigned char *)v + 1, 1);
        if (b > 1) c->refused = 1; /* the host's reader names the bad byte */
        put8(c, b);
        return;
    }
    case ABS_VALUE_I64:
    case ABS_VALUE_U64:
    case ABS_VALUE_F64: put(c, &v->i64.value, 8); return;
    case ABS_VALUE_STRING: put_text(c, &v->string.value, 1); return;
    case ABS_VALUE_BYTES: put_text(c, &v->bytes.value, 0); return;
    case ABS_VALUE_ARRAY: {
        const AbsRVec *a = &v->array.value;
        if (!sound(a, sizeof(AbsValue))) {
            c->refused = 1;
            return;
        }
        put32(c, (uint32_t)a->length);
        for (size_t i = 0; i < a->length && !c->refused; i++) dump(c, (const AbsValue *)a->buffer + i, depth + 1);
        return;
    }
    case ABS_VALUE_OBJECT: {
        const AbsRHashMap *m = &v->object.value;
        size_t count_at = c->at;
        uint32_t count = 0;
        put32(c, 0);
        AbsDynTrait it = m->vtable->value.iter(m->map.data);
        const AbsDynTraitVTable_WM *vt = it.vtable;
        /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
        if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
            const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
            while (!c->refused) {
                AbsROptionMapRefItem item = fns.next(it.object.data);
                if (item.tag != ABS_RSOME) break;
                put_text(c, item.some.value._0, 1);
                dump(c, item.some.value._1, depth + 1);
                count++;
            }
        }
        vt->value.drop_ptr(&it);
        if (count_at + 4 <= c->cap) memcpy(c->out + count_at, &count, 4);
        return;
    }
    default: return; /* Null */
    }
}

/* Writes the Value at `v` into `out` (`cap` bytes). Returns the bytes written; minus the bytes
 * needed when `cap` is too small; INT64_MIN when the host must read it its own way (a part its
 * reader refuses or checks against the mappings first, or a tree deeper than MAX_DEPTH). */
ABS_RT_API int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap) {
    dump_ctx c = { out, cap, 0, 0 };
    dump(&c, v, 0);
    if (c.refused) return INT64_MIN;
    return c.at <= cap ? (int64_t)c.at : -(int64_t)c.at;
}
