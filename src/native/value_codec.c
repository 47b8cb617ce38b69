/* value_codec.c: a host-made Value built in one call from the streams the host writes
 * (src/types/value-codec.ts); value_dump.c is the other direction.
 *
 * The tree is walked in pre-order and each node's parts go to the stream of their kind, so
 * both sides read and write them as typed-array elements:
 *   tags (u8): one per node (ABS_VALUE_*), a Bool's 0/1 after its tag;
 *   words (u32): I64/U64: low, high; String: its count of UTF-16 units; Bytes: its length;
 *   Array: its count; Object: its count, then per entry a key word before the value's parts;
 *   floats (f64): F64; bytes: Bytes' contents;
 *   text (UTF-16): every string and new key in walk order, written from JS in one go and made
 *   UTF-8 here while copying.
 * A key word with VALUE_NEW_KEY defines the next key (low bits: its UTF-16 units in the text);
 * without it, it is the index of a key defined before, so a repeated key crosses once per call.
 * A lone surrogate (no UTF-8 for it) refuses the call: what was built is dropped and the host's
 * per-node codec gives the typed error. Maps are filled through their storage directly (the
 * keys of a JS object are distinct; each key is hashed once per call); short strings' bytes
 * share blocks (value_arena.c). */
#include "value_arena.h"

rt_value_types rt_value;

/* The runtime types of u8, Value and RString-as-a-key, from the host (kept forever). */
ABS_RT_API void abs_value_types(const abs_type *u8, const abs_type *value, const abs_type *key) {
    rt_value.u8 = u8;
    rt_value.value = value;
    rt_value.key = key;
    rt_value.bytes_vtable = abs_vec_vtable(u8);
    rt_value.values_vtable = abs_vec_vtable(value);
    rt_value.map = rt_map_types_get(key, value);
}

typedef struct {
    const unsigned char *bytes; /* the first copy's buffer: alive until the build ends */
    size_t len;
    uint64_t hash;
} vb_key;

typedef struct {
    const uint8_t *tags;     /* stream cursors */
    const uint32_t *words;
    const double *floats;
    const uint8_t *bytes;
    const uint16_t *text;
    vb_key *keys;
    size_t nkeys, keys_cap;
    vb_key *heap_keys;       /* keys once more than the stack's hold */
    rt_arena arena;          /* the strings' and keys' bytes */
    int bad;                 /* a lone surrogate was met */
} vb_ctx;

/* A vector of `n` elements of `size` bytes with this runtime's vtable `vt` (abs_vec_init without
 * its vtable look-up). */
static void vb_vec(AbsRVec *out, const void *vt, size_t n, size_t size, size_t align) {
    out->vtable = vt;
    out->length = n;
    out->capacity = n;
    if (n == 0) {
        out->buffer = rt_dangling(align);
        return;
    }
    if (n > (size_t)PTRDIFF_MAX / size) rt_fatal("RVec capacity overflow");
    out->buffer = abs_alloc(n * size, align);
}

/* UTF-8 bytes of `n` UTF-16 units; SIZE_MAX when a surrogate is unpaired. */
static size_t vb_utf8_size(const uint16_t *s, size_t n) {
    uint16_t any = 0;
    for (size_t i = 0; i < n; i++) any |= s[i];
    if (any < 0x80) return n;
    size_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        uint16_t c = s[i];
        if (c < 0x80) bytes += 1;
        else if (c < 0x800) bytes += 2;
        else if (c < 0xD800 || c > 0xDFFF) bytes += 3;
        else if (c <= 0xDBFF && i + 1 < n && s[i + 1] >= 0xDC00 && s[i + 1] <= 0xDFFF) {
            bytes += 4;
            i++;
        } else return SIZE_MAX;
    }
    return bytes;
}

