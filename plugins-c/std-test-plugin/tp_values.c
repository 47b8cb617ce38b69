/* tp_values.c: Value functions of the test plugin: a plugin-made sample, a deep copy of a value
 * made by anyone (maps read only through their vtables), and compact JSON with sorted keys. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "plugin.h"

static AbsValue v_null(void) { AbsValue v; memset(&v, 0, sizeof v); v.tag = ABS_VALUE_NULL; return v; }
static AbsValue v_bool(bool b) { AbsValue v = v_null(); v.boolean.tag = ABS_VALUE_BOOL; v.boolean.value = b; return v; }
static AbsValue v_i64(int64_t x) { AbsValue v = v_null(); v.i64.tag = ABS_VALUE_I64; v.i64.value = x; return v; }
static AbsValue v_u64(uint64_t x) { AbsValue v = v_null(); v.u64.tag = ABS_VALUE_U64; v.u64.value = x; return v; }
static AbsValue v_f64(double x) { AbsValue v = v_null(); v.f64.tag = ABS_VALUE_F64; v.f64.value = x; return v; }
static AbsValue v_string(AbsRString s) { AbsValue v = v_null(); v.string.tag = ABS_VALUE_STRING; v.string.value = s; return v; }

static AbsValue v_bytes(const uint8_t *p, size_t n) {
    AbsValue v = v_null();
    v.bytes.tag = ABS_VALUE_BYTES;
    abs_vec_init(&v.bytes.value, &tp_t_u8, n);
    if (n) memcpy(v.bytes.value.buffer, p, n);
    v.bytes.value.length = n;
    return v;
}

static AbsValue v_array(size_t capacity) {
    AbsValue v = v_null();
    v.array.tag = ABS_VALUE_ARRAY;
    abs_vec_init(&v.array.value, &tp_t_value, capacity);
    return v;
}

static void array_push(AbsValue *array, AbsValue item) {
    AbsRVec *vec = &array->array.value;
    abs_rvec_reserve(vec, 1);
    ABS_RVEC_AT(*vec, AbsValue, vec->length++) = item;
}

static AbsValue v_object(void) {
    AbsValue v = v_null();
    v.object.tag = ABS_VALUE_OBJECT;
    if (abs_map_new(&v.object.value, &tp_t_rstring, &tp_t_value) != ABS_RT_OK) abort();
    return v;
}

/* Inserts through the object's own vtable; a replaced value is dropped. */
static void object_insert(AbsValue *object, AbsRString key, AbsValue value) {
    AbsRHashMap *m = &object->object.value;
    TpROptValue old = ABS_MAP_VTABLE_AS(*m, TpMapStrValue).insert_elem(m->map.data, key, value);
    if (old.tag == ABS_RSOME) abs_drop_in_place(&old.some.value, tp_t_value.drop, tp_t_value.drop_len);
}

ABS_EXPORT AbsValue tp_value_sample(void) {
    static const uint8_t bytes[] = { 0, 1, 255 };
    AbsValue inner = v_object();
    object_insert(&inner, tp_rstring("k"), v_null());
    AbsValue array = v_array(3);
    array_push(&array, v_i64(1));
    array_push(&array, v_string(tp_rstring("two")));
    array_push(&array, v_array(0));
    AbsValue top = v_object();
    object_insert(&top, tp_rstring("null"), v_null());
    object_insert(&top, tp_rstring("yes"), v_bool(true));
    object_insert(&top, tp_rstring("i"), v_i64(-5));
    object_insert(&top, tp_rstring("u"), v_u64(UINT64_MAX));
    object_insert(&top, tp_rstring("f"), v_f64(1.5));
    object_insert(&top, tp_rstring("s"), v_string(tp_rstring("h\xc3\xa9llo")));
    object_insert(&top, tp_rstring("b"), v_bytes(bytes, sizeof bytes));
    object_insert(&top, tp_rstring("a"), array);
    object_insert(&top, tp_rstring("o"), inner);
    return top;
}

/* ---- deep copy ---------------------------------------------------------------------------- */

static AbsValue copy_value(const AbsValue *v);

static AbsValue copy_object(const AbsRHashMap *m) {
    AbsValue out = v_object();
    size_t n = abs_map_len(m);
    const void **keys = malloc((n ? n : 1) * sizeof *keys), **vals = malloc((n ? n : 1) * sizeof *vals);
    if (!keys || !vals) abort();
    n = abs_map_collect(m, keys, vals, n); /* iterates through the map's own vtable */
    for (size_t i = 0; i < n; i++) {
        const AbsRString *k = keys[i];
        object_insert(&out, tp_rstring_from(k->buffer, k->length), copy_value(vals[i]));
    }
    free(keys);
    free(vals);
    return out;
}

