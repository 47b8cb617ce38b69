/* drop.c: drop glue interpreter. Every owned part is released through the vtable stored in the
 * value itself, so it works the same on host-made and plugin-made values. */
#include "rt_internal.h"

static uint64_t read_tag(const unsigned char *p, uint32_t size) {
    switch (size) {
    case 1: { uint8_t v; memcpy(&v, p, 1); return v; }
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    case 8: { uint64_t v; memcpy(&v, p, 8); return v; }
    default: rt_fatal("drop glue: enum tag size must be 1, 2, 4 or 8");
    }
}

ABS_RT_API void abs_drop_in_place(void *value, const abs_drop_op *ops, size_t len) {
    unsigned char *base = value;
    for (size_t i = 0; i < len; i++) {
        const abs_drop_op *op = &ops[i];
        unsigned char *at = base + op->offset;
        switch (op->kind) {
        case ABS_DROP_RVEC: {
            AbsRVec *v = (AbsRVec *)at;
            v->vtable->value.destructor(v);
            break;
        }
        case ABS_DROP_RBOX: {
            AbsRBox *b = (AbsRBox *)at;
            b->vtable->value.destructor(b->data, ABS_CALL_REFERENT_DROP_YES, ABS_DEALLOCATE_YES);
            break;
        }
        case ABS_DROP_RHASHMAP: {
            AbsRHashMap *m = (AbsRHashMap *)at;
            m->map.vtable->value.destructor(m->map.data, ABS_CALL_REFERENT_DROP_YES,
                                            ABS_DEALLOCATE_YES);
            break;
        }
        case ABS_DROP_RARC: {
            AbsRArc *a = (AbsRArc *)at;
            a->vtable->value.destructor(a->data, ABS_CALL_REFERENT_DROP_YES);
            break;
        }
        case ABS_DROP_ENUM:
            /* Variant ops are relative to the value start, like every other op in the list. */
            if (read_tag(at, op->tag_size) == op->tag_value) abs_drop_in_place(base, op->ops, op->len);
            break;
        case ABS_DROP_ARRAY:
            for (size_t k = 0; k < op->count; k++) abs_drop_in_place(at + k * op->stride, op->ops, op->len);
            break;
        case ABS_DROP_ROBJECT: {
            AbsRObject *o = (AbsRObject *)at;
            o->vtable->value._sabi_vtable->value._sabi_drop(&o->ptr);
            break;
        }
        case ABS_DROP_DYNTRAIT: {
            AbsDynTrait *d = (AbsDynTrait *)at;
            d->vtable->value.drop_ptr(d);
            break;
        }
        case ABS_DROP_FFIFUTURE: {
            AbsFfiFuture *f = (AbsFfiFuture *)at;
            f->drop_fn(f->fut_ptr);
            break;
        }
        case ABS_DROP_NONEXHAUSTIVE: {
            /* NonExhaustiveVtable._sabi_drop is field 2, at WM+16+P (reference 11.A). */
            const unsigned char *wm;
            memcpy(&wm, at + op->stride, sizeof wm);
            if (!wm) break; /* a plugin's broken value (the host refused it): nothing can drop it */
            void (*drop)(void *);
            memcpy(&drop, wm + 16 + sizeof(void *), sizeof drop);
            drop(at);
            break;
        }
        default:
            rt_fatal("drop glue: unknown op kind");
        }
    }
}
