/* tp_boxes.c: RBox and TupleN functions of the test plugin. */
#include "plugin.h"

ABS_EXPORT AbsRBox tp_box_new(uint64_t x) {
    AbsRBox b;
    abs_box_init(&b, &tp_t_u64);
    memcpy(b.data, &x, sizeof x);
    return b;
}

ABS_EXPORT uint64_t tp_box_take(AbsRBox b) {
    uint64_t x;
    memcpy(&x, b.data, sizeof x);
    abs_rbox_drop(&b); /* destructor(data, 0, 1) of whoever made the box */
    return x;
}

ABS_EXPORT AbsRBox tp_box_string(AbsRBox b) {
    tp_rstring_push((AbsRString *)b.data, "#", 1);
    return b;
}

ABS_EXPORT TpTuple1F64 tp_tuple1(TpTuple1F64 t) {
    t._0 *= 2.0;
    return t;
}

ABS_EXPORT TpTuple2U64U8 tp_tuple2(TpTuple2U8U64 t) {
    TpTuple2U64U8 r = { t._1 + 1u, (uint8_t)(t._0 + 1u) };
    return r;
}

ABS_EXPORT TpTuple3 tp_tuple3(TpTuple3 t) {
    TpTuple3 r = { (uint8_t)(t._0 + 1u), (uint16_t)(t._1 + 1u), t._2 + 1u };
    return r;
}

ABS_EXPORT TpTuple4 tp_tuple4(TpTuple4 t) {
    TpTuple4 r = { (uint8_t)(t._0 + 1u), (uint16_t)(t._1 + 1u), t._2 + 1u, t._3 + 1u };
    return r;
}

ABS_EXPORT TpTuple2RStringU64 tp_tuple_string(AbsRString s) {
    TpTuple2RStringU64 r = { s, s.length };
    return r;
}
