/* tp_others.c: RCow, RDuration and RCmpOrdering functions of the test plugin. */
#include "plugin.h"

ABS_EXPORT AbsRCowStr tp_cow(bool owned) {
    AbsRCowStr c;
    memset(&c, 0, sizeof c);
    if (owned) {
        c.tag = ABS_RCOW_OWNED;
        c.owned = tp_rstring("owned");
    } else {
        c.tag = ABS_RCOW_BORROWED;
        c.borrowed = ABS_RSTR("borrowed"); /* static: lives as long as the plugin */
    }
    return c;
}

ABS_EXPORT size_t tp_cow_len(AbsRCowStr c) {
    if (c.tag == ABS_RCOW_BORROWED) return c.borrowed.length;
    size_t n = c.owned.length;
    abs_rvec_drop(&c.owned);
    return n;
}

ABS_EXPORT AbsRDuration tp_duration_add(AbsRDuration a, AbsRDuration b) {
    uint32_t nanos = a.subsec_nanos + b.subsec_nanos; /* each < 1e9: no overflow */
    AbsRDuration r = { a.seconds + b.seconds + nanos / 1000000000u, nanos % 1000000000u };
    return r;
}

ABS_EXPORT AbsRCmpOrdering tp_compare(int64_t a, int64_t b) {
    return a < b ? ABS_LESS : a == b ? ABS_EQUAL : ABS_GREATER;
}
