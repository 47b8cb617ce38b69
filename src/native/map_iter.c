/* map_iter.c: the DynTrait iterators host maps return (reference 3.5): `iter`/`iter_mut` lend
 * Tuple2<&K, &V> (one static vtable each), `drain`/`iter_val` move Tuple2<K, V> out (a vtable per
 * (K, V), because those items are returned by value). The erased object is an RBox of rt_iter. */
#include "map.h"

typedef struct rt_iter {
    const rt_map_types *t;
    rt_map *map;            /* borrowing iterators: the map, not mutated while they live */
    unsigned char *entries; /* owning iterators: the entries moved out of the map */
    size_t cap;             /* owning iterators: capacity of `entries`, to free it */
    size_t pos, end;
    bool owned;
} rt_iter;

static rt_iter *I(const void *it) { return (rt_iter *)it; }
static size_t remaining(const rt_iter *it) { return it->end - it->pos; }
static unsigned char *entry_at(const rt_iter *it, size_t pos) {
    return it->owned ? it->entries + pos * it->t->stride : rt_map_at(it->map, pos);
}

/* ---- the erased object: an RBox<rt_iter> ------------------------------------------------- */

static AbsUTypeId iter_box_type_id(void) { return rt_type_id_rbox(); }

static void iter_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_iter *it = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES && it->owned) /* items never taken are dropped */
        rt_map_drop_entries(it->t, it->entries, it->pos, it->end, true, it->cap);
    if (dealloc == ABS_DEALLOCATE_YES) abs_dealloc(it, sizeof *it, _Alignof(rt_iter));
}

static const AbsBoxVtable_WM iter_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { iter_box_type_id, iter_box_destructor },
};

static AbsRStr iter_type_name(void) { return ABS_RSTR("abs_rt::MapIter"); }

static const AbsTypeInfo iter_type_info = {
    sizeof(rt_iter), _Alignof(rt_iter), rt_maybe_type_id_nothing, iter_type_name,
};

/* drop_ptr / clone_ptr receive the address of DynTrait.object, i.e. of the RBox. */
static void drop_ptr(void *object) {
    AbsRBox *b = object;
    b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

static AbsRBox clone_ptr(const void *object) { /* only borrowing iterators are Clone */
    const AbsRBox *b = object;
    rt_iter *copy = abs_alloc(sizeof *copy, _Alignof(rt_iter));
    *copy = *I(b->data);
    AbsRBox r = { copy, b->vtable };
    return r;
}

static AbsSizeHint size_hint(const void *it) {
    AbsSizeHint h;
    memset(&h, 0, sizeof h);
    h._0 = remaining(I(it));
    h._1.some.tag = ABS_RSOME;
    h._1.some.value = h._0;
    return h;
}

static size_t take_count(const AbsROptionUsize *take, size_t left) {
    return take->tag == ABS_RSOME && take->some.value < left ? take->some.value : left;
}

/* Appends `n` items to a caller's RVec, growing it through ITS vtable. */
static unsigned char *vec_room(AbsRVec *vec, size_t n, size_t item_size) {
    if (vec->capacity - vec->length < n) vec->vtable->value.grow_capacity_to(vec, vec->length + n, ABS_ABOVE);
    return (unsigned char *)vec->buffer + vec->length * item_size;
}

/* ---- borrowing iterators: items Tuple2<&K, &V> -------------------------------------------- */

static AbsROptionMapRefItem ref_item(rt_iter *it, size_t pos) {
    AbsROptionMapRefItem r;
    memset(&r, 0, sizeof r);
    r.some.tag = ABS_RSOME;
    r.some.value._0 = entry_at(it, pos) + it->t->key_off;
    r.some.value._1 = entry_at(it, pos) + it->t->val_off;
    return r;
}

static AbsROptionMapRefItem ref_none(void) {
    AbsROptionMapRefItem r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RNONE;
    return r;
}

static AbsROptionMapRefItem ref_next(void *p) {
    rt_iter *it = I(p);
    return it->pos < it->end ? ref_item(it, it->pos++) : ref_none();
}

static void ref_extending_rvec(void *p, AbsRVec *vec, AbsROptionUsize take) {
    rt_iter *it = I(p);
    size_t n = take_count(&take, remaining(it));
    AbsMapRefItem *dst = (AbsMapRefItem *)(void *)vec_room(vec, n, sizeof(AbsMapRefItem));
    for (size_t i = 0; i < n; i++) dst[i] = ref_item(it, it->pos++).some.value;
    vec->length += n;
}

static size_t ref_count(void *p) {
    rt_iter *it = I(p);
    size_t n = remaining(it);
    it->pos = it->end;
    return n;
}

static AbsROptionMapRefItem ref_last(void *p) {
    rt_iter *it = I(p);
    if (!remaining(it)) return ref_none();
    it->pos = it->end;
    return ref_item(it, it->end - 1);
}

static AbsROptionMapRefItem ref_nth(void *p, size_t n) {
    rt_iter *it = I(p);
    it->pos += n < remaining(it) ? n : remaining(it);
    return ref_next(p);
}

static void ref_skip_eager(void *p, size_t n) {
    rt_iter *it = I(p);
    it->pos += n < remaining(it) ? n : remaining(it);
}

#define REF_ITERATOR_FNS                                                                        \
    { .some = { ABS_RSOME, { (AbsFn)ref_next, ref_extending_rvec, size_hint, ref_count,        \
                             (AbsFn)ref_last, (AbsFn)ref_nth, ref_skip_eager } } }
#define NO_OTHER_TRAITS                                                                         \
    .back_iter = { .tag = ABS_RNONE }, .io_write = { .tag = ABS_RNONE },                        \
    .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE }

