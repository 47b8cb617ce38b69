/* value_dump.c: any Value (host- or plugin-made) written in one call into one buffer the host
 * decodes in one pass (src/types/value-decode.ts); value_codec.c is the other direction.
 *
 * The tree is walked in pre-order and each node's parts go to the stream of their kind, so the
 * host reads them as typed-array elements:
 *   tags (u8): one per node (ABS_VALUE_*), a Bool's byte after its tag;
 *   words (u32): I64/U64: low, high; String: its length (bit 31: not all ASCII); Bytes: its
 *   length; Array: its count; Object: its count, then per entry a key word before the value's;
 *   floats (f64): F64; bytes: the bytes of strings, new keys and Bytes.
 * A key word with VALUE_NEW_KEY defines the next key (bit 30: not all ASCII; low bits: its
 * length, its bytes in the bytes stream); without it, it is the index of a key defined before,
 * so the host makes each distinct key string once per Value.
 * The streams are gathered in this thread's scratch, then packed as one record, 8-aligned:
 *   [u32 tags, words, floats, bytes counts][floats][words][tags][bytes], padded to 8,
 * so records can follow one another (a channel's batch, async_channel.c).
 * Maps made by this runtime are read through their storage; any other through its own iterator.
 * What the host's ordinary read would refuse or check first refuses the whole dump.
 * Each thread's scratch is freed when the thread ends (a pthread key's destructor). */
#include "value_codec.h"

#include <pthread.h>

/* Buffers this large are checked against the process's mappings by the host first (native-bytes.ts). */
#define LARGE ((size_t)1 << 20)
/* Deeper trees are left to the host's ordinary read (this walk recurses on the C stack). */
#define MAX_DEPTH 1000

typedef struct {
    const unsigned char *bytes;
    size_t len;
    uint64_t hash;
    uint32_t index;
} vd_key;

/* One scratch stream: `n` elements of `size` bytes in `cap`; kept by the thread between dumps. */
typedef struct {
    unsigned char *at;
    size_t cap, n;
} vd_stream;

/* Scratch beyond this is given back after the dump that needed it. */
#define KEEP_SCRATCH ((size_t)32 << 20)

static _Thread_local vd_stream vd_scratch[4]; /* tags, words, floats, bytes */

/* Scratch streams held by all threads (abs_value_dump_scratch_held: a thread that ended must
 * have given its streams back). */
static _Atomic int64_t vd_streams_held;

/* Its destructor frees a thread's scratch when the thread ends; its value is the thread's vd_scratch. */
static pthread_key_t vd_scratch_key;
static pthread_once_t vd_scratch_key_once = PTHREAD_ONCE_INIT;
static int vd_scratch_key_made;

int rt_pin_self(void); /* pin.c */

static void vd_free_stream(vd_stream *s) {
    if (!s->at) return;
    free(s->at);
    *s = (vd_stream){ NULL, 0, 0 };
    atomic_fetch_sub_explicit(&vd_streams_held, 1, memory_order_relaxed);
}

static void vd_thread_ends(void *scratch) {
    for (int i = 0; i < 4; i++) vd_free_stream((vd_stream *)scratch + i);
}

static void vd_make_scratch_key(void) {
    /* Threads run the destructor when they end, however late: this code must stay mapped. */
    rt_pin_self();
    vd_scratch_key_made = pthread_key_create(&vd_scratch_key, vd_thread_ends) == 0;
}

/* The slow path of vd_room: grows the stream (out of line, so the fast path inlines). */
static __attribute__((noinline)) void vd_grow(vd_stream *s, size_t size, size_t more) {
    {
        size_t cap = rt_max(rt_max(s->cap * 2, s->n + more), 256);
        unsigned char *p = realloc(s->at, cap * size);
        if (!p) rt_fatal("out of memory");
        if (!s->at) {
            atomic_fetch_add_explicit(&vd_streams_held, 1, memory_order_relaxed);
            pthread_once(&vd_scratch_key_once, vd_make_scratch_key);
            if (vd_scratch_key_made) pthread_setspecific(vd_scratch_key, vd_scratch);
        }
        s->at = p;
        s->cap = cap;
    }
}