static AbsValue copy_value(const AbsValue *v) {
    switch (v->tag) {
    case ABS_VALUE_STRING: return v_string(tp_rstring_from(v->string.value.buffer, v->string.value.length));
    case ABS_VALUE_BYTES: return v_bytes(v->bytes.value.buffer, v->bytes.value.length);
    case ABS_VALUE_ARRAY: {
        AbsValue out = v_array(v->array.value.length);
        for (size_t i = 0; i < v->array.value.length; i++) array_push(&out, copy_value(&ABS_RVEC_AT(v->array.value, AbsValue, i)));
        return out;
    }
    case ABS_VALUE_OBJECT: return copy_object(&v->object.value);
    default: return *v; /* Null, Bool, I64, U64, F64 own nothing */
    }
}

ABS_EXPORT AbsValue tp_value_echo(AbsValue v) {
    AbsValue copy = copy_value(&v);
    abs_drop_in_place(&v, tp_t_value.drop, tp_t_value.drop_len); /* each part through its own vtable */
    return copy;
}

/* Moves its argument back unchanged: a host-made value comes back host-made (conversion alone). */
ABS_EXPORT AbsValue tp_value_identity(AbsValue v) { return v; }

/* Edits an Object through its own vtable and moves it back: "hits" += 1 (entry API, inserted as
 * 0 first), "drop" removed, then `extra` entries "x<i>" -> I64(i) inserted (a host-made map grows
 * out of the room it was built with). Anything else comes back unchanged. */
ABS_EXPORT AbsValue tp_value_edit(AbsValue v, uint32_t extra) {
    if (v.tag != ABS_VALUE_OBJECT) return v;
    AbsRHashMap *m = &v.object.value;
    AbsREntry e = ABS_MAP_VTABLE_AS(*m, TpMapStrValue).entry(m->map.data, tp_rstring("hits"));
    AbsValue *hits = e.tag == ABS_RENTRY_OCCUPIED
                         ? ABS_OCCUPIED_VTABLE_AS(e.occupied, TpOccStrValue).fn_into_mut_elem(e.occupied)
                         : ABS_VACANT_VTABLE_AS(e.vacant, TpVacStrValue).insert_elem(e.vacant, v_i64(0));
    if (hits->tag == ABS_VALUE_I64) hits->i64.value++;
    AbsRString view = tp_rstring_view((AbsRStr){ "drop", 4 });
    TpROptKeyValue removed = ABS_MAP_VTABLE_AS(*m, TpMapStrValue).remove_entry_p(m->map.data, &view);
    if (removed.tag == ABS_RSOME) {
        abs_rvec_drop(&removed.some.value._0);
        abs_drop_in_place(&removed.some.value._1, tp_t_value.drop, tp_t_value.drop_len);
    }
    char key[16];
    for (uint32_t i = 0; i < extra; i++) {
        snprintf(key, sizeof key, "x%u", (unsigned)i);
        object_insert(&v, tp_rstring(key), v_i64(i));
    }
    return v;
}

/* Empties an Object through its vtable's clear (every entry dropped) and moves it back. */
ABS_EXPORT AbsValue tp_value_clear(AbsValue v) {
    if (v.tag == ABS_VALUE_OBJECT) ABS_MAP_VTABLE_AS(v.object.value, TpMapStrValue).clear_map(v.object.value.map.data);
    return v;
}

/* A plugin-made RHashMap<RString, Value> of n entries: "k<i>" -> { "id": I64(i), "name": "v<i>" }. */
ABS_EXPORT AbsRHashMap tp_value_map(uint32_t n) {
    AbsValue top = v_object();
    char text[32];
    for (uint32_t i = 0; i < n; i++) {
        AbsValue entry = v_object();
        object_insert(&entry, tp_rstring("id"), v_i64(i));
        snprintf(text, sizeof text, "v%u", (unsigned)i);
        object_insert(&entry, tp_rstring("name"), v_string(tp_rstring(text)));
        snprintf(text, sizeof text, "k%u", (unsigned)i);
        object_insert(&top, tp_rstring(text), entry);
    }
    return top.object.value; /* the map moves out of the Value */
}

/* ---- JSON --------------------------------------------------------------------------------- */

static void put(AbsRString *out, const char *s) { tp_rstring_push(out, s, strlen(s)); }

/* Rust's `{}` for f64: the shortest digits that read back as the same double, written out in
 * full positional notation (never an exponent), "NaN", "inf", "-inf", "-0". */
