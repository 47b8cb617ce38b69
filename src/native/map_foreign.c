/* map_foreign.c: what the JS host does to ANY RHashMap, plugin- or host-made: only through the
 * map's own vtables, never its internals. */
#include "abi_x64.h"

ABS_RT_API size_t abs_map_len(const AbsRHashMap *m) { return m->vtable->value.len(m->map.data); }

ABS_RT_API size_t abs_map_collect(const AbsRHashMap *m, const void **keys, const void **values,
                                  size_t cap) {
    AbsDynTrait it = m->vtable->value.iter(m->map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    size_t n = 0;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        while (n < cap) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            keys[n] = item.some.value._0;
            values[n] = item.some.value._1;
            n++;
        }
    }
    vt->value.drop_ptr(&it);
    return n;
}

#if RT_X64_SYSV
/* Caller-side shapes of insert_elem(map, K, V) -> ROption<V>, one per return carrier. */
typedef void *(*insert_mem_fn)(void *ret, void *map, uint64_t g2, uint64_t g3, uint64_t g4, uint64_t g5,
                               RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
#define INSERT_REG_FN(k)                                                                        \
    typedef rt_ret_##k (*insert_##k##_fn)(void *map, uint64_t g1, uint64_t g2, uint64_t g3,      \
                                          uint64_t g4, uint64_t g5, RT_X64_XMM_PARAMS,           \
                                          RT_X64_STACK_PARAMS);
INSERT_REG_FN(ii)
INSERT_REG_FN(is)
INSERT_REG_FN(si)
INSERT_REG_FN(ss)
#define REG_ARGS(a) (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], RT_X64_XMM_OF(a), RT_X64_STACK_OF(a)
#endif

ABS_RT_API int abs_map_insert(AbsRHashMap *m, const abs_type *key_type, const abs_type *value_type,
                              void *key, void *value, void *old_out) {
#if RT_X64_SYSV
    rt_units vu = rt_units_of(value_type);
    rt_abi k = rt_classify(rt_units_of(key_type)), v = rt_classify(vu), r = rt_classify(rt_units_option(vu));
    size_t on_stack = (k.kind == RT_ABI_MEMORY ? rt_round_up(k.size, 8) : 0) +
                      (v.kind == RT_ABI_MEMORY ? rt_round_up(v.size, 8) : 0);
    if (key_type->align > 8 || value_type->align > 8 || on_stack > RT_MAX_BYVALUE) return ABS_RT_UNSUPPORTED;
    int kind = rt_ret_kind(&r);
    rt_x64_args a;
    rt_x64_begin(&a, kind == RT_RET_MEM ? 2 : 1); /* the hidden result pointer takes %rdi */
    rt_x64_put(&a, &k, key);
    rt_x64_put(&a, &v, value);
    AbsFn f = m->vtable->value.insert_elem;
    void *map = m->map.data;
    _Alignas(16) unsigned char ret[16];
    switch (kind) {
    case RT_RET_MEM:
        ((insert_mem_fn)f)(old_out, map, a.gpr[2], a.gpr[3], a.gpr[4], a.gpr[5], RT_X64_XMM_OF(&a), RT_X64_STACK_OF(&a));
        return ABS_RT_OK;
    case RT_RET_IS: rt_ret_from_is(((insert_is_fn)f)(map, REG_ARGS(&a)), ret); break;
    case RT_RET_SI: rt_ret_from_si(((insert_si_fn)f)(map, REG_ARGS(&a)), ret); break;
    case RT_RET_SS: rt_ret_from_ss(((insert_ss_fn)f)(map, REG_ARGS(&a)), ret); break;
    default: rt_ret_from_ii(((insert_ii_fn)f)(map, REG_ARGS(&a)), ret); break;
    }
    memcpy(old_out, ret, r.size);
    return ABS_RT_OK;
#else
    (void)m; (void)key_type; (void)value_type; (void)key; (void)value; (void)old_out;
    return ABS_RT_UNSUPPORTED;
#endif
}
