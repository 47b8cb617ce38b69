/* dyn_host.c: DynTraits made by the JS host (reference 3.5, 11.D). Display and Debug texts,
 * iterator items, the serialized JSON and a comparison key taken from JS when the value is
 * written, so the value never calls back into JS and any plugin thread may format, iterate,
 * clone, compare, hash, serialize or drop it. The key is a number (numeric order) or text (byte
 * order, Rust's str order, hashed as a str is); numbers order before texts. Items of a runtime-described type are
 * moved out by value (abi_x64.h picks the return registers); one vtable per (item type, traits),
 * kept forever. The io traits and fmt::Write need the JS value itself: their slots are host trait
 * object trampolines (abs_trait.h, with its thread rules) over a host object's RBox. */
#include "abi_x64.h" /* first: it sets the feature macros system headers read */
#include "abs_erased.h"

#include <pthread.h>

typedef struct host_dyn_vtable {
    AbsDynTraitVTable_WM wm;  /* first: the WM header is the vtable's address */
    const abs_type *item;
    rt_units opt_units;       /* ROption<Item> */
    size_t opt_off;           /* offset of Item in it */
    uint32_t traits;
    struct host_dyn_vtable *next;
} host_dyn_vtable;

typedef struct host_dyn {
    AbsRString display, debug, json, key_text;
    uint32_t key_kind; /* ABS_HOST_KEY_* */
    double key_num;
    const host_dyn_vtable *vt;
    unsigned char *items;
    size_t front, back, cap; /* the items not taken yet: [front, back) */
} host_dyn;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_drop_op host_dyn_drop[] = {
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, display), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, debug), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, json), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_dyn, key_text), 0, 0, NULL, 0 },
};
static const abs_type host_dyn_type = { sizeof(host_dyn), _Alignof(host_dyn), host_dyn_drop, 4, ABS_KEY_BYTES, 0 };

static host_dyn *H(const void *obj) { return (host_dyn *)obj; }
static size_t item_size(const host_dyn *h) { return h->vt->item->size; }
static unsigned char *item_at(const host_dyn *h, size_t k) { return h->items + k * item_size(h); }

static void drop_items(host_dyn *h, size_t from, size_t to) {
    for (size_t k = from; k < to; k++) abs_drop_in_place(item_at(h, k), h->vt->item->drop, h->vt->item->drop_len);
}

/* drop_ptr receives &DynTrait.object: the RBox of the host_dyn. */
static void host_drop_ptr(void *object) {
    AbsRBox *b = object;
    host_dyn *h = b->data;
    if (h->items) {
        drop_items(h, h->front, h->back);
        abs_dealloc(h->items, h->cap * item_size(h), h->vt->item->align);
    }
    abs_rbox_drop(b);
}

static AbsRResultUnit append(const AbsRString *text, AbsRString *out) {
    abs_rvec_reserve(out, text->length);
    if (text->length) memcpy((uint8_t *)out->buffer + out->length, text->buffer, text->length);
    out->length += text->length;
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
static AbsRResultUnit host_display(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&H(obj)->display, out);
}
static AbsRResultUnit host_debug(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&H(obj)->debug, out);
}

static AbsRStr host_type_name(void) {
    AbsRStr s = { "abs_rt::HostDynTrait", 20 };
    return s;
}
static const AbsTypeInfo host_info = { sizeof(host_dyn), _Alignof(host_dyn), rt_maybe_type_id_nothing, host_type_name };

/* ---- Iterator / DoubleEndedIterator: items moved out, front to back or back to front --------- */

static size_t remaining(const host_dyn *h) { return h->back - h->front; }

/* Writes ROption<Item> holding item `k` (moved) or RNone to `ret`. */
static void put_item(const host_dyn *h, size_t k, bool some, void *ret) {
    unsigned char *out = ret;
    memset(out, 0, h->vt->opt_units.size);
    out[0] = some ? ABS_RSOME : ABS_RNONE;
    if (some) memcpy(out + h->vt->opt_off, item_at(h, k), item_size(h));
}

static void next_core(void *p, void *ret) {
    host_dyn *h = H(p);
    bool some = h->front < h->back;
    put_item(h, h->front, some, ret);
    if (some) h->front++;
}
RT_RET_VARIANTS(host_next, (void *it), (it), next_core)

static void next_back_core(void *p, void *ret) {
    host_dyn *h = H(p);
    bool some = h->front < h->back;
    if (some) h->back--;
    put_item(h, h->back, some, ret);
}
RT_RET_VARIANTS(host_next_back, (void *it), (it), next_back_core)