static inline unsigned char *vd_room(vd_stream *s, size_t size, size_t more) {
    if (__builtin_expect(s->n + more > s->cap, 0)) vd_grow(s, size, more);
    unsigned char *at = s->at + s->n * size;
    s->n += more;
    return at;
}

typedef struct {
    const AbsRVec *key;
    const AbsValue *value;
    uint64_t hash;
    uint32_t id; /* the key's index; NO_ID before it is defined */
} vd_entry;

typedef struct {
    uint64_t hash;
    size_t ids_at; /* its key indices: ids[ids_at .. ids_at + n) */
    uint32_t n, index;
    int used;
} vd_shape;

#define NO_ID UINT32_MAX

typedef struct {
    vd_stream *tags, *words, *floats, *bytes;
    int refused;
    /* Keys defined so far: open addressing on the key's map hash; `slots` is a power of two. */
    vd_key *table;
    size_t slots, nkeys;
    vd_key *heap_table;
    /* Objects' entries being written, as a stack (nested objects push above their parent's). */
    vd_entry *entries;
    size_t nentries, entries_cap;
    /* Key sets seen so far: open addressing on a hash of their key indices, which sit in `ids`. */
    vd_shape *shapes;
    size_t shape_slots, nshapes;
    uint32_t *ids;
    size_t nids, ids_cap;
    uint32_t next_shape;
} vd_ctx;

static void vd_tag(vd_ctx *c, uint8_t v) { *vd_room(c->tags, 1, 1) = v; }
static void vd_word(vd_ctx *c, uint32_t v) { memcpy(vd_room(c->words, 4, 1), &v, 4); }
static void vd_float(vd_ctx *c, const void *v) { memcpy(vd_room(c->floats, 8, 1), v, 8); }
static void vd_bytes(vd_ctx *c, const void *src, size_t n) { memcpy(vd_room(c->bytes, 1, n), src, n); }

/* Whether a vector's header passes the checks the host makes before reading its buffer. */
static int vd_sound(const AbsRVec *v, size_t elem) {
    if (v->length > v->capacity) return 0;
    if (v->length == 0) return 1;
    uintptr_t b = (uintptr_t)v->buffer;
    return b >= 4096 && (uint64_t)b < (1ull << 57) && v->length < LARGE / elem;
}

static int vd_ascii(const unsigned char *b, size_t n) {
    unsigned char any = 0;
    for (size_t i = 0; i < n; i++) any |= b[i];
    return any < 0x80;
}

static void vd_text(vd_ctx *c, const AbsRVec *s, int text) {
    if (!vd_sound(s, 1)) {
        c->refused = 1;
        return;
    }
    const unsigned char *b = s->buffer;
    vd_word(c, (uint32_t)s->length | (text && !vd_ascii(b, s->length) ? VALUE_NOT_ASCII : 0));
    if (s->length) vd_bytes(c, b, s->length);
}

static void vd_grow_table(vd_ctx *c) {
    size_t slots = c->slots * 2;
    vd_key *t = calloc(slots, sizeof *t);
    if (!t) rt_fatal("out of memory");
    for (size_t i = 0; i < c->slots; i++) {
        if (!c->table[i].bytes) continue;
        size_t j = (size_t)c->table[i].hash & (slots - 1);
        while (t[j].bytes) j = (j + 1) & (slots - 1);
        t[j] = c->table[i];
    }
    free(c->heap_table);
    c->table = c->heap_table = t;
    c->slots = slots;
}

/* The index of key `k` if it was defined before, else NO_ID (`*slot`: where it would go). */
static uint32_t vd_key_find(vd_ctx *c, const AbsRVec *k, uint64_t hash, size_t *slot) {
    /* Empty keys have no buffer to compare: a non-null marker stands in for their bytes. */
    const unsigned char *bytes = k->length ? (const unsigned char *)k->buffer : (const unsigned char *)"";
    size_t i = (size_t)hash & (c->slots - 1);
    for (; c->table[i].bytes; i = (i + 1) & (c->slots - 1)) {
        const vd_key *e = &c->table[i];
        if (e->hash == hash && e->len == k->length && memcmp(e->bytes, bytes, k->length) == 0) return e->index;
    }
    *slot = i;
    return NO_ID;
}

