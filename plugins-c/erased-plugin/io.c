/* io.c: the io traits of DynTrait (reference 11.D; abi_stable's erased_types/c_functions.rs and
 * std_types/std_io.rs). Cursor: bytes in an RVec<u8> with a position, behind
 * DynTrait<RBox<()>, CursorInterface> (Send, Sync, IoRead, IoWrite, IoSeek, IoBufRead), behaving
 * as std's Cursor<Vec<u8>>; a write past its limit fails with an RIoError carrying a message.
 * Builder: a string behind DynTrait<RBox<()>, BuilderInterface> (Send, Sync, FmtWrite, Display)
 * that refuses NUL characters (fmt::Error). Then functions that use readers and writers they are
 * given (JS-made ones in the tests) through their vtables, passing their errors back. */
#include <pthread.h>
#include <stdio.h>

#include "erased_plugin.h"

/* RIoError { kind: RIoErrorKind (u8) @0, error: ROption<RBoxError> @8 }: 40 bytes. */
ABS_DECLARE_ROPTION(ErOptionBoxError, AbsRBoxError);
typedef struct ErIoError { uint8_t kind; ErOptionBoxError error; } ErIoError;
ABS_DECLARE_RRESULT(ErIoUsize, size_t, ErIoError);
ABS_DECLARE_RRESULT(ErIoU64, uint64_t, ErIoError);
ABS_DECLARE_RRESULT_UNIT_OK(ErIoUnit, ErIoError);
ABS_DECLARE_RRESULT(ErIoSlice, AbsRSliceU8, ErIoError);
ABS_DECLARE_RRESULT(ErIoString, AbsRString, ErIoError);
/* RSeekFrom (#[repr(u8)]): Start(u64) 0, End(i64) 1, Current(i64) 2; 16 bytes. */
typedef struct ErSeekFrom { uint8_t tag; int64_t offset; } ErSeekFrom;
ABS_DECLARE_RSLICE_MUT(ErSliceMutU8, uint8_t);

enum { KIND_OTHER = 0, KIND_INVALID_INPUT = 12, KIND_UNEXPECTED_EOF = 17 };
enum { FROM_START = 0, FROM_END = 1, FROM_CURRENT = 2 };

_Static_assert(sizeof(ErIoError) == 40 && sizeof(ErIoUsize) == 48 && sizeof(ErSeekFrom) == 16, "RIoError layouts");

static ErIoError io_error(uint8_t kind, const char *message) {
    ErIoError e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    if (!message) {
        e.error.tag = ABS_RNONE;
        return e;
    }
    e.error.some.tag = ABS_RSOME;
    char debug[160];
    int n = snprintf(debug, sizeof debug, "\"%s\"", message);
    abs_error_new(&e.error.some.value, (const uint8_t *)message, strlen(message), (const uint8_t *)debug, (size_t)n);
    return e;
}
static void io_error_drop(ErIoError *e) {
    if (e->error.tag == ABS_RSOME) abs_rbox_drop(&e->error.some.value.value);
}

/* ---- Cursor -------------------------------------------------------------------------------- */

