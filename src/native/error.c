/* error.c: host-made RBoxErrors (reference 1.13 and 11.E). The error is a host RBox (box.c)
 * holding its two texts; one RErrorVTable serves every such error. Nothing changes after
 * creation, so a plugin may format and drop it on any thread. */
#include "rt_internal.h"

typedef struct host_error {
    AbsRString display;
    AbsRString debug;
} host_error;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_drop_op host_error_drop[] = {
    { ABS_DROP_RVEC, 0, 0, offsetof(host_error, display), 0, 0, NULL, 0 },
    { ABS_DROP_RVEC, 0, 0, offsetof(host_error, debug), 0, 0, NULL, 0 },
};
static const abs_type host_error_type = { sizeof(host_error), _Alignof(host_error), host_error_drop, 2, ABS_KEY_BYTES, 0 };

static AbsRString text_of(const uint8_t *bytes, size_t len) {
    AbsRString s;
    abs_vec_init(&s, &text_byte, len);
    if (len) memcpy(s.buffer, bytes, len);
    s.length = len;
    return s;
}

/* Appends through `out`'s own vtable: the caller's string may come from any library. */
static AbsRResultUnit append(const AbsRString *text, AbsRString *out) {
    abs_rvec_reserve(out, text->length);
    if (text->length) memcpy((uint8_t *)out->buffer + out->length, text->buffer, text->length);
    out->length += text->length;
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit error_debug(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&((const host_error *)err)->debug, out);
}

static AbsRResultUnit error_display(const void *err, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    return append(&((const host_error *)err)->display, out);
}

static AbsROptionDebugDisplayRef error_as_debug_display(const void *err) {
    const host_error *e = err;
    AbsROptionDebugDisplayRef r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_RSOME;
    r.some.value.debug = abs_rstring_as_rstr(&e->debug);
    r.some.value.display = abs_rstring_as_rstr(&e->display);
    return r;
}

static AbsUTypeId error_type_id(void) { return rt_type_id_error(); }

static const AbsRErrorVTable_WM error_vtable = {
    0xFull, /* debug, display, as_debug_display, type_id: all present */
    &rt_layout_error_vtable,
    { error_debug, error_display, error_as_debug_display, error_type_id },
};

ABS_RT_API void abs_error_new(AbsRBoxError *out, const uint8_t *display, size_t display_len, const uint8_t *debug, size_t debug_len) {
    host_error e = { text_of(display, display_len), text_of(debug, debug_len) };
    abs_box_init(&out->value, &host_error_type);
    memcpy(out->value.data, &e, sizeof e);
    out->vtable = &error_vtable;
}