static void skip_front(host_dyn *h, size_t n) {
    n = n < remaining(h) ? n : remaining(h);
    drop_items(h, h->front, h->front + n);
    h->front += n;
}
static void skip_back(host_dyn *h, size_t n) {
    n = n < remaining(h) ? n : remaining(h);
    drop_items(h, h->back - n, h->back);
    h->back -= n;
}

static void nth_core(void *p, size_t n, void *ret) {
    skip_front(H(p), n);
    next_core(p, ret);
}
RT_RET_VARIANTS(host_nth, (void *it, size_t n), (it, n), nth_core)

static void nth_back_core(void *p, size_t n, void *ret) {
    skip_back(H(p), n);
    next_back_core(p, ret);
}
RT_RET_VARIANTS(host_nth_back, (void *it, size_t n), (it, n), nth_back_core)

static void last_core(void *p, void *ret) {
    host_dyn *h = H(p);
    if (remaining(h) > 1) skip_front(h, remaining(h) - 1);
    next_core(p, ret);
}
RT_RET_VARIANTS(host_last, (void *it), (it), last_core)

static size_t take_count(const AbsROptionUsize *take, size_t available) {
    return take->tag == ABS_RSOME && take->some.value < available ? take->some.value : available;
}

/* Moves up to `take` items onto `vec`, growing it through its own vtable. */
static void extend(host_dyn *h, AbsRVec *vec, AbsROptionUsize take, bool from_back) {
    size_t n = take_count(&take, remaining(h)), size = item_size(h);
    if (vec->capacity - vec->length < n) vec->vtable->value.grow_capacity_to(vec, vec->length + n, ABS_ABOVE);
    unsigned char *dst = (unsigned char *)vec->buffer + vec->length * size;
    for (size_t i = 0; i < n; i++) memcpy(dst + i * size, item_at(h, from_back ? --h->back : h->front++), size);
    vec->length += n;
}
static void host_extend(void *it, AbsRVec *vec, AbsROptionUsize take) { extend(H(it), vec, take, false); }
static void host_extend_back(void *it, AbsRVec *vec, AbsROptionUsize take) { extend(H(it), vec, take, true); }

static AbsSizeHint host_size_hint(const void *it) {
    AbsSizeHint r;
    memset(&r, 0, sizeof r);
    r._0 = remaining(H(it));
    r._1.some.tag = ABS_RSOME;
    r._1.some.value = r._0;
    return r;
}
static size_t host_count(void *it) {
    size_t n = remaining(H(it));
    skip_front(H(it), n);
    return n;
}
static void host_skip_eager(void *it, size_t n) { skip_front(H(it), n); }

/* ---- Clone, PartialEq, Ord, Hash, Serialize: from the copied key and JSON ------------------ */

static AbsRString text_of(const uint8_t *bytes, size_t len);
static AbsRString copy_text(const AbsRString *s) { return text_of(s->buffer, s->length); }

/* clone_ptr receives &DynTrait.object; values with items never get Clone (dyn-host.ts). */
static AbsRBox host_clone_ptr(const void *object) {
    const host_dyn *h = ((const AbsRBox *)object)->data;
    host_dyn c = *h;
    c.display = copy_text(&h->display);
    c.debug = copy_text(&h->debug);
    c.json = copy_text(&h->json);
    c.key_text = copy_text(&h->key_text);
    c.items = NULL;
    c.front = c.back = c.cap = 0;
    AbsRBox b;
    abs_box_init(&b, &host_dyn_type);
    memcpy(b.data, &c, sizeof c);
    return b;
}

static int key_cmp(const host_dyn *a, const host_dyn *b) {
    if (a->key_kind != b->key_kind) return a->key_kind < b->key_kind ? -1 : 1;
    if (a->key_kind == ABS_HOST_KEY_NUMBER) return a->key_num < b->key_num ? -1 : a->key_num > b->key_num ? 1 : 0;
    size_t n = a->key_text.length < b->key_text.length ? a->key_text.length : b->key_text.length;
    int c = n ? memcmp(a->key_text.buffer, b->key_text.buffer, n) : 0;
    if (c) return c < 0 ? -1 : 1;
    return a->key_text.length < b->key_text.length ? -1 : a->key_text.length > b->key_text.length ? 1 : 0;
}
static AbsRCmpOrdering ordering(int c) { return c < 0 ? ABS_LESS : c > 0 ? ABS_GREATER : ABS_EQUAL; }

