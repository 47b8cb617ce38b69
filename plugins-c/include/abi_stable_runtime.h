/* abi_stable_runtime.h: the native runtime for C plugins that make or receive owned values (RString,
 * RVec, RHashMap, RBox, Value, trait objects) or channels (RSender/RReceiver): its API
 * (src/native/abs_runtime.h, abs_rchannel.h), ready-made type records of the std types and
 * helpers. Compile abi_stable_runtime.c (beside this file) into the plugin; everything in it is
 * hidden, so the plugin exports only its own symbols and its values carry its own vtables.
 * Guide: docs/guides/c-plugin.md. */
/* GENERATED from src/native/abs_runtime.h by src/codegen/runtime-kit.ts: do not edit; regenerate with
 * `npx tsx src/codegen/runtime-kit.ts` in the abi-stable repository. */
#ifndef ABI_STABLE_RUNTIME_H
#define ABI_STABLE_RUNTIME_H

#include <string.h>

#include "abi_stable.h"

/* A plugin's runtime copy is private to it (the host exports its own from libabi_stable_rt). */
#ifndef ABS_RT_API
#if defined(__GNUC__) && !defined(_WIN32)
#define ABS_RT_API __attribute__((visibility("hidden")))
#else
#define ABS_RT_API
#endif
#endif

/* Records in headers that a plugin may not use. */
#ifndef ABS_UNUSED
#if defined(__GNUC__)
#define ABS_UNUSED __attribute__((unused))
#else
#define ABS_UNUSED
#endif
#endif

/* ---- src/native/abs_runtime.h ---------------------------------------------------------- */
/* abs_runtime.h: the C runtime behind values the JS host makes (host vtables for RVec, RBox,
 * RHashMap, drop glue, counted allocation). Plain C11 + pthreads, never calls JS, every entry
 * point is safe from any thread. C plugins compile the same sources in, with their own identity. */
#ifndef ABS_RUNTIME_H
#define ABS_RUNTIME_H

#include "abi_stable.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The host library exports these; a plugin that compiles the runtime in builds with
 * -DABS_RT_API= -fvisibility=hidden so its private copy never clashes with the host's. */
#ifndef ABS_RT_API
#define ABS_RT_API ABS_EXPORT
#endif

/* ---- type descriptions (built once per type by the host, kept forever) ------------------ */

enum {
    ABS_DROP_RVEC = 1,      /* RVec/RString at offset: its own vtable's destructor(&header) */
    ABS_DROP_RBOX = 2,      /* RBox at offset: vtable->destructor(data, 0, 1) */
    ABS_DROP_RHASHMAP = 3,  /* RHashMap at offset: map.vtable->destructor(map.data, 0, 1) */
    ABS_DROP_RARC = 4,      /* RArc at offset: vtable->destructor(data, 0) */
    ABS_DROP_ENUM = 5,      /* if the tag_size-byte tag at offset == tag_value: run ops (same base) */
    ABS_DROP_ARRAY = 6,     /* count elements of stride bytes at offset: run ops on each */
    ABS_DROP_ROBJECT = 7,   /* sabi RObject at offset: RObjectVtable._sabi_drop(&obj.ptr) */
    ABS_DROP_DYNTRAIT = 8,  /* DynTrait at offset: vtable->drop_ptr(&obj) */
    ABS_DROP_FFIFUTURE = 9, /* async-ffi future at offset: drop_fn(fut_ptr) */
    ABS_DROP_NONEXHAUSTIVE = 10 /* NonExhaustive at offset, vtable at offset+stride: _sabi_drop(&ne) */
};

typedef struct abs_drop_op {
    uint32_t kind;
    uint32_t tag_size;      /* ABS_DROP_ENUM: 1, 2, 4 or 8 */
    uint64_t tag_value;     /* ABS_DROP_ENUM */
    size_t offset;
    size_t count;           /* ABS_DROP_ARRAY */
    size_t stride;          /* ABS_DROP_ARRAY */
    const struct abs_drop_op *ops; /* ABS_DROP_ENUM / ABS_DROP_ARRAY */
    size_t len;
} abs_drop_op;

