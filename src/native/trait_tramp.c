/* trait_tramp.c: the fixed pool of method trampolines for host trait objects. Each trampoline is an
 * ordinary C function that knows two things at compile time, its method index and its return
 * family, and declares enough parameters to see every argument register and the first stack words
 * of the caller: the C compiler then reads those registers and stack slots for us, portably across
 * compilers, with no assembly. Unused parameters hold whatever the caller left there; only the
 * ones the method's plan says are real are ever looked at.
 *
 * x86-64 System V: `self` arrives in rdi (rsi when a hidden result pointer takes rdi), the next
 * integer eightbytes in the remaining integer registers, floats in xmm0-7, and everything else
 * (structs over 16 bytes, structs that do not fit the registers left, eightbytes past the
 * registers) in the caller's stack argument area, in argument order. The trampoline's parameter
 * list is `self`, ABS_TRAIT_MAX_WORDS integers, then 8 doubles: the first integers take the
 * registers, the rest read the stack area word by word, and the doubles take xmm0-7.
 *
 * Returns: up to 16 bytes come back in registers as a 16-byte struct whose eightbytes have the
 * classes of the value's (rax:rdx, xmm0:xmm1, rax:xmm0 or xmm0:rax); anything larger goes through
 * the hidden pointer, which is exactly a first pointer parameter that the function also returns,
 * so one family serves every size. */
#include "trait_internal.h"

#define W8(p, i) uint64_t p##i##0, uint64_t p##i##1, uint64_t p##i##2, uint64_t p##i##3, \
                 uint64_t p##i##4, uint64_t p##i##5, uint64_t p##i##6, uint64_t p##i##7
#define V8(p, i) p##i##0, p##i##1, p##i##2, p##i##3, p##i##4, p##i##5, p##i##6, p##i##7
/* 5 register words + 32 stack words = ABS_TRAIT_MAX_WORDS. */
#define TRAMP_PARAMS                                                                            \
    void *self, uint64_t r0, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, W8(s, 0),     \
        W8(s, 1), W8(s, 2), W8(s, 3), double f0, double f1, double f2, double f3, double f4,   \
        double f5, double f6, double f7
#define TRAMP_CAPTURE                                                                           \
    const uint64_t words[ABS_TRAIT_MAX_WORDS] = { r0, r1, r2, r3, r4, V8(s, 0), V8(s, 1),      \
                                                  V8(s, 2), V8(s, 3) };                         \
    const double fregs[ABS_TRAIT_MAX_FLOATS] = { f0, f1, f2, f3, f4, f5, f6, f7 };              \
    uint64_t floats[ABS_TRAIT_MAX_FLOATS];                                                      \
    memcpy(floats, fregs, sizeof floats)

_Static_assert(ABS_TRAIT_MAX_WORDS == 37 && ABS_TRAIT_MAX_FLOATS == 8, "TRAMP_PARAMS shape");
_Static_assert(ABS_TRAIT_MAX_METHODS == 62, "the pool below is generated for 62 methods");

#define REP62(M, X)                                                                             \
    M(0, X) M(1, X) M(2, X) M(3, X) M(4, X) M(5, X) M(6, X) M(7, X) M(8, X) M(9, X) M(10, X)     \
    M(11, X) M(12, X) M(13, X) M(14, X) M(15, X) M(16, X) M(17, X) M(18, X) M(19, X) M(20, X)   \
    M(21, X) M(22, X) M(23, X) M(24, X) M(25, X) M(26, X) M(27, X) M(28, X) M(29, X) M(30, X)   \
    M(31, X) M(32, X) M(33, X) M(34, X) M(35, X) M(36, X) M(37, X) M(38, X) M(39, X) M(40, X)   \
    M(41, X) M(42, X) M(43, X) M(44, X) M(45, X) M(46, X) M(47, X) M(48, X) M(49, X) M(50, X)   \
    M(51, X) M(52, X) M(53, X) M(54, X) M(55, X) M(56, X) M(57, X) M(58, X) M(59, X) M(60, X)   \
    M(61, X)

/* ---- up to 16 bytes, one struct type per pair of eightbyte classes --------------------------- */

typedef struct { uint64_t lo, hi; } ret_ii; /* rax:rdx */
typedef struct { double lo, hi; } ret_ss;   /* xmm0:xmm1 */
typedef struct { uint64_t lo; double hi; } ret_is; /* rax, xmm0 */
typedef struct { double lo; uint64_t hi; } ret_si; /* xmm0, rax */

#define DEF_REGS(k, T)                                                                          \
    static T tramp_##T##_##k(TRAMP_PARAMS) {                                                    \
        T r;                                                                                    \
        memset(&r, 0, sizeof r);                                                                \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, &r);                                          \
        return r;                                                                               \
    }
REP62(DEF_REGS, ret_ii)
REP62(DEF_REGS, ret_ss)
REP62(DEF_REGS, ret_is)
REP62(DEF_REGS, ret_si)

/* ---- through the hidden result pointer (dispatch zeroes ret_size bytes first) ---------------- */

#define DEF_MEM(k, unused)                                                                      \
    static void *tramp_mem_##k(void *ret, TRAMP_PARAMS) {                                       \
        TRAMP_CAPTURE;                                                                          \
        rt_trait_dispatch(self, k, words, floats, ret);                                         \
        return ret;                                                                             \
    }
REP62(DEF_MEM, _)

/* ---- tables ---------------------------------------------------------------------------------- */

#define ENTRY(k, T) (AbsFn)tramp_##T##_##k,
#define ENTRY_MEM(k, unused) (AbsFn)tramp_mem_##k,

static const AbsFn regs_table[][ABS_TRAIT_MAX_METHODS] = {
    [ABS_TRAIT_RET_REGS] = { REP62(ENTRY, ret_ii) },
    [ABS_TRAIT_RET_FLOAT] = { REP62(ENTRY, ret_ss) },
    [ABS_TRAIT_RET_MEMORY] = { REP62(ENTRY_MEM, _) },
    [ABS_TRAIT_RET_INT_FLOAT] = { REP62(ENTRY, ret_is) },
    [ABS_TRAIT_RET_FLOAT_INT] = { REP62(ENTRY, ret_si) },
};

AbsFn rt_trait_trampoline(uint32_t ret_class, uint32_t ret_size, uint32_t index) {
    if (index >= ABS_TRAIT_MAX_METHODS) return NULL;
    switch (ret_class) {
    case ABS_TRAIT_RET_REGS:
    case ABS_TRAIT_RET_FLOAT:
        return ret_size <= 16 ? regs_table[ret_class][index] : NULL;
    case ABS_TRAIT_RET_INT_FLOAT:
    case ABS_TRAIT_RET_FLOAT_INT:
        return ret_size > 8 && ret_size <= 16 ? regs_table[ret_class][index] : NULL;
    case ABS_TRAIT_RET_MEMORY:
        return ret_size > 16 ? regs_table[ret_class][index] : NULL;
    default:
        return NULL;
    }
}
