/* value_arena.c: the text of one built Value (its strings' and keys' bytes) in shared blocks.
 *
 * A Value of a large document has tens of thousands of short strings; one allocation each, and
 * one free each when the tree is dropped, cost more than building the rest of the tree. So
 * abs_value_build (value_codec.c) puts short strings in blocks of ARENA_BLOCK bytes: each
 * string's bytes follow a pointer to its block, and the block counts its live strings, freed
 * with the last (atomically: a plugin may drop strings on any thread). Such an RVec<u8> carries
 * this file's vtable: dropping it gives its share back; growing it (a plugin pushing to the
 * string) moves its bytes to a buffer of its own under the runtime's ordinary RVec<u8> vtable.
 * A string a plugin keeps keeps its block (at most ARENA_BLOCK bytes) alive. */
#include "value_arena.h"

typedef struct arena_block {
    _Atomic size_t live; /* strings not yet dropped */
} arena_block;

/* Each string: [block pointer][bytes], 8-aligned. */
#define ARENA_HEAD sizeof(arena_block *)

static arena_block *block_of(const AbsRVec *v) {
    arena_block *b;
    memcpy(&b, (const unsigned char *)v->buffer - ARENA_HEAD, sizeof b);
    return b;
}

static void release_n(arena_block *b, size_t n) {
    if (atomic_fetch_sub_explicit(&b->live, n, memory_order_acq_rel) == n) abs_dealloc(b, ARENA_BLOCK, 8);
}

static void release(arena_block *b) { release_n(b, 1); }

static AbsUTypeId arena_type_id(void) { return rt_type_id_rvec(); }

static void arena_destructor(AbsRVec *self) {
    if (self->capacity) release(block_of(self));
}

static void arena_grow_capacity_to(AbsRVec *self, size_t to, AbsExactness exactness) {
    if (to <= self->capacity) return;
    size_t cap = to;
    if (exactness == ABS_ABOVE) {
        size_t doubled = self->capacity > SIZE_MAX / 2 ? SIZE_MAX : self->capacity * 2;
        cap = rt_max(rt_max(to, doubled), 8);
    }
    if (cap > (size_t)PTRDIFF_MAX) rt_fatal("RVec capacity overflow");
    unsigned char *own = abs_alloc(cap, 1);
    if (self->length) memcpy(own, self->buffer, self->length);
    if (self->capacity) release(block_of(self));
    self->buffer = own;
    self->capacity = cap;
    self->vtable = rt_value.bytes_vtable;
}

/* Capacity is the length from the start: nothing to give back. */
static void arena_shrink_to_fit(AbsRVec *self) { (void)self; }

const AbsVecVTable_WM rt_arena_vtable = {
    ABS_VEC_VTABLE_BITS,
    &rt_layout_vec_vtable,
    { arena_type_id, arena_destructor, arena_grow_capacity_to, arena_shrink_to_fit },
};

void rt_arena_bytes(rt_arena *a, AbsRVec *out, size_t n) {
    out->length = n;
    out->capacity = n;
    if (n == 0) {
        out->vtable = rt_value.bytes_vtable;
        out->buffer = rt_dangling(1);
        return;
    }
    if (n > ARENA_LARGEST) {
        out->vtable = rt_value.bytes_vtable;
        out->buffer = abs_alloc(n, 1);
        return;
    }
    size_t need = rt_round_up(ARENA_HEAD + n, 8);
    if (!a->block || a->at + need > ARENA_BLOCK) {
        rt_arena_finish(a);
        a->block = abs_alloc(ARENA_BLOCK, 8);
        a->at = rt_round_up(sizeof(arena_block), 8);
        a->count = 0;
    }
    unsigned char *p = (unsigned char *)a->block + a->at;
    memcpy(p, &a->block, sizeof a->block);
    a->at += need;
    a->count++;
    out->vtable = &rt_arena_vtable;
    out->buffer = p + ARENA_HEAD;
}

void rt_arena_finish(rt_arena *a) {
    if (!a->block) return;
    arena_block *b = a->block;
    a->block = NULL;
    /* Nothing dropped the block's strings yet: they are all still in the tree being built. */
    if (a->count == 0) abs_dealloc(b, ARENA_BLOCK, 8);
    else atomic_store_explicit(&b->live, a->count, memory_order_release);
}

void rt_arena_drop(rt_arena_drops *d, AbsRVec *v) {
    if (!v->capacity) return;
    arena_block *b = block_of(v);
    if (b == d->block) {
        d->n++;
        return;
    }
    rt_arena_drops_end(d);
    d->block = b;
    d->n = 1;
}

void rt_arena_drops_end(rt_arena_drops *d) {
    if (d->block) release_n(d->block, d->n);
    d->block = NULL;
    d->n = 0;
}