enum {
    ABS_KEY_BYTES = 0, /* equal = same bytes; Rust hash stream = the bytes (integer keys) */
    ABS_KEY_STR = 1    /* an RString: equal = same content; hash stream = content, then 0xFF */
};

typedef struct abs_type {
    size_t size;
    size_t align;
    const abs_drop_op *drop; /* drop glue; NULL/0 for plain data */
    size_t drop_len;
    uint32_t key_kind;       /* ABS_KEY_* when used as a map key */
    /* How a map key/value travels by value in registers (x86-64): bit i set when bytes
     * [4i, 4i+4) hold only f32/f64 data or padding. 0 for every type without floats. */
    uint32_t float_units;
} abs_type;

/* ---- allocation ------------------------------------------------------------------------- */

ABS_RT_API void *abs_alloc(size_t size, size_t align);
ABS_RT_API void abs_dealloc(void *p, size_t size, size_t align);
/* Blocks allocated by this runtime copy and not yet freed (vtables, kept forever, excluded). */
ABS_RT_API int64_t abs_live_allocations(void);

/* ---- drop glue -------------------------------------------------------------------------- */

/* Drops the value at `value` with its glue, each part through its own vtable. */
ABS_RT_API void abs_drop_in_place(void *value, const abs_drop_op *ops, size_t len);

/* ---- RVec / RString ----------------------------------------------------------------------- */

/* The VecVTable_Ref for elements of type `elem` (the same pointer for the same `elem`). */
ABS_RT_API const void *abs_vec_vtable(const abs_type *elem);
/* An empty vector with room for `capacity` elements (a dangling aligned buffer for 0). */
ABS_RT_API void abs_vec_init(AbsRVec *out, const abs_type *elem, size_t capacity);

/* ---- RBox ----------------------------------------------------------------------------------- */

/* The BoxVtable_Ref for boxes made by abs_box_init. */
ABS_RT_API const void *abs_box_vtable(const abs_type *t);
/* A box with uninitialised room for one `t`: write the value at out->data. Its storage carries
 * `t` (the box destructor receives only the data pointer, so the type must travel with it). */
ABS_RT_API void abs_box_init(AbsRBox *out, const abs_type *t);

/* ---- RBoxError ----------------------------------------------------------------------------- */

/* A host-made RBoxError (reference 1.13, 11.E) whose Display and Debug are the given UTF-8 texts
 * (copied): its box and RErrorVTable are this runtime's, immutable, so any thread may format it
 * (as_debug_display answers RSome with both texts) and drop it, once. */
ABS_RT_API void abs_error_new(AbsRBoxError *out, const uint8_t *display, size_t display_len, const uint8_t *debug, size_t debug_len);

/* ---- RHashMap ------------------------------------------------------------------------------- */

enum { ABS_RT_OK = 0, ABS_RT_UNSUPPORTED = -1 };

/* A new empty host map of `key` -> `value`, in insertion order. Returns ABS_RT_UNSUPPORTED (and
 * zeroes `out`) where by-value keys/values cannot be handled: on targets other than x86-64 SysV,
 * for alignment > 8, or when key + value passed on the stack exceed 256 bytes. */
ABS_RT_API int abs_map_new(AbsRHashMap *out, const abs_type *key, const abs_type *value);

/* Helpers for ANY RHashMap (host- or plugin-made), going only through the map's own vtables. */
ABS_RT_API size_t abs_map_len(const AbsRHashMap *m);
/* Writes up to `cap` key/value pointers (valid until the map is mutated); returns how many. */
ABS_RT_API size_t abs_map_collect(const AbsRHashMap *m, const void **keys, const void **values,
                                  size_t cap);
/* Moves `key` and `value` (bytes of `key_type` / `value_type`) into the map; writes the
 * ROption<V> of the previous value to `old_out`. Returns ABS_RT_UNSUPPORTED where
 * abs_map_new would. */
