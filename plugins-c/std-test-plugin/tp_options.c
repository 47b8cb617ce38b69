/* tp_options.c: ROption / RResult functions of the test plugin. */
#include "plugin.h"

ABS_EXPORT AbsROptionU32 tp_option_double(AbsROptionU32 o) {
    if (o.tag == ABS_RSOME) o.some.value *= 2u;
    return o;
}

ABS_EXPORT AbsROptionRString tp_option_string(AbsROptionRString o) {
    if (o.tag == ABS_RSOME) tp_rstring_push(&o.some.value, "?", 1);
    return o;
}

ABS_EXPORT TpRResultU64RString tp_checked_div(uint64_t a, uint64_t b) {
    if (b == 0) return ABS_ERR(TpRResultU64RString, tp_rstring("division by zero"));
    return ABS_OK(TpRResultU64RString, a / b);
}

ABS_EXPORT TpRResultRStringU32 tp_result_echo(TpRResultRStringU32 r) {
    if (r.tag == ABS_ROK) tp_rstring_push(&r.ok.value, "!", 1);
    else r.err.value += 1u;
    return r;
}
