/* ne_host.c: NonExhaustiveVtables the JS host makes for enum values it writes before any plugin
 * vtable is known (reference 11.A). One vtable per declaration, kept forever; every slot answers
 * from the value's own bytes through a field plan the host built from the declaration, so it runs
 * on any thread, never calls JS, and holds nothing per value: abi_stable's into_enum moves the
 * enum out without calling the vtable, which a per-value vtable would leak.
 *   drop       the enum's drop glue (the host-described type);
 *   clone      the bytes, each RString field copied into a new host string;
 *   Debug      as Rust's derive prints it (`Name { a: 1, b: "x" }`, `{:#?}` on several lines);
 *   Display    a template per variant (`add {count} of #{id}`), fields by Display;
 *   Serialize  serde_json's externally tagged form, an RString (abi_stable's RawValueBox);
 *   PartialEq  field by field (false when `other` has a discriminant the declaration lacks).
 * The slots need the vtable, found at `ne + round_up(size_of(S), 8)`: one set of slot functions
 * per offset (8 to 512). */
#include "ne_internal.h" /* first: it sets the feature macros system headers read */
#include "abs_erased.h"

#include <inttypes.h>
#include <math.h>

enum { K_INT = 1, K_FLOAT = 2, K_BOOL = 3, K_STR = 4, K_STRUCT = 5 };
enum { S_NAMED = 0, S_TUPLE = 1, S_UNIT = 2 };
enum { NODE_WORDS = 6 };

typedef struct hne_field hne_field;
typedef struct hne_node {
    uint32_t kind;
    size_t offset;           /* from the NonExhaustive's start */
    size_t size;             /* K_INT, K_FLOAT */
    bool is_signed;          /* K_INT */
    AbsRStr name;            /* K_STRUCT: the struct's or variant's name */
    uint32_t style;          /* K_STRUCT */
    size_t count;            /* K_STRUCT */
    hne_field *fields;       /* K_STRUCT */
} hne_node;
struct hne_field { AbsRStr name; hne_node node; };

typedef struct hne_variant {
    uint64_t discriminant;   /* masked to the tag's size */
    AbsRStr display;         /* the Display template, when has_display */
    bool has_display;
    hne_node node;           /* K_STRUCT named after the variant */
} hne_variant;

typedef struct hne_vtable {
    ne_vtable_wm wm;         /* first: the WM header is the vtable's address */
    ne_enum_info info;
    size_t offset;
    size_t tag_size;
    const abs_type *enum_type;
    size_t variant_count;
    hne_variant *variants;
} hne_vtable;

static const abs_type text_byte = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };

static const hne_vtable *VT(const void *ne, size_t off) { return *(const hne_vtable *const *)((const uint8_t *)ne + off); }
static const uint8_t *AT(const void *ne, size_t off) { return (const uint8_t *)ne + off; }

static uint64_t read_uint(const void *p, size_t size) {
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}
static int64_t read_int(const void *p, size_t size) {
    uint64_t v = read_uint(p, size);
    unsigned bits = (unsigned)size * 8;
    if (bits < 64 && (v >> (bits - 1)) & 1) v |= ~0ull << bits;
    return (int64_t)v;
}
static double read_float(const void *p, size_t size) {
    if (size == 4) { float f; memcpy(&f, p, 4); return f; }
    double d; memcpy(&d, p, 8); return d;
}
static const AbsRString *STR(const void *ne, const hne_node *n) { return (const AbsRString *)AT(ne, n->offset); }

static const hne_variant *variant_of(const hne_vtable *vt, const void *ne) {
    uint64_t tag = read_uint(ne, vt->tag_size);
    for (size_t k = 0; k < vt->variant_count; k++)
        if (vt->variants[k].discriminant == tag) return &vt->variants[k];
    return NULL;
}

/* ---- text ------------------------------------------------------------------------------- */

static void put(AbsRString *out, const char *p, size_t n) {
    abs_rvec_reserve(out, n);
    if (n) memcpy((uint8_t *)out->buffer + out->length, p, n);
    out->length += n;
}
static void puts_(AbsRString *out, const char *s) { put(out, s, strlen(s)); }
static void put_rstr(AbsRString *out, AbsRStr s) { put(out, s.data, s.length); }
static void put_indent(AbsRString *out, unsigned n) { for (unsigned k = 0; k < n; k++) put(out, " ", 1); }