ABS_RT_API int abs_map_insert(AbsRHashMap *m, const abs_type *key_type, const abs_type *value_type,
                              void *key, void *value, void *old_out);

#ifdef __cplusplus
}
#endif

#endif /* ABS_RUNTIME_H */

/* ---- src/native/abs_rchannel.h ------------------------------------------------------------ */
/* abs_rchannel.h: the runtime's channel behind abi_stable's RSender<T> / RReceiver<T>
 * (external_types::crossbeam_channel, reference 11.C): each end is 24 bytes, `{ RBox<ErasedSender>
 * channel, VTable<T> *vtable }`, and the 16 vtable slots follow crossbeam's semantics (send blocks
 * while full, recv while empty; the last end of one side disconnects the other). Every slot is
 * thread-safe. The host never blocks: it uses try_send / try_recv, and asks to be woken through the
 * async wake-up queue (async_wake.c) when a value or the end arrives. */
#ifndef ABS_RCHANNEL_H
#define ABS_RCHANNEL_H


#ifdef __cplusplus
extern "C" {
#endif

/* RSender<T> / RReceiver<T>. */
typedef struct AbsRChannelEnd {
    AbsRBox channel;
    const void *vtable;
} AbsRChannelEnd;

/* A channel of `type` values (no floats, alignment at most 8), `capacity` 0 for unbounded.
 * `wake_id` is what the host reads back when woken (0: never woken). Writes both ends. */
ABS_RT_API int abs_rchannel_new(const abs_type *type, size_t capacity, uint64_t wake_id,
                                AbsRChannelEnd *sender, AbsRChannelEnd *receiver);
/* The host waits on the receiver end whose RBox data is `chan`: returns 1 when a value or the end
 * is there now (do not wait), else 0 and the channel wakes `wake_id` once when one arrives. */
ABS_RT_API int abs_rchannel_watch(void *chan);
/* The box vtable of receiver ends this copy of the runtime made (host channels are watchable). */
ABS_RT_API const void *abs_rchannel_receiver_box_vtable(void);
/* Channels alive now (tests: every end was dropped). */
ABS_RT_API int64_t abs_rchannels_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_RCHANNEL_H */

/* ---- for plugins ------------------------------------------------------------------------ */

/* abs_type records of the std types, named abs_type_<Rust name>: pass them to abs_vec_init,
 * abs_box_init, abs_map_new, abs_drop. A header from `abi-stable header` adds the records of its
 * interface's own types. The drop offsets are those of 64-bit targets. */
static const abs_type abs_type_u8 ABS_UNUSED = { sizeof(uint8_t), _Alignof(uint8_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_u16 ABS_UNUSED = { sizeof(uint16_t), _Alignof(uint16_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_u32 ABS_UNUSED = { sizeof(uint32_t), _Alignof(uint32_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_u64 ABS_UNUSED = { sizeof(uint64_t), _Alignof(uint64_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_i8 ABS_UNUSED = { sizeof(int8_t), _Alignof(int8_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_i16 ABS_UNUSED = { sizeof(int16_t), _Alignof(int16_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_i32 ABS_UNUSED = { sizeof(int32_t), _Alignof(int32_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_i64 ABS_UNUSED = { sizeof(int64_t), _Alignof(int64_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_usize ABS_UNUSED = { sizeof(size_t), _Alignof(size_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_isize ABS_UNUSED = { sizeof(ptrdiff_t), _Alignof(ptrdiff_t), NULL, 0, ABS_KEY_BYTES, 0 };
static const abs_type abs_type_f32 ABS_UNUSED = { sizeof(float), _Alignof(float), NULL, 0, ABS_KEY_BYTES, 0x1u };
static const abs_type abs_type_f64 ABS_UNUSED = { sizeof(double), _Alignof(double), NULL, 0, ABS_KEY_BYTES, 0x3u };
static const abs_type abs_type_bool ABS_UNUSED = { sizeof(bool), _Alignof(bool), NULL, 0, ABS_KEY_BYTES, 0 };
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
static const abs_drop_op abs_drop_RString[] ABS_UNUSED = {
    { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 },
};
static const abs_type abs_type_RString ABS_UNUSED = { sizeof(AbsRString), _Alignof(AbsRString), abs_drop_RString, 1, ABS_KEY_STR, 0 };
static const abs_drop_op abs_drop_Value_1[] ABS_UNUSED = {
    { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 },
};
static const abs_drop_op abs_drop_Value_2[] ABS_UNUSED = {
    { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 },
};
static const abs_drop_op abs_drop_Value_3[] ABS_UNUSED = {
    { ABS_DROP_RVEC, 0, 0, 8, 0, 0, NULL, 0 },
};
static const abs_drop_op abs_drop_Value_4[] ABS_UNUSED = {
    { ABS_DROP_RHASHMAP, 0, 0, 8, 0, 0, NULL, 0 },
};
static const abs_drop_op abs_drop_Value[] ABS_UNUSED = {
    { ABS_DROP_ENUM, 1, 5u, 0, 0, 0, abs_drop_Value_1, 1 },
    { ABS_DROP_ENUM, 1, 6u, 0, 0, 0, abs_drop_Value_2, 1 },
    { ABS_DROP_ENUM, 1, 7u, 0, 0, 0, abs_drop_Value_3, 1 },
    { ABS_DROP_ENUM, 1, 8u, 0, 0, 0, abs_drop_Value_4, 1 },
};
static const abs_type abs_type_Value ABS_UNUSED = { sizeof(AbsValue), _Alignof(AbsValue), abs_drop_Value, 4, ABS_KEY_BYTES, 0x2u };
static const abs_type abs_type_RStr ABS_UNUSED = { sizeof(AbsRStr), _Alignof(AbsRStr), NULL, 0, ABS_KEY_BYTES, 0 };
#endif

/* ---- building and dropping owned values --------------------------------------------------
 * Whoever receives an owned value (an RString/RVec/RHashMap/RBox/Value/trait object argument, or
 * a return value from another library) drops it once, or hands it on: abs_rvec_drop,
 * abs_rhashmap_drop, abs_rbox_drop, abs_robject_drop (abi_stable.h), or abs_drop with its record.
 * Values made here carry this plugin's vtables: whoever drops them frees them here. */

/* Drops the value at `value` (of the type `type` describes), each part through its own vtable. */
static inline void abs_drop(void *value, const abs_type *type) {
    if (type->drop_len) abs_drop_in_place(value, type->drop, type->drop_len);
}

/* A new RString holding a copy of `length` bytes of UTF-8 at `data` (not checked). */
static inline AbsRString abs_rstring_new(const char *data, size_t length) {
    AbsRString s;
    abs_vec_init(&s, &abs_type_u8, length);
    if (length) memcpy(s.buffer, data, length);
    s.length = length;
    return s;
}
static inline AbsRString abs_rstring_from_cstr(const char *text) { return abs_rstring_new(text, strlen(text)); }
static inline AbsRString abs_rstring_from_rstr(AbsRStr text) { return abs_rstring_new(text.data, text.length); }

/* Appends bytes to any RString (made here, by the host or by another plugin), growing it through
 * its own vtable. */
static inline void abs_rstring_push(AbsRString *s, const char *data, size_t length) {
    abs_rvec_reserve(s, length);
    if (length) memcpy((char *)s->buffer + s->length, data, length);
    s->length += length;
}
static inline void abs_rstring_push_cstr(AbsRString *s, const char *text) { abs_rstring_push(s, text, strlen(text)); }

/* A new empty RVec of elements described by `elem`, with room for `capacity` of them. */
static inline AbsRVec abs_rvec_new(const abs_type *elem, size_t capacity) {
    AbsRVec v;
    abs_vec_init(&v, elem, capacity);
    return v;
}
/* Moves `size` bytes at `elem` (one element) to the end of any RVec, growing it through its own
 * vtable. ABS_RVEC_PUSH(&vec, T, value) does the same for a value of element type T. */
static inline void abs_rvec_push(AbsRVec *v, const void *elem, size_t size) {
    abs_rvec_reserve(v, 1);
    if (size) memcpy((unsigned char *)v->buffer + v->length * size, elem, size);
    v->length++;
}
#define ABS_RVEC_PUSH(vec_ptr, T, value)                                                        \
    do {                                                                                        \
        T abs__pushed = (value);                                                                \
        abs_rvec_push((vec_ptr), &abs__pushed, sizeof abs__pushed);                             \
    } while (0)

/* A new RBox owning a copy of the `type->size` bytes at `value` (moved in). */
static inline AbsRBox abs_rbox_new(const abs_type *type, const void *value) {
    AbsRBox b;
    abs_box_init(&b, type);
    if (type->size) memcpy(b.data, value, type->size);
    return b;
}

/* Trait objects (Name_TO). abs_robject_new moves the `type->size` bytes at `state` into a box
 * of this runtime, behind `vtable`: a Name_VTable_WM from the generated header whose
 * _sabi_vtable is &abs_robject_vtable_boxed (or another RObjectVtable whose _sabi_drop ends with
 * abs_rbox_drop on the object's box):
 *   ABS_DEFINE_TYPE_LAYOUT(counter_layout, "VTable", "my_plugin;1.0.0", 0);
 *   static const Counter_VTable_WM counter_vtable = {
 *       Counter_VTable_ALL_FIELDS, &counter_layout, { &abs_robject_vtable_boxed, counter_get, ... } };
 *   AbsRObject o = abs_robject_new(&counter_vtable, &my_state_type, &state);
 * Methods receive the box's data (the state) as their first argument. */
static inline AbsRObject abs_robject_new(const void *vtable, const abs_type *type, const void *state) {
    AbsRObject o;
    o.vtable = (const AbsTraitVTableBase_WM *)vtable;
    o.ptr = abs_rbox_new(type, state);
    return o;
}
/* The RObjectVtable of objects made by abs_robject_new: no downcasting, no Clone, Debug or
 * Display; dropping the object drops its box, and the state in it through the state's record. */
static inline AbsMaybeCmpUTypeId abs__robject_type_id(void) {
    AbsMaybeCmpUTypeId r;
    memset(&r, 0, sizeof r);
    r.tag = ABS_NOTHING;
    return r;
}
static inline void abs__robject_drop(void *ptr_field) { abs_rbox_drop((AbsRBox *)ptr_field); }
ABS_DEFINE_TYPE_LAYOUT(abs__robject_vtable_layout, "RObjectVtable", "abi_stable;0.11.3", 6);
static const AbsRObjectVtable_WM abs_robject_vtable_boxed ABS_UNUSED = {
    ABS_ROBJECT_VTABLE_BITS, &abs__robject_vtable_layout, { abs__robject_type_id, abs__robject_drop, NULL, NULL, NULL } };

/* Records of a plugin's own types (the state behind a trait object, a boxed struct):
 *   static const abs_drop_op my_drop[] = { ABS_DROP_OP(ABS_DROP_RVEC, offsetof(My, name)) };
 *   static const abs_type my_type = ABS_TYPE_WITH_DROP(My, my_drop);
 * ABS_DROP_OP takes ABS_DROP_RVEC (RVec, RString), ABS_DROP_RBOX, ABS_DROP_RHASHMAP,
 * ABS_DROP_ROBJECT (a trait object), ABS_DROP_FFIFUTURE at a field's offset. */
#define ABS_DROP_OP(kind, offset) { (kind), 0, 0, (offset), 0, 0, NULL, 0 }
#define ABS_TYPE_PLAIN(T) { sizeof(T), _Alignof(T), NULL, 0, ABS_KEY_BYTES, 0 }
#define ABS_TYPE_WITH_DROP(T, ops) { sizeof(T), _Alignof(T), (ops), sizeof(ops) / sizeof((ops)[0]), ABS_KEY_BYTES, 0 }

#endif /* ABI_STABLE_RUNTIME_H */