static void put_f64(AbsRString *out, double x) {
    if (isnan(x) || isinf(x) || x == 0) {
        put(out, isnan(x) ? "NaN" : isinf(x) ? (x < 0 ? "-inf" : "inf") : signbit(x) ? "-0" : "0");
        return;
    }
    char e[40];
    for (int precision = 0; precision < 17; precision++) {
        snprintf(e, sizeof e, "%.*e", precision, x);
        if (strtod(e, NULL) == x) break;
    }
    char digits[24];
    size_t n = 0;
    const char *p = e;
    if (*p == '-') put(out, "-"), p++;
    for (; *p && *p != 'e'; p++)
        if (*p != '.') digits[n++] = *p;
    int point = atoi(p + 1) + 1; /* digits before the decimal point */
    if (point <= 0) {
        put(out, "0.");
        for (int i = 0; i < -point; i++) put(out, "0");
        tp_rstring_push(out, digits, n);
    } else if ((size_t)point >= n) {
        tp_rstring_push(out, digits, n);
        for (size_t i = n; i < (size_t)point; i++) put(out, "0");
    } else {
        tp_rstring_push(out, digits, (size_t)point);
        put(out, ".");
        tp_rstring_push(out, digits + point, n - (size_t)point);
    }
}

static void put_json_string(AbsRString *out, const char *s, size_t n) {
    put(out, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"') put(out, "\\\"");
        else if (c == '\\') put(out, "\\\\");
        else if (c < 0x20) snprintf(esc, sizeof esc, "\\u%04x", c), put(out, esc);
        else tp_rstring_push(out, (const char *)&c, 1);
    }
    put(out, "\"");
}

typedef struct kv { const AbsRString *key; const AbsValue *value; } kv;

static int by_key_bytes(const void *a, const void *b) {
    const AbsRString *x = ((const kv *)a)->key, *y = ((const kv *)b)->key;
    size_t n = x->length < y->length ? x->length : y->length;
    int c = memcmp(x->buffer, y->buffer, n);
    return c ? c : (x->length > y->length) - (x->length < y->length);
}

static void put_json(AbsRString *out, const AbsValue *v) {
    char num[32];
    switch (v->tag) {
    case ABS_VALUE_NULL: put(out, "null"); break;
    case ABS_VALUE_BOOL: put(out, v->boolean.value ? "true" : "false"); break;
    case ABS_VALUE_I64: snprintf(num, sizeof num, "%lld", (long long)v->i64.value), put(out, num); break;
    case ABS_VALUE_U64: snprintf(num, sizeof num, "%llu", (unsigned long long)v->u64.value), put(out, num); break;
    case ABS_VALUE_F64: put_f64(out, v->f64.value); break;
    case ABS_VALUE_STRING: put_json_string(out, v->string.value.buffer, v->string.value.length); break;
    case ABS_VALUE_BYTES:
        put(out, "[");
        for (size_t i = 0; i < v->bytes.value.length; i++) {
            snprintf(num, sizeof num, "%s%u", i ? "," : "", ABS_RVEC_AT(v->bytes.value, uint8_t, i));
            put(out, num);
        }
        put(out, "]");
        break;
    case ABS_VALUE_ARRAY:
        put(out, "[");
        for (size_t i = 0; i < v->array.value.length; i++) {
            if (i) put(out, ",");
            put_json(out, &ABS_RVEC_AT(v->array.value, AbsValue, i));
        }
        put(out, "]");
        break;
    case ABS_VALUE_OBJECT: {
        const AbsRHashMap *m = &v->object.value;
        size_t n = abs_map_len(m);
        kv *entries = malloc((n ? n : 1) * sizeof *entries);
        const void **keys = malloc((n ? n : 1) * sizeof *keys), **vals = malloc((n ? n : 1) * sizeof *vals);
        if (!entries || !keys || !vals) abort();
        n = abs_map_collect(m, keys, vals, n);
        for (size_t i = 0; i < n; i++) entries[i] = (kv){ keys[i], vals[i] };
        qsort(entries, n, sizeof *entries, by_key_bytes);
        put(out, "{");
        for (size_t i = 0; i < n; i++) {
            if (i) put(out, ",");
            put_json_string(out, entries[i].key->buffer, entries[i].key->length);
            put(out, ":");
            put_json(out, entries[i].value);
        }
        put(out, "}");
        free(entries);
        free(keys);
        free(vals);
        break;
    }
    default: put(out, "null"); break;
    }
}

ABS_EXPORT AbsRString tp_value_to_json(const AbsValue *v) {
    AbsRString out = tp_rstring_from("", 0);
    put_json(&out, v);
    return out;
}
