/* bag.c: an opaque handle: a Bag (key -> u64, a type the host cannot see) behind RBox<Bag>, whose
 * box vtable carries the plugin's own destructor. */
#include "trait_plugin.h"

typedef struct bag_entry {
    struct bag_entry *next;
    uint64_t value;
    size_t key_len;
    char key[];
} bag_entry;

typedef struct bag {
    bag_entry *head;
    size_t len;
} bag;

static _Atomic uint64_t bags_dropped;
static const uint8_t bag_identity = 0;

static AbsUTypeId bag_type_id(void) {
    AbsUTypeId id;
    id.executable_identity = &bag_identity;
    memcpy(id.type_id_array, "trait_plugin:Bag", 16);
    return id;
}

static void free_entries(bag *b) {
    for (bag_entry *e = b->head, *next; e; e = next) {
        next = e->next;
        abs_dealloc(e, sizeof *e + e->key_len, _Alignof(bag_entry));
    }
}

static void bag_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    bag *b = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) {
        free_entries(b);
        atomic_fetch_add(&bags_dropped, 1);
    }
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(b, sizeof *b, _Alignof(bag));
}

ABS_DEFINE_TYPE_LAYOUT(bag_box_layout, "BoxVtable", "trait_plugin_c;0.1.0", 2);
static const AbsBoxVtable_WM bag_box_vtable = { ABS_BOX_VTABLE_BITS, &bag_box_layout, { bag_type_id, bag_destructor } };

static bag_entry *find(const bag *b, AbsRStr key) {
    for (bag_entry *e = b->head; e; e = e->next)
        if (e->key_len == key.length && memcmp(e->key, key.data, key.length) == 0) return e;
    return NULL;
}

ABS_EXPORT AbsRBox tr_bag_new(void) {
    bag *b = abs_alloc(sizeof *b, _Alignof(bag));
    b->head = NULL;
    b->len = 0;
    AbsRBox r = { b, &bag_box_vtable };
    return r;
}

ABS_EXPORT void tr_bag_insert(AbsRBox *handle, AbsRStr key, uint64_t value) {
    bag *b = handle->data;
    bag_entry *e = find(b, key);
    if (e) {
        e->value = value;
        return;
    }
    e = abs_alloc(sizeof *e + key.length, _Alignof(bag_entry));
    e->next = b->head;
    e->value = value;
    e->key_len = key.length;
    memcpy(e->key, key.data, key.length);
    b->head = e;
    b->len++;
}

ABS_EXPORT AbsROptionU64 tr_bag_get(const AbsRBox *handle, AbsRStr key) {
    const bag_entry *e = find(handle->data, key);
    AbsROptionU64 r;
    memset(&r, 0, sizeof r);
    if (!e) {
        r.tag = ABS_RNONE;
        return r;
    }
    r.some.tag = ABS_RSOME;
    r.some.value = e->value;
    return r;
}

ABS_EXPORT size_t tr_bag_len(const AbsRBox *handle) { return ((const bag *)handle->data)->len; }

ABS_EXPORT size_t tr_bag_into_len(AbsRBox handle) {
    size_t n = ((const bag *)handle.data)->len;
    abs_rbox_drop(&handle);
    return n;
}

ABS_EXPORT uint64_t tr_bags_dropped(void) { return atomic_load(&bags_dropped); }
