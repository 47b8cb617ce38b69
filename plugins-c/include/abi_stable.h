/* abi_stable.h: C11 mirror of the binary layouts of Rust's abi_stable 0.11 (std types, prefix
 * types, trait objects), for plugin authors who write abi_stable-compatible libraries in C.
 * Dependency-free: only <stdint.h>, <stddef.h>, <stdbool.h>. Layout facts: docs/abi-reference.md.
 * Making and dropping owned values (RString, RVec, RHashMap, RBox, Value, trait objects):
 * abi_stable_runtime.h and abi_stable_runtime.c beside this file (docs/guides/c-plugin.md). */
#ifndef ABI_STABLE_H
#define ABI_STABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------------------------
 * Conventions
 *
 * - Every abi_stable enum with data is `#[repr(u8)]`: a union of per-variant structs that each
 *   start with the tag, so each payload is aligned on its own (RResult<u8,u64>: Ok@1, Err@8).
 *   The ABS_DECLARE_* macros below produce exactly that shape; never write `tag + union`.
 * - Generic types are declared per instantiation with macros (C has no generics).
 * - Function slots whose signature depends on a type parameter passed BY VALUE (e.g. the map's
 *   `insert_elem(map, K, V)`) are typed `AbsFn` in the generic structs; cast the pointer VALUE to
 *   the exact prototype before calling, or view the whole vtable through a typed struct from
 *   ABS_DECLARE_*_VTABLE with its Name##_of copy (never through a cast struct pointer).
 * - `*_Ref` types point at the WithMetadata header of a prefix type, not at its first field.
 * ---------------------------------------------------------------------------------------- */

/* A function pointer of unspecified signature: cast to the real prototype before calling. */
typedef void (*AbsFn)(void);

/* Symbol visibility for a plugin's exported functions. C11 has no way to say this, so the
 * compiler's own extension is used where there is one. */
#if defined(_WIN32)
#define ABS_EXPORT __declspec(dllexport)
#elif defined(__GNUC__)
#define ABS_EXPORT __attribute__((visibility("default")))
#else
#define ABS_EXPORT
#endif

/* ---- discriminants (reference 0.4; the error-prone numbers) ---------------------------- */
enum { ABS_RSOME = 0, ABS_RNONE = 1 };
enum { ABS_ROK = 0, ABS_RERR = 1 };
enum { ABS_JUST = 0, ABS_NOTHING = 1 };
enum { ABS_LESS = 0, ABS_EQUAL = 1, ABS_GREATER = 2 };
enum { ABS_RCOW_BORROWED = 0, ABS_RCOW_OWNED = 1 };
enum { ABS_RENTRY_OCCUPIED = 0, ABS_RENTRY_VACANT = 1 };
enum { ABS_CALL_REFERENT_DROP_YES = 0, ABS_CALL_REFERENT_DROP_NO = 1 };
enum { ABS_DEALLOCATE_NO = 0, ABS_DEALLOCATE_YES = 1 };
enum { ABS_EXACT = 0, ABS_ABOVE = 1 };
enum { ABS_FMT_DEFAULT = 0, ABS_FMT_ALTERNATE = 1 };

typedef uint8_t AbsRCmpOrdering;     /* #[repr(u8)] Less/Equal/Greater = 0/1/2 */
typedef uint8_t AbsCallReferentDrop; /* #[repr(u8)] Yes = 0, No = 1 */
typedef uint8_t AbsDeallocate;       /* #[repr(u8)] No = 0, Yes = 1 */
typedef uint8_t AbsFormattingMode;   /* #[repr(u8)] Default_ = 0, Alternate = 1 */
typedef int32_t AbsExactness;        /* #[repr(C)] field-less enum: a C int */

/* ---- generic declaration macros ---------------------------------------------------------- */

/* ROption<T> (#[repr(u8)]): RSome = 0 carries `some.value`, RNone = 1 is the tag alone. */
#define ABS_DECLARE_ROPTION(Name, T)                                                            \
    typedef union Name {                                                                        \
        uint8_t tag;                                                                            \
        struct { uint8_t tag; T value; } some;                                                  \
    } Name
/* RResult<T, E> (#[repr(u8)]): each variant's payload aligned on its own. */
#define ABS_DECLARE_RRESULT(Name, T, E)                                                         \
    typedef union Name {                                                                        \
        uint8_t tag;                                                                            \
        struct { uint8_t tag; T value; } ok;                                                    \
        struct { uint8_t tag; E value; } err;                                                   \
    } Name
/* RResult<(), E> and RResult<T, ()>: C has no zero-sized members, so the unit side is the tag. */
#define ABS_DECLARE_RRESULT_UNIT_OK(Name, E)                                                    \
    typedef union Name {                                                                        \
        uint8_t tag;                                                                            \
        struct { uint8_t tag; E value; } err;                                                   \
    } Name
#define ABS_DECLARE_RRESULT_UNIT_ERR(Name, T)                                                   \
    typedef union Name {                                                                        \
        uint8_t tag;                                                                            \
        struct { uint8_t tag; T value; } ok;                                                    \
    } Name
/* RResult<(), ()>: one byte. */
typedef struct AbsRResultUnit { uint8_t tag; } AbsRResultUnit;

/* Tuple1..Tuple4: plain #[repr(C)] structs; fields `_0`.. as Rust's `.0`.. */
#define ABS_DECLARE_TUPLE1(Name, A) typedef struct Name { A _0; } Name
#define ABS_DECLARE_TUPLE2(Name, A, B) typedef struct Name { A _0; B _1; } Name
#define ABS_DECLARE_TUPLE3(Name, A, B, C) typedef struct Name { A _0; B _1; C _2; } Name
#define ABS_DECLARE_TUPLE4(Name, A, B, C, D) typedef struct Name { A _0; B _1; C _2; D _3; } Name

/* RCow<B, O> (#[repr(C)] enum): a 4-byte C-int tag, then a union aligned to max(B, O). */
#define ABS_DECLARE_RCOW(Name, B, O)                                                            \
    typedef struct Name {                                                                       \
        uint32_t tag;                                                                           \
        union { B borrowed; O owned; };                                                         \
    } Name

/* Compound literals for the enums above. */
#define ABS_SOME(Name, v) ((Name){ .some = { ABS_RSOME, (v) } })
#define ABS_NONE(Name) ((Name){ .tag = ABS_RNONE })
#define ABS_OK(Name, v) ((Name){ .ok = { ABS_ROK, (v) } })
#define ABS_ERR(Name, e) ((Name){ .err = { ABS_RERR, (e) } })

/* Typed views of generic vtables. A typed struct (ABS_DECLARE_MAP_VTABLE etc.) has the same
 * layout as the generic one but other member types, so reading through a cast pointer would
 * break C's aliasing rules (and does break with -O3/LTO); Name##_of copies the bytes instead,
 * which the compiler folds into the single load actually used. */
#define ABS_DEFINE_VIEW_FN(Name)                                                                \
    static inline Name Name##_of(const void *generic) {                                         \
        Name v;                                                                                 \
        const unsigned char *s = (const unsigned char *)generic;                                \
        unsigned char *d = (unsigned char *)&v;                                                 \
        for (size_t i = 0; i < sizeof v; i++) d[i] = s[i];                                      \
        return v;                                                                               \
    }

/* ---- prefix types (reference 2) ---------------------------------------------------------- */

typedef struct AbsPTStructLayout AbsPTStructLayout;

/* The header at the address every `*_Ref` points to. Read bit i of field_accessibility as a full
 * u64 before touching field i past `last_prefix_field`. */
typedef struct AbsPrefixHeader {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
} AbsPrefixHeader;

/* WithMetadata_<T>: the header fields laid out flat before the value (not a nested header
 * struct), so the value starts at round_up(8 + P, align(T)): 16 on 64-bit, 12 on i686 for
 * pointer-only structs, 16 for 16-aligned ones. */
#define ABS_WITH_METADATA(T)                                                                    \
    struct {                                                                                    \
        uint64_t field_accessibility;                                                           \
        const AbsPTStructLayout *type_layout;                                                   \
        T value;                                                                                \
    }
#define ABS_DECLARE_WITH_METADATA(Name, T)                                                      \
    struct Name {                                                                               \
        uint64_t field_accessibility;                                                           \
        const AbsPTStructLayout *type_layout;                                                   \
        T value;                                                                                \
    }

/* Whether field `index` of the prefix value behind `ref` is present (bit set by its creator). */
static inline bool abs_prefix_has_field(const void *ref, unsigned index) {
    return index < 64 && ((((const AbsPrefixHeader *)ref)->field_accessibility >> index) & 1u) != 0;
}

/* ---- slices and strings (reference 1.1) ------------------------------------------------- */

/* RSlice<'a, T> / RSliceMut<'a, T>: data is never NULL (use an aligned dangling pointer). */
#define ABS_DECLARE_RSLICE(Name, T) typedef struct Name { const T *data; size_t length; } Name
#define ABS_DECLARE_RSLICE_MUT(Name, T) typedef struct Name { T *data; size_t length; } Name
ABS_DECLARE_RSLICE(AbsRSlice, void);
ABS_DECLARE_RSLICE_MUT(AbsRSliceMut, void);
ABS_DECLARE_RSLICE(AbsRSliceU8, uint8_t);

/* RStr<'a>: UTF-8 bytes, length in bytes, not NUL-terminated, not validated by Rust. */
typedef struct AbsRStr { const char *data; size_t length; } AbsRStr;
#define ABS_RSTR(literal) ((AbsRStr){ "" literal, sizeof(literal) - 1 })

/* ---- UTypeId, MaybeCmp<UTypeId> (reference 1.9) ----------------------------------------- */

typedef struct AbsUTypeId {
    const void *executable_identity; /* address of a static inside the creating library */
    uint8_t type_id_array[16];
} AbsUTypeId;
typedef union AbsMaybeCmpUTypeId {
    uint8_t tag; /* ABS_JUST / ABS_NOTHING */
    struct { uint8_t tag; AbsUTypeId value; } just;
} AbsMaybeCmpUTypeId;

