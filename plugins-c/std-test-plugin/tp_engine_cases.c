/* tp_engine_cases.c: functions whose arguments are options, results, references and vectors of
 * strings or structs, which the host's call engine builds in one crossing
 * (test/std-types/call-engine-kinds.test.ts calls each both ways). Pair is #[repr(C)] { u32, u64 }. */
#include "plugin.h"

typedef struct TpPair { uint32_t a; uint64_t b; } TpPair;
ABS_DECLARE_ROPTION(TpROptionU64, uint64_t);
ABS_DECLARE_RSLICE(TpRSlicePair, TpPair);
ABS_DECLARE_RSLICE(TpRSliceRStr, AbsRStr);
ABS_DECLARE_RRESULT(TpRResultVecU32, AbsRVec, uint32_t);
ABS_DECLARE_ROPTION(TpROptionPair, TpPair);

ABS_EXPORT uint64_t tp_option_u64_or(TpROptionU64 o, uint64_t fallback) {
    return o.tag == ABS_RSOME ? o.some.value : fallback;
}

ABS_EXPORT uint64_t tp_pair_ref_sum(const TpPair *p) { return (uint64_t)p->a + p->b; }

/* Doubles both fields where they are; returns their new sum. */
ABS_EXPORT uint64_t tp_pair_mut_double(TpPair *p) {
    p->a *= 2u;
    p->b *= 2u;
    return (uint64_t)p->a + p->b;
}

/* Takes the vector (a host-made one's buffer is freed through its own vtable). */
ABS_EXPORT uint64_t tp_pairs_sum(AbsRVec v) {
    uint64_t sum = 0;
    for (size_t i = 0; i < v.length; i++) sum += ABS_RVEC_AT(v, TpPair, i).a + ABS_RVEC_AT(v, TpPair, i).b;
    abs_rvec_drop(&v);
    return sum;
}

ABS_EXPORT uint64_t tp_pairs_slice_sum(TpRSlicePair s) {
    uint64_t sum = 0;
    for (size_t i = 0; i < s.length; i++) sum += s.data[i].a + s.data[i].b;
    return sum;
}

/* The strings joined with ',' (each string and the vector dropped through their own vtables). */
ABS_EXPORT AbsRString tp_strings_join(AbsRVec v) {
    AbsRString out = tp_rstring("");
    for (size_t i = 0; i < v.length; i++) {
        const AbsRString *s = &ABS_RVEC_AT(v, AbsRString, i);
        if (i) tp_rstring_push(&out, ",", 1);
        tp_rstring_push(&out, (const char *)s->buffer, s->length);
    }
    abs_rvec_drop(&v);
    return out;
}

ABS_EXPORT uint64_t tp_strs_total_len(TpRSliceRStr s) {
    uint64_t n = 0;
    for (size_t i = 0; i < s.length; i++) n += s.data[i].length;
    return n;
}

/* ROk(strings): how many strings there were, plus their lengths (the vector dropped); RErr(n): n + 1000. */
ABS_EXPORT uint64_t tp_result_strings_count(TpRResultVecU32 r) {
    if (r.tag != ABS_ROK) return (uint64_t)r.err.value + 1000u;
    uint64_t n = r.ok.value.length;
    for (size_t i = 0; i < r.ok.value.length; i++) n += ABS_RVEC_AT(r.ok.value, AbsRString, i).length;
    abs_rvec_drop(&r.ok.value);
    return n;
}

/* RVec<ROption<Pair>>: the sum over the RSome ones, plus 1000 per RNone (the vector dropped). */
ABS_EXPORT uint64_t tp_option_pairs_sum(AbsRVec v) {
    uint64_t sum = 0;
    for (size_t i = 0; i < v.length; i++) {
        const TpROptionPair *o = &ABS_RVEC_AT(v, TpROptionPair, i);
        sum += o->tag == ABS_RSOME ? o->some.value.a + o->some.value.b : 1000u;
    }
    abs_rvec_drop(&v);
    return sum;
}
