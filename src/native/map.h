/* map.h: the host RHashMap's internals, shared by its storage (map_core.c), vtable entry points
 * (map_vtable.c), iterators (map_iter.c), entries (map_entry.c) and type setup (map_types.c). */
#ifndef ABS_RT_MAP_H
#define ABS_RT_MAP_H

#include "abi_x64.h" /* first: it sets the feature macros system headers read */

#include <pthread.h>
#include <stdbool.h>

/* Everything derived from one (K, V) pair, built once and kept forever. */
typedef struct rt_map_types {
    const abs_type *key, *value;
    /* Stored entries are [u64 hash][K][V], `stride` bytes apart, in insertion order. */
    size_t key_off, val_off, stride, entry_align;
    /* Layouts of the by-value types the vtable returns. */
    size_t opt_v_size, opt_v_off;    /* ROption<V> */
    size_t tuple_size, tuple_v_off;  /* Tuple2<K, V> */
    size_t opt_kv_size, opt_kv_off;  /* ROption<Tuple2<K, V>> */
    rt_abi k_abi, v_abi, tuple_abi, opt_v_abi, opt_kv_abi;
    AbsMapVTable_WM *vtable;
    AbsOccupiedVTable_WM *occupied;
    AbsVacantVTable_WM *vacant;
    AbsDynTraitVTable_WM *owned_iter; /* drain / iter_val: items Tuple2<K, V> */
} rt_map_types;

enum { RT_ENTRY_NONE = 0, RT_ENTRY_OCCUPIED = 1, RT_ENTRY_VACANT = 2 };

typedef struct rt_map rt_map;

/* The map's one REntry (abi_stable keeps it inside the map too; a new entry() replaces it). */
typedef struct rt_map_entry {
    rt_map *map;
    int state;
    size_t pos;            /* occupied: the entry's position */
    uint64_t hash;         /* vacant: the owned key's hash */
    unsigned char *key;    /* vacant: the owned key, moved in by entry() */
} rt_map_entry;

struct rt_map {
    pthread_mutex_t lock; /* the map is Sync: plugins may read it from several threads at once */
    const rt_map_types *t;
    unsigned char *entries;
    size_t len, cap;
    size_t *index;        /* open addressing, linear probing: 0 = empty, else position + 1 */
    size_t index_cap;     /* a power of two, at least twice len; 0 before the first insert */
    rt_map_entry entry;
    size_t block;         /* bytes of the map's own allocation: entries and index inside it are freed with it */
};

#define RT_NOT_FOUND SIZE_MAX

/* ---- storage (map_core.c); callers hold m->lock unless said otherwise ---------------------- */

rt_map *rt_map_create(const rt_map_types *t);
/* A map with room for `n` entries and their index in the map's own allocation (one block instead of
 * three: a built Value has thousands of small maps). Growing past `n` moves them out. */
rt_map *rt_map_create_sized(const rt_map_types *t, size_t n);
/* Drops every K and V and frees the storage (not the map itself). No lock: the map is dying. */
void rt_map_drop_contents(rt_map *m);
/* Frees the map object itself. */
void rt_map_free(rt_map *m);

static inline unsigned char *rt_map_at(const rt_map *m, size_t pos) { return m->entries + pos * m->t->stride; }
static inline void *rt_map_key(const rt_map *m, size_t pos) { return rt_map_at(m, pos) + m->t->key_off; }
static inline void *rt_map_value(const rt_map *m, size_t pos) { return rt_map_at(m, pos) + m->t->val_off; }

/* The hash of the byte stream Rust's Hash would feed for this stored key. */
uint64_t rt_map_hash_key(const rt_map_types *t, const void *key);
bool rt_map_keys_equal(const rt_map_types *t, const void *a, const void *b);
size_t rt_map_find_key(const rt_map *m, const void *key, uint64_t hash);
/* Finds with a Rust MapQuery: hash through our HasherObject, confirm with is_equal, and fall back
 * to a linear scan so a query that hashes differently from our keys can never miss an entry. */
size_t rt_map_find_query(const rt_map *m, const AbsMapQuery *q);
/* Appends (key, value) moved in as bytes; returns its position. */
size_t rt_map_push(rt_map *m, uint64_t hash, const void *key, const void *value);
/* Adds the entry whose key and value the caller wrote in place at rt_map_at(m, m->len) (capacity
 * reserved, key not present), with the key's hash. */
void rt_map_commit(rt_map *m, uint64_t hash);
/* Moves the entry at `pos` out into key_out/value_out (a NULL destination drops that part
 * instead) and closes the gap, keeping insertion order. */
void rt_map_remove_at(rt_map *m, size_t pos, void *key_out, void *value_out);
void rt_map_reserve(rt_map *m, size_t additional);
/* Moves all entries out (the map becomes empty, keeping no storage). */
unsigned char *rt_map_take_entries(rt_map *m, size_t *len, size_t *cap);
/* Drops K and V of entries [from, to) of a moved-out array, then frees it if `free_array`. */
void rt_map_drop_entries(const rt_map_types *t, unsigned char *entries, size_t from, size_t to,
                         bool free_array, size_t cap);

/* The entry's bookkeeping; drops a vacant entry's owned key if it was never consumed. */
void rt_map_entry_reset(rt_map *m);

/* ---- types and vtables (map_types.c, map_vtable.c, map_iter.c, map_entry.c) ---------------- */

/* NULL where by-value K/V cannot be handled (see abs_map_new). */
const rt_map_types *rt_map_types_get(const abs_type *key, const abs_type *value);
/* The RBox vtable of every host map object (RHashMap.map.vtable). */
extern const AbsBoxVtable_WM rt_map_box_vtable;
void rt_map_vtable_fill(rt_map_types *t);     /* map_vtable.c */
void rt_map_entry_vtables_fill(rt_map_types *t); /* map_entry.c */
void rt_map_iter_vtable_fill(rt_map_types *t);   /* map_iter.c: the owned-item iterator */
AbsDynTrait rt_map_iter_ref(rt_map *m, bool clonable); /* iter / iter_mut */
AbsDynTrait rt_map_iter_owned(rt_map *m, bool consume_map); /* drain / iter_val */

static inline void rt_drop_value(const abs_type *t, void *v) {
    if (t->drop_len) abs_drop_in_place(v, t->drop, t->drop_len);
}

#endif /* ABS_RT_MAP_H */