/* ---- RVec<T>, RString (reference 1.2) ---------------------------------------------------- */

typedef struct AbsVecVTable_WM AbsVecVTable_WM;
typedef const AbsVecVTable_WM *AbsVecVTable_Ref;

/* One untyped RVec for every T: read elements with ABS_RVEC_DATA / ABS_RVEC_AT. */
typedef struct AbsRVec {
    void *buffer;      /* never NULL: empty vectors use a dangling, T-aligned address */
    size_t length;     /* initialised elements [0, length) */
    size_t capacity;   /* 0 when nothing is allocated; SIZE_MAX for zero-sized T */
    AbsVecVTable_Ref vtable;
} AbsRVec;
/* RString is #[repr(C)] over RVec<u8> (always valid UTF-8, unchecked). */
typedef AbsRVec AbsRString;

#define ABS_RVEC_DATA(vec, T) ((T *)(vec).buffer)
#define ABS_RVEC_AT(vec, T, i) (((T *)(vec).buffer)[i])

typedef struct AbsVecVTable {
    AbsUTypeId (*type_id)(void); /* of RVec<()> in the creating library */
    void (*destructor)(AbsRVec *self);
    void (*grow_capacity_to)(AbsRVec *self, size_t to, AbsExactness exactness);
    void (*shrink_to_fit)(AbsRVec *self);
} AbsVecVTable;
ABS_DECLARE_WITH_METADATA(AbsVecVTable_WM, AbsVecVTable);
#define ABS_VEC_VTABLE_BITS 0xFull

/* Drops the vector and its elements through its own vtable. */
static inline void abs_rvec_drop(AbsRVec *v) { v->vtable->value.destructor(v); }
/* Makes room for `additional` more elements through the vector's own vtable (amortised). */
static inline void abs_rvec_reserve(AbsRVec *v, size_t additional) {
    if (v->capacity - v->length < additional)
        v->vtable->value.grow_capacity_to(v, v->length + additional, ABS_ABOVE);
}
static inline AbsRStr abs_rstring_as_rstr(const AbsRString *s) {
    AbsRStr r = { (const char *)s->buffer, s->length };
    return r;
}

/* ---- RBox<T> (reference 1.3) ------------------------------------------------------------- */

typedef struct AbsBoxVtable_WM AbsBoxVtable_WM;
typedef const AbsBoxVtable_WM *AbsBoxVtable_Ref;
typedef struct AbsBoxVtable {
    AbsUTypeId (*type_id)(void); /* of RBox<()> in the creating library */
    /* Normal drop: (data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES) = (data, 0, 1). */
    void (*destructor)(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc);
} AbsBoxVtable;
ABS_DECLARE_WITH_METADATA(AbsBoxVtable_WM, AbsBoxVtable);
#define ABS_BOX_VTABLE_BITS 0x7ull /* type_id, destructor, zero-sized _marker */

typedef struct AbsRBox { void *data; AbsBoxVtable_Ref vtable; } AbsRBox;
static inline void abs_rbox_drop(AbsRBox *b) {
    b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
}

/* ---- common instantiations --------------------------------------------------------------- */

ABS_DECLARE_ROPTION(AbsROptionU8, uint8_t);
ABS_DECLARE_ROPTION(AbsROptionU32, uint32_t);
ABS_DECLARE_ROPTION(AbsROptionU64, uint64_t);
ABS_DECLARE_ROPTION(AbsROptionI64, int64_t);
ABS_DECLARE_ROPTION(AbsROptionUsize, size_t);
ABS_DECLARE_ROPTION(AbsROptionRStr, AbsRStr);
ABS_DECLARE_ROPTION(AbsROptionRString, AbsRString);
ABS_DECLARE_ROPTION(AbsROptionRCmpOrdering, AbsRCmpOrdering);
ABS_DECLARE_ROPTION(AbsROptionPtr, const void *);
ABS_DECLARE_RRESULT_UNIT_OK(AbsRResultUnitRString, AbsRString);
ABS_DECLARE_TUPLE2(AbsSizeHint, size_t, AbsROptionUsize); /* Tuple2<usize, ROption<usize>> */

/* ---- RCow, RDuration (reference 1.7, 1.8) ------------------------------------------------ */

ABS_DECLARE_RCOW(AbsRCowStr, AbsRStr, AbsRString); /* RCow<'a, RStr<'a>, RString> */
ABS_DECLARE_RCOW(AbsRCowSlice, AbsRSlice, AbsRVec);

typedef struct AbsRDuration { uint64_t seconds; uint32_t subsec_nanos; } AbsRDuration;

/* ---- RArc<T> (reference 1.12) ------------------------------------------------------------ */

typedef struct AbsArcVtable_WM AbsArcVtable_WM;
typedef const AbsArcVtable_WM *AbsArcVtable_Ref;
typedef struct AbsRArc { const void *data; AbsArcVtable_Ref vtable; } AbsRArc;
typedef struct AbsArcVtable {
    AbsUTypeId (*type_id)(void);
    void (*destructor)(const void *data, AbsCallReferentDrop call_drop); /* one strong ref */
    AbsRArc (*clone_)(const AbsRArc *self);
    void *(*get_mut)(AbsRArc *self); /* NULL unless uniquely owned */
    AbsFn try_unwrap;                /* RResult<T, RArc> (*)(AbsRArc self) */
    size_t (*strong_count)(const AbsRArc *self);
    size_t (*weak_count)(const AbsRArc *self);
} AbsArcVtable;
ABS_DECLARE_WITH_METADATA(AbsArcVtable_WM, AbsArcVtable);
#define ABS_ARC_VTABLE_BITS 0x7Full
static inline void abs_rarc_drop(AbsRArc *a) {
    a->vtable->value.destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
}

/* ---- hashing (reference 1.11: HasherObject) ---------------------------------------------- */

typedef struct AbsHasherWriteFns {
    void (*write)(void *self, AbsRSliceU8 bytes);
    void (*write_i16)(void *self, int16_t v);
    void (*write_i32)(void *self, int32_t v);
    void (*write_i64)(void *self, int64_t v);
    void (*write_i8)(void *self, int8_t v);
    void (*write_isize)(void *self, ptrdiff_t v);
    void (*write_u16)(void *self, uint16_t v);
    void (*write_u32)(void *self, uint32_t v);
    void (*write_u64)(void *self, uint64_t v);
    void (*write_u8)(void *self, uint8_t v);
    void (*write_usize)(void *self, size_t v);
} AbsHasherWriteFns;

/* `&mut dyn Hasher`, by value. Rust hashes a str as write(bytes) then write_u8(0xff), and an
 * integer with the matching write_uN (native-endian bytes). */
typedef struct AbsHasherObject {
    void *self;
    const AbsHasherWriteFns *write_fns;
    uint64_t (*finish)(const void *self);
} AbsHasherObject;

/* ---- DynTrait (reference 3.5) ------------------------------------------------------------ */

typedef struct AbsDynTraitVTable_WM AbsDynTraitVTable_WM;

/* DynTrait<'_, RBox<()>, I>: object first, then the vtable (RObject is the other way round). */
typedef struct AbsDynTrait {
    AbsRBox object;
    const AbsDynTraitVTable_WM *vtable;
} AbsDynTrait;

typedef struct AbsTypeInfo {
    size_t size;
    size_t align;
    AbsMaybeCmpUTypeId (*uid)(void);
    AbsRStr (*type_name)(void);
} AbsTypeInfo;

/* IteratorFns<Item>, generic form; `it` is the erased object (`DynTrait.object.data`). */
typedef struct AbsIteratorFns {
    AbsFn next;                   /* ROption<Item> (*)(void *it) */
    void (*extending_rvec)(void *it, AbsRVec *vec, AbsROptionUsize take);
    AbsSizeHint (*size_hint)(const void *it);
    size_t (*count)(void *it);
    AbsFn last;                   /* ROption<Item> (*)(void *it) */
    AbsFn nth;                    /* ROption<Item> (*)(void *it, size_t n) */
    void (*skip_eager)(void *it, size_t n);
} AbsIteratorFns;
/* IteratorFns for one Item type; ROptionItem must be ABS_DECLARE_ROPTION(…, Item). View the
 * generic block with Name##_of(&vtable->value.iter.some.value). */
#define ABS_DECLARE_ITERATOR_FNS(Name, ROptionItem)                                             \
    typedef struct Name {                                                                       \
        ROptionItem (*next)(void *it);                                                          \
        void (*extending_rvec)(void *it, AbsRVec *vec, AbsROptionUsize take);                   \
        AbsSizeHint (*size_hint)(const void *it);                                               \
        size_t (*count)(void *it);                                                              \
        ROptionItem (*last)(void *it);                                                          \
        ROptionItem (*nth)(void *it, size_t n);                                                 \
        void (*skip_eager)(void *it, size_t n);                                                 \
    } Name;                                                                                     \
    ABS_DEFINE_VIEW_FN(Name)                                                                    \
    struct Name
typedef struct AbsDoubleEndedIteratorFns {
    AbsFn next_back;              /* ROption<Item> (*)(void *it) */
    void (*extending_rvec_back)(void *it, AbsRVec *vec, AbsROptionUsize take);
    AbsFn nth_back;               /* ROption<Item> (*)(void *it, size_t n) */
} AbsDoubleEndedIteratorFns;
typedef struct AbsIoWriteFns { AbsFn write, write_all, flush; } AbsIoWriteFns;
typedef struct AbsIoReadFns { AbsFn read, read_exact; } AbsIoReadFns;
typedef struct AbsIoBufReadFns { AbsFn fill_buf, consume; } AbsIoBufReadFns;
ABS_DECLARE_ROPTION(AbsROptionIteratorFns, AbsIteratorFns);
ABS_DECLARE_ROPTION(AbsROptionDoubleEndedIteratorFns, AbsDoubleEndedIteratorFns);
ABS_DECLARE_ROPTION(AbsROptionIoWriteFns, AbsIoWriteFns);
ABS_DECLARE_ROPTION(AbsROptionIoReadFns, AbsIoReadFns);
ABS_DECLARE_ROPTION(AbsROptionIoBufReadFns, AbsIoBufReadFns);