/* `iter` declares Iterator + Clone, `iter_mut` only Iterator (bits from reference 3.5). */
static const AbsDynTraitVTable_WM ref_iter_clone_vtable = {
    ABS_DYNTRAIT_ITER_CLONE_BITS, &rt_layout_dyntrait_vtable,
    { .type_info = &iter_type_info, .drop_ptr = drop_ptr, .clone_ptr = clone_ptr,
      .iter = REF_ITERATOR_FNS, NO_OTHER_TRAITS },
};
static const AbsDynTraitVTable_WM ref_iter_vtable = {
    ABS_DYNTRAIT_ITER_BITS, &rt_layout_dyntrait_vtable,
    { .type_info = &iter_type_info, .drop_ptr = drop_ptr, .iter = REF_ITERATOR_FNS, NO_OTHER_TRAITS },
};

static AbsDynTrait make_dyn(rt_iter *it, const AbsDynTraitVTable_WM *vtable) {
    AbsDynTrait d = { { it, &iter_box_vtable }, vtable };
    return d;
}

AbsDynTrait rt_map_iter_ref(rt_map *m, bool clonable) {
    rt_iter *it = abs_alloc(sizeof *it, _Alignof(rt_iter));
    memset(it, 0, sizeof *it);
    it->t = m->t;
    it->map = m;
    pthread_mutex_lock(&m->lock);
    it->end = m->len;
    pthread_mutex_unlock(&m->lock);
    return make_dyn(it, clonable ? &ref_iter_clone_vtable : &ref_iter_vtable);
}

/* ---- owning iterators: items Tuple2<K, V> moved out --------------------------------------- */

/* Moves item `pos` into a Tuple2<K, V> at `dst`. */
static void move_item(rt_iter *it, size_t pos, unsigned char *dst) {
    memcpy(dst, entry_at(it, pos) + it->t->key_off, it->t->key->size);
    memcpy(dst + it->t->tuple_v_off, entry_at(it, pos) + it->t->val_off, it->t->value->size);
}

static void drop_items(rt_iter *it, size_t n) {
    rt_map_drop_entries(it->t, it->entries, it->pos, it->pos + n, false, 0);
    it->pos += n;
}