/* The shortest text that reads back as the same float; integral values end in ".0", as Rust's. */
static void put_float(AbsRString *out, double d, size_t size, bool json) {
    char buf[40];
    if (isnan(d) || isinf(d)) {
        puts_(out, json ? "null" : isnan(d) ? "NaN" : d > 0 ? "inf" : "-inf");
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, sizeof buf, "%.*g", p, d);
        if (size == 4 ? (float)strtod(buf, NULL) == (float)d : strtod(buf, NULL) == d) break;
    }
    char *e = strchr(buf, 'e');
    if (e) { /* 1e+21 -> 1e21, 1e-07 -> 1e-7 */
        char tail[8];
        snprintf(tail, sizeof tail, "%d", atoi(e + 1) % 1000);
        strcpy(e + 1, tail);
    } else if (!strchr(buf, '.')) {
        strcat(buf, ".0");
    }
    puts_(out, buf);
}

static void put_int(AbsRString *out, const hne_node *n, const void *ne) {
    char buf[24];
    int len = n->is_signed ? snprintf(buf, sizeof buf, "%" PRId64, read_int(AT(ne, n->offset), n->size))
                           : snprintf(buf, sizeof buf, "%" PRIu64, read_uint(AT(ne, n->offset), n->size));
    put(out, buf, (size_t)len);
}

/* `s` quoted: Rust's str Debug escapes, or JSON's. */
static void put_quoted(AbsRString *out, const uint8_t *s, size_t n, bool json) {
    put(out, "\"", 1);
    for (size_t k = 0; k < n; k++) {
        uint8_t c = s[k];
        const char *esc = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
        char buf[12];
        if (!esc && c == 0 && !json) esc = "\\0";
        if (!esc && (c < 0x20 || c == 0x7f)) {
            snprintf(buf, sizeof buf, json ? "\\u%04x" : "\\u{%x}", c);
            esc = buf;
        }
        if (esc) puts_(out, esc);
        else put(out, (const char *)&c, 1);
    }
    put(out, "\"", 1);
}

static void debug_node(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent);

static void debug_struct(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent) {
    put_rstr(out, n->name);
    if (n->style == S_UNIT || n->count == 0) return;
    bool named = n->style == S_NAMED;
    puts_(out, named ? (alt ? " {\n" : " { ") : (alt ? "(\n" : "("));
    for (size_t k = 0; k < n->count; k++) {
        const hne_field *f = &n->fields[k];
        if (alt) put_indent(out, indent + 4);
        if (named) { put_rstr(out, f->name); puts_(out, ": "); }
        debug_node(out, &f->node, ne, alt, indent + 4);
        if (alt) puts_(out, ",\n");
        else if (k + 1 < n->count) puts_(out, ", ");
    }
    if (alt) put_indent(out, indent);
    puts_(out, named ? (alt ? "}" : " }") : ")");
}

static void debug_node(AbsRString *out, const hne_node *n, const void *ne, bool alt, unsigned indent) {
    switch (n->kind) {
    case K_INT: put_int(out, n, ne); break;
    case K_FLOAT: put_float(out, read_float(AT(ne, n->offset), n->size), n->size, false); break;
    case K_BOOL: puts_(out, *AT(ne, n->offset) ? "true" : "false"); break;
    case K_STR: put_quoted(out, STR(ne, n)->buffer, STR(ne, n)->length, false); break;
    default: debug_struct(out, n, ne, alt, indent); break;
    }
}

static void json_node(AbsRString *out, const hne_node *n, const void *ne) {
    switch (n->kind) {
    case K_INT: put_int(out, n, ne); return;
    case K_FLOAT: put_float(out, read_float(AT(ne, n->offset), n->size), n->size, true); return;
    case K_BOOL: puts_(out, *AT(ne, n->offset) ? "true" : "false"); return;
    case K_STR: put_quoted(out, STR(ne, n)->buffer, STR(ne, n)->length, true); return;
    default: break;
    }
    if (n->style == S_UNIT) { puts_(out, "null"); return; }
    if (n->style == S_TUPLE && n->count == 1) { json_node(out, &n->fields[0].node, ne); return; }
    bool named = n->style == S_NAMED;
    puts_(out, named ? "{" : "[");
    for (size_t k = 0; k < n->count; k++) {
        if (k) puts_(out, ",");
        if (named) { put_quoted(out, (const uint8_t *)n->fields[k].name.data, n->fields[k].name.length, true); puts_(out, ":"); }
        json_node(out, &n->fields[k].node, ne);
    }
    puts_(out, named ? "}" : "]");
}