/* DynTrait's VTable: #[repr(C, align(16))]; fields 3.. are present only when their bit is set. */
typedef struct AbsDynTraitVTable {
    _Alignas(16) const AbsTypeInfo *type_info;        /* idx 0; idx 1 is the zero-sized _marker */
    void (*drop_ptr)(void *object);                   /* 2: &DynTrait.object; drops the RBox */
    AbsRBox (*clone_ptr)(const void *object);         /* 3 (Clone) */
    AbsRBox (*default_ptr)(void);                     /* 4 (Default) */
    AbsRResultUnit (*display)(const void *obj, AbsFormattingMode mode, AbsRString *out); /* 5 */
    AbsRResultUnit (*debug)(const void *obj, AbsFormattingMode mode, AbsRString *out);   /* 6 */
    AbsFn serialize;                                  /* 7 (serde proxy) */
    bool (*partial_eq)(const void *a, const void *b); /* 8 */
    AbsRCmpOrdering (*cmp)(const void *a, const void *b);                 /* 9 */
    AbsROptionRCmpOrdering (*partial_cmp)(const void *a, const void *b); /* 10 */
    void (*hash)(const void *obj, AbsHasherObject hasher);                /* 11 */
    AbsROptionIteratorFns iter;                       /* 12 */
    AbsROptionDoubleEndedIteratorFns back_iter;       /* 13 */
    AbsRResultUnit (*fmt_write_str)(void *obj, AbsRStr s); /* 14 */
    AbsROptionIoWriteFns io_write;                    /* 15 */
    AbsROptionIoReadFns io_read;                      /* 16 */
    AbsROptionIoBufReadFns io_bufread;                /* 17 */
    AbsFn io_seek;                                    /* 18 */
} AbsDynTraitVTable;
ABS_DECLARE_WITH_METADATA(AbsDynTraitVTable_WM, AbsDynTraitVTable);
#define ABS_DYNTRAIT_ITER_CLONE_BITS 0x100Full /* map `iter`: Iterator + Clone */
#define ABS_DYNTRAIT_ITER_BITS 0x1007ull       /* map `iter_mut` / `drain` / `iter_val` */

static inline void abs_dyntrait_drop(AbsDynTrait *d) { d->vtable->value.drop_ptr(d); }

/* ---- RHashMap<K, V> (reference 1.11) ---------------------------------------------------- */

typedef struct AbsMapVTable_WM AbsMapVTable_WM;
typedef struct AbsOccupiedVTable_WM AbsOccupiedVTable_WM;
typedef struct AbsVacantVTable_WM AbsVacantVTable_WM;

/* {map.data, map.vtable} is an RBox of the creator's map object; drop = box destructor(0, 1). */
typedef struct AbsRHashMap {
    AbsRBox map;
    const AbsMapVTable_WM *vtable;
} AbsRHashMap;

/* MapQuery<'a, K>, by value. `query` points at a reference to the caller's query: only ever
 * hand it back to the two callbacks. */
typedef struct AbsMapQuery {
    bool (*is_equal)(const void *stored_key, const void *query);
    void (*hash)(const void *query, AbsHasherObject hasher);
    const void *query;
} AbsMapQuery;

typedef struct AbsROccupiedEntry { void *entry; const AbsOccupiedVTable_WM *vtable; } AbsROccupiedEntry;
typedef struct AbsRVacantEntry { void *entry; const AbsVacantVTable_WM *vtable; } AbsRVacantEntry;
/* REntry (#[repr(C)] enum): 4-byte tag, payload at pointer alignment. One entry per map at a
 * time: the entry lives inside the map. */
typedef struct AbsREntry {
    uint32_t tag; /* ABS_RENTRY_OCCUPIED / ABS_RENTRY_VACANT */
    union { AbsROccupiedEntry occupied; AbsRVacantEntry vacant; };
} AbsREntry;

/* Items of `iter` / `iter_mut`: Tuple2<&K, &V> (the same bytes for every K and V). */
ABS_DECLARE_TUPLE2(AbsMapRefItem, const void *, const void *);
ABS_DECLARE_ROPTION(AbsROptionMapRefItem, AbsMapRefItem);
ABS_DECLARE_ITERATOR_FNS(AbsMapRefIteratorFns, AbsROptionMapRefItem);

typedef struct AbsMapVTable {
    AbsFn insert_elem;        /* ROption<V> (*)(void *map, K key, V value) */
    const void *(*get_elem)(const void *map, AbsMapQuery q);       /* NULL if absent */
    void *(*get_mut_elem)(void *map, AbsMapQuery q);
    AbsFn remove_entry;       /* ROption<Tuple2<K,V>> (*)(void *map, AbsMapQuery q) */
    const void *(*get_elem_p)(const void *map, const void *key);
    void *(*get_mut_elem_p)(void *map, const void *key);
    AbsFn remove_entry_p;     /* ROption<Tuple2<K,V>> (*)(void *map, const K *key) */
    void (*reserve)(void *map, size_t additional);
    void (*clear_map)(void *map);
    size_t (*len)(const void *map);
    size_t (*capacity)(const void *map);
    AbsDynTrait (*iter)(const void *map);     /* items Tuple2<&K, &V> */
    AbsDynTrait (*iter_mut)(void *map);       /* items Tuple2<&K, &mut V> */
    AbsDynTrait (*drain)(void *map);          /* items Tuple2<K, V>; empties the map */
    AbsDynTrait (*iter_val)(AbsRBox map);     /* consumes RHashMap.map */
    AbsFn entry;              /* REntry (*)(void *map, K key) */
} AbsMapVTable;
ABS_DECLARE_WITH_METADATA(AbsMapVTable_WM, AbsMapVTable);
#define ABS_MAP_VTABLE_BITS 0xFFFFull

/* A map VTable for one K, V: ROptionV = ROption<V>, ROptionKV = ROption<Tuple2<K,V>>. View a map's
 * vtable through it with ABS_MAP_VTABLE_AS(map, Name) (a copy: `.insert_elem(...)`). */
#define ABS_DECLARE_MAP_VTABLE(Name, K, V, ROptionV, ROptionKV)                                 \
    typedef struct Name {                                                                       \
        ROptionV (*insert_elem)(void *map, K key, V value);                                     \
        const V *(*get_elem)(const void *map, AbsMapQuery q);                                   \
        V *(*get_mut_elem)(void *map, AbsMapQuery q);                                           \
        ROptionKV (*remove_entry)(void *map, AbsMapQuery q);                                    \
        const V *(*get_elem_p)(const void *map, const K *key);                                  \
        V *(*get_mut_elem_p)(void *map, const K *key);                                          \
        ROptionKV (*remove_entry_p)(void *map, const K *key);                                   \
        void (*reserve)(void *map, size_t additional);                                          \
        void (*clear_map)(void *map);                                                           \
        size_t (*len)(const void *map);                                                         \
        size_t (*capacity)(const void *map);                                                    \
        AbsDynTrait (*iter)(const void *map);                                                   \
        AbsDynTrait (*iter_mut)(void *map);                                                     \
        AbsDynTrait (*drain)(void *map);                                                        \
        AbsDynTrait (*iter_val)(AbsRBox map);                                                   \
        AbsREntry (*entry)(void *map, K key);                                                   \
    } Name;                                                                                     \
    ABS_DEFINE_VIEW_FN(Name)                                                                    \
    struct Name
#define ABS_MAP_VTABLE_AS(map, Name) Name##_of(&(map).vtable->value)

typedef struct AbsOccupiedVTable {
    void (*drop_entry)(void *entry);
    const void *(*key)(const void *entry);
    const void *(*get_elem)(const void *entry);
    void *(*get_mut_elem)(void *entry);
    void *(*fn_into_mut_elem)(AbsROccupiedEntry e); /* consumes the entry */
    AbsFn insert_elem;                              /* V (*)(void *entry, V value) */
    AbsFn remove;                                   /* V (*)(AbsROccupiedEntry e) */
} AbsOccupiedVTable;
ABS_DECLARE_WITH_METADATA(AbsOccupiedVTable_WM, AbsOccupiedVTable);
#define ABS_OCCUPIED_VTABLE_BITS 0x7Full /* no last_prefix_field: every getter checks its bit */

typedef struct AbsVacantVTable {
    void (*drop_entry)(void *entry);                /* also drops the owned key */
    const void *(*key)(const void *entry);
    AbsFn fn_into_key;                              /* K (*)(AbsRVacantEntry e) */
    AbsFn insert_elem;                              /* V *(*)(AbsRVacantEntry e, V value) */
} AbsVacantVTable;
ABS_DECLARE_WITH_METADATA(AbsVacantVTable_WM, AbsVacantVTable);
#define ABS_VACANT_VTABLE_BITS 0xFull

#define ABS_DECLARE_OCCUPIED_VTABLE(Name, K, V)                                                 \
    typedef struct Name {                                                                       \
        void (*drop_entry)(void *entry);                                                        \
        const K *(*key)(const void *entry);                                                     \
        const V *(*get_elem)(const void *entry);                                                \
        V *(*get_mut_elem)(void *entry);                                                        \
        V *(*fn_into_mut_elem)(AbsROccupiedEntry e);                                            \
        V (*insert_elem)(void *entry, V value);                                                 \
        V (*remove)(AbsROccupiedEntry e);                                                       \
    } Name;                                                                                     \
    ABS_DEFINE_VIEW_FN(Name)                                                                    \
    struct Name
