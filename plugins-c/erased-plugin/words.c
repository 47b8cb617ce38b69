/* words.c: the words of a text as DynTrait<RBox<()>, WordsInterface> (Iterator<Item = RString>,
 * DoubleEndedIterator, Send, Sync), like the examples' `split_words`. Items are moved out as
 * plugin-made RStrings. */
#include <stdlib.h>

#include "erased_plugin.h"

typedef struct span { size_t start, len; } span;
typedef struct words {
    AbsRString s;
    span *spans;
    size_t front, back; /* the words not yet taken: [front, back) */
} words;

static const abs_drop_op drop_words[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_type t_words = { sizeof(words), _Alignof(words), drop_words, 1, ABS_KEY_BYTES, 0 };

static AbsRStr words_type_name(void) {
    AbsRStr s = { "erased_plugin_c::Words", 22 };
    return s;
}
static const AbsTypeInfo words_info = { sizeof(words), _Alignof(words), er_no_type_id, words_type_name };

static void words_drop_ptr(void *object) {
    AbsRBox *b = object;
    atomic_fetch_sub(&er_live_objects, 1);
    free(((words *)b->data)->spans); /* the string goes with the box's own drop glue */
    abs_rbox_drop(b);
}

static AbsROptionRString item(const words *w, size_t k) {
    AbsROptionRString r;
    memset(&r, 0, sizeof r);
    r.some.tag = ABS_RSOME;
    r.some.value = er_string((const char *)w->s.buffer + w->spans[k].start, w->spans[k].len);
    return r;
}
static AbsROptionRString none(void) {
    AbsROptionRString r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RNONE;
    return r;
}

static AbsROptionRString words_next(void *it) {
    words *w = it;
    return w->front < w->back ? item(w, w->front++) : none();
}
static AbsROptionRString words_next_back(void *it) {
    words *w = it;
    return w->front < w->back ? item(w, --w->back) : none();
}
static AbsROptionRString words_nth(void *it, size_t n) {
    words *w = it;
    w->front = n < w->back - w->front ? w->front + n : w->back;
    return words_next(w);
}
static AbsROptionRString words_nth_back(void *it, size_t n) {
    words *w = it;
    w->back = n < w->back - w->front ? w->back - n : w->front;
    return words_next_back(w);
}
static AbsROptionRString words_last(void *it) {
    words *w = it;
    AbsROptionRString r = w->front < w->back ? item(w, w->back - 1) : none();
    w->front = w->back;
    return r;
}
static size_t words_count(void *it) {
    words *w = it;
    size_t n = w->back - w->front;
    w->front = w->back;
    return n;
}
static void words_skip(void *it, size_t n) { (void)words_nth(it, n > 0 ? n - 1 : 0); }
static AbsSizeHint words_size_hint(const void *it) {
    const words *w = it;
    AbsSizeHint h;
    memset(&h, 0, sizeof h);
    h._0 = w->back - w->front;
    h._1.some.tag = ABS_RSOME;
    h._1.some.value = h._0;
    return h;
}
static void extend(void *it, AbsRVec *v, AbsROptionUsize take, AbsROptionRString (*next)(void *)) {
    size_t limit = take.tag == ABS_RSOME ? take.some.value : SIZE_MAX;
    for (size_t i = 0; i < limit; i++) {
        AbsROptionRString r = next(it);
        if (r.tag != ABS_RSOME) break;
        abs_rvec_reserve(v, 1);
        ABS_RVEC_AT(*v, AbsRString, v->length++) = r.some.value;
    }
}
static void words_extend(void *it, AbsRVec *v, AbsROptionUsize take) { extend(it, v, take, words_next); }
static void words_extend_back(void *it, AbsRVec *v, AbsROptionUsize take) { extend(it, v, take, words_next_back); }

static const AbsDynTraitVTable_WM words_vtable = {
    0x7ull | ER_BIT(12) | ER_BIT(13), &er_dyn_vtable_layout,
    { .type_info = &words_info, .drop_ptr = words_drop_ptr,
      .iter = { .some = { ABS_RSOME, { (AbsFn)words_next, words_extend, words_size_hint, words_count,
                                       (AbsFn)words_last, (AbsFn)words_nth, words_skip } } },
      .back_iter = { .some = { ABS_RSOME, { (AbsFn)words_next_back, words_extend_back, (AbsFn)words_nth_back } } },
      .io_write = { .tag = ABS_RNONE }, .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE } },
};

ABS_EXPORT AbsDynTrait er_words(AbsRStr s) {
    words w = { er_string(s.data, s.length), malloc((s.length / 2 + 1) * sizeof(span)), 0, 0 };
    for (size_t i = 0; i < s.length;) {
        while (i < s.length && s.data[i] == ' ') i++;
        size_t start = i;
        while (i < s.length && s.data[i] != ' ') i++;
        if (i > start) w.spans[w.back++] = (span){ start, i - start };
    }
    AbsDynTrait d;
    abs_box_init(&d.object, &t_words);
    memcpy(d.object.data, &w, sizeof w);
    d.vtable = &words_vtable;
    atomic_fetch_add(&er_live_objects, 1);
    return d;
}

/* Consumes a words iterator (moved in): how many words were left. */
ABS_EXPORT size_t er_words_count(AbsDynTrait d) {
    size_t n = d.vtable->value.iter.some.value.count(d.object.data);
    abs_dyntrait_drop(&d);
    return n;
}