/* The slots receive the erased objects: the caller checked both are this vtable's (is_same_type). */
static bool host_eq(const void *a, const void *b) { return key_cmp(H(a), H(b)) == 0; }
static AbsRCmpOrdering host_cmp(const void *a, const void *b) { return ordering(key_cmp(H(a), H(b))); }
static AbsROptionRCmpOrdering host_partial_cmp(const void *a, const void *b) {
    AbsROptionRCmpOrdering r;
    memset(&r, 0, sizeof r);
    r.some.tag = ABS_RSOME;
    r.some.value = ordering(key_cmp(H(a), H(b)));
    return r;
}

/* A number hashes as Rust's f64::to_bits().hash(); a text as a str: its bytes, then 0xFF. */
static void host_hash(const void *obj, AbsHasherObject hasher) {
    const host_dyn *h = H(obj);
    if (h->key_kind == ABS_HOST_KEY_NUMBER) {
        uint64_t bits;
        memcpy(&bits, &h->key_num, sizeof bits);
        hasher.write_fns->write_u64(hasher.self, bits);
        return;
    }
    AbsRSliceU8 bytes = { h->key_text.buffer, h->key_text.length };
    hasher.write_fns->write(hasher.self, bytes);
    hasher.write_fns->write_u8(hasher.self, 0xff);
}

/* RResult<RawValueBox, RBoxError>: the tag, then the RString at 8 (40 bytes, returned in memory). */
typedef struct host_json_result { uint8_t tag; AbsRString ok; } host_json_result;
static host_json_result host_serialize(const void *obj) {
    host_json_result r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_ROK;
    r.ok = copy_text(&H(obj)->json);
    return r;
}

/* ---- vtables ------------------------------------------------------------------------------ */

static pthread_mutex_t vtables_lock = PTHREAD_MUTEX_INITIALIZER;
static host_dyn_vtable *vtables;

static const host_dyn_vtable *vtable_for(uint32_t traits, const abs_type *item) {
    pthread_mutex_lock(&vtables_lock);
    host_dyn_vtable *v = vtables;
    while (v && !(v->traits == traits && v->item == item)) v = v->next;
    if (!v) {
        v = rt_alloc_forever(sizeof *v, _Alignof(host_dyn_vtable));
        memset(v, 0, sizeof *v);
        v->traits = traits;
        v->item = item;
        AbsDynTraitVTable *f = &v->wm.value;
        uint64_t bits = 0x7;
        f->type_info = &host_info;
        f->drop_ptr = host_drop_ptr;
        if (traits & ABS_HOST_DYN_DISPLAY) f->display = host_display, bits |= 1ull << 5;
        if (traits & ABS_HOST_DYN_DEBUG) f->debug = host_debug, bits |= 1ull << 6;
        if (traits & ABS_HOST_DYN_CLONE) f->clone_ptr = host_clone_ptr, bits |= 1ull << 3;
        if (traits & ABS_HOST_DYN_SERIALIZE) f->serialize = (AbsFn)host_serialize, bits |= 1ull << 7;
        if (traits & ABS_HOST_DYN_EQ) f->partial_eq = host_eq, bits |= 1ull << 8;
        if (traits & ABS_HOST_DYN_ORD) f->cmp = host_cmp, bits |= 1ull << 9;
        if (traits & ABS_HOST_DYN_PARTIAL_ORD) f->partial_cmp = host_partial_cmp, bits |= 1ull << 10;
        if (traits & ABS_HOST_DYN_HASH) f->hash = host_hash, bits |= 1ull << 11;
        f->iter.tag = f->back_iter.tag = ABS_RNONE;
        if (item) {
            v->opt_units = rt_units_option(rt_units_of(item));
            v->opt_off = rt_option_payload(rt_units_of(item));
            rt_abi abi = rt_classify(v->opt_units);
            AbsIteratorFns *i = &f->iter.some.value;
            f->iter.some.tag = ABS_RSOME;
            i->next = RT_RET_PICK(&abi, host_next);
            i->extending_rvec = host_extend;
            i->size_hint = host_size_hint;
            i->count = host_count;
            i->last = RT_RET_PICK(&abi, host_last);
            i->nth = RT_RET_PICK(&abi, host_nth);
            i->skip_eager = host_skip_eager;
            bits |= 1ull << 12;
            if (traits & ABS_HOST_DYN_BACK) {
                f->back_iter.some.tag = ABS_RSOME;
                f->back_iter.some.value.next_back = RT_RET_PICK(&abi, host_next_back);
                f->back_iter.some.value.extending_rvec_back = host_extend_back;
                f->back_iter.some.value.nth_back = RT_RET_PICK(&abi, host_nth_back);
                bits |= 1ull << 13;
            }
        }
        f->io_write.tag = f->io_read.tag = f->io_bufread.tag = ABS_RNONE;
        v->wm.field_accessibility = bits;
        v->wm.type_layout = &rt_layout_dyntrait_vtable;
        v->next = vtables;
        vtables = v;
    }
    pthread_mutex_unlock(&vtables_lock);
    return v;
}

