/* map_core.c: host map storage: entries in insertion order in one array, plus an open-addressing
 * index of the Rust-compatible key hashes. Removal closes the gap (order kept) and rebuilds the
 * index: O(n), acceptable for the maps that cross a plugin boundary. */
#include "map.h"
#include "rt_hasher.h"

/* Whether `p` lies in the map's own allocation (entries or index made by rt_map_create_sized). */
static bool in_block(const rt_map *m, const void *p) {
    return (const unsigned char *)p > (const unsigned char *)m && (const unsigned char *)p < (const unsigned char *)m + m->block;
}

static rt_map *map_init(rt_map *m, const rt_map_types *t, size_t block) {
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->lock, NULL);
    m->t = t;
    m->entry.map = m;
    m->block = block; /* entry.key is allocated by the first entry() that needs it (map_entry.c) */
    return m;
}

rt_map *rt_map_create(const rt_map_types *t) { return map_init(abs_alloc(sizeof(rt_map), _Alignof(rt_map)), t, sizeof(rt_map)); }

rt_map *rt_map_create_sized(const rt_map_types *t, size_t n) {
    if (n == 0) return rt_map_create(t);
    if (n > SIZE_MAX / 4 / t->stride) rt_fatal("RHashMap capacity overflow");
    size_t index_cap = 8;
    while (index_cap < n * 2) index_cap *= 2;
    size_t align = rt_max(_Alignof(rt_map), t->entry_align);
    size_t entries_at = rt_round_up(sizeof(rt_map), align);
    size_t index_at = rt_round_up(entries_at + n * t->stride, _Alignof(size_t));
    size_t block = index_at + index_cap * sizeof(size_t);
    rt_map *m = map_init(abs_alloc(block, align), t, block);
    m->entries = (unsigned char *)m + entries_at;
    m->cap = n;
    m->index = (size_t *)((unsigned char *)m + index_at);
    m->index_cap = index_cap;
    memset(m->index, 0, index_cap * sizeof(size_t));
    return m;
}

void rt_map_drop_contents(rt_map *m) {
    rt_map_entry_reset(m);
    rt_map_drop_entries(m->t, m->entries, 0, m->len, !in_block(m, m->entries), m->cap);
    m->entries = NULL;
    m->len = m->cap = 0;
    if (m->index && !in_block(m, m->index)) abs_dealloc(m->index, m->index_cap * sizeof(size_t), _Alignof(size_t));
    m->index = NULL;
    m->index_cap = 0;
    abs_dealloc(m->entry.key, m->t->key->size, m->t->key->align);
    m->entry.key = NULL;
}

void rt_map_free(rt_map *m) {
    pthread_mutex_destroy(&m->lock);
    abs_dealloc(m, sizeof *m, _Alignof(rt_map));
}

uint64_t rt_map_hash_key(const rt_map_types *t, const void *key) {
    rt_hasher h;
    rt_hasher_init(&h);
    if (t->key->key_kind == ABS_KEY_STR) {
        /* Rust's Hash for str: the bytes, then 0xFF (so "a","b" and "ab" differ as tuples). */
        const AbsRString *s = key;
        uint8_t terminator = 0xFF;
        rt_hasher_write(&h, s->buffer, s->length);
        rt_hasher_write(&h, &terminator, 1);
    } else {
        rt_hasher_write(&h, key, t->key->size);
    }
    return rt_hasher_finish(&h);
}

bool rt_map_keys_equal(const rt_map_types *t, const void *a, const void *b) {
    if (t->key->key_kind == ABS_KEY_STR) {
        const AbsRString *x = a, *y = b;
        return x->length == y->length && memcmp(x->buffer, y->buffer, x->length) == 0;
    }
    return memcmp(a, b, t->key->size) == 0;
}

static size_t hash_slot(const rt_map *m, uint64_t hash) { return (size_t)hash & (m->index_cap - 1); }

static uint64_t stored_hash(const rt_map *m, size_t pos) {
    uint64_t h;
    memcpy(&h, rt_map_at(m, pos), sizeof h);
    return h;
}

size_t rt_map_find_key(const rt_map *m, const void *key, uint64_t hash) {
    if (!m->index_cap) return RT_NOT_FOUND;
    for (size_t i = hash_slot(m, hash);; i = (i + 1) & (m->index_cap - 1)) {
        size_t e = m->index[i];
        if (e == 0) return RT_NOT_FOUND;
        if (stored_hash(m, e - 1) == hash && rt_map_keys_equal(m->t, rt_map_key(m, e - 1), key)) return e - 1;
    }
}

size_t rt_map_find_query(const rt_map *m, const AbsMapQuery *q) {
    if (m->len == 0) return RT_NOT_FOUND;
    rt_hasher h;
    rt_hasher_init(&h);
    q->hash(q->query, rt_hasher_object(&h));
    uint64_t hash = rt_hasher_finish(&h);
    for (size_t i = hash_slot(m, hash);; i = (i + 1) & (m->index_cap - 1)) {
        size_t e = m->index[i];
        if (e == 0) break;
        if (stored_hash(m, e - 1) == hash && q->is_equal(rt_map_key(m, e - 1), q->query)) return e - 1;
    }
    for (size_t pos = 0; pos < m->len; pos++)
        if (q->is_equal(rt_map_key(m, pos), q->query)) return pos;
    return RT_NOT_FOUND;
}

