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
