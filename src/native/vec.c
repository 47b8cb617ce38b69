/* vec.c: host VecVTables. One vtable per element type; the element type rides in a trailer
 * after the vtable, because the vtable functions receive only the RVec header. */
#include "rt_internal.h"

typedef struct vec_vtable_block {
    AbsVecVTable_WM wm;   /* first: an RVec's vtable pointer is the block's address */
    const abs_type *elem;
} vec_vtable_block;

static const abs_type *elem_of(const AbsRVec *v) { return ((const vec_vtable_block *)v->vtable)->elem; }

static AbsUTypeId vec_type_id(void) { return rt_type_id_rvec(); }

static void vec_destructor(AbsRVec *self) {
    const abs_type *t = elem_of(self);
    unsigned char *buf = self->buffer;
    if (t->drop_len)
        for (size_t i = 0; i < self->length; i++) abs_drop_in_place(buf + i * t->size, t->drop, t->drop_len);
    if (self->capacity != 0 && t->size != 0) abs_dealloc(buf, self->capacity * t->size, t->align);
}

/* Rust's RawVec minimum for a first allocation: fewer reallocations for small elements. */
static size_t min_non_zero_cap(size_t size) { return size == 1 ? 8 : size <= 1024 ? 4 : 1; }

static void vec_grow_capacity_to(AbsRVec *self, size_t to, AbsExactness exactness) {
    const abs_type *t = elem_of(self);
    if (t->size == 0 || to <= self->capacity) return; /* zero-sized: capacity is already usize::MAX */
    size_t cap = to;
    if (exactness == ABS_ABOVE) {
        /* Plugins push through this with the exact need (len + 1): double, or every push reallocs. */
        size_t doubled = self->capacity > SIZE_MAX / 2 ? SIZE_MAX : self->capacity * 2;
        cap = rt_max(rt_max(to, doubled), min_non_zero_cap(t->size));
    }
    if (cap > (size_t)PTRDIFF_MAX / t->size) rt_fatal("RVec capacity overflow");
    self->buffer = self->capacity == 0 ? abs_alloc(cap * t->size, t->align)
                                       : rt_realloc(self->buffer, self->capacity * t->size, cap * t->size, t->align);
    self->capacity = cap;
}

static void vec_shrink_to_fit(AbsRVec *self) {
    const abs_type *t = elem_of(self);
    if (t->size == 0 || self->capacity <= self->length) return;
    if (self->length == 0) {
        abs_dealloc(self->buffer, self->capacity * t->size, t->align);
        self->buffer = rt_dangling(t->align);
    } else {
        self->buffer = rt_realloc(self->buffer, self->capacity * t->size, self->length * t->size, t->align);
    }
    self->capacity = self->length;
}

static void *make_vtable(const void *elem, const void *unused) {
    (void)unused;
    vec_vtable_block *b = rt_alloc_forever(sizeof *b, _Alignof(vec_vtable_block));
    b->wm.field_accessibility = ABS_VEC_VTABLE_BITS;
    b->wm.type_layout = &rt_layout_vec_vtable;
    b->wm.value.type_id = vec_type_id;
    b->wm.value.destructor = vec_destructor;
    b->wm.value.grow_capacity_to = vec_grow_capacity_to;
    b->wm.value.shrink_to_fit = vec_shrink_to_fit;
    b->elem = elem;
    return b;
}

static rt_cache vec_vtables = RT_CACHE_INIT;

ABS_RT_API const void *abs_vec_vtable(const abs_type *elem) {
    return rt_cache_get(&vec_vtables, elem, NULL, make_vtable);
}

ABS_RT_API void abs_vec_init(AbsRVec *out, const abs_type *elem, size_t capacity) {
    out->vtable = abs_vec_vtable(elem);
    out->length = 0;
    if (elem->size == 0) {
        out->buffer = rt_dangling(elem->align);
        out->capacity = SIZE_MAX;
    } else if (capacity == 0) {
        out->buffer = rt_dangling(elem->align);
        out->capacity = 0;
    } else {
        if (capacity > (size_t)PTRDIFF_MAX / elem->size) rt_fatal("RVec capacity overflow");
        out->buffer = abs_alloc(capacity * elem->size, elem->align);
        out->capacity = capacity;
    }
}
