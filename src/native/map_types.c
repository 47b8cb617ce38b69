/* map_types.c: everything derived once from a (K, V) pair: the stored entry layout, the layouts
 * and calling-convention classes of the by-value types the vtables exchange, and the vtables.
 * Also abs_map_new and the RBox vtable every host map object carries. */
#include "map.h"

static AbsUTypeId map_box_type_id(void) { return rt_type_id_rbox(); }

/* RHashMap.map is an RBox of the map object: CallReferentDrop drops the contents, Deallocate
 * frees the object (iter_val consumes the box, so both flags can come separately). */
static void map_box_destructor(void *data, AbsCallReferentDrop call_drop, AbsDeallocate dealloc) {
    rt_map *m = data;
    if (call_drop == ABS_CALL_REFERENT_DROP_YES) rt_map_drop_contents(m);
    if (dealloc == ABS_DEALLOCATE_YES) rt_map_free(m);
}

const AbsBoxVtable_WM rt_map_box_vtable = {
    ABS_BOX_VTABLE_BITS,
    &rt_layout_box_vtable,
    { map_box_type_id, map_box_destructor },
};

/* By-value keys and values are passed through the x86-64 dumps (abi_x64.h): refuse what they
 * cannot carry rather than corrupt a call. */
static bool supported(const abs_type *key, const abs_type *value, rt_abi k, rt_abi v) {
    if (!RT_X64_SYSV) return false;
    if (key->align == 0 || value->align == 0 || key->align > 8 || value->align > 8) return false;
    if (key->size > RT_MAX_BYVALUE || value->size > RT_MAX_BYVALUE) return false;
    if (key->key_kind == ABS_KEY_STR && key->size != sizeof(AbsRString)) return false;
    size_t on_stack = (k.kind == RT_ABI_MEMORY ? rt_round_up(k.size, 8) : 0) +
                      (v.kind == RT_ABI_MEMORY ? rt_round_up(v.size, 8) : 0);
    return on_stack <= RT_MAX_BYVALUE;
}

static void *make_types(const void *k, const void *v) {
    const abs_type *key = k, *value = v;
    rt_units ku = rt_units_of(key), vu = rt_units_of(value);
    rt_units ov = rt_units_option(vu), tu = rt_units_tuple2(ku, vu), okv = rt_units_option(tu);
    rt_abi k_abi = rt_classify(ku), v_abi = rt_classify(vu);
    if (!supported(key, value, k_abi, v_abi)) return NULL;

    rt_map_types *t = rt_alloc_forever(sizeof *t, _Alignof(rt_map_types));
    t->key = key;
    t->value = value;
    t->key_off = rt_round_up(sizeof(uint64_t), key->align);
    t->val_off = rt_round_up(t->key_off + key->size, value->align);
    t->entry_align = rt_max(rt_max(_Alignof(uint64_t), key->align), value->align);
    t->stride = rt_round_up(t->val_off + value->size, t->entry_align);
    t->opt_v_size = ov.size;
    t->opt_v_off = rt_option_payload(vu);
    t->tuple_size = tu.size;
    t->tuple_v_off = rt_tuple2_second(ku, vu);
    t->opt_kv_size = okv.size;
    t->opt_kv_off = rt_option_payload(tu);
    t->k_abi = k_abi;
    t->v_abi = v_abi;
    t->tuple_abi = rt_classify(tu);
    t->opt_v_abi = rt_classify(ov);
    t->opt_kv_abi = rt_classify(okv);
    rt_map_vtable_fill(t);
    rt_map_entry_vtables_fill(t);
    rt_map_iter_vtable_fill(t);
    return t;
}

static rt_cache map_types = RT_CACHE_INIT;

const rt_map_types *rt_map_types_get(const abs_type *key, const abs_type *value) {
    return rt_cache_get(&map_types, key, value, make_types);
}

ABS_RT_API int abs_map_new(AbsRHashMap *out, const abs_type *key, const abs_type *value) {
    const rt_map_types *t = rt_map_types_get(key, value);
    if (!t) {
        memset(out, 0, sizeof *out);
        return ABS_RT_UNSUPPORTED;
    }
    out->map.data = rt_map_create(t);
    out->map.vtable = &rt_map_box_vtable;
    out->vtable = t->vtable;
    return ABS_RT_OK;
}