/* serde's externally tagged enum: "Unit", {"Variant":{...}}, {"Newtype":x}, {"Tuple":[...]}. */
static void json_variant(AbsRString *out, const hne_variant *v, const void *ne) {
    if (v->node.style == S_UNIT) { put_quoted(out, (const uint8_t *)v->node.name.data, v->node.name.length, true); return; }
    puts_(out, "{");
    put_quoted(out, (const uint8_t *)v->node.name.data, v->node.name.length, true);
    puts_(out, ":");
    json_node(out, &v->node, ne);
    puts_(out, "}");
}

/* `{field}` replaced by the field's Display (strings as they are); `{{` and `}}` are braces. */
static void display_variant(AbsRString *out, const hne_variant *v, const void *ne) {
    const char *s = v->display.data, *end = s + v->display.length;
    while (s < end) {
        if ((*s == '{' || *s == '}') && s + 1 < end && s[1] == *s) { put(out, s, 1); s += 2; continue; }
        if (*s != '{') { put(out, s++, 1); continue; }
        const char *close = memchr(s, '}', (size_t)(end - s));
        if (!close) { put(out, s, (size_t)(end - s)); return; }
        size_t len = (size_t)(close - s - 1);
        for (size_t k = 0; k < v->node.count; k++) {
            const hne_field *f = &v->node.fields[k];
            if (f->name.length != len || memcmp(f->name.data, s + 1, len) != 0) continue;
            if (f->node.kind == K_STR) put(out, (const char *)STR(ne, &f->node)->buffer, STR(ne, &f->node)->length);
            else debug_node(out, &f->node, ne, false, 0);
        }
        s = close + 1;
    }
}

/* ---- slots ------------------------------------------------------------------------------ */

static void hne_drop(void *ne, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    abs_drop_in_place(ne, vt->enum_type->drop, vt->enum_type->drop_len);
}

static void clone_strings(const hne_node *n, uint8_t *dst) {
    if (n->kind == K_STR) {
        AbsRString *s = (AbsRString *)(dst + n->offset);
        AbsRString copy;
        abs_vec_init(&copy, &text_byte, s->length);
        if (s->length) memcpy(copy.buffer, s->buffer, s->length);
        copy.length = s->length;
        *s = copy;
    } else if (n->kind == K_STRUCT) {
        for (size_t k = 0; k < n->count; k++) clone_strings(&n->fields[k].node, dst);
    }
}

/* A variant the declaration lacks (a plugin wrote it in place) cannot be copied: the clone is
 * zeroed and carries the inert vtable, so it owns and drops nothing. */
static void *hne_clone(void *ret, const void *ne, const void *vtable, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    uint8_t *dst = ret;
    if (!v) {
        memset(dst, 0, off);
        *(const void **)(dst + off) = abs_inert_ne_vtable();
        return ret;
    }
    memcpy(dst, ne, off);
    clone_strings(&v->node, dst);
    *(const void **)(dst + off) = vtable;
    return ret;
}