#define ABS_DECLARE_VACANT_VTABLE(Name, K, V)                                                   \
    typedef struct Name {                                                                       \
        void (*drop_entry)(void *entry);                                                        \
        const K *(*key)(const void *entry);                                                     \
        K (*fn_into_key)(AbsRVacantEntry e);                                                    \
        V *(*insert_elem)(AbsRVacantEntry e, V value);                                          \
    } Name;                                                                                     \
    ABS_DEFINE_VIEW_FN(Name)                                                                    \
    struct Name
#define ABS_OCCUPIED_VTABLE_AS(e, Name) Name##_of(&(e).vtable->value)
#define ABS_VACANT_VTABLE_AS(e, Name) Name##_of(&(e).vtable->value)

static inline void abs_rhashmap_drop(AbsRHashMap *m) { abs_rbox_drop(&m->map); }

/* ---- #[sabi_trait] objects (reference 3.1-3.4) ------------------------------------------- */

typedef struct AbsRObjectVtable_WM AbsRObjectVtable_WM;
typedef struct AbsRObjectVtable {
    AbsMaybeCmpUTypeId (*_sabi_type_id)(void);
    void (*_sabi_drop)(void *ptr_field);               /* &RObject.ptr */
    AbsRBox (*_sabi_clone)(const void *ptr_field);     /* NULL unless Clone */
    AbsRResultUnit (*_sabi_debug)(const void *obj, AbsFormattingMode mode, AbsRString *out);
    AbsRResultUnit (*_sabi_display)(const void *obj, AbsFormattingMode mode, AbsRString *out);
} AbsRObjectVtable;
ABS_DECLARE_WITH_METADATA(AbsRObjectVtable_WM, AbsRObjectVtable);
#define ABS_ROBJECT_VTABLE_BITS 0x3Full

/* A trait's VTable: idx 0 `_sabi_tys` (zero-sized), idx 1 `_sabi_vtable`, method k at idx 2+k.
 * Declare one with ABS_DECLARE_TRAIT_VTABLE(Name, fnptr fields…); its bits are
 * (1 << (2 + method_count)) - 1. */
#define ABS_DECLARE_TRAIT_VTABLE(Name, ...)                                                     \
    typedef struct Name {                                                                       \
        const AbsRObjectVtable_WM *_sabi_vtable;                                                \
        __VA_ARGS__                                                                             \
    } Name
typedef struct AbsTraitVTableBase { const AbsRObjectVtable_WM *_sabi_vtable; } AbsTraitVTableBase;
typedef struct AbsTraitVTableBase_WM AbsTraitVTableBase_WM;
ABS_DECLARE_WITH_METADATA(AbsTraitVTableBase_WM, AbsTraitVTableBase);

/* Trait_TO<'_, RBox<()>>: vtable first, then the pointer. Methods take `ptr.data`. */
typedef struct AbsRObject {
    const AbsTraitVTableBase_WM *vtable;
    AbsRBox ptr;
} AbsRObject;
static inline void abs_robject_drop(AbsRObject *o) {
    o->vtable->value._sabi_vtable->value._sabi_drop(&o->ptr);
}

/* ---- RBoxError (reference 1.13) ---------------------------------------------------------- */

typedef struct AbsDebugDisplayRef { AbsRStr debug; AbsRStr display; } AbsDebugDisplayRef;
ABS_DECLARE_ROPTION(AbsROptionDebugDisplayRef, AbsDebugDisplayRef);
typedef struct AbsRErrorVTable {
    AbsRResultUnit (*debug)(const void *err, AbsFormattingMode mode, AbsRString *out);
    AbsRResultUnit (*display)(const void *err, AbsFormattingMode mode, AbsRString *out);
    AbsROptionDebugDisplayRef (*as_debug_display)(const void *err);
    AbsUTypeId (*type_id)(void);
} AbsRErrorVTable;
typedef struct AbsRErrorVTable_WM AbsRErrorVTable_WM;
ABS_DECLARE_WITH_METADATA(AbsRErrorVTable_WM, AbsRErrorVTable);
typedef struct AbsRBoxError { AbsRBox value; const AbsRErrorVTable_WM *vtable; } AbsRBoxError;

/* ---- the project's Value (docs/std-test-plugin.md) --------------------------------------- */

enum {
    ABS_VALUE_NULL = 0,
    ABS_VALUE_BOOL = 1,
    ABS_VALUE_I64 = 2,
    ABS_VALUE_U64 = 3,
    ABS_VALUE_F64 = 4,
    ABS_VALUE_STRING = 5,
    ABS_VALUE_BYTES = 6,
    ABS_VALUE_ARRAY = 7,
    ABS_VALUE_OBJECT = 8
};
/* #[repr(u8)] enum Value: 40 bytes, align 8 on 64-bit; payload at 8 except Bool at 1. */
typedef union AbsValue {
    uint8_t tag;
    struct { uint8_t tag; bool value; } boolean;
    struct { uint8_t tag; int64_t value; } i64;
    struct { uint8_t tag; uint64_t value; } u64;
    struct { uint8_t tag; double value; } f64;
    struct { uint8_t tag; AbsRString value; } string;
    struct { uint8_t tag; AbsRVec value; } bytes;     /* RVec<u8> */
    struct { uint8_t tag; AbsRVec value; } array;     /* RVec<Value> */
    struct { uint8_t tag; AbsRHashMap value; } object; /* RHashMap<RString, Value> */
} AbsValue;

/* ---- async-ffi 0.5 futures (reference 6) --------------------------------------------------
 * FfiFuture<T>, BorrowingFfiFuture, LocalFfiFuture and LocalBorrowingFfiFuture are binary-identical:
 * { fut_ptr, poll_fn, drop_fn }. poll_fn returns FfiPoll<T>, declared per T with ABS_DECLARE_FFI_POLL.
 * Whoever receives a future calls drop_fn(fut_ptr) exactly once (after Ready/Panicked too) and never
 * polls after Ready or Panicked. */

enum { ABS_POLL_READY = 0, ABS_POLL_PENDING = 1, ABS_POLL_PANICKED = 2 };

typedef struct AbsFfiWakerVTable AbsFfiWakerVTable;
/* The first field of any waker object; the rest belongs to whoever made it. */
typedef struct AbsFfiWakerBase {
    const AbsFfiWakerVTable *vtable;
} AbsFfiWakerBase;
struct AbsFfiWakerVTable {
    const AbsFfiWakerBase *(*clone)(const AbsFfiWakerBase *w); /* a new owned handle */
    void (*wake)(const AbsFfiWakerBase *w);                    /* wakes and consumes w */
    void (*wake_by_ref)(const AbsFfiWakerBase *w);             /* wakes, w stays */
    void (*drop)(const AbsFfiWakerBase *w);                    /* releases w without waking */
};
/* Passed to poll_fn by pointer; its waker is BORROWED for the call: only clone and wake_by_ref it
 * (a Rust-made borrowed waker aborts on wake/drop). Keep a clone to wake later, from any thread. */
typedef struct AbsFfiContext {
    const AbsFfiWakerBase *waker;
} AbsFfiContext;

/* #[repr(C, u8)] enum FfiPoll<T> { Ready(T) = 0, Pending = 1, Panicked = 2 } */
#define ABS_DECLARE_FFI_POLL(Name, T)                                                          \
    typedef union Name {                                                                        \
        uint8_t tag;                                                                            \
        struct { uint8_t tag; T value; } ready;                                                 \
    } Name
/* FfiPoll<()> is the tag alone. */
typedef struct AbsFfiPollUnit { uint8_t tag; } AbsFfiPollUnit;

/* The 24-byte future; `poll_fn` is stored untyped (cast it to the FfiPoll<T> signature). */
typedef struct AbsFfiFuture {
    void *fut_ptr;
    void (*poll_fn)(void); /* FfiPoll<T> (*)(void *fut_ptr, AbsFfiContext *cx) */
    void (*drop_fn)(void *fut_ptr);
} AbsFfiFuture;
#define ABS_FFI_POLL_FN(Name) Name (*)(void *, AbsFfiContext *)
static inline void abs_ffi_future_drop(AbsFfiFuture *f) { f->drop_fn(f->fut_ptr); }
static inline const AbsFfiWakerBase *abs_waker_clone(const AbsFfiWakerBase *w) { return w->vtable->clone(w); }
static inline void abs_waker_wake(const AbsFfiWakerBase *w) { w->vtable->wake(w); }
static inline void abs_waker_wake_by_ref(const AbsFfiWakerBase *w) { w->vtable->wake_by_ref(w); }
static inline void abs_waker_drop(const AbsFfiWakerBase *w) { w->vtable->drop(w); }

ABS_DECLARE_FFI_POLL(AbsFfiPollU64, uint64_t);
ABS_DECLARE_FFI_POLL(AbsFfiPollRString, AbsRString);
ABS_DECLARE_FFI_POLL(AbsFfiPollValue, AbsValue);

/* ---- event channels (docs/async.md) ----------------------------------------------------------
 * A host channel reaches a plugin as an AbsEventSender: a handle the plugin owns and may use from
 * any thread. send() never waits for JS: it moves *event into the channel (ABS_SEND_OK; the caller
 * must forget it), or leaves it with the caller (ABS_SEND_FULL: a bounded channel has no room, which
 * is the backpressure signal; ABS_SEND_CLOSED: the host or a plugin closed it). wait_ready() blocks
 * the calling PLUGIN thread (never call it on the JS thread) until there is room, the channel
 * closes, or timeout_ms passes. Every handle (the one received and each clone) is dropped once. */

enum { ABS_SEND_OK = 0, ABS_SEND_FULL = 1, ABS_SEND_CLOSED = 2, ABS_SEND_TIMEOUT = 3 };

typedef struct AbsEventSenderVTable {
    int32_t (*send)(void *channel, AbsValue *event);
    int32_t (*wait_ready)(void *channel, uint64_t timeout_ms); /* ABS_SEND_OK / _CLOSED / _TIMEOUT */
    void (*close)(void *channel);         /* ends the host's iteration once queued events are read */
    void *(*clone)(void *channel);        /* another handle to the same channel */
    void (*drop)(void *channel);          /* releases this handle */
} AbsEventSenderVTable;