/* Writes `n` well-formed UTF-16 units as UTF-8 (`ascii`: all below 0x80). */
static void vb_utf8_write(unsigned char *o, const uint16_t *s, size_t n, int ascii) {
    if (ascii) {
        for (size_t i = 0; i < n; i++) o[i] = (unsigned char)s[i];
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t c = s[i];
        if (c < 0x80) *o++ = (unsigned char)c;
        else if (c < 0x800) {
            *o++ = (unsigned char)(0xC0 | c >> 6);
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else if (c < 0xD800 || c > 0xDFFF) {
            *o++ = (unsigned char)(0xE0 | c >> 12);
            *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        } else {
            c = 0x10000 + ((c - 0xD800) << 10) + (s[++i] - 0xDC00u);
            *o++ = (unsigned char)(0xF0 | c >> 18);
            *o++ = (unsigned char)(0x80 | (c >> 12 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c >> 6 & 0x3F));
            *o++ = (unsigned char)(0x80 | (c & 0x3F));
        }
    }
}

/* The next `units` of the text stream as an RString (empty, and the build refused, when they
 * hold a lone surrogate). */
static void vb_text(vb_ctx *c, AbsRVec *out, uint32_t units) {
    const uint16_t *s = c->text;
    c->text += units;
    size_t n = vb_utf8_size(s, units);
    if (n == SIZE_MAX) {
        c->bad = 1;
        n = 0;
    }
    rt_arena_bytes(&c->arena, out, n);
    if (n) vb_utf8_write(out->buffer, s, units, n == units);
}

static void vb_define_key(vb_ctx *c, const AbsRVec *key, uint64_t hash) {
    if (c->nkeys == c->keys_cap) {
        size_t cap = c->keys_cap * 2;
        vb_key *k = malloc(cap * sizeof *k);
        if (!k) rt_fatal("out of memory");
        memcpy(k, c->keys, c->nkeys * sizeof *k);
        free(c->heap_keys);
        c->keys = c->heap_keys = k;
        c->keys_cap = cap;
    }
    c->keys[c->nkeys++] = (vb_key){ key->buffer, key->length, hash };
}

static void vb_value(vb_ctx *c, AbsValue *out);

static void vb_object(vb_ctx *c, AbsRHashMap *out, uint32_t n) {
    const rt_map_types *t = rt_value.map;
    rt_map *m = rt_map_create_sized(t, n);
    out->map.data = m;
    out->map.vtable = &rt_map_box_vtable;
    out->vtable = t->vtable;
    /* Each entry is written in place (the map has room for n), then committed with its hash. */
    for (uint32_t i = 0; i < n; i++) {
        uint32_t word = *c->words++;
        AbsRVec *key = rt_map_key(m, i);
        uint64_t hash;
        if (word & VALUE_NEW_KEY) {
            vb_text(c, key, word & ~VALUE_NEW_KEY);
            hash = rt_map_hash_key(t, key);
            vb_define_key(c, key, hash);
        } else {
            const vb_key *k = &c->keys[word];
            rt_arena_bytes(&c->arena, key, k->len);
            if (k->len) memcpy(key->buffer, k->bytes, k->len);
            hash = k->hash;
        }
        vb_value(c, rt_map_value(m, i));
        rt_map_commit(m, hash);
    }
}

static void vb_value(vb_ctx *c, AbsValue *out) {
    memset(out, 0, sizeof *out);
    out->tag = *c->tags++;
    switch (out->tag) {
    case ABS_VALUE_BOOL: out->boolean.value = *c->tags++ != 0; return;
    case ABS_VALUE_I64:
    case ABS_VALUE_U64: {
        uint64_t v = (uint64_t)c->words[0] | (uint64_t)c->words[1] << 32;
        c->words += 2;
        memcpy(&out->i64.value, &v, 8);
        return;
    }
    case ABS_VALUE_F64: memcpy(&out->f64.value, c->floats++, 8); return;
    case ABS_VALUE_STRING: vb_text(c, &out->string.value, *c->words++); return;
    case ABS_VALUE_BYTES: {
        uint32_t n = *c->words++;
        vb_vec(&out->bytes.value, rt_value.bytes_vtable, n, 1, 1);
        if (n) memcpy(out->bytes.value.buffer, c->bytes, n);
        c->bytes += n;
        return;
    }
    case ABS_VALUE_ARRAY: {
        uint32_t n = *c->words++;
        AbsRVec *v = &out->array.value;
        vb_vec(v, rt_value.values_vtable, n, sizeof(AbsValue), _Alignof(AbsValue));
        for (uint32_t i = 0; i < n; i++) vb_value(c, (AbsValue *)v->buffer + i);
        return;
    }
    case ABS_VALUE_OBJECT: vb_object(c, &out->object.value, *c->words++); return;
    default: return; /* Null */
    }
}

/* Builds the Value the streams describe into `out` (40 bytes; moved to whoever receives it).
 * Returns 0; -1 when a string holds a lone surrogate (nothing built). */
ABS_RT_API int abs_value_build(const uint8_t *tags, const uint32_t *words, const double *floats, const uint8_t *bytes,
                               const uint16_t *text, AbsValue *out) {
    vb_key stack_keys[64];
    vb_ctx c = { tags, words, floats, bytes, text, stack_keys, 0, 64, NULL, { NULL, 0, 0 }, 0 };
    AbsValue v;
    vb_value(&c, &v);
    rt_arena_finish(&c.arena);
    free(c.heap_keys);
    if (c.bad) {
        rt_drop_value(rt_value.value, &v);
        return -1;
    }
    memcpy(out, &v, sizeof v);
    return 0;
}
