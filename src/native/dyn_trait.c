/* dyn_trait.c: the host side of plugin-made DynTraits and NonExhaustives (reference 3.5, 11.A,
 * 11.D). A DynTrait JS took out of a returned value leaves an inert vtable behind, so the drop of
 * what it was read from does not drop it too; `hash` slots are called with the runtime's hasher. */
#include "rt_hasher.h"
#include "abs_erased.h"

static void drop_nothing(void *object) { (void)object; }

static AbsRStr inert_type_name(void) {
    AbsRStr s = { "abs_rt::MovedDynTrait", 21 };
    return s;
}

static const AbsTypeInfo inert_type_info = { 0, 1, rt_maybe_type_id_nothing, inert_type_name };

static const AbsDynTraitVTable_WM inert_dyn_vtable = {
    0x7ull, &rt_layout_dyntrait_vtable,
    { .type_info = &inert_type_info, .drop_ptr = drop_nothing,
      .iter = { .tag = ABS_RNONE }, .back_iter = { .tag = ABS_RNONE }, .io_write = { .tag = ABS_RNONE },
      .io_read = { .tag = ABS_RNONE }, .io_bufread = { .tag = ABS_RNONE } },
};

ABS_RT_API const void *abs_inert_dyn_vtable(void) { return &inert_dyn_vtable; }

ABS_RT_API uint64_t abs_erased_hash(AbsFn hash, const void *obj) {
    rt_hasher h;
    rt_hasher_init(&h);
    ((void (*)(const void *, AbsHasherObject))hash)(obj, rt_hasher_object(&h));
    return rt_hasher_finish(&h);
}