static void index_insert(rt_map *m, uint64_t hash, size_t pos) {
    size_t i = hash_slot(m, hash);
    while (m->index[i]) i = (i + 1) & (m->index_cap - 1);
    m->index[i] = pos + 1;
}

/* Sizes the index for `want` entries at load factor <= 1/2, and refills it. */
static void index_rebuild(rt_map *m, size_t want) {
    size_t cap = m->index_cap ? m->index_cap : 8;
    while (cap < want * 2) cap *= 2;
    if (cap != m->index_cap) {
        if (m->index && !in_block(m, m->index)) abs_dealloc(m->index, m->index_cap * sizeof(size_t), _Alignof(size_t));
        m->index = abs_alloc(cap * sizeof(size_t), _Alignof(size_t));
        m->index_cap = cap;
    }
    memset(m->index, 0, cap * sizeof(size_t));
    for (size_t pos = 0; pos < m->len; pos++) index_insert(m, stored_hash(m, pos), pos);
}

static void entries_grow(rt_map *m, size_t want) {
    if (want <= m->cap) return;
    size_t cap = rt_max(rt_max(want, m->cap * 2), 4);
    if (cap > (size_t)PTRDIFF_MAX / m->t->stride) rt_fatal("RHashMap capacity overflow");
    if (m->cap && in_block(m, m->entries)) {
        /* Out of the map's own block into an array of its own. */
        unsigned char *moved = abs_alloc(cap * m->t->stride, m->t->entry_align);
        memcpy(moved, m->entries, m->len * m->t->stride);
        m->entries = moved;
    } else {
        m->entries = m->cap ? rt_realloc(m->entries, m->cap * m->t->stride, cap * m->t->stride, m->t->entry_align)
                            : abs_alloc(cap * m->t->stride, m->t->entry_align);
    }
    m->cap = cap;
}

void rt_map_reserve(rt_map *m, size_t additional) {
    if (additional > SIZE_MAX / 4 - m->len) rt_fatal("RHashMap capacity overflow");
    entries_grow(m, m->len + additional);
    if (m->index_cap < (m->len + additional) * 2) index_rebuild(m, m->len + additional);
}

void rt_map_commit(rt_map *m, uint64_t hash) {
    memcpy(rt_map_at(m, m->len), &hash, sizeof hash);
    size_t pos = m->len++;
    if (m->index_cap < m->len * 2) index_rebuild(m, m->len);
    else index_insert(m, hash, pos);
}

size_t rt_map_push(rt_map *m, uint64_t hash, const void *key, const void *value) {
    entries_grow(m, m->len + 1);
    memcpy(rt_map_key(m, m->len), key, m->t->key->size);
    memcpy(rt_map_value(m, m->len), value, m->t->value->size);
    rt_map_commit(m, hash);
    return m->len - 1;
}

void rt_map_remove_at(rt_map *m, size_t pos, void *key_out, void *value_out) {
    const rt_map_types *t = m->t;
    if (key_out) memcpy(key_out, rt_map_key(m, pos), t->key->size);
    else rt_drop_value(t->key, rt_map_key(m, pos));
    if (value_out) memcpy(value_out, rt_map_value(m, pos), t->value->size);
    else rt_drop_value(t->value, rt_map_value(m, pos));
    memmove(rt_map_at(m, pos), rt_map_at(m, pos + 1), (m->len - pos - 1) * t->stride);
    m->len--;
    index_rebuild(m, m->len);
}

unsigned char *rt_map_take_entries(rt_map *m, size_t *len, size_t *cap) {
    unsigned char *e = m->entries;
    *len = m->len;
    *cap = m->cap;
    if (e && in_block(m, e)) {
        /* The taker frees what it takes: entries in the map's own block are copied out first. */
        *cap = m->len;
        e = m->len ? abs_alloc(m->len * m->t->stride, m->t->entry_align) : NULL;
        if (e) memcpy(e, m->entries, m->len * m->t->stride);
    }
    m->entries = NULL;
    m->len = m->cap = 0;
    if (m->index_cap) memset(m->index, 0, m->index_cap * sizeof(size_t));
    return e;
}

void rt_map_drop_entries(const rt_map_types *t, unsigned char *entries, size_t from, size_t to,
                         bool free_array, size_t cap) {
    for (size_t pos = from; pos < to; pos++) {
        rt_drop_value(t->key, entries + pos * t->stride + t->key_off);
        rt_drop_value(t->value, entries + pos * t->stride + t->val_off);
    }
    if (free_array && entries) abs_dealloc(entries, cap * t->stride, t->entry_align);
}

void rt_map_entry_reset(rt_map *m) {
    if (m->entry.state == RT_ENTRY_VACANT) rt_drop_value(m->t->key, m->entry.key);
    m->entry.state = RT_ENTRY_NONE;
}