/* Writes ROption<Tuple2<K, V>> with the next item (or RNone) to `ret`. */
static void owned_next_core(void *p, void *ret) {
    rt_iter *it = I(p);
    unsigned char *out = ret;
    memset(out, 0, it->t->opt_kv_size);
    if (it->pos == it->end) {
        out[0] = ABS_RNONE;
        return;
    }
    out[0] = ABS_RSOME;
    move_item(it, it->pos++, out + it->t->opt_kv_off);
}
RT_RET_VARIANTS(owned_next, (void *it), (it), owned_next_core)

static void owned_last_core(void *p, void *ret) {
    rt_iter *it = I(p);
    if (remaining(it) > 1) drop_items(it, remaining(it) - 1);
    owned_next_core(p, ret);
}
RT_RET_VARIANTS(owned_last, (void *it), (it), owned_last_core)

static void owned_nth_core(void *p, size_t n, void *ret) {
    rt_iter *it = I(p);
    drop_items(it, n < remaining(it) ? n : remaining(it));
    owned_next_core(p, ret);
}
RT_RET_VARIANTS(owned_nth, (void *it, size_t n), (it, n), owned_nth_core)

static void owned_extending_rvec(void *p, AbsRVec *vec, AbsROptionUsize take) {
    rt_iter *it = I(p);
    size_t n = take_count(&take, remaining(it));
    unsigned char *dst = vec_room(vec, n, it->t->tuple_size);
    memset(dst, 0, n * it->t->tuple_size);
    for (size_t i = 0; i < n; i++) move_item(it, it->pos++, dst + i * it->t->tuple_size);
    vec->length += n;
}

static size_t owned_count(void *p) {
    rt_iter *it = I(p);
    size_t n = remaining(it);
    drop_items(it, n);
    return n;
}

static void owned_skip_eager(void *p, size_t n) {
    rt_iter *it = I(p);
    drop_items(it, n < remaining(it) ? n : remaining(it));
}

void rt_map_iter_vtable_fill(rt_map_types *t) {
    AbsDynTraitVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsDynTraitVTable_WM));
    wm->field_accessibility = ABS_DYNTRAIT_ITER_BITS;
    wm->type_layout = &rt_layout_dyntrait_vtable;
    AbsDynTraitVTable *v = &wm->value;
    v->type_info = &iter_type_info;
    v->drop_ptr = drop_ptr;
    v->iter.some.tag = ABS_RSOME;
    AbsIteratorFns *f = &v->iter.some.value;
    f->next = RT_RET_PICK(&t->opt_kv_abi, owned_next);
    f->extending_rvec = owned_extending_rvec;
    f->size_hint = size_hint;
    f->count = owned_count;
    f->last = RT_RET_PICK(&t->opt_kv_abi, owned_last);
    f->nth = RT_RET_PICK(&t->opt_kv_abi, owned_nth);
    f->skip_eager = owned_skip_eager;
    v->back_iter.tag = ABS_RNONE;
    v->io_write.tag = ABS_RNONE;
    v->io_read.tag = ABS_RNONE;
    v->io_bufread.tag = ABS_RNONE;
    t->owned_iter = wm;
}

/* drain empties the map and keeps it; iter_val consumes the map object as well. */
AbsDynTrait rt_map_iter_owned(rt_map *m, bool consume_map) {
    rt_iter *it = abs_alloc(sizeof *it, _Alignof(rt_iter));
    memset(it, 0, sizeof *it);
    it->t = m->t;
    it->owned = true;
    pthread_mutex_lock(&m->lock);
    rt_map_entry_reset(m);
    it->entries = rt_map_take_entries(m, &it->end, &it->cap);
    pthread_mutex_unlock(&m->lock);
    if (consume_map) {
        rt_map_drop_contents(m); /* now empty: frees the index and the entry slot */
        rt_map_free(m);
    }
    return make_dyn(it, it->t->owned_iter);
}