typedef struct AbsEventSender {
    void *channel;
    const AbsEventSenderVTable *vtable;
} AbsEventSender;

static inline int32_t abs_sender_send(const AbsEventSender *s, AbsValue *event) { return s->vtable->send(s->channel, event); }
static inline int32_t abs_sender_wait_ready(const AbsEventSender *s, uint64_t timeout_ms) { return s->vtable->wait_ready(s->channel, timeout_ms); }
static inline void abs_sender_close(const AbsEventSender *s) { s->vtable->close(s->channel); }
static inline AbsEventSender abs_sender_clone(const AbsEventSender *s) { AbsEventSender c = { s->vtable->clone(s->channel), s->vtable }; return c; }
static inline void abs_sender_drop(AbsEventSender *s) { s->vtable->drop(s->channel); s->channel = NULL; }

/* ---- type layouts for WM headers (reference 2.6 option 2, layout in 5.1) ------------------
 * Rust only reads these in Debug output and in "missing field" panics, but the pointer must be
 * valid. ABS_DEFINE_TYPE_LAYOUT builds a minimal valid one: a prefix type with no field list. */

typedef struct AbsMonoSharedVars {
    const uint8_t *strings;
    const void *lifetime_indices;
    uint16_t strings_len;
    uint16_t lifetime_indices_len;
} AbsMonoSharedVars;
typedef struct AbsItemInfo {
    AbsRStr package_and_version; /* "package;x.y.z" */
    uint32_t line;
    const char *mod_path;        /* NUL-terminated */
} AbsItemInfo;
typedef struct AbsCompTLFields {
    const uint64_t *comp_fields; /* never NULL */
    const void *functions;       /* nullable */
    uint16_t comp_fields_len;
} AbsCompTLFields;
typedef struct AbsMonoTLPrefixType {
    uint8_t first_suffix_field;
    uint64_t conditional_prefix_fields;
    AbsCompTLFields fields;
} AbsMonoTLPrefixType;
enum { ABS_MONO_TL_STRUCT = 2, ABS_MONO_TL_ENUM = 4, ABS_MONO_TL_PREFIX_TYPE = 5 };
typedef union AbsMonoTLData { /* #[repr(u8)] MonoTLData */
    uint8_t tag;
    struct { uint8_t tag; AbsCompTLFields fields; } struct_;
    struct {
        uint8_t tag;
        const uint8_t *field_count;
        uint16_t field_count_len;
        uint32_t variant_names;
        AbsCompTLFields fields;
    } enum_;
    struct { uint8_t tag; AbsMonoTLPrefixType value; } prefix_type;
} AbsMonoTLData;
typedef struct AbsCompGenericParams {
    const char *lifetime; /* NUL-terminated */
    uint32_t types;       /* StartLen */
    uint32_t consts;      /* StartLen */
    uint8_t lifetime_count;
} AbsCompGenericParams;
typedef struct AbsMonoTypeLayout {
    AbsMonoSharedVars shared_vars;
    const uint8_t *name;
    AbsItemInfo item_info;
    AbsMonoTLData data;
    AbsCompGenericParams generics;
    const uint64_t *phantom_fields;
    uint8_t phantom_fields_len;
    uint8_t repr_attr[2];     /* ReprAttr (#[repr(u8)] with data): C = 2 */
    uint8_t mod_refl_mode[2]; /* ModReflMode: Module = 0 */
    uint16_t name_len;
} AbsMonoTypeLayout;
struct AbsPTStructLayout {
    AbsRStr generics;
    const AbsMonoTypeLayout *mono_layout;
};
enum { ABS_REPR_ATTR_C = 2 };

/* Defines `static const AbsMonoTypeLayout Ident##_mono` describing prefix type `name_literal`
 * with `prefix_fields` fields up to last_prefix_field. */