static AbsRString text_of(const uint8_t *bytes, size_t len) {
    AbsRString s;
    abs_vec_init(&s, &text_byte, len);
    if (len) memcpy(s.buffer, bytes, len);
    s.length = len;
    return s;
}

ABS_RT_API void abs_dyn_host_new(AbsDynTrait *out, uint32_t traits, const uint8_t *display, size_t display_len,
                                 const uint8_t *debug, size_t debug_len, const abs_type *item, const void *items, size_t len,
                                 const abs_host_dyn_value *value) {
    host_dyn h;
    memset(&h, 0, sizeof h);
    h.display = text_of(display, display_len);
    h.debug = text_of(debug, debug_len);
    h.json = text_of(value->json, value->json_len);
    h.key_text = text_of(value->key_text, value->key_len);
    h.key_kind = value->key_kind;
    h.key_num = value->key_num;
    h.vt = vtable_for(traits, (traits & ABS_HOST_DYN_ITER) ? item : NULL);
    if (h.vt->item && len) {
        h.items = abs_alloc(len * item->size, item->align);
        memcpy(h.items, items, len * item->size);
        h.cap = len;
        h.back = len;
    }
    abs_box_init(&out->object, &host_dyn_type);
    memcpy(out->object.data, &h, sizeof h);
    out->vtable = &h.vt->wm;
}

/* ---- io and fmt::Write: trampolines into JS -------------------------------------------------- */

/* drop_ptr receives &DynTrait.object: the host object's RBox, whose destructor lets JS go of it. */
static void host_io_drop_ptr(void *object) { abs_rbox_drop(object); }

static AbsRStr host_io_type_name(void) {
    AbsRStr s = { "abs_rt::HostIoDynTrait", 22 };
    return s;
}
/* The erased object is the host trait object's native part (a trait pointer and an id). */
static const AbsTypeInfo host_io_info = { 16, 8, rt_maybe_type_id_nothing, host_io_type_name };

ABS_RT_API const void *abs_dyn_host_io_vtable(uint32_t traits, const AbsFn *slots) {
    AbsDynTraitVTable_WM *wm = rt_alloc_forever(sizeof *wm, _Alignof(AbsDynTraitVTable_WM));
    memset(wm, 0, sizeof *wm);
    AbsDynTraitVTable *f = &wm->value;
    uint64_t bits = 0x7;
    f->type_info = &host_io_info;
    f->drop_ptr = host_io_drop_ptr;
    f->iter.tag = f->back_iter.tag = f->io_write.tag = f->io_read.tag = f->io_bufread.tag = ABS_RNONE;
    if (traits & ABS_HOST_IO_READ) {
        f->io_read.some.tag = ABS_RSOME;
        f->io_read.some.value.read = slots[0];
        f->io_read.some.value.read_exact = slots[1];
        bits |= 1ull << 16;
    }
    if (traits & ABS_HOST_IO_WRITE) {
        f->io_write.some.tag = ABS_RSOME;
        f->io_write.some.value.write = slots[2];
        f->io_write.some.value.write_all = slots[3];
        f->io_write.some.value.flush = slots[4];
        bits |= 1ull << 15;
    }
    if (traits & ABS_HOST_IO_BUFREAD) {
        f->io_bufread.some.tag = ABS_RSOME;
        f->io_bufread.some.value.fill_buf = slots[5];
        f->io_bufread.some.value.consume = slots[6];
        bits |= 1ull << 17;
    }
    if (traits & ABS_HOST_IO_SEEK) f->io_seek = slots[7], bits |= 1ull << 18;
    if (traits & ABS_HOST_FMT_WRITE) f->fmt_write_str = (AbsRResultUnit(*)(void *, AbsRStr))slots[8], bits |= 1ull << 14;
    wm->field_accessibility = bits;
    wm->type_layout = &rt_layout_dyntrait_vtable;
    return wm;
}