typedef struct cursor { AbsRString bytes; size_t pos, limit; } cursor;
static const abs_drop_op drop_cursor[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
static const abs_type t_cursor = { sizeof(cursor), _Alignof(cursor), drop_cursor, 1, ABS_KEY_BYTES, 0 };

static AbsRStr cursor_type_name(void) {
    AbsRStr s = { "erased_plugin_c::Cursor", 23 };
    return s;
}
static const AbsTypeInfo cursor_info = { sizeof(cursor), _Alignof(cursor), er_no_type_id, cursor_type_name };

static cursor *C(void *obj) { return obj; }
static size_t left(const cursor *c) { return c->pos < c->bytes.length ? c->bytes.length - c->pos : 0; }
static const uint8_t *at_pos(const cursor *c) { return (const uint8_t *)c->bytes.buffer + (c->pos < c->bytes.length ? c->pos : c->bytes.length); }

static void cursor_drop_ptr(void *object) {
    atomic_fetch_sub(&er_live_objects, 1);
    abs_rbox_drop(object);
}

static ErIoUsize cursor_read(void *obj, ErSliceMutU8 buf) {
    cursor *c = C(obj);
    size_t n = left(c) < buf.length ? left(c) : buf.length;
    if (n) memcpy(buf.data, at_pos(c), n);
    c->pos += n;
    ErIoUsize r = { .ok = { ABS_ROK, n } };
    return r;
}

/* As std's Cursor: too few bytes leaves the position at the end and fails with UnexpectedEof. */
static ErIoUnit cursor_read_exact(void *obj, ErSliceMutU8 buf) {
    cursor *c = C(obj);
    ErIoUnit r;
    memset(&r, 0, sizeof r);
    if (left(c) < buf.length) {
        c->pos = c->pos > c->bytes.length ? c->pos : c->bytes.length;
        r.err.tag = ABS_RERR;
        r.err.value = io_error(KIND_UNEXPECTED_EOF, NULL);
        return r;
    }
    if (buf.length) memcpy(buf.data, at_pos(c), buf.length);
    c->pos += buf.length;
    r.tag = ABS_ROK;
    return r;
}

/* Overwrites at the position (zero-filling a gap), growing the bytes; past the limit it fails. */
static bool cursor_put(cursor *c, AbsRSliceU8 buf, ErIoError *err) {
    if (c->pos + buf.length > c->limit) {
        char msg[64];
        snprintf(msg, sizeof msg, "cursor limit of %zu bytes reached", c->limit);
        *err = io_error(KIND_INVALID_INPUT, msg);
        return false;
    }
    size_t end = c->pos + buf.length;
    if (end > c->bytes.length) {
        abs_rvec_reserve(&c->bytes, end - c->bytes.length);
        memset((uint8_t *)c->bytes.buffer + c->bytes.length, 0, end - c->bytes.length);
        c->bytes.length = end;
    }
    if (buf.length) memcpy((uint8_t *)c->bytes.buffer + c->pos, buf.data, buf.length);
    c->pos = end;
    return true;
}

static ErIoUsize cursor_write(void *obj, AbsRSliceU8 buf) {
    ErIoUsize r;
    memset(&r, 0, sizeof r);
    ErIoError e;
    if (cursor_put(C(obj), buf, &e)) {
        r.ok.tag = ABS_ROK;
        r.ok.value = buf.length;
    } else {
        r.err.tag = ABS_RERR;
        r.err.value = e;
    }
    return r;
}

static ErIoUnit cursor_write_all(void *obj, AbsRSliceU8 buf) {
    ErIoUnit r;
    memset(&r, 0, sizeof r);
    ErIoError e;
    if (cursor_put(C(obj), buf, &e)) r.tag = ABS_ROK;
    else {
        r.err.tag = ABS_RERR;
        r.err.value = e;
    }
    return r;
}

static ErIoUnit cursor_flush(void *obj) {
    (void)obj;
    ErIoUnit r = { .tag = ABS_ROK };
    return r;
}

static ErIoSlice cursor_fill_buf(void *obj) {
    cursor *c = C(obj);
    ErIoSlice r;
    memset(&r, 0, sizeof r);
    r.ok.tag = ABS_ROK;
    r.ok.value.data = at_pos(c);
    r.ok.value.length = left(c);
    return r;
}

static void cursor_consume(void *obj, size_t amount) { C(obj)->pos += amount; }

/* As std's Cursor: a position before 0 (or past u64) is InvalidInput, with no inner error. */
static ErIoU64 cursor_seek(void *obj, ErSeekFrom from) {
    cursor *c = C(obj);
    ErIoU64 r;
    memset(&r, 0, sizeof r);
    int64_t base = from.tag == FROM_START ? 0 : from.tag == FROM_END ? (int64_t)c->bytes.length : (int64_t)c->pos;
    if (from.tag == FROM_START) {
        c->pos = (size_t)(uint64_t)from.offset;
    } else if (from.offset < 0 && (uint64_t)(-from.offset) > (uint64_t)base) {
        r.err.tag = ABS_RERR;
        r.err.value = io_error(KIND_INVALID_INPUT, NULL);
        return r;
    } else {
        c->pos = (size_t)(base + from.offset);
    }
    r.ok.tag = ABS_ROK;
    r.ok.value = c->pos;
    return r;
}

#define IO_BITS (0x7ull | ER_BIT(15) | ER_BIT(16) | ER_BIT(17) | ER_BIT(18))

static const AbsDynTraitVTable_WM cursor_vtable = {
    IO_BITS, &er_dyn_vtable_layout,
    { .type_info = &cursor_info, .drop_ptr = cursor_drop_ptr, .iter = { .tag = ABS_RNONE }, .back_iter = { .tag = ABS_RNONE },
      .io_write = { .some = { ABS_RSOME, { (AbsFn)cursor_write, (AbsFn)cursor_write_all, (AbsFn)cursor_flush } } },
      .io_read = { .some = { ABS_RSOME, { (AbsFn)cursor_read, (AbsFn)cursor_read_exact } } },
      .io_bufread = { .some = { ABS_RSOME, { (AbsFn)cursor_fill_buf, (AbsFn)cursor_consume } } },
      .io_seek = (AbsFn)cursor_seek },
};

/* The same cursor with only Read: the other io bits clear and their blocks RNone. */
static const AbsDynTraitVTable_WM cursor_read_only_vtable = {
    0x7ull | ER_BIT(16), &er_dyn_vtable_layout,
    { .type_info = &cursor_info, .drop_ptr = cursor_drop_ptr, .iter = { .tag = ABS_RNONE }, .back_iter = { .tag = ABS_RNONE },
      .io_write = { .tag = ABS_RNONE },
      .io_read = { .some = { ABS_RSOME, { (AbsFn)cursor_read, (AbsFn)cursor_read_exact } } },
      .io_bufread = { .tag = ABS_RNONE } },
};

static AbsDynTrait make_cursor(AbsRStr initial, size_t limit, const AbsDynTraitVTable_WM *vt) {
    AbsDynTrait d;
    abs_box_init(&d.object, &t_cursor);
    cursor c = { er_string(initial.data, initial.length), 0, limit };
    memcpy(d.object.data, &c, sizeof c);
    d.vtable = vt;
    atomic_fetch_add(&er_live_objects, 1);
    return d;
}

ABS_EXPORT AbsDynTrait er_cursor_new(AbsRStr initial, size_t limit) { return make_cursor(initial, limit, &cursor_vtable); }
ABS_EXPORT AbsDynTrait er_cursor_read_only(AbsRStr initial) { return make_cursor(initial, 0, &cursor_read_only_vtable); }
/* Lent (RRef): the cursor's bytes. */
ABS_EXPORT AbsRString er_cursor_contents(ErDynRef d) {
    const cursor *c = d.data;
    return er_string((const char *)c->bytes.buffer, c->bytes.length);
}

/* ---- Builder ------------------------------------------------------------------------------- */

typedef struct builder { AbsRString s; } builder;
static const abs_type t_builder = { sizeof(builder), _Alignof(builder), drop_cursor, 1, ABS_KEY_BYTES, 0 };

static AbsRStr builder_type_name(void) {
    AbsRStr s = { "erased_plugin_c::Builder", 24 };
    return s;
}
static const AbsTypeInfo builder_info = { sizeof(builder), _Alignof(builder), er_no_type_id, builder_type_name };

static AbsRResultUnit builder_write_str(void *obj, AbsRStr s) {
    AbsRResultUnit r = { ABS_RERR };
    if (memchr(s.data, 0, s.length)) return r;
    er_append(&((builder *)obj)->s, s.data, s.length);
    r.tag = ABS_ROK;
    return r;
}
static AbsRResultUnit builder_display(const void *obj, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const builder *b = obj;
    er_append(out, (const char *)b->s.buffer, b->s.length);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static const AbsDynTraitVTable_WM builder_vtable = {
    0x7ull | ER_BIT(5) | ER_BIT(14), &er_dyn_vtable_layout,
    { .type_info = &builder_info, .drop_ptr = cursor_drop_ptr, .display = builder_display,
      .iter = { .tag = ABS_RNONE }, .fmt_write_str = builder_write_str, ER_NO_OTHER_TRAITS },
};

ABS_EXPORT AbsDynTrait er_builder_new(void) {
    AbsDynTrait d;
    abs_box_init(&d.object, &t_builder);
    builder b = { er_string("", 0) };
    memcpy(d.object.data, &b, sizeof b);
    d.vtable = &builder_vtable;
    atomic_fetch_add(&er_live_objects, 1);
    return d;
}

/* ---- readers and writers the plugin is given --------------------------------------------- */

typedef ErIoUsize (*ReadFn)(void *, ErSliceMutU8);
typedef ErIoUnit (*ReadExactFn)(void *, ErSliceMutU8);
typedef ErIoUsize (*WriteFn)(void *, AbsRSliceU8);
typedef ErIoUnit (*WriteAllFn)(void *, AbsRSliceU8);
typedef ErIoUnit (*FlushFn)(void *);
typedef ErIoSlice (*FillBufFn)(void *);
typedef void (*ConsumeFn)(void *, size_t);
typedef ErIoU64 (*SeekFn)(void *, ErSeekFrom);
typedef AbsRResultUnit (*WriteStrFn)(void *, AbsRStr);

static ErIoString string_ok(AbsRString s) {
    ErIoString r;
    memset(&r, 0, sizeof r);
    r.ok.tag = ABS_ROK;
    r.ok.value = s;
    return r;
}
/* Gives up: the partial text is dropped, the error moves to the caller. */
static ErIoString string_err(AbsRString *partial, ErIoError e) {
    abs_rvec_drop(partial);
    ErIoString r;
    memset(&r, 0, sizeof r);
    r.err.tag = ABS_RERR;
    r.err.value = e;
    return r;
}

/* ReaderInterface (IoRead): read_exact(head bytes), then read() 5 bytes at a time to the end; the
 * reader is dropped. An error is passed back as it came. */
ABS_EXPORT ErIoString er_io_read_all(AbsDynTrait reader, size_t head) {
    const AbsIoReadFns *f = &reader.vtable->value.io_read.some.value;
    AbsRString out = er_string("", 0);
    ErIoString r;
    uint8_t buf[64];
    ErSliceMutU8 first = { buf, head < sizeof buf ? head : sizeof buf };
    ErIoUnit exact = ((ReadExactFn)f->read_exact)(reader.object.data, first);
    if (exact.tag != ABS_ROK) {
        r = string_err(&out, exact.err.value);
        goto done;
    }
    er_append(&out, (const char *)buf, first.length);
    for (;;) {
        ErSliceMutU8 chunk = { buf, 5 };
        ErIoUsize n = ((ReadFn)f->read)(reader.object.data, chunk);
        if (n.tag != ABS_ROK) {
            r = string_err(&out, n.err.value);
            goto done;
        }
        if (n.ok.value == 0) break;
        er_append(&out, (const char *)buf, n.ok.value);
    }
    r = string_ok(out);
done:
    abs_dyntrait_drop(&reader);
    return r;
}

/* BufReaderInterface (IoBufRead): copies everything through fill_buf and consume(at most 4). */
ABS_EXPORT ErIoString er_io_buf_copy(AbsDynTrait reader) {
    const AbsIoBufReadFns *f = &reader.vtable->value.io_bufread.some.value;
    AbsRString out = er_string("", 0);
    ErIoString r;
    for (;;) {
        ErIoSlice s = ((FillBufFn)f->fill_buf)(reader.object.data);
        if (s.tag != ABS_ROK) {
            r = string_err(&out, s.err.value);
            goto done;
        }
        if (s.ok.value.length == 0) break;
        size_t k = s.ok.value.length < 4 ? s.ok.value.length : 4;
        er_append(&out, (const char *)s.ok.value.data, k);
        ((ConsumeFn)f->consume)(reader.object.data, k);
    }
    r = string_ok(out);
done:
    abs_dyntrait_drop(&reader);
    return r;
}

/* WriterInterface (IoWrite): write(msg) once, write_all(the rest), flush; the bytes written. */
ABS_EXPORT ErIoUsize er_io_write_message(AbsDynTrait writer, AbsRStr msg) {
    const AbsIoWriteFns *f = &writer.vtable->value.io_write.some.value;
    AbsRSliceU8 all = { (const uint8_t *)msg.data, msg.length };
    ErIoUsize r = ((WriteFn)f->write)(writer.object.data, all);
    if (r.tag == ABS_ROK) {
        AbsRSliceU8 rest = { all.data + r.ok.value, all.length - r.ok.value };
        ErIoUnit w = ((WriteAllFn)f->write_all)(writer.object.data, rest);
        if (w.tag == ABS_ROK) w = ((FlushFn)f->flush)(writer.object.data);
        if (w.tag != ABS_ROK) {
            r.err.tag = ABS_RERR;
            r.err.value = w.err.value;
        } else {
            r.ok.value = msg.length;
        }
    }
    abs_dyntrait_drop(&writer);
    return r;
}

/* The same, but the plugin reports the error itself: "wrote N" or "error <kind>: <Display>", the
 * error dropped here through its own vtable. */
ABS_EXPORT AbsRString er_io_try_write(AbsDynTrait writer, AbsRStr msg) {
    ErIoUsize r = er_io_write_message(writer, msg);
    char text[64];
    if (r.tag == ABS_ROK) {
        int n = snprintf(text, sizeof text, "wrote %zu", r.ok.value);
        return er_string(text, (size_t)n);
    }
    int n = snprintf(text, sizeof text, "error %u: ", r.err.value.kind);
    AbsRString out = er_string(text, (size_t)n);
    if (r.err.value.error.tag == ABS_RSOME) {
        AbsRBoxError *e = &r.err.value.error.some.value;
        e->vtable->value.display(e->value.data, ABS_FMT_DEFAULT, &out);
    }
    io_error_drop(&r.err.value);
    return out;
}

static bool seek_read(AbsDynTrait *d, ErSeekFrom from, size_t n, AbsRString *out, ErIoError *err) {
    ErIoU64 p = ((SeekFn)d->vtable->value.io_seek)(d->object.data, from);
    if (p.tag != ABS_ROK) {
        *err = p.err.value;
        return false;
    }
    uint8_t buf[16];
    ErSliceMutU8 s = { buf, n };
    ErIoUnit r = ((ReadExactFn)d->vtable->value.io_read.some.value.read_exact)(d->object.data, s);
    if (r.tag != ABS_ROK) {
        *err = r.err.value;
        return false;
    }
    char text[32];
    int k = snprintf(text, sizeof text, "%s%llu:", out->length ? " " : "", (unsigned long long)p.ok.value);
    er_append(out, text, (size_t)k);
    er_append(out, (const char *)buf, n);
    return true;
}

/* SeekInterface (IoRead, IoSeek): "<pos>:<bytes>" after seeking End(-3) and reading 3, Start(1)
 * and reading 2, Current(-1) and reading 1; an error is passed back. */
ABS_EXPORT ErIoString er_io_seek_read(AbsDynTrait d) {
    AbsRString out = er_string("", 0);
    ErIoError e;
    ErSeekFrom end = { FROM_END, -3 }, start = { FROM_START, 1 }, back = { FROM_CURRENT, -1 };
    ErIoString r = seek_read(&d, end, 3, &out, &e) && seek_read(&d, start, 2, &out, &e) && seek_read(&d, back, 1, &out, &e)
                       ? string_ok(out)
                       : string_err(&out, e);
    abs_dyntrait_drop(&d);
    return r;
}

/* FmtWriteInterface: writes "hello, <name>!" in three pieces; false at the first fmt::Error. */
ABS_EXPORT bool er_fmt_greet(AbsDynTrait w, AbsRStr name) {
    WriteStrFn f = (WriteStrFn)w.vtable->value.fmt_write_str;
    AbsRStr parts[3] = { { "hello, ", 7 }, name, { "!", 1 } };
    bool ok = true;
    for (int k = 0; k < 3 && ok; k++) ok = f(w.object.data, parts[k]).tag == ABS_ROK;
    abs_dyntrait_drop(&w);
    return ok;
}

/* ReaderInterface: one read() of 4 bytes on a thread of the plugin's own, which then drops the
 * reader: what the read gave. */
typedef struct read_job { AbsDynTrait d; ErIoUsize r; } read_job;
static void *read_thread(void *arg) {
    read_job *j = arg;
    uint8_t buf[4];
    ErSliceMutU8 s = { buf, sizeof buf };
    j->r = ((ReadFn)j->d.vtable->value.io_read.some.value.read)(j->d.object.data, s);
    abs_dyntrait_drop(&j->d);
    return NULL;
}
ABS_EXPORT ErIoUsize er_io_read_on_thread(AbsDynTrait reader) {
    read_job j;
    memset(&j, 0, sizeof j);
    j.d = reader;
    pthread_t t;
    pthread_create(&t, NULL, read_thread, &j);
    pthread_join(t, NULL);
    return j.r;
}