static AbsRResultUnit unknown(AbsRString *out, const hne_vtable *vt, const void *ne) {
    char buf[48];
    int n = snprintf(buf, sizeof buf, "<unknown variant %" PRIu64 ">", read_uint(ne, vt->tag_size));
    put(out, buf, (size_t)n);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit hne_debug(const void *ne, AbsFormattingMode mode, AbsRString *out, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    if (!v) return unknown(out, vt, ne);
    debug_struct(out, &v->node, ne, mode == ABS_FMT_ALTERNATE, 0);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit hne_display(const void *ne, AbsFormattingMode mode, AbsRString *out, size_t off) {
    (void)mode;
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    if (!v) return unknown(out, vt, ne);
    if (v->has_display) display_variant(out, v, ne);
    else put_rstr(out, v->node.name);
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

/* RResult<RawValueBox, RBoxError>: the tag, then the RString at 8 (40 bytes, returned in memory). */
static void *hne_serialize(void *ret, const void *ne, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne);
    uint8_t *r = ret;
    memset(r, 0, 40);
    if (!v) {
        static const char msg[] = "this host's declaration has no such variant";
        r[0] = ABS_RERR;
        abs_error_new((AbsRBoxError *)(r + 8), (const uint8_t *)msg, sizeof msg - 1, (const uint8_t *)msg, sizeof msg - 1);
        return ret;
    }
    AbsRString json;
    abs_vec_init(&json, &text_byte, 0);
    json_variant(&json, v, ne);
    r[0] = ABS_ROK;
    memcpy(r + 8, &json, sizeof json);
    return ret;
}

static bool eq_node(const hne_node *n, const void *a, const void *b) {
    switch (n->kind) {
    case K_INT: return read_uint(AT(a, n->offset), n->size) == read_uint(AT(b, n->offset), n->size);
    case K_FLOAT: return read_float(AT(a, n->offset), n->size) == read_float(AT(b, n->offset), n->size);
    case K_BOOL: return (*AT(a, n->offset) != 0) == (*AT(b, n->offset) != 0);
    case K_STR: {
        const AbsRString *x = STR(a, n), *y = STR(b, n);
        return x->length == y->length && (x->length == 0 || memcmp(x->buffer, y->buffer, x->length) == 0);
    }
    default:
        for (size_t k = 0; k < n->count; k++)
            if (!eq_node(&n->fields[k].node, a, b)) return false;
        return true;
    }
}

static bool hne_eq(const void *ne, const void *other, size_t off) {
    const hne_vtable *vt = VT(ne, off);
    const hne_variant *v = variant_of(vt, ne), *w = variant_of(vt, other);
    return v && v == w && eq_node(&v->node, ne, other);
}

#define X(O)                                                                                              \
    static void drop_##O(void *ne) { hne_drop(ne, O); }                                                   \
    static void *clone_##O(void *r, const void *ne, const void *vt) { return hne_clone(r, ne, vt, O); }   \
    static AbsRResultUnit debug_##O(const void *ne, AbsFormattingMode m, AbsRString *out) { return hne_debug(ne, m, out, O); } \
    static AbsRResultUnit display_##O(const void *ne, AbsFormattingMode m, AbsRString *out) { return hne_display(ne, m, out, O); } \
    static void *serialize_##O(void *r, const void *ne) { return hne_serialize(r, ne, O); }              \
    static bool eq_##O(const void *ne, const void *other) { return hne_eq(ne, other, O); }
#define HNE_OFFSETS(X) X(8) X(16) X(24) X(32) X(40) X(48) X(56) X(64) X(72) X(80) X(88) X(96) X(104) X(112) X(120) X(128) X(136) X(144) X(152) X(160) X(168) X(176) X(184) X(192) X(200) X(208) X(216) X(224) X(232) X(240) X(248) X(256) X(264) X(272) X(280) X(288) X(296) X(304) X(312) X(320) X(328) X(336) X(344) X(352) X(360) X(368) X(376) X(384) X(392) X(400) X(408) X(416) X(424) X(432) X(440) X(448) X(456) X(464) X(472) X(480) X(488) X(496) X(504) X(512)
HNE_OFFSETS(X)
#undef X

typedef struct hne_slots { void (*drop)(void *); AbsFn clone, debug, display, serialize, eq; } hne_slots;
#define X(O) { drop_##O, (AbsFn)clone_##O, (AbsFn)debug_##O, (AbsFn)display_##O, (AbsFn)serialize_##O, (AbsFn)eq_##O },
static const hne_slots slot_sets[] = { HNE_OFFSETS(X) };
#undef X
enum { MAX_OFFSET = 8 * (int)(sizeof slot_sets / sizeof slot_sets[0]) };

/* ---- building a vtable from the host's plan ------------------------------------------------ */

typedef struct plan_reader { const uint64_t *w; size_t len, at; const char *strings; size_t strings_len; bool bad; } plan_reader;

static uint64_t word(plan_reader *r) {
    if (r->at >= r->len) { r->bad = true; return 0; }
    return r->w[r->at++];
}
static AbsRStr text_at(plan_reader *r, uint64_t start, uint64_t len) {
    AbsRStr s = { "", 0 };
    if (start > r->strings_len || len > r->strings_len - start) { r->bad = true; return s; }
    s.data = r->strings + start;
    s.length = len;
    return s;
}

static void read_node(plan_reader *r, hne_node *n, unsigned depth) {
    uint64_t w[NODE_WORDS];
    for (int k = 0; k < NODE_WORDS; k++) w[k] = word(r);
    memset(n, 0, sizeof *n);
    n->kind = (uint32_t)w[0];
    n->offset = w[1];
    if (n->kind == K_INT || n->kind == K_FLOAT) {
        n->size = w[2];
        n->is_signed = w[3] != 0;
        if (!(n->size == 1 || n->size == 2 || n->size == 4 || n->size == 8)) r->bad = true;
    } else if (n->kind == K_STRUCT) {
        n->name = text_at(r, w[2], w[3]);
        n->style = (uint32_t)w[4];
        n->count = w[5];
        if (depth > 16 || n->count > 256) { r->bad = true; return; }
        n->fields = n->count ? rt_alloc_forever(n->count * sizeof *n->fields, _Alignof(hne_field)) : NULL;
        for (size_t k = 0; k < n->count && !r->bad; k++) {
            uint64_t s = word(r), l = word(r);
            n->fields[k].name = text_at(r, s, l);
            read_node(r, &n->fields[k].node, depth + 1);
        }
    } else if (n->kind != K_BOOL && n->kind != K_STR) {
        r->bad = true;
    }
}

ABS_RT_API const void *abs_ne_host_vtable(const uint64_t *plan, size_t plan_len, const char *strings, size_t strings_len) {
    char *kept = rt_alloc_forever(strings_len + 1, 1);
    memcpy(kept, strings, strings_len);
    plan_reader r = { plan, plan_len, 0, kept, strings_len, false };
    hne_vtable *vt = rt_alloc_forever(sizeof *vt, _Alignof(hne_vtable));
    memset(vt, 0, sizeof *vt);
    vt->offset = word(&r);
    vt->tag_size = word(&r);
    vt->enum_type = (const abs_type *)(uintptr_t)word(&r);
    uint64_t traits = word(&r);
    vt->variant_count = word(&r);
    uint64_t ts = word(&r), tl = word(&r), ns = word(&r), nl = word(&r);
    vt->info.type_name = text_at(&r, ts, tl);
    vt->info.strings = text_at(&r, ns, nl);
    vt->info.variant_names = (uint32_t)(nl << 16);
    if (vt->offset < 8 || vt->offset > MAX_OFFSET || vt->offset % 8 || vt->variant_count > 4096 || nl > 0xffff || !vt->enum_type) return NULL;
    vt->variants = rt_alloc_forever(vt->variant_count * sizeof *vt->variants + 1, _Alignof(hne_variant));
    uint64_t mask = vt->tag_size >= 8 ? ~0ull : (1ull << (vt->tag_size * 8)) - 1;
    for (size_t k = 0; k < vt->variant_count && !r.bad; k++) {
        hne_variant *v = &vt->variants[k];
        v->discriminant = word(&r) & mask;
        uint64_t ds = word(&r), dl = word(&r);
        v->has_display = dl != UINT64_MAX;
        if (v->has_display) v->display = text_at(&r, ds, dl);
        read_node(&r, &v->node, 0);
        if (v->node.kind != K_STRUCT) r.bad = true;
    }
    if (r.bad || r.at != r.len) return NULL;
    const hne_slots *s = &slot_sets[vt->offset / 8 - 1];
    vt->wm.field_accessibility = 0x7FF;
    vt->wm.type_layout = &rt_layout_dyntrait_vtable;
    vt->wm.enum_info = &vt->info;
    vt->wm.drop = s->drop;
    /* Clone returns the NonExhaustive in memory, which needs it larger than 16 bytes. */
    if ((traits & ABS_NE_HOST_CLONE) && vt->offset > 8) vt->wm.slots[NE_CLONE] = s->clone;
    if (traits & ABS_NE_HOST_DEBUG) vt->wm.slots[NE_DEBUG] = s->debug;
    if (traits & ABS_NE_HOST_DISPLAY) vt->wm.slots[NE_DISPLAY] = s->display;
    if (traits & ABS_NE_HOST_SERIALIZE) vt->wm.slots[NE_SERIALIZE] = s->serialize;
    if (traits & ABS_NE_HOST_PARTIAL_EQ) vt->wm.slots[NE_PARTIAL_EQ] = s->eq;
    return vt;
}