#define ABS_DEFINE_MONO_LAYOUT(Ident, name_literal, package_version_literal, prefix_fields)     \
    static const uint64_t Ident##_no_fields[1] = { 0 };                                         \
    static const AbsMonoTypeLayout Ident##_mono = {                                             \
        { (const uint8_t *)"", NULL, 0, 0 },                                                    \
        (const uint8_t *)name_literal,                                                          \
        { { "" package_version_literal, sizeof(package_version_literal) - 1 }, 0, "" },         \
        { .prefix_type = { ABS_MONO_TL_PREFIX_TYPE,                                             \
                           { (uint8_t)(prefix_fields), 0, { Ident##_no_fields, NULL, 0 } } } }, \
        { "", 0, 0, 0 },                                                                        \
        Ident##_no_fields,                                                                      \
        0,                                                                                      \
        { ABS_REPR_ATTR_C, 0 },                                                                 \
        { 0, 0 },                                                                               \
        (uint16_t)(sizeof(name_literal) - 1),                                                   \
    }
/* Defines `static const AbsPTStructLayout Ident` (and its mono layout) for the `type_layout` of
 * a WM header; package_version_literal reads "crate;x.y.z". */
#define ABS_DEFINE_TYPE_LAYOUT(Ident, name_literal, package_version_literal, prefix_fields)     \
    ABS_DEFINE_MONO_LAYOUT(Ident, name_literal, package_version_literal, prefix_fields);        \
    static const AbsPTStructLayout Ident = { { "", 0 }, &Ident##_mono }

/* ---- library loading (reference 4): the statics abi_stable's loader looks for ------------
 * ABS_EXPORT_ROOT_MODULE(base_name, name, version, constructor) emits the LibHeader static
 * `_1as_0lib_1header_0root_bmodule_bloader` as #[export_root_module] does: magic and ABI 0.11,
 * RootModuleConsts (names, interface version, IsLayoutChecked::No, abi_stable's C-ABI test
 * functions), init_globals_with, a LateStaticRef with a NULL pointer and a working lock, and
 * `constructor`, an `AbsRootModuleResult constructor(void)` returning abs_root_module_ok(&module)
 * or abs_root_module_err(error). Use it once per plugin, at file scope.
 *
 * The layout is `No` (like #[unsafe_no_layout_constant]): a TypeLayout abi_stable's checker would
 * accept cannot be written in C (it compares Rust type names, package versions and type ids), so
 * abi_stable's own loader skips its layout check for a C plugin. ABS_EXPORT_ROOT_LAYOUT gives
 * abi-stable for Node the host's layout string of the root module to check instead.
 *
 * Everything below needs C11 atomics (a Rust loader stores the module pointer and locks the
 * mutex from any thread), so it is C only. */
#ifndef __cplusplus
#include <stdatomic.h>
#include <time.h>

/* "abi stable library for Rust" and 5 spaces: 32 bytes, no NUL. */
#define ABS_ABI_MAGIC_BYTES                                                                      \
    { 'a', 'b', 'i', ' ', 's', 't', 'a', 'b', 'l', 'e', ' ', 'l', 'i', 'b', 'r', 'a',            \
      'r', 'y', ' ', 'f', 'o', 'r', ' ', 'R', 'u', 's', 't', ' ', ' ', ' ', ' ', ' ' }
typedef struct AbsAbiHeader {
    uint8_t magic_string[32];
    uint32_t abi_major;
    uint32_t abi_minor;
} AbsAbiHeader;
/* What every abi_stable 0.11.x library carries. */
#define ABS_ABI_HEADER_VALUE { ABS_ABI_MAGIC_BYTES, 0, 11 }

/* A brace initializer of an RStr from a string literal (ABS_RSTR is an expression). */
#define ABS_RSTR_INIT(literal) { "" literal, sizeof(literal) - 1 }

typedef struct AbsTypeLayout AbsTypeLayout; /* opaque: C plugins export no TypeLayout */
enum { ABS_LAYOUT_CHECKED_YES = 0, ABS_LAYOUT_CHECKED_NO = 1 };
typedef union AbsIsLayoutChecked { /* #[repr(u8)] enum IsLayoutChecked */
    uint8_t tag;
    struct { uint8_t tag; const AbsTypeLayout *layout; } yes;
} AbsIsLayoutChecked;

/* abi_stable's CAbiTestingFns (reference 4.4). Its Rust signatures mix u16 with zero-sized `()`
 * and a unit struct, which take no bytes and no registers; these are the same functions with the
 * zero-sized parts left out, returning what abi_stable's own do. */
typedef struct AbsCAbiU16 { uint16_t v; } AbsCAbiU16;       /* Tuple2<u16,()> / Tuple2<(),u16> */
typedef struct AbsCAbiU16x2 { uint16_t a, b; } AbsCAbiU16x2; /* Tuple3 with one () */
typedef struct AbsCAbi2Pairs { AbsCAbiU16 a, b; } AbsCAbi2Pairs;
typedef struct AbsCAbiTestingFns {
    uint32_t (*take_pair_a)(AbsCAbiU16);
    uint32_t (*take_pair_b)(AbsCAbiU16);
    AbsCAbiU16 (*ret_pair_a)(uint32_t);
    AbsCAbiU16 (*ret_pair_b)(uint32_t);
    uint64_t (*take_triple_a)(AbsCAbiU16x2);
    uint64_t (*take_triple_b)(AbsCAbiU16x2);
    uint64_t (*take_triple_c)(AbsCAbiU16x2);
    AbsCAbiU16x2 (*ret_triple_a)(uint64_t);
    AbsCAbiU16x2 (*ret_triple_b)(uint64_t);
    AbsCAbiU16x2 (*ret_triple_c)(uint64_t);
    uint64_t (*take_2_pairs_a)(AbsCAbiU16, AbsCAbiU16);
    uint64_t (*take_2_pairs_b)(AbsCAbiU16, AbsCAbiU16);
    AbsCAbi2Pairs (*ret_2_pairs_a)(uint64_t);
    AbsCAbi2Pairs (*ret_2_pairs_b)(uint64_t);
    uint64_t (*mixed_units)(uint16_t, uint16_t, uint16_t, uint16_t);
} AbsCAbiTestingFns;

static inline uint32_t abs__take_pair_a(AbsCAbiU16 p) { return p.v; }
static inline uint32_t abs__take_pair_b(AbsCAbiU16 p) { return (uint32_t)p.v << 16; }
static inline AbsCAbiU16 abs__ret_pair_a(uint32_t n) { AbsCAbiU16 r = { (uint16_t)n }; return r; }
static inline AbsCAbiU16 abs__ret_pair_b(uint32_t n) { AbsCAbiU16 r = { (uint16_t)(n >> 16) }; return r; }
static inline uint64_t abs__take_triple_a(AbsCAbiU16x2 t) { return ((uint64_t)t.a << 16) + ((uint64_t)t.b << 32); }
static inline uint64_t abs__take_triple_b(AbsCAbiU16x2 t) { return (uint64_t)t.a + ((uint64_t)t.b << 32); }
static inline uint64_t abs__take_triple_c(AbsCAbiU16x2 t) { return (uint64_t)t.a + ((uint64_t)t.b << 16); }
static inline AbsCAbiU16x2 abs__ret_triple_a(uint64_t n) { AbsCAbiU16x2 r = { (uint16_t)(n >> 16), (uint16_t)(n >> 32) }; return r; }
static inline AbsCAbiU16x2 abs__ret_triple_b(uint64_t n) { AbsCAbiU16x2 r = { (uint16_t)n, (uint16_t)(n >> 32) }; return r; }
static inline AbsCAbiU16x2 abs__ret_triple_c(uint64_t n) { AbsCAbiU16x2 r = { (uint16_t)n, (uint16_t)(n >> 16) }; return r; }
static inline uint64_t abs__take_2_pairs_a(AbsCAbiU16 a, AbsCAbiU16 b) { return ((uint64_t)a.v << 16) + ((uint64_t)b.v << 48); }
static inline uint64_t abs__take_2_pairs_b(AbsCAbiU16 a, AbsCAbiU16 b) { return (uint64_t)a.v + ((uint64_t)b.v << 32); }
static inline AbsCAbi2Pairs abs__ret_2_pairs_a(uint64_t n) { AbsCAbi2Pairs r = { { (uint16_t)(n >> 16) }, { (uint16_t)(n >> 48) } }; return r; }
static inline AbsCAbi2Pairs abs__ret_2_pairs_b(uint64_t n) { AbsCAbi2Pairs r = { { (uint16_t)n }, { (uint16_t)(n >> 32) } }; return r; }
static inline uint64_t abs__mixed_units(uint16_t a, uint16_t b, uint16_t c, uint16_t d) {
    return (uint64_t)a | ((uint64_t)b << 16) | ((uint64_t)c << 32) | ((uint64_t)d << 48);
}
#define ABS_C_ABI_TESTING_FNS_INIT                                                              \
    { abs__take_pair_a, abs__take_pair_b, abs__ret_pair_a, abs__ret_pair_b,                    \
      abs__take_triple_a, abs__take_triple_b, abs__take_triple_c,                              \
      abs__ret_triple_a, abs__ret_triple_b, abs__ret_triple_c,                                 \
      abs__take_2_pairs_a, abs__take_2_pairs_b, abs__ret_2_pairs_a, abs__ret_2_pairs_b,        \
      abs__mixed_units }

typedef struct AbsRootModuleConsts {
    AbsRStr base_name;       /* the file name without prefix/suffix: lib<base_name>.so */
    AbsRStr name;            /* the name in error messages */
    AbsRStr version_strings; /* VersionStrings: the interface's "x.y.z" */
    AbsIsLayoutChecked layout;
    const AbsCAbiTestingFns *c_abi_testing_fns;
} AbsRootModuleConsts;

/* RMutex<()>'s vtable (a prefix type, last_prefix_field try_lock_for, bits 0xF). A Rust loader
 * locks the library's mutex through it while it runs the constructor. A spin lock is enough:
 * it is only contended when two threads load the same library at once. */
typedef struct AbsMutexVTable {
    void (*lock)(const void *raw_mutex);
    bool (*try_lock)(const void *raw_mutex);
    void (*unlock)(const void *raw_mutex);
    bool (*try_lock_for)(const void *raw_mutex, AbsRDuration timeout);
} AbsMutexVTable;
typedef struct AbsMutexVTable_WM AbsMutexVTable_WM;
ABS_DECLARE_WITH_METADATA(AbsMutexVTable_WM, AbsMutexVTable);

static inline bool abs__mutex_try_lock(const void *raw) {
    uintptr_t unlocked = 0;
    return atomic_compare_exchange_strong_explicit((_Atomic uintptr_t *)raw, &unlocked, 1, memory_order_acquire, memory_order_relaxed);
}
static inline void abs__mutex_lock(const void *raw) {
    while (!abs__mutex_try_lock(raw)) {
    }
}
static inline void abs__mutex_unlock(const void *raw) { atomic_store_explicit((_Atomic uintptr_t *)raw, 0, memory_order_release); }
static inline bool abs__mutex_try_lock_for(const void *raw, AbsRDuration timeout) {
    struct timespec now, end;
    timespec_get(&end, TIME_UTC);
    end.tv_sec += (time_t)timeout.seconds + (time_t)(timeout.subsec_nanos / 1000000000u);
    end.tv_nsec += (long)(timeout.subsec_nanos % 1000000000u);
    if (end.tv_nsec >= 1000000000L) { end.tv_sec++; end.tv_nsec -= 1000000000L; }
    for (;;) {
        if (abs__mutex_try_lock(raw)) return true;
        timespec_get(&now, TIME_UTC);
        if (now.tv_sec > end.tv_sec || (now.tv_sec == end.tv_sec && now.tv_nsec >= end.tv_nsec)) return false;
    }
}

/* LateStaticRef<PrefixRef<ErasedPrefix>>: the module pointer a Rust loader stores (NULL until
 * then), and RMutex<()> { raw mutex word, vtable }. Never const: a Rust loader writes both. */
typedef struct AbsLateStaticRef {
    _Atomic(const void *) pointer;
    _Atomic uintptr_t raw_mutex;
    const AbsMutexVTable_WM *mutex_vtable;
} AbsLateStaticRef;

/* RootModuleError (#[repr(u8)]): Returned(RBoxError) = 0, Unwound = 1 (a Rust panic). */
enum { ABS_ROOT_MODULE_RETURNED = 0, ABS_ROOT_MODULE_UNWOUND = 1 };
typedef union AbsRootModuleError {
    uint8_t tag;
    struct { uint8_t tag; AbsRBoxError error; } returned;
} AbsRootModuleError;
/* RootModuleResult = RResult<PrefixRef<ErasedPrefix>, RootModuleError> (40 bytes on 64-bit). */
typedef union AbsRootModuleResult {
    uint8_t tag;
    struct { uint8_t tag; const void *module; } ok;     /* the module's WithMetadata header */
    struct { uint8_t tag; AbsRootModuleError error; } err;
} AbsRootModuleResult;
static inline AbsRootModuleResult abs_root_module_ok(const void *module_header) {
    AbsRootModuleResult r;
    r.ok.tag = ABS_ROK;
    r.ok.module = module_header;
    return r;
}
static inline AbsRootModuleResult abs_root_module_err(AbsRBoxError error) {
    AbsRootModuleResult r;
    r.err.tag = ABS_RERR;
    r.err.error.returned.tag = ABS_ROOT_MODULE_RETURNED;
    r.err.error.returned.error = error;
    return r;
}

/* abi_stable's Globals: this header never loads libraries, so it only keeps the first pointer
 * a loader gives it (first writer wins, as abi_stable's init_globals_with does). */
typedef struct AbsGlobals AbsGlobals;
static inline void abs__init_globals_with(const AbsGlobals *globals) {
    static _Atomic(const AbsGlobals *) slot;
    const AbsGlobals *empty = NULL;
    atomic_compare_exchange_strong(&slot, &empty, globals);
}

typedef struct AbsLibHeader {
    AbsAbiHeader header;
    AbsRootModuleConsts root_mod_consts;
    void (*init_globals_with)(const AbsGlobals *);
    AbsLateStaticRef module;
    AbsRootModuleResult (*constructor)(void);
} AbsLibHeader;

#define ABS_EXPORT_ROOT_MODULE(base_name, name, version, constructor)                           \
    ABS_EXPORT_ROOT_MODULE_WITH_ABI(ABS_ABI_HEADER_VALUE, base_name, name, version, constructor)
/* The same with another AbiHeader initializer: only to test a loader's rejections. */
#define ABS_EXPORT_ROOT_MODULE_WITH_ABI(abi_header, base_name, name, version, constructor)      \
    ABS_DEFINE_TYPE_LAYOUT(abs__mutex_vtable_layout, "VTable", "abi_stable;0.11.3", 4);         \
    static const AbsMutexVTable_WM abs__mutex_vtable = {                                        \
        0xFull, &abs__mutex_vtable_layout,                                                      \
        { abs__mutex_lock, abs__mutex_try_lock, abs__mutex_unlock, abs__mutex_try_lock_for } }; \
    static const AbsCAbiTestingFns abs__c_abi_testing_fns = ABS_C_ABI_TESTING_FNS_INIT;         \
    ABS_EXPORT AbsLibHeader _1as_0lib_1header_0root_bmodule_bloader = {                        \
        abi_header,                                                                             \
        { ABS_RSTR_INIT(base_name), ABS_RSTR_INIT(name), ABS_RSTR_INIT(version),                \
          { .tag = ABS_LAYOUT_CHECKED_NO }, &abs__c_abi_testing_fns },                          \
        abs__init_globals_with,                                                                 \
        { NULL, 0, &abs__mutex_vtable },                                                        \
        constructor,                                                                            \
    }

/* abi-stable for Node's root-module layout descriptor (not part of abi_stable): the host's
 * canonical layout string of the root module (`layoutString(Module)` in TS) and its FNV-1a 64
 * fingerprint (`layoutFingerprint(Module)`), both copied from what the host prints. The host
 * compares the string with its declaration and names the first difference. */
#define ABS_ROOT_LAYOUT_MAGIC 0x4C4E4241u /* "ABNL" */
#define ABS_ROOT_LAYOUT_VERSION 1u
typedef struct AbsRootLayoutDescriptor {
    uint32_t magic;
    uint32_t version;
    AbsRStr layout;
    uint64_t fingerprint;
} AbsRootLayoutDescriptor;
#define ABS_EXPORT_ROOT_LAYOUT(layout_literal, fingerprint)                                     \
    ABS_EXPORT const AbsRootLayoutDescriptor abi_stable_node_root_layout = {                    \
        ABS_ROOT_LAYOUT_MAGIC, ABS_ROOT_LAYOUT_VERSION, ABS_RSTR_INIT(layout_literal), (fingerprint) }

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu
_Static_assert(sizeof(AbsAbiHeader) == 40, "size of AbsAbiHeader");
_Static_assert(sizeof(AbsIsLayoutChecked) == 16, "size of AbsIsLayoutChecked");
_Static_assert(sizeof(AbsCAbiTestingFns) == 120, "size of AbsCAbiTestingFns");
_Static_assert(sizeof(AbsRootModuleConsts) == 72, "size of AbsRootModuleConsts");
_Static_assert(offsetof(AbsRootModuleConsts, layout) == 48, "offset of AbsRootModuleConsts.layout");
_Static_assert(sizeof(AbsLateStaticRef) == 24, "size of AbsLateStaticRef");
_Static_assert(sizeof(AbsRootModuleResult) == 40, "size of AbsRootModuleResult");
_Static_assert(offsetof(AbsRootModuleResult, err.error.returned.error) == 16, "offset of the returned RBoxError");
_Static_assert(sizeof(AbsLibHeader) == 152, "size of AbsLibHeader");
_Static_assert(offsetof(AbsLibHeader, root_mod_consts) == 40, "offset of AbsLibHeader.root_mod_consts");
_Static_assert(offsetof(AbsLibHeader, init_globals_with) == 112, "offset of AbsLibHeader.init_globals_with");
_Static_assert(offsetof(AbsLibHeader, module) == 120, "offset of AbsLibHeader.module");
_Static_assert(offsetof(AbsLibHeader, constructor) == 144, "offset of AbsLibHeader.constructor");
_Static_assert(sizeof(AbsRootLayoutDescriptor) == 32, "size of AbsRootLayoutDescriptor");
#elif UINTPTR_MAX == 0xFFFFFFFFu && defined(__i386__) && !defined(_WIN32)
_Static_assert(sizeof(AbsRootModuleConsts) == 36, "size of AbsRootModuleConsts (i686)");
_Static_assert(sizeof(AbsRootModuleResult) == 20, "size of AbsRootModuleResult (i686)");
_Static_assert(sizeof(AbsLibHeader) == 96, "size of AbsLibHeader (i686)");
_Static_assert(offsetof(AbsLibHeader, module) == 80, "offset of AbsLibHeader.module (i686)");
_Static_assert(offsetof(AbsLibHeader, constructor) == 92, "offset of AbsLibHeader.constructor (i686)");
#endif
#endif /* !__cplusplus */

/* ------------------------------------------------------------------------------------------
 * Layout checks against docs/abi-reference.md and abi_stable-0.11.3-layouts.json.
 * ---------------------------------------------------------------------------------------- */
#define ABS_ASSERT_SIZE(T, n) _Static_assert(sizeof(T) == (n), "size of " #T)
#define ABS_ASSERT_ALIGN(T, n) _Static_assert(_Alignof(T) == (n), "align of " #T)
#define ABS_ASSERT_OFFSET(T, f, n) _Static_assert(offsetof(T, f) == (n), "offset of " #T "." #f)

/* Internal instantiations that only exist to check the reference's examples. */
ABS_DECLARE_TUPLE2(AbsCheckTupleU8U64, uint8_t, uint64_t);
ABS_DECLARE_TUPLE2(AbsCheckTupleU32U32, uint32_t, uint32_t);
ABS_DECLARE_TUPLE3(AbsCheckTupleU8U16U32, uint8_t, uint16_t, uint32_t);
ABS_DECLARE_ROPTION(AbsCheckROptionTupleU32U32, AbsCheckTupleU32U32);
ABS_DECLARE_ROPTION(AbsCheckROptionI32, int32_t);
ABS_DECLARE_RRESULT(AbsCheckRResultU8U64, uint8_t, uint64_t);
ABS_DECLARE_RRESULT(AbsCheckRResultU32RString, uint32_t, AbsRString);
ABS_DECLARE_RRESULT(AbsCheckRResultU64RString, uint64_t, AbsRString);

/* Sizes that hold on every target (no pointer-size or u64-alignment dependence). */
ABS_ASSERT_SIZE(AbsRResultUnit, 1);
ABS_ASSERT_SIZE(AbsROptionU8, 2);
ABS_ASSERT_OFFSET(AbsROptionU8, some.value, 1);
ABS_ASSERT_SIZE(AbsROptionU32, 8);
ABS_ASSERT_OFFSET(AbsROptionU32, some.value, 4);
ABS_ASSERT_SIZE(AbsCheckROptionI32, 8);
ABS_ASSERT_SIZE(AbsCheckROptionTupleU32U32, 12);
ABS_ASSERT_OFFSET(AbsCheckROptionTupleU32U32, some.value, 4);
ABS_ASSERT_SIZE(AbsCheckTupleU8U16U32, 8);
ABS_ASSERT_OFFSET(AbsCheckTupleU8U16U32, _1, 2);
ABS_ASSERT_OFFSET(AbsCheckTupleU8U16U32, _2, 4);
ABS_ASSERT_SIZE(AbsExactness, 4);
ABS_ASSERT_SIZE(AbsRCmpOrdering, 1);

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFu /* x86_64 and every other 64-bit target */
ABS_ASSERT_SIZE(AbsPrefixHeader, 16);
ABS_ASSERT_SIZE(AbsRStr, 16);
ABS_ASSERT_SIZE(AbsRSlice, 16);
ABS_ASSERT_OFFSET(AbsRSlice, length, 8);
ABS_ASSERT_SIZE(AbsRVec, 32);
ABS_ASSERT_OFFSET(AbsRVec, length, 8);
ABS_ASSERT_OFFSET(AbsRVec, capacity, 16);
ABS_ASSERT_OFFSET(AbsRVec, vtable, 24);
ABS_ASSERT_SIZE(AbsRBox, 16);
ABS_ASSERT_OFFSET(AbsRBox, vtable, 8);
ABS_ASSERT_SIZE(AbsROptionU64, 16);
ABS_ASSERT_OFFSET(AbsROptionU64, some.value, 8);
ABS_ASSERT_SIZE(AbsROptionUsize, 16);
ABS_ASSERT_SIZE(AbsROptionPtr, 16);
ABS_ASSERT_SIZE(AbsROptionRStr, 24);
ABS_ASSERT_SIZE(AbsROptionRString, 40);
ABS_ASSERT_OFFSET(AbsROptionRString, some.value, 8);
ABS_ASSERT_SIZE(AbsROptionMapRefItem, 24);
ABS_ASSERT_OFFSET(AbsROptionMapRefItem, some.value._0, 8);
ABS_ASSERT_OFFSET(AbsROptionMapRefItem, some.value._1, 16);
ABS_ASSERT_SIZE(AbsCheckRResultU8U64, 16);
ABS_ASSERT_OFFSET(AbsCheckRResultU8U64, ok.value, 1);
ABS_ASSERT_OFFSET(AbsCheckRResultU8U64, err.value, 8);
ABS_ASSERT_SIZE(AbsCheckRResultU32RString, 40);
ABS_ASSERT_OFFSET(AbsCheckRResultU32RString, ok.value, 4);
ABS_ASSERT_OFFSET(AbsCheckRResultU32RString, err.value, 8);
ABS_ASSERT_SIZE(AbsCheckRResultU64RString, 40);
ABS_ASSERT_SIZE(AbsRResultUnitRString, 40);
ABS_ASSERT_OFFSET(AbsRResultUnitRString, err.value, 8);
ABS_ASSERT_SIZE(AbsCheckTupleU8U64, 16);
ABS_ASSERT_OFFSET(AbsCheckTupleU8U64, _1, 8);
ABS_ASSERT_SIZE(AbsSizeHint, 24);
ABS_ASSERT_OFFSET(AbsSizeHint, _1, 8);
ABS_ASSERT_SIZE(AbsRCowStr, 40);
ABS_ASSERT_OFFSET(AbsRCowStr, owned, 8);
ABS_ASSERT_SIZE(AbsRCowSlice, 40);
ABS_ASSERT_SIZE(AbsRDuration, 16);
ABS_ASSERT_OFFSET(AbsRDuration, subsec_nanos, 8);
ABS_ASSERT_SIZE(AbsUTypeId, 24);
ABS_ASSERT_OFFSET(AbsUTypeId, type_id_array, 8);
ABS_ASSERT_SIZE(AbsMaybeCmpUTypeId, 32);
ABS_ASSERT_OFFSET(AbsMaybeCmpUTypeId, just.value, 8);
/* VecVTable: fields at WM+16.. */
ABS_ASSERT_OFFSET(AbsVecVTable_WM, value.type_id, 16);
ABS_ASSERT_OFFSET(AbsVecVTable_WM, value.destructor, 24);
ABS_ASSERT_OFFSET(AbsVecVTable_WM, value.grow_capacity_to, 32);
ABS_ASSERT_OFFSET(AbsVecVTable_WM, value.shrink_to_fit, 40);
ABS_ASSERT_OFFSET(AbsBoxVtable_WM, value.type_id, 16);
ABS_ASSERT_OFFSET(AbsBoxVtable_WM, value.destructor, 24);
/* RArc */
ABS_ASSERT_SIZE(AbsRArc, 16);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.type_id, 16);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.destructor, 24);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.clone_, 32);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.get_mut, 40);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.try_unwrap, 48);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.strong_count, 56);
ABS_ASSERT_OFFSET(AbsArcVtable_WM, value.weak_count, 64);
/* RHashMap and friends */
ABS_ASSERT_SIZE(AbsRHashMap, 24);
ABS_ASSERT_OFFSET(AbsRHashMap, vtable, 16);
ABS_ASSERT_SIZE(AbsMapQuery, 24);
ABS_ASSERT_OFFSET(AbsMapQuery, hash, 8);
ABS_ASSERT_OFFSET(AbsMapQuery, query, 16);
ABS_ASSERT_SIZE(AbsHasherObject, 24);
ABS_ASSERT_OFFSET(AbsHasherObject, write_fns, 8);
ABS_ASSERT_OFFSET(AbsHasherObject, finish, 16);
ABS_ASSERT_SIZE(AbsHasherWriteFns, 88);
ABS_ASSERT_SIZE(AbsREntry, 24);
ABS_ASSERT_OFFSET(AbsREntry, occupied, 8);
ABS_ASSERT_OFFSET(AbsREntry, vacant.vtable, 16);
ABS_ASSERT_SIZE(AbsROccupiedEntry, 16);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.insert_elem, 16);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.get_elem, 24);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.get_mut_elem, 32);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.remove_entry, 40);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.get_elem_p, 48);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.get_mut_elem_p, 56);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.remove_entry_p, 64);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.reserve, 72);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.clear_map, 80);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.len, 88);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.capacity, 96);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.iter, 104);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.iter_mut, 112);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.drain, 120);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.iter_val, 128);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value.entry, 136);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.drop_entry, 16);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.key, 24);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.get_elem, 32);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.get_mut_elem, 40);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.fn_into_mut_elem, 48);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.insert_elem, 56);
ABS_ASSERT_OFFSET(AbsOccupiedVTable_WM, value.remove, 64);
ABS_ASSERT_OFFSET(AbsVacantVTable_WM, value.drop_entry, 16);
ABS_ASSERT_OFFSET(AbsVacantVTable_WM, value.key, 24);
ABS_ASSERT_OFFSET(AbsVacantVTable_WM, value.fn_into_key, 32);
ABS_ASSERT_OFFSET(AbsVacantVTable_WM, value.insert_elem, 40);
/* DynTrait */
ABS_ASSERT_SIZE(AbsDynTrait, 24);
ABS_ASSERT_OFFSET(AbsDynTrait, vtable, 16);
ABS_ASSERT_SIZE(AbsTypeInfo, 32);
ABS_ASSERT_OFFSET(AbsTypeInfo, uid, 16);
ABS_ASSERT_OFFSET(AbsTypeInfo, type_name, 24);
ABS_ASSERT_SIZE(AbsIteratorFns, 56);
ABS_ASSERT_SIZE(AbsMapRefIteratorFns, 56);
ABS_ASSERT_SIZE(AbsDynTraitVTable, 288);
ABS_ASSERT_ALIGN(AbsDynTraitVTable, 16);
ABS_ASSERT_SIZE(AbsDynTraitVTable_WM, 304);
ABS_ASSERT_OFFSET(AbsDynTraitVTable_WM, value, 16);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, drop_ptr, 8);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, clone_ptr, 16);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, default_ptr, 24);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, display, 32);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, debug, 40);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, serialize, 48);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, partial_eq, 56);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, cmp, 64);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, partial_cmp, 72);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, hash, 80);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, iter, 88);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, iter.some.value.next, 96);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, back_iter, 152);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, back_iter.some.value, 160);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, fmt_write_str, 184);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, io_write, 192);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, io_write.some.value, 200);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, io_read, 224);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, io_bufread, 248);
ABS_ASSERT_OFFSET(AbsDynTraitVTable, io_seek, 272);
/* RObject */
ABS_ASSERT_SIZE(AbsRObject, 24);
ABS_ASSERT_OFFSET(AbsRObject, ptr, 8);
ABS_ASSERT_OFFSET(AbsRObjectVtable_WM, value._sabi_type_id, 16);
ABS_ASSERT_OFFSET(AbsRObjectVtable_WM, value._sabi_drop, 24);
ABS_ASSERT_OFFSET(AbsRObjectVtable_WM, value._sabi_clone, 32);
ABS_ASSERT_OFFSET(AbsRObjectVtable_WM, value._sabi_debug, 40);
ABS_ASSERT_OFFSET(AbsRObjectVtable_WM, value._sabi_display, 48);
ABS_ASSERT_OFFSET(AbsTraitVTableBase_WM, value._sabi_vtable, 16);
/* RBoxError */
ABS_ASSERT_SIZE(AbsRBoxError, 24);
ABS_ASSERT_OFFSET(AbsRBoxError, vtable, 16);
ABS_ASSERT_SIZE(AbsROptionDebugDisplayRef, 40);
ABS_ASSERT_OFFSET(AbsROptionDebugDisplayRef, some.value.display, 24);
ABS_ASSERT_OFFSET(AbsRErrorVTable_WM, value.as_debug_display, 32);
ABS_ASSERT_OFFSET(AbsRErrorVTable_WM, value.type_id, 40);
/* Value */
ABS_ASSERT_SIZE(AbsValue, 40);
ABS_ASSERT_ALIGN(AbsValue, 8);
ABS_ASSERT_OFFSET(AbsValue, boolean.value, 1);
ABS_ASSERT_OFFSET(AbsValue, i64.value, 8);
ABS_ASSERT_OFFSET(AbsValue, f64.value, 8);
ABS_ASSERT_OFFSET(AbsValue, string.value, 8);
ABS_ASSERT_OFFSET(AbsValue, object.value, 8);
/* async-ffi (reference 6) */
ABS_ASSERT_SIZE(AbsFfiFuture, 24);
ABS_ASSERT_OFFSET(AbsFfiFuture, poll_fn, 8);
ABS_ASSERT_OFFSET(AbsFfiFuture, drop_fn, 16);
ABS_ASSERT_SIZE(AbsFfiWakerVTable, 32);
ABS_ASSERT_OFFSET(AbsFfiWakerVTable, wake, 8);
ABS_ASSERT_OFFSET(AbsFfiWakerVTable, wake_by_ref, 16);
ABS_ASSERT_OFFSET(AbsFfiWakerVTable, drop, 24);
ABS_ASSERT_SIZE(AbsFfiContext, 8);
ABS_ASSERT_SIZE(AbsFfiPollUnit, 1);
ABS_ASSERT_SIZE(AbsFfiPollU64, 16);
ABS_ASSERT_OFFSET(AbsFfiPollU64, ready.value, 8);
ABS_ASSERT_SIZE(AbsFfiPollRString, 40);
ABS_ASSERT_SIZE(AbsFfiPollValue, 48);
ABS_ASSERT_SIZE(AbsEventSender, 16);
ABS_ASSERT_SIZE(AbsEventSenderVTable, 40);
/* TypeLayout pieces (reference 5.1) */
ABS_ASSERT_SIZE(AbsPTStructLayout, 24);
ABS_ASSERT_OFFSET(AbsPTStructLayout, mono_layout, 16);
ABS_ASSERT_SIZE(AbsMonoTypeLayout, 152);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, name, 24);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, item_info.line, 48);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, item_info.mod_path, 56);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data, 64);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data.prefix_type.value.first_suffix_field, 72);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data.prefix_type.value.conditional_prefix_fields, 80);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data.prefix_type.value.fields.comp_fields, 88);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data.prefix_type.value.fields.functions, 96);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, data.prefix_type.value.fields.comp_fields_len, 104);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, generics, 112);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, phantom_fields, 136);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, phantom_fields_len, 144);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, repr_attr, 145);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, mod_refl_mode, 147);
ABS_ASSERT_OFFSET(AbsMonoTypeLayout, name_len, 150);

