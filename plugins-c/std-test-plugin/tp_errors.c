/* tp_errors.c: RBoxError functions of the test plugin (reference 1.13, 11.E). Errors it makes come
 * in two kinds: formatted ones (abs_error_new: as_debug_display answers both texts) and plain ones
 * whose RErrorVTable answers RNone there, so a host must format them through display/debug. */
#include <stdio.h>

#include "plugin.h"

ABS_DECLARE_RRESULT(TpRResultU32Error, uint32_t, AbsRBoxError);
ABS_DECLARE_ROPTION(TpROptionError, AbsRBoxError);
/* struct ErrHolder { code: u32, error: RBoxError } */
typedef struct TpErrHolder {
    uint32_t code;
    AbsRBoxError error;
} TpErrHolder;

static const abs_drop_op drop_error_at0[] = { { ABS_DROP_RBOX, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_drop_op drop_holder[] = { { ABS_DROP_RBOX, 0, 0, offsetof(TpErrHolder, error), 0, 0, NULL, 0 } };
static const abs_type t_error = { sizeof(AbsRBoxError), _Alignof(AbsRBoxError), drop_error_at0, 1, ABS_KEY_BYTES, 0 };
static const abs_type t_holder = { sizeof(TpErrHolder), _Alignof(TpErrHolder), drop_holder, 1, ABS_KEY_BYTES, 0 };

/* ---- plain errors: a boxed message, formatted only through display and debug ---------------- */

typedef struct plain_error {
    char text[96];
} plain_error;
static const abs_type t_plain = { sizeof(plain_error), 1, NULL, 0, ABS_KEY_BYTES, 0 };

static AbsRResultUnit plain_display(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const char *text = ((const plain_error *)err)->text;
    tp_rstring_push(out, text, strlen(text));
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
static AbsRResultUnit plain_debug(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const char *text = ((const plain_error *)err)->text;
    tp_rstring_push(out, "PlainError(\"", 12);
    tp_rstring_push(out, text, strlen(text));
    tp_rstring_push(out, "\")", 2);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}
static AbsROptionDebugDisplayRef plain_as_debug_display(const void *err) {
    (void)err;
    return ABS_NONE(AbsROptionDebugDisplayRef);
}
static const int plain_identity;
static AbsUTypeId plain_type_id(void) {
    AbsUTypeId id = { &plain_identity, { 0 } };
    return id;
}
ABS_DEFINE_TYPE_LAYOUT(plain_vtable_layout, "RErrorVTable", "abi_stable;0.11.3", 4);
static const AbsRErrorVTable_WM plain_vtable = { 0xFull, &plain_vtable_layout, { plain_debug, plain_display, plain_as_debug_display, plain_type_id } };

static AbsRBoxError plain_error_new(const char *text, size_t n) {
    AbsRBoxError e;
    abs_box_init(&e.value, &t_plain);
    plain_error *p = e.value.data;
    if (n >= sizeof p->text) n = sizeof p->text - 1;
    memcpy(p->text, text, n);
    p->text[n] = 0;
    e.vtable = &plain_vtable;
    return e;
}

static AbsRBoxError formatted_error_new(const char *text, size_t n) {
    char debug[128];
    int m = snprintf(debug, sizeof debug, "Formatted(\"%.*s\")", (int)(n > 100 ? 100 : n), text);
    AbsRBoxError e;
    abs_error_new(&e, (const uint8_t *)text, n, (const uint8_t *)debug, m < 0 ? 0 : (size_t)m);
    return e;
}

/* ---- exported --------------------------------------------------------------------------- */

ABS_EXPORT AbsRBoxError tp_error_new(AbsRStr message) { return formatted_error_new(message.data, message.length); }

ABS_EXPORT AbsRBoxError tp_error_plain(AbsRStr message) { return plain_error_new(message.data, message.length); }

ABS_EXPORT TpRResultU32Error tp_error_result(uint32_t x) {
    if (x == 0) return ABS_ERR(TpRResultU32Error, plain_error_new("zero is not allowed", 19));
    return ABS_OK(TpRResultU32Error, x * 2u);
}

/* RBox<ErrHolder>: the error lives inside the box; dropping the box drops it (once). */
ABS_EXPORT AbsRBox tp_error_boxed(AbsRStr message) {
    AbsRBox b;
    abs_box_init(&b, &t_holder);
    TpErrHolder h = { 7u, plain_error_new(message.data, message.length) };
    memcpy(b.data, &h, sizeof h);
    return b;
}

ABS_EXPORT TpROptionError tp_error_option(bool some) {
    if (!some) return ABS_NONE(TpROptionError);
    return ABS_SOME(TpROptionError, formatted_error_new("optional failure", 16));
}

ABS_EXPORT AbsRVec tp_error_vec(uint32_t n) {
    AbsRVec v;
    abs_vec_init(&v, &t_error, n);
    for (uint32_t i = 0; i < n; i++) {
        char text[32];
        int m = snprintf(text, sizeof text, "error %u", i);
        AbsRBoxError e = i % 2 ? plain_error_new(text, (size_t)m) : formatted_error_new(text, (size_t)m);
        memcpy((AbsRBoxError *)v.buffer + i, &e, sizeof e);
    }
    v.length = n;
    return v;
}

/* Takes the error (host-made or not), formats it through its own vtable, and drops it. */
ABS_EXPORT AbsRString tp_error_display(AbsRBoxError e) {
    AbsRString out = tp_rstring("");
    e.vtable->value.display(e.value.data, 0, &out);
    abs_rbox_drop(&e.value);
    return out;
}

/* Borrows the error: its Debug text, and as_debug_display's when it answers. */
ABS_EXPORT AbsRString tp_error_debug(const AbsRBoxError *e) {
    AbsRString out = tp_rstring("");
    e->vtable->value.debug(e->value.data, 0, &out);
    AbsROptionDebugDisplayRef texts = e->vtable->value.as_debug_display(e->value.data);
    if (texts.tag == ABS_RSOME) {
        tp_rstring_push(&out, " | ", 3);
        tp_rstring_push(&out, texts.some.value.display.data, texts.some.value.display.length);
    }
    return out;
}