/* Writes key `k`'s word: its index when defined before, else its definition. Returns its index. */
static uint32_t vd_key_word(vd_ctx *c, const AbsRVec *k, uint64_t hash) {
    size_t i;
    uint32_t id = vd_key_find(c, k, hash, &i);
    if (id != NO_ID) {
        vd_word(c, id);
        return id;
    }
    if (c->nkeys == VALUE_KEY_LEN) {
        c->refused = 1; /* more distinct keys than a key word can index */
        return 0;
    }
    const unsigned char *bytes = k->length ? (const unsigned char *)k->buffer : (const unsigned char *)"";
    id = (uint32_t)c->nkeys++;
    c->table[i] = (vd_key){ bytes, k->length, hash, id };
    vd_word(c, VALUE_NEW_KEY | (uint32_t)k->length | (vd_ascii(bytes, k->length) ? 0 : VALUE_NOT_ASCII_KEY));
    if (k->length) vd_bytes(c, bytes, k->length);
    if (c->nkeys * 2 > c->slots) vd_grow_table(c);
    return id;
}

static uint64_t vd_ids_hash(const vd_entry *e, size_t n) {
    uint64_t h = 0xcbf29ce484222325ull ^ n;
    for (size_t i = 0; i < n; i++) h = (h ^ e[i].id) * 0x100000001b3ull;
    return h ^ (h >> 29);
}

static void vd_grow_shapes(vd_ctx *c) {
    size_t slots = c->shape_slots ? c->shape_slots * 2 : 64;
    vd_shape *t = calloc(slots, sizeof *t);
    if (!t) rt_fatal("out of memory");
    for (size_t i = 0; i < c->shape_slots; i++) {
        if (!c->shapes[i].used) continue;
        size_t j = (size_t)c->shapes[i].hash & (slots - 1);
        while (t[j].used) j = (j + 1) & (slots - 1);
        t[j] = c->shapes[i];
    }
    free(c->shapes);
    c->shapes = t;
    c->shape_slots = slots;
}

/* The index of the key set of entries e[0..n) (all keys defined) if it was met before, else
 * NO_ID (`*slot`: where it would go). */
static uint32_t vd_shape_find(vd_ctx *c, const vd_entry *e, size_t n, uint64_t hash, size_t *slot) {
    if (!c->shape_slots) vd_grow_shapes(c);
    size_t i = (size_t)hash & (c->shape_slots - 1);
    for (; c->shapes[i].used; i = (i + 1) & (c->shape_slots - 1)) {
        const vd_shape *s = &c->shapes[i];
        if (s->hash != hash || s->n != n) continue;
        size_t k = 0;
        while (k < n && c->ids[s->ids_at + k] == e[k].id) k++;
        if (k == n) return s->index;
    }
    *slot = i;
    return NO_ID;
}

static void vd_shape_add(vd_ctx *c, const vd_entry *e, size_t n, uint64_t hash, size_t slot, uint32_t index) {
    if (c->nids + n > c->ids_cap) {
        size_t cap = rt_max(c->ids_cap * 2, c->nids + n + 256);
        uint32_t *p = realloc(c->ids, cap * sizeof *p);
        if (!p) rt_fatal("out of memory");
        c->ids = p;
        c->ids_cap = cap;
    }
    for (size_t k = 0; k < n; k++) c->ids[c->nids + k] = e[k].id;
    c->shapes[slot] = (vd_shape){ hash, c->nids, (uint32_t)n, index, 1 };
    c->nids += n;
    if (++c->nshapes * 2 > c->shape_slots) vd_grow_shapes(c);
}

static void vd_value(vd_ctx *c, const AbsValue *v, unsigned depth);

