/* text.c: Text, a string behind DynTrait<RBox<()>, TextInterface> (Send, Sync, Clone, Display,
 * Debug, Serialize, Eq, Ord, Hash), and functions that take Texts back: by value (moved), lent
 * as RRef/RMut, and inside an RVec or ROption. `er_text_no_display` hands out a Text whose vtable
 * lacks the Display slot (an interface mismatch the host must refuse with a typed error). */
#include <stdio.h>

#include "erased_plugin.h"

typedef struct text { AbsRString s; } text;

static const abs_drop_op drop_text[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_type t_text = { sizeof(text), _Alignof(text), drop_text, 1, ABS_KEY_BYTES, 0 };

static AbsRStr text_type_name(void) {
    AbsRStr s = { "erased_plugin_c::Text", 21 };
    return s;
}
static const AbsTypeInfo text_info = { sizeof(text), _Alignof(text), er_no_type_id, text_type_name };

static const text *T(const void *obj) { return obj; }

static void text_drop_ptr(void *object) {
    atomic_fetch_sub(&er_live_objects, 1);
    abs_rbox_drop(object);
}

static AbsRBox box_text(const char *p, size_t n) {
    AbsRBox b;
    abs_box_init(&b, &t_text);
    text v = { er_string(p, n) };
    memcpy(b.data, &v, sizeof v);
    atomic_fetch_add(&er_live_objects, 1);
    return b;
}

static AbsRBox text_clone_ptr(const void *object) {
    const text *t = ((const AbsRBox *)object)->data;
    return box_text((const char *)t->s.buffer, t->s.length);
}

static AbsRResultUnit text_display(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    const text *t = T(obj);
    if (mode == ABS_FMT_ALTERNATE) er_append(out, "<<", 2);
    er_append(out, (const char *)t->s.buffer, t->s.length);
    if (mode == ABS_FMT_ALTERNATE) er_append(out, ">>", 2);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit text_debug(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    const text *t = T(obj);
    const char *open = mode == ABS_FMT_ALTERNATE ? "Text(\n    \"" : "Text(\"";
    er_append(out, open, strlen(open));
    er_append(out, (const char *)t->s.buffer, t->s.length);
    const char *close = mode == ABS_FMT_ALTERNATE ? "\",\n)" : "\")";
    er_append(out, close, strlen(close));
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

/* {"text":"..."}; a text starting with '!' cannot be serialized (an RBoxError, as serde's would). */
static ErResultJson text_serialize(const void *obj) {
    const text *t = T(obj);
    ErResultJson r;
    memset(&r, 0, sizeof r);
    if (t->s.length > 0 && ((const char *)t->s.buffer)[0] == '!') {
        static const char msg[] = "texts starting with ! are not serializable";
        static const char dbg[] = "SerializeError(\"texts starting with ! are not serializable\")";
        r.err.tag = ABS_RERR;
        abs_error_new(&r.err.value, (const uint8_t *)msg, sizeof msg - 1, (const uint8_t *)dbg, sizeof dbg - 1);
        return r;
    }
    r.ok.tag = ABS_ROK;
    r.ok.value = er_string("{\"text\":\"", 9);
    er_append(&r.ok.value, (const char *)t->s.buffer, t->s.length);
    er_append(&r.ok.value, "\"}", 2);
    return r;
}

static int text_order(const void *a, const void *b) {
    const AbsRString *x = &T(a)->s, *y = &T(b)->s;
    size_t n = x->length < y->length ? x->length : y->length;
    int c = n ? memcmp(x->buffer, y->buffer, n) : 0;
    if (c != 0) return c < 0 ? -1 : 1;
    return x->length < y->length ? -1 : x->length > y->length ? 1 : 0;
}

static bool text_eq(const void *a, const void *b) { return text_order(a, b) == 0; }
static AbsRCmpOrdering text_cmp(const void *a, const void *b) { return (AbsRCmpOrdering)(text_order(a, b) + 1); }
static AbsROptionRCmpOrdering text_partial_cmp(const void *a, const void *b) {
    AbsROptionRCmpOrdering r;
    r.some.tag = ABS_RSOME;
    r.some.value = text_cmp(a, b);
    return r;
}

/* As Rust hashes a str: write(bytes), then write_u8(0xff). */
static void text_hash(const void *obj, AbsHasherObject h) {
    const text *t = T(obj);
    AbsRSliceU8 bytes = { (const uint8_t *)t->s.buffer, t->s.length };
    h.write_fns->write(h.self, bytes);
    h.write_fns->write_u8(h.self, 0xff);
}

#define TEXT_BITS (0x7ull | ER_BIT(3) | ER_BIT(5) | ER_BIT(6) | ER_BIT(7) | ER_BIT(8) | ER_BIT(9) | ER_BIT(10) | ER_BIT(11))

static const AbsDynTraitVTable_WM text_vtable = {
    TEXT_BITS, &er_dyn_vtable_layout,
    { .type_info = &text_info, .drop_ptr = text_drop_ptr, .clone_ptr = text_clone_ptr,
      .display = text_display, .debug = text_debug, .serialize = (AbsFn)text_serialize,
      .partial_eq = text_eq, .cmp = text_cmp, .partial_cmp = text_partial_cmp, .hash = text_hash,
      .iter = { .tag = ABS_RNONE }, ER_NO_OTHER_TRAITS },
};

/* The same object with the Display bit clear and its slot null. */
static const AbsDynTraitVTable_WM text_vtable_no_display = {
    TEXT_BITS & ~ER_BIT(5), &er_dyn_vtable_layout,
    { .type_info = &text_info, .drop_ptr = text_drop_ptr, .clone_ptr = text_clone_ptr,
      .debug = text_debug, .serialize = (AbsFn)text_serialize,
      .partial_eq = text_eq, .cmp = text_cmp, .partial_cmp = text_partial_cmp, .hash = text_hash,
      .iter = { .tag = ABS_RNONE }, ER_NO_OTHER_TRAITS },
};

static AbsDynTrait make_text(AbsRStr s, const AbsDynTraitVTable_WM *vt) {
    AbsDynTrait d = { box_text(s.data, s.length), vt };
    return d;
}

ABS_EXPORT AbsDynTrait er_text_new(AbsRStr s) { return make_text(s, &text_vtable); }
ABS_EXPORT AbsDynTrait er_text_no_display(AbsRStr s) { return make_text(s, &text_vtable_no_display); }

/* Takes a Text by value: its Display, then it is dropped through its own vtable. */
ABS_EXPORT AbsRString er_text_take(AbsDynTrait d) {
    AbsRString out = er_string("", 0);
    d.vtable->value.display(d.object.data, ABS_FMT_DEFAULT, &out);
    abs_dyntrait_drop(&d);
    return out;
}

/* Lent: DynTrait<RRef<()>> reads, DynTrait<RMut<()>> appends to the text in place. */
ABS_EXPORT size_t er_text_len(ErDynRef d) { return T(d.data)->s.length; }
ABS_EXPORT void er_text_push(ErDynRef d, AbsRStr s) { er_append(&((text *)d.data)->s, s.data, s.length); }
/* `&mut DynTrait<RBox<()>>`: replaces the text with a clone of `with` (the old one is dropped). */
ABS_EXPORT void er_text_replace(AbsDynTrait *d, ErDynRef with) {
    AbsDynTrait fresh = make_text(abs_rstring_as_rstr(&T(with.data)->s), d->vtable);
    abs_dyntrait_drop(d);
    *d = fresh;
}

/* n Texts "t0", "t1", ... in a plugin-made RVec, and an optional one. */
ABS_EXPORT AbsRVec er_texts(uint32_t n) {
    AbsRVec v;
    abs_vec_init(&v, &er_t_dyn, n);
    for (uint32_t i = 0; i < n; i++) {
        char buf[16];
        int len = snprintf(buf, sizeof buf, "t%u", i);
        AbsRStr s = { buf, (size_t)len };
        ABS_RVEC_AT(v, AbsDynTrait, i) = make_text(s, &text_vtable);
    }
    v.length = n;
    return v;
}

ABS_EXPORT ErOptionDyn er_text_maybe(AbsRStr s, bool some) {
    ErOptionDyn r;
    memset(&r, 0, sizeof r);
    if (!some) {
        r.tag = ABS_RNONE;
        return r;
    }
    r.some.tag = ABS_RSOME;
    r.some.value = make_text(s, &text_vtable);
    return r;
}
