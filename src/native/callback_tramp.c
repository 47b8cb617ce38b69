/* callback_tramp.c: plain `extern "C" fn` pointers whose calls run JS functions. A fixed pool of
 * trampolines per return family (as trait_tramp.c has per method): each knows its family and slot
 * at compile time and reads the arguments the same way, all six integer registers being arguments
 * here (no `self`). A slot is bound to a one-method host trait record (the signature's plan) and a
 * JS id; its calls then go through rt_trait_dispatch exactly like a host object's method: at once on
 * the main thread, queued (returning nothing) or refused from other threads.
 *
 * A released slot is expired: calling it prints a report on stderr, counts it and gives the
 * signature's error value (zeros, the fallback or RErr), without reaching JS. Released slots are
 * reused oldest-released first, so an expired pointer stays expired for as long as possible; a
 * plain function pointer carries no context, so one kept past the reuse of its slot reaches the
 * slot's new callback (docs/trait-objects.md, Callbacks). */
#include "callback_internal.h"

#include <pthread.h>
#include <stdio.h>

#define W8(p, i) uint64_t p##i##0, uint64_t p##i##1, uint64_t p##i##2, uint64_t p##i##3, \
                 uint64_t p##i##4, uint64_t p##i##5, uint64_t p##i##6, uint64_t p##i##7
#define V8(p, i) p##i##0, p##i##1, p##i##2, p##i##3, p##i##4, p##i##5, p##i##6, p##i##7
/* 6 register words + 31 stack words = ABS_TRAIT_MAX_WORDS. */
#define CB_PARAMS                                                                               \
    uint64_t r0, uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, W8(s, 0),    \
        W8(s, 1), W8(s, 2), uint64_t t0, uint64_t t1, uint64_t t2, uint64_t t3, uint64_t t4,    \
        uint64_t t5, uint64_t t6, double f0, double f1, double f2, double f3, double f4,       \
        double f5, double f6, double f7
#define CB_CAPTURE                                                                              \
    const uint64_t words[ABS_TRAIT_MAX_WORDS] = { r0, r1, r2, r3, r4, r5, V8(s, 0), V8(s, 1),  \
                                                  V8(s, 2), t0, t1, t2, t3, t4, t5, t6 };       \
    const double fregs[ABS_TRAIT_MAX_FLOATS] = { f0, f1, f2, f3, f4, f5, f6, f7 };              \
    uint64_t floats[ABS_TRAIT_MAX_FLOATS];                                                      \
    memcpy(floats, fregs, sizeof floats)

_Static_assert(ABS_TRAIT_MAX_WORDS == 37, "CB_PARAMS shape");
_Static_assert(ABS_CALLBACK_SLOTS == 64, "the pool below is generated for 64 slots");

#define REP64(M, X)                                                                             \
    M(0, X) M(1, X) M(2, X) M(3, X) M(4, X) M(5, X) M(6, X) M(7, X) M(8, X) M(9, X) M(10, X)     \
    M(11, X) M(12, X) M(13, X) M(14, X) M(15, X) M(16, X) M(17, X) M(18, X) M(19, X) M(20, X)   \
    M(21, X) M(22, X) M(23, X) M(24, X) M(25, X) M(26, X) M(27, X) M(28, X) M(29, X) M(30, X)   \
    M(31, X) M(32, X) M(33, X) M(34, X) M(35, X) M(36, X) M(37, X) M(38, X) M(39, X) M(40, X)   \
    M(41, X) M(42, X) M(43, X) M(44, X) M(45, X) M(46, X) M(47, X) M(48, X) M(49, X) M(50, X)   \
    M(51, X) M(52, X) M(53, X) M(54, X) M(55, X) M(56, X) M(57, X) M(58, X) M(59, X) M(60, X)   \
    M(61, X) M(62, X) M(63, X)

typedef struct { uint64_t lo, hi; } cb_ii;
typedef struct { double lo, hi; } cb_ss;
typedef struct { uint64_t lo; double hi; } cb_is;
typedef struct { double lo; uint64_t hi; } cb_si;

#define FAMILY_OF_cb_ii ABS_TRAIT_RET_REGS
#define FAMILY_OF_cb_ss ABS_TRAIT_RET_FLOAT
#define FAMILY_OF_cb_is ABS_TRAIT_RET_INT_FLOAT
#define FAMILY_OF_cb_si ABS_TRAIT_RET_FLOAT_INT

#define DEF_REGS(k, T)                                                                          \
    static T cb_##T##_##k(CB_PARAMS) {                                                          \
        T r;                                                                                    \
        memset(&r, 0, sizeof r);                                                                \
        CB_CAPTURE;                                                                             \
        rt_callback_dispatch(FAMILY_OF_##T, k, words, floats, &r);                              \
        return r;                                                                               \
    }
REP64(DEF_REGS, cb_ii)
REP64(DEF_REGS, cb_ss)
REP64(DEF_REGS, cb_is)
REP64(DEF_REGS, cb_si)

/* The hidden result pointer is a first pointer parameter the function returns (trait_tramp.c). */
#define DEF_MEM(k, unused)                                                                      \
    static void *cb_mem_##k(void *ret, CB_PARAMS) {                                             \
        CB_CAPTURE;                                                                             \
        rt_callback_dispatch(ABS_TRAIT_RET_MEMORY, k, words, floats, ret);                      \
        return ret;                                                                             \
    }
REP64(DEF_MEM, _)

#define ENTRY(k, T) (AbsFn)cb_##T##_##k,
#define ENTRY_MEM(k, unused) (AbsFn)cb_mem_##k,

const AbsFn rt_callback_table[ABS_CALLBACK_FAMILIES][ABS_CALLBACK_SLOTS] = {
    [ABS_TRAIT_RET_REGS] = { REP64(ENTRY, cb_ii) },
    [ABS_TRAIT_RET_FLOAT] = { REP64(ENTRY, cb_ss) },
    [ABS_TRAIT_RET_MEMORY] = { REP64(ENTRY_MEM, _) },
    [ABS_TRAIT_RET_INT_FLOAT] = { REP64(ENTRY, cb_is) },
    [ABS_TRAIT_RET_FLOAT_INT] = { REP64(ENTRY, cb_si) },
};