static vd_entry *vd_push_entry(vd_ctx *c) {
    if (c->nentries == c->entries_cap) {
        size_t cap = rt_max(c->entries_cap * 2, 256);
        vd_entry *p = realloc(c->entries, cap * sizeof *p);
        if (!p) rt_fatal("out of memory");
        c->entries = p;
        c->entries_cap = cap;
    }
    return &c->entries[c->nentries++];
}

/* Gathers the map's entries onto the entry stack; returns whether its keys are sound. */
static int vd_gather(vd_ctx *c, const AbsRHashMap *m) {
    const rt_map *host = m->map.data;
    if ((const void *)m->map.vtable == (const void *)&rt_map_box_vtable && host->t == rt_value.map) {
        /* Made by this runtime: its entries in order, each with its key's hash stored. */
        for (size_t pos = 0; pos < host->len; pos++) {
            vd_entry *e = vd_push_entry(c);
            e->key = rt_map_key(host, pos);
            e->value = rt_map_value(host, pos);
            memcpy(&e->hash, rt_map_at(host, pos), sizeof e->hash);
        }
        return 1;
    }
    int sound = 1;
    AbsDynTrait it = m->vtable->value.iter(m->map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        while (sound) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            vd_entry *e = vd_push_entry(c);
            e->key = item.some.value._0;
            e->value = item.some.value._1;
            sound = vd_sound(e->key, 1) && e->key->length <= VALUE_KEY_LEN;
            /* Hashed as the runtime's own maps hash their keys, so both dedupe alike. */
            e->hash = sound ? rt_map_hash_key(rt_value.map, e->key) : 0;
        }
    }
    vt->value.drop_ptr(&it);
    return sound;
}

/* An object: its count, its key set (an index, or VALUE_NEW_SHAPE and its key words), then its values. */
static void vd_object(vd_ctx *c, const AbsRHashMap *m, unsigned depth) {
    size_t base = c->nentries;
    if (!vd_gather(c, m)) {
        c->refused = 1;
        c->nentries = base;
        return;
    }
    size_t n = c->nentries - base;
    if (n > UINT32_MAX) c->refused = 1;
    vd_word(c, (uint32_t)n);
    int known = 1;
    size_t slot = 0;
    for (size_t i = 0; i < n; i++) {
        vd_entry *e = &c->entries[base + i];
        if (!vd_sound(e->key, 1) || e->key->length > VALUE_KEY_LEN) c->refused = 1;
        else e->id = vd_key_find(c, e->key, e->hash, &slot);
        if (c->refused || e->id == NO_ID) known = 0;
    }
    if (c->refused) {
        c->nentries = base;
        return;
    }
    uint32_t shape = NO_ID;
    uint64_t hash = 0;
    if (known && n <= VALUE_SHAPE_MAX) {
        hash = vd_ids_hash(&c->entries[base], n);
        shape = vd_shape_find(c, &c->entries[base], n, hash, &slot);
    }
    if (shape != NO_ID) vd_word(c, shape);
    else {
        uint32_t index = c->next_shape++;
        vd_word(c, VALUE_NEW_SHAPE);
        for (size_t i = 0; i < n; i++) c->entries[base + i].id = vd_key_word(c, c->entries[base + i].key, c->entries[base + i].hash);
        if (n <= VALUE_SHAPE_MAX && !c->refused) {
            if (!known) hash = vd_ids_hash(&c->entries[base], n);
            /* A set with a key new here cannot have been met: find it only for its slot. */
            if (known || vd_shape_find(c, &c->entries[base], n, hash, &slot) == NO_ID) vd_shape_add(c, &c->entries[base], n, hash, slot, index);
        }
    }
    for (size_t i = 0; i < n && !c->refused; i++) vd_value(c, c->entries[base + i].value, depth + 1);
    c->nentries = base;
}

