/* trait_tramp.c: the fixed pool of method trampolines for host trait objects. Each trampoline is an
 * ordinary C function that knows two things at compile time, its method index and its return
 * class, and declares enough parameters to see every argument register of the shapes the pool
 * supports (abs_trait.h): the C compiler then reads those registers for us, portably across
 * compilers, with no assembly. Unused parameters hold whatever the caller left there; only the
 * ones the method's declaration says are real are ever looked at.
 *
 * x86-64 System V: `self` arrives in rdi (rsi when a hidden result pointer takes rdi), the next
 * integer eightbytes in the remaining integer registers and then the first stack slots, floats in
 * xmm0-7. A return of up to 16 integer bytes goes in rax:rdx (a 16-byte struct return), an f32/f64
 * in xmm0 (a double return; an f32's bits sit in its low half), a larger one through the hidden
 * pointer (a struct of exactly that size, so C writes exactly that many bytes). */
#include "trait_internal.h"

#define TRAMP_PARAMS                                                                            \
    void *self, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,  \
        uint64_t a6, double f0, double f1, double f2, double f3, double f4, double f5, double f6, \
        double f7
#define TRAMP_CAPTURE                                                                           \
    const uint64_t words[ABS_TRAIT_MAX_WORDS] = { a0, a1, a2, a3, a4, a5, a6 };                 \
    const double fregs[ABS_TRAIT_MAX_FLOATS] = { f0, f1, f2, f3, f4, f5, f6, f7 };              \
    uint64_t floats[ABS_TRAIT_MAX_FLOATS];                                                      \
    memcpy(floats, fregs, sizeof floats)

typedef struct { uint64_t lo, hi; } regs_ret;

#define REP32(M, X)                                                                             \
    M(0, X) M(1, X) M(2, X) M(3, X) M(4, X) M(5, X) M(6, X) M(7, X) M(8, X) M(9, X) M(10, X)     \
    M(11, X) M(12, X) M(13, X) M(14, X) M(15, X) M(16, X) M(17, X) M(18, X) M(19, X) M(20, X)   \
    M(21, X) M(22, X) M(23, X) M(24, X) M(25, X) M(26, X) M(27, X) M(28, X) M(29, X) M(30, X)   \
    M(31, X)

_Static_assert(ABS_TRAIT_MAX_METHODS == 32, "the pool below is generated for 32 methods");
_Static_assert(ABS_TRAIT_MAX_WORDS == 7 && ABS_TRAIT_MAX_FLOATS == 8, "TRAMP_PARAMS shape");

/* ---- nothing, or up to 16 integer bytes ---------------------------------------------------- */

#define DEF_REGS(k, unused)                                                                     \
    static regs_ret tramp_regs_##k(TRAMP_PARAMS) {                                              \
        regs_ret r = { 0, 0 };                                                                  \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, &r);                                          \
        return r;                                                                               \
    }
REP32(DEF_REGS, _)

/* ---- one f32/f64 ----------------------------------------------------------------------------- */

#define DEF_FLOAT(k, unused)                                                                    \
    static double tramp_float_##k(TRAMP_PARAMS) {                                               \
        double r = 0;                                                                           \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, &r);                                          \
        return r;                                                                               \
    }
REP32(DEF_FLOAT, _)

/* ---- through the hidden result pointer, one family per size ------------------------------- */

#define DEF_MEM_TYPE(n) typedef struct { uint64_t bytes[(n) / 8]; } mem_ret_##n;
#define DEF_MEM(k, n)                                                                           \
    static mem_ret_##n tramp_mem##n##_##k(TRAMP_PARAMS) {                                       \
        mem_ret_##n r;                                                                          \
        memset(&r, 0, sizeof r);                                                                \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, &r);                                          \
        return r;                                                                               \
    }
#define MEM_FAMILY(n) DEF_MEM_TYPE(n) REP32(DEF_MEM, n)
MEM_FAMILY(24)
MEM_FAMILY(32)
MEM_FAMILY(40)
MEM_FAMILY(48)
MEM_FAMILY(56)
MEM_FAMILY(64)
MEM_FAMILY(72)
MEM_FAMILY(80)
MEM_FAMILY(88)
MEM_FAMILY(96)
MEM_FAMILY(104)
MEM_FAMILY(112)
MEM_FAMILY(120)
MEM_FAMILY(128)

/* ---- tables ---------------------------------------------------------------------------------- */

#define ENTRY_REGS(k, unused) (AbsFn)tramp_regs_##k,
#define ENTRY_FLOAT(k, unused) (AbsFn)tramp_float_##k,
#define ENTRY_MEM(k, n) (AbsFn)tramp_mem##n##_##k,

static const AbsFn regs_table[ABS_TRAIT_MAX_METHODS] = { REP32(ENTRY_REGS, _) };
static const AbsFn float_table[ABS_TRAIT_MAX_METHODS] = { REP32(ENTRY_FLOAT, _) };
#define MEM_ROW(n) { REP32(ENTRY_MEM, n) },
#define MEM_SIZES ((ABS_TRAIT_MAX_MEMORY_RETURN - 24) / 8 + 1)
static const AbsFn mem_table[MEM_SIZES][ABS_TRAIT_MAX_METHODS] = {
    MEM_ROW(24) MEM_ROW(32) MEM_ROW(40) MEM_ROW(48) MEM_ROW(56) MEM_ROW(64) MEM_ROW(72)
    MEM_ROW(80) MEM_ROW(88) MEM_ROW(96) MEM_ROW(104) MEM_ROW(112) MEM_ROW(120) MEM_ROW(128)
};
_Static_assert(MEM_SIZES == 14, "one memory family per multiple of 8 from 24 to 128");

AbsFn rt_trait_trampoline(uint32_t ret_class, uint32_t ret_size, uint32_t index) {
    if (index >= ABS_TRAIT_MAX_METHODS) return NULL;
    switch (ret_class) {
    case ABS_TRAIT_RET_REGS:
        return ret_size <= 16 ? regs_table[index] : NULL;
    case ABS_TRAIT_RET_FLOAT:
        return ret_size == 4 || ret_size == 8 ? float_table[index] : NULL;
    case ABS_TRAIT_RET_MEMORY:
        if (ret_size < 24 || ret_size > ABS_TRAIT_MAX_MEMORY_RETURN || ret_size % 8 != 0) return NULL;
        return mem_table[(ret_size - 24) / 8][index];
    default:
        return NULL;
    }
}
