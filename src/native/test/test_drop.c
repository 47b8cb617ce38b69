/* test_drop.c: host RBoxes (both destructor flags) and every drop-glue op kind, including the
 * ones for plugin-side types (RArc, RObject, DynTrait) with test vtables that count calls. */
#include <stdint.h>

#include "test_util.h"

static int arc_drops, object_drops;
ABS_DECLARE_ROPTION(ROptionValue, AbsValue);

static void box_flags(void) {
    int64_t before = abs_live_allocations();
    AbsRBox b;
    abs_box_init(&b, &t_rstring);
    CHECK(b.vtable == abs_box_vtable(&t_rstring));
    CHECK(((uintptr_t)b.data % _Alignof(AbsRString)) == 0);
    *(AbsRString *)b.data = host_string("boxed");
    abs_rbox_drop(&b); /* (data, Yes, Yes): drops the string, frees the box */
    CHECK(abs_live_allocations() == before);

    abs_box_init(&b, &t_rstring);
    *(AbsRString *)b.data = host_string("moved out");
    AbsRString moved = *(AbsRString *)b.data;
    /* The value was moved out: free storage only. */
    b.vtable->value.destructor(b.data, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
    CHECK(rstring_is(&moved, "moved out"));
    abs_rvec_drop(&moved);

    abs_box_init(&b, &t_rstring);
    *(AbsRString *)b.data = host_string("dropped in place");
    b.vtable->value.destructor(b.data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_NO);
    b.vtable->value.destructor(b.data, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
    CHECK(abs_live_allocations() == before);

    abs_box_init(&b, &t_unit); /* a zero-sized T still gets a real, unique address */
    CHECK(b.data != NULL);
    abs_rbox_drop(&b);
    CHECK(abs_live_allocations() == before);
}

/* A fake RArc and a fake RObject, laid out the way a plugin's would be. */
static void arc_destructor(const void *data, AbsCallReferentDrop call_drop) {
    (void)data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) arc_drops++;
}
static const AbsArcVtable_WM arc_vtable = { ABS_ARC_VTABLE_BITS, NULL, { .destructor = arc_destructor } };

static void object_drop(void *ptr_field) {
    object_drops++;
    abs_rbox_drop((AbsRBox *)ptr_field);
}
static const AbsRObjectVtable_WM robject_vtable = { ABS_ROBJECT_VTABLE_BITS, NULL, { ._sabi_drop = object_drop } };
static const AbsTraitVTableBase_WM trait_vtable = { 0x7, NULL, { &robject_vtable } };

/* A struct holding one of everything, described by hand as the host would. */
typedef struct everything {
    uint8_t tag;            /* enum tag: 1 => `cow` owns a string */
    AbsRString cow;         /* @8 */
    AbsRString array[3];    /* @40 */
    AbsRBox box;            /* @136 */
    AbsRHashMap map;        /* @152 */
    AbsRArc arc;            /* @176 */
    AbsRObject object;      /* @192 */
    AbsDynTrait iter;       /* @216 */
} everything;

static void all_op_kinds(void) {
    int64_t before = abs_live_allocations();
    static const abs_drop_op string_at0[] = { { ABS_DROP_RVEC, 0, 0, 0, 0, 0, NULL, 0 } };
    static const abs_drop_op string_at8[] = { { ABS_DROP_RVEC, 0, 0, offsetof(everything, cow), 0, 0, NULL, 0 } };
    const abs_drop_op glue[] = {
        { ABS_DROP_ENUM, 1, 1, offsetof(everything, tag), 0, 0, string_at8, 1 },
        { ABS_DROP_ARRAY, 0, 0, offsetof(everything, array), 3, sizeof(AbsRString), string_at0, 1 },
        { ABS_DROP_RBOX, 0, 0, offsetof(everything, box), 0, 0, NULL, 0 },
        { ABS_DROP_RHASHMAP, 0, 0, offsetof(everything, map), 0, 0, NULL, 0 },
        { ABS_DROP_RARC, 0, 0, offsetof(everything, arc), 0, 0, NULL, 0 },
        { ABS_DROP_ROBJECT, 0, 0, offsetof(everything, object), 0, 0, NULL, 0 },
        { ABS_DROP_DYNTRAIT, 0, 0, offsetof(everything, iter), 0, 0, NULL, 0 },
    };
    everything e;
    memset(&e, 0, sizeof e);
    e.tag = 1;
    e.cow = host_string("owned");
    for (int i = 0; i < 3; i++) e.array[i] = host_string("element");
    abs_box_init(&e.box, &t_vec_u32);
    abs_vec_init(e.box.data, &t_u32, 4);
    CHECK(abs_map_new(&e.map, &t_rstring, &t_vec_u32) == ABS_RT_OK);
    AbsRString k = host_string("key");
    AbsRVec v;
    abs_vec_init(&v, &t_u32, 2);
    AbsROptionRString old; /* ROption<RVec<u32>>: the same layout */
    CHECK(abs_map_insert(&e.map, &t_rstring, &t_vec_u32, &k, &v, &old) == ABS_RT_OK);
    CHECK(old.tag == ABS_RNONE);
    e.arc.vtable = &arc_vtable;
    e.object.vtable = &trait_vtable;
    abs_box_init(&e.object.ptr, &t_u64);
    e.iter = e.map.vtable->value.iter(e.map.map.data); /* a live iterator is dropped first */
    /* The iterator borrows the map: list it before the map so it is dropped first. */
    const abs_drop_op iter_first[] = { glue[6], glue[0], glue[1], glue[2], glue[3], glue[4], glue[5] };
    abs_drop_in_place(&e, iter_first, 7);
    CHECK(arc_drops == 1 && object_drops == 1);
    CHECK(abs_live_allocations() == before);

    /* The enum op skips a variant whose tag does not match. */
    e.tag = 0;
    e.cow = host_string("not owned by tag 0");
    abs_drop_in_place(&e, glue, 1);
    CHECK(abs_live_allocations() == before + 1);
    abs_rvec_drop(&e.cow);
}

/* Value: nested Array / Object / String freed through their own vtables, recursively. */
static void value_glue(void) {
    int64_t before = abs_live_allocations();
    AbsValue inner[2];
    memset(inner, 0, sizeof inner);
    inner[0].string.tag = ABS_VALUE_STRING;
    inner[0].string.value = host_string("two");
    inner[1].object.tag = ABS_VALUE_OBJECT;
    CHECK(abs_map_new(&inner[1].object.value, &t_rstring, &t_value) == ABS_RT_OK);
    AbsValue nested;
    memset(&nested, 0, sizeof nested);
    nested.bytes.tag = ABS_VALUE_BYTES;
    abs_vec_init(&nested.bytes.value, &t_u8, 3);
    AbsRString key = host_string("k");
    ROptionValue old;
    CHECK(abs_map_insert(&inner[1].object.value, &t_rstring, &t_value, &key, &nested, &old) == ABS_RT_OK);
    CHECK(old.tag == ABS_RNONE);
    AbsValue top;
    memset(&top, 0, sizeof top);
    top.array.tag = ABS_VALUE_ARRAY;
    abs_vec_init(&top.array.value, &t_value, 2);
    memcpy(top.array.value.buffer, inner, sizeof inner);
    top.array.value.length = 2;
    abs_drop_in_place(&top, t_value.drop, t_value.drop_len);
    CHECK(abs_live_allocations() == before);
}

void test_box_and_drop(void) {
    box_flags();
    all_op_kinds();
    value_glue();
}