static void vd_value(vd_ctx *c, const AbsValue *v, unsigned depth) {
    if (c->refused) return;
    if (depth > MAX_DEPTH || v->tag > ABS_VALUE_OBJECT) {
        c->refused = 1;
        return;
    }
    vd_tag(c, v->tag);
    switch (v->tag) {
    case ABS_VALUE_BOOL: {
        uint8_t b;
        memcpy(&b, (const unsigned char *)v + 1, 1);
        if (b > 1) c->refused = 1; /* the host's reader names the bad byte */
        vd_tag(c, b);
        return;
    }
    case ABS_VALUE_I64:
    case ABS_VALUE_U64: {
        uint64_t x;
        memcpy(&x, &v->i64.value, 8);
        vd_word(c, (uint32_t)x);
        vd_word(c, (uint32_t)(x >> 32));
        return;
    }
    case ABS_VALUE_F64: vd_float(c, &v->f64.value); return;
    case ABS_VALUE_STRING: vd_text(c, &v->string.value, 1); return;
    case ABS_VALUE_BYTES: vd_text(c, &v->bytes.value, 0); return;
    case ABS_VALUE_ARRAY: {
        const AbsRVec *a = &v->array.value;
        if (!vd_sound(a, sizeof(AbsValue))) {
            c->refused = 1;
            return;
        }
        vd_word(c, (uint32_t)a->length);
        for (size_t i = 0; i < a->length && !c->refused; i++) vd_value(c, (const AbsValue *)a->buffer + i, depth + 1);
        return;
    }
    case ABS_VALUE_OBJECT: vd_object(c, &v->object.value, depth); return;
    default: return; /* Null */
    }
}

static size_t vd_align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Writes the Value at `v` as one record into `out` (`cap` bytes). Returns the record's bytes (a
 * multiple of 8); minus the bytes needed when `cap` is too small (nothing usable written);
 * INT64_MIN when the host must read it its own way (a part its reader refuses or checks against
 * the mappings first, a tree deeper than MAX_DEPTH, or a stream beyond 2^32 elements). */
ABS_RT_API int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap) {
    vd_key stack_table[128];
    memset(stack_table, 0, sizeof stack_table);
    for (int i = 0; i < 4; i++) vd_scratch[i].n = 0;
    vd_ctx c = { .tags = &vd_scratch[0], .words = &vd_scratch[1], .floats = &vd_scratch[2], .bytes = &vd_scratch[3],
                 .table = stack_table, .slots = 128 };
    vd_value(&c, v, 0);
    free(c.heap_table);
    free(c.entries);
    free(c.shapes);
    free(c.ids);
    size_t nt = vd_scratch[0].n, nw = vd_scratch[1].n, nf = vd_scratch[2].n, nb = vd_scratch[3].n;
    if (nt > UINT32_MAX || nw > UINT32_MAX || nf > UINT32_MAX || nb > UINT32_MAX) c.refused = 1;
    size_t total = vd_align8(16 + nf * 8 + nw * 4 + nt + nb);
    if (!c.refused && total <= cap) {
        uint32_t head[4] = { (uint32_t)nt, (uint32_t)nw, (uint32_t)nf, (uint32_t)nb };
        unsigned char *p = out;
        memcpy(p, head, 16);
        p += 16;
        if (nf) memcpy(p, vd_scratch[2].at, nf * 8);
        p += nf * 8;
        if (nw) memcpy(p, vd_scratch[1].at, nw * 4);
        p += nw * 4;
        if (nt) memcpy(p, vd_scratch[0].at, nt);
        p += nt;
        if (nb) memcpy(p, vd_scratch[3].at, nb);
    }
    for (int i = 0; i < 4; i++)
        if (vd_scratch[i].cap > KEEP_SCRATCH) vd_free_stream(&vd_scratch[i]);
    if (c.refused) return INT64_MIN;
    return total <= cap ? (int64_t)total : -(int64_t)total;
}

/* Scratch streams all threads hold between dumps (at most 4 a thread; 0 once those threads ended). */
ABS_RT_API int64_t abs_value_dump_scratch_held(void) { return atomic_load_explicit(&vd_streams_held, memory_order_relaxed); }