#elif UINTPTR_MAX == 0xFFFFFFFFu /* 32-bit targets: the reference's i686 column */
ABS_ASSERT_SIZE(AbsRStr, 8);
ABS_ASSERT_SIZE(AbsRSlice, 8);
ABS_ASSERT_SIZE(AbsRVec, 16);
ABS_ASSERT_OFFSET(AbsRVec, vtable, 12);
ABS_ASSERT_SIZE(AbsRBox, 8);
ABS_ASSERT_SIZE(AbsRArc, 8);
ABS_ASSERT_SIZE(AbsRHashMap, 12);
ABS_ASSERT_SIZE(AbsRObject, 12);
ABS_ASSERT_SIZE(AbsDynTrait, 12);
ABS_ASSERT_SIZE(AbsUTypeId, 20);
ABS_ASSERT_SIZE(AbsMaybeCmpUTypeId, 24);
ABS_ASSERT_OFFSET(AbsMaybeCmpUTypeId, just.value, 4);
/* WM value offset: 12 for pointer-only structs, 16 for DynTrait's 16-aligned vtable. */
ABS_ASSERT_OFFSET(AbsVecVTable_WM, value, 12);
ABS_ASSERT_OFFSET(AbsBoxVtable_WM, value, 12);
ABS_ASSERT_OFFSET(AbsMapVTable_WM, value, 12);
ABS_ASSERT_OFFSET(AbsDynTraitVTable_WM, value, 16);
#if defined(__i386__) && !defined(_WIN32) /* i686 Linux: u64/f64 are 4-aligned in structs */
ABS_ASSERT_SIZE(AbsRDuration, 12);
ABS_ASSERT_SIZE(AbsROptionU64, 12);
ABS_ASSERT_OFFSET(AbsROptionU64, some.value, 4);
#endif
#endif

#ifdef __cplusplus
}
#endif

#endif /* ABI_STABLE_H */
