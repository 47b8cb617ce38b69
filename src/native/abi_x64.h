/* abi_x64.h: passing keys and values of runtime-described types BY VALUE (x86-64 System V).
 *
 * Why this exists: a map's `insert_elem(map, K, V)`, `entry(map, K)` and friends take and return
 * K and V by value, with whatever registers/stack slots the C calling convention assigns to those
 * exact types, and the host only learns K and V at run time. C cannot declare such a function
 * generically, so these entry points are declared with EVERY argument register and the first
 * RT_X64_STACK_SLOTS stack slots as parameters ("register dump"), and the real arguments are
 * picked out of them following the SysV classification (rt_x64_take). Returns use one of five
 * carrier structs whose registers match the return's classification (rt_ret_*), or the hidden
 * result pointer for MEMORY returns, which SysV passes exactly like a first pointer argument
 * (and expects back in %rax). Calling a foreign function the same way is rt_x64_put.
 * Only valid on x86-64 System V (Linux, macOS Intel); elsewhere RT_X64_SYSV is 0 and host maps
 * report ABS_RT_UNSUPPORTED. */
#ifndef ABS_RT_ABI_X64_H
#define ABS_RT_ABI_X64_H

#include "rt_internal.h"

#if defined(__x86_64__) && !defined(_WIN32)
#define RT_X64_SYSV 1
#else
#define RT_X64_SYSV 0
#endif

/* Stack bytes a dumped call can carry: 32 slots = 256 bytes of MEMORY-class arguments. Reading a
 * few slots past what the caller pushed reads the caller's own frame, which is always mapped. */
#define RT_X64_STACK_SLOTS 32
#define RT_MAX_BYVALUE (RT_X64_STACK_SLOTS * 8)

/* ---- classification ---------------------------------------------------------------------- */

enum { RT_ABI_NONE = 0, RT_ABI_REG = 1, RT_ABI_MEMORY = 2 };

/* Size, alignment and which 4-byte units hold no integer data (f32/f64 or padding). */
typedef struct rt_units {
    size_t size, align;
    uint32_t nonint;
} rt_units;

/* How one type travels: nowhere (zero-sized), in 1-2 registers, or in memory. */
typedef struct rt_abi {
    size_t size;
    uint8_t kind;
    uint8_t n;      /* eightbytes in registers */
    uint8_t sse[2]; /* per eightbyte: 1 = an XMM register, 0 = a general register */
} rt_abi;

rt_units rt_units_of(const abs_type *t);
rt_units rt_units_option(rt_units t);             /* ROption<T> */
rt_units rt_units_tuple2(rt_units a, rt_units b); /* Tuple2<A, B> */
size_t rt_option_payload(rt_units t);             /* offset of T in ROption<T> */
size_t rt_tuple2_second(rt_units a, rt_units b);  /* offset of B in Tuple2<A, B> */
rt_abi rt_classify(rt_units t);

/* ---- argument dumps ---------------------------------------------------------------------- */

typedef struct rt_x64_args {
    uint64_t gpr[6];
    double xmm[8];
    uint64_t stack[RT_X64_STACK_SLOTS];
    unsigned next_gpr, next_xmm;
    size_t next_stack; /* bytes into `stack` */
} rt_x64_args;

/* Starts a dump/put whose first `fixed_gprs` general registers carry fixed arguments. */
void rt_x64_begin(rt_x64_args *a, unsigned fixed_gprs);
/* Callee side: copies the next argument of class `t` out of the dump into `dst`. */
void rt_x64_take(rt_x64_args *a, const rt_abi *t, void *dst);
/* Caller side: places the bytes of the next argument of class `t`. */
void rt_x64_put(rt_x64_args *a, const rt_abi *t, const void *src);

/* ---- return carriers --------------------------------------------------------------------- */

typedef struct { uint64_t a, b; } rt_ret_ii; /* %rax, %rdx (also a lone INTEGER: %rax) */
typedef struct { uint64_t a; double b; } rt_ret_is; /* %rax, %xmm0 */
typedef struct { double a; uint64_t b; } rt_ret_si; /* %xmm0, %rax */
typedef struct { double a, b; } rt_ret_ss; /* %xmm0, %xmm1 (also a lone SSE: %xmm0) */
enum { RT_RET_II, RT_RET_IS, RT_RET_SI, RT_RET_SS, RT_RET_MEM };

int rt_ret_kind(const rt_abi *t);
rt_ret_ii rt_ret_to_ii(const unsigned char r[16]);
rt_ret_is rt_ret_to_is(const unsigned char r[16]);
rt_ret_si rt_ret_to_si(const unsigned char r[16]);
rt_ret_ss rt_ret_to_ss(const unsigned char r[16]);
void rt_ret_from_ii(rt_ret_ii v, unsigned char r[16]);
void rt_ret_from_is(rt_ret_is v, unsigned char r[16]);
void rt_ret_from_si(rt_ret_si v, unsigned char r[16]);
void rt_ret_from_ss(rt_ret_ss v, unsigned char r[16]);

/* Picks the variant of an entry point whose return carrier fits `ret`. */
AbsFn rt_pick_ret(const rt_abi *ret, AbsFn ii, AbsFn is, AbsFn si, AbsFn ss, AbsFn mem);

/* ---- parameter lists for dumped entry points --------------------------------------------- */

#define RT_X64_XMM_PARAMS                                                                       \
    double x0, double x1, double x2, double x3, double x4, double x5, double x6, double x7
#define RT_X64_XMM_ARGS x0, x1, x2, x3, x4, x5, x6, x7
#define RT_X64_STACK_PARAMS                                                                     \
    uint64_t s0, uint64_t s1, uint64_t s2, uint64_t s3, uint64_t s4, uint64_t s5, uint64_t s6,  \
        uint64_t s7, uint64_t s8, uint64_t s9, uint64_t s10, uint64_t s11, uint64_t s12,        \
        uint64_t s13, uint64_t s14, uint64_t s15, uint64_t s16, uint64_t s17, uint64_t s18,     \
        uint64_t s19, uint64_t s20, uint64_t s21, uint64_t s22, uint64_t s23, uint64_t s24,     \
        uint64_t s25, uint64_t s26, uint64_t s27, uint64_t s28, uint64_t s29, uint64_t s30,     \
        uint64_t s31
#define RT_X64_STACK_ARGS                                                                       \
    s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15, s16, s17, s18, s19,  \
        s20, s21, s22, s23, s24, s25, s26, s27, s28, s29, s30, s31
#define RT_X64_XMM_OF(a)                                                                        \
    (a)->xmm[0], (a)->xmm[1], (a)->xmm[2], (a)->xmm[3], (a)->xmm[4], (a)->xmm[5], (a)->xmm[6],  \
        (a)->xmm[7]
#define RT_X64_STACK_OF(a)                                                                      \
    (a)->stack[0], (a)->stack[1], (a)->stack[2], (a)->stack[3], (a)->stack[4], (a)->stack[5],   \
        (a)->stack[6], (a)->stack[7], (a)->stack[8], (a)->stack[9], (a)->stack[10],             \
        (a)->stack[11], (a)->stack[12], (a)->stack[13], (a)->stack[14], (a)->stack[15],         \
        (a)->stack[16], (a)->stack[17], (a)->stack[18], (a)->stack[19], (a)->stack[20],         \
        (a)->stack[21], (a)->stack[22], (a)->stack[23], (a)->stack[24], (a)->stack[25],         \
        (a)->stack[26], (a)->stack[27], (a)->stack[28], (a)->stack[29], (a)->stack[30],         \
        (a)->stack[31]

/* Fills a dump from the parameters of an entry point (general registers from index `first`). */
#define RT_X64_COLLECT(a, first, ...)                                                           \
    do {                                                                                        \
        const uint64_t rt_g_[] = { __VA_ARGS__ };                                               \
        const double rt_x_[8] = { RT_X64_XMM_ARGS };                                            \
        const uint64_t rt_s_[RT_X64_STACK_SLOTS] = { RT_X64_STACK_ARGS };                       \
        rt_x64_begin((a), (first));                                                             \
        memcpy(&(a)->gpr[(first)], rt_g_, sizeof rt_g_);                                        \
        memcpy((a)->xmm, rt_x_, sizeof rt_x_);                                                  \
        memcpy((a)->stack, rt_s_, sizeof rt_s_);                                                \
    } while (0)

#define RT_UNPAREN(...) __VA_ARGS__

/* Five variants of an entry point whose leading argument is one pointer `p0` followed by
 * dumped by-value arguments; `core(p0, &dump, ret_bytes)` does the work. */
#define RT_X64_DUMPED_1(name, core)                                                             \
    static void *name##_mem(void *ret, void *p0, uint64_t g2, uint64_t g3, uint64_t g4,         \
                            uint64_t g5, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {              \
        rt_x64_args a;                                                                          \
        RT_X64_COLLECT(&a, 2, g2, g3, g4, g5);                                                  \
        core(p0, &a, ret);                                                                      \
        return ret;                                                                             \
    }                                                                                           \
    RT_X64_DUMPED_1_REG(name, core, ii)                                                         \
    RT_X64_DUMPED_1_REG(name, core, is)                                                         \
    RT_X64_DUMPED_1_REG(name, core, si)                                                         \
    RT_X64_DUMPED_1_REG(name, core, ss)
#define RT_X64_DUMPED_1_REG(name, core, k)                                                      \
    static rt_ret_##k name##_##k(void *p0, uint64_t g1, uint64_t g2, uint64_t g3, uint64_t g4,  \
                                 uint64_t g5, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS) {         \
        rt_x64_args a;                                                                          \
        _Alignas(16) unsigned char r[16] = { 0 };                                               \
        RT_X64_COLLECT(&a, 1, g1, g2, g3, g4, g5);                                              \
        core(p0, &a, r);                                                                        \
        return rt_ret_to_##k(r);                                                                \
    }
#define RT_X64_DUMPED_1_PICK(ret_abi, name)                                                     \
    rt_pick_ret((ret_abi), (AbsFn)name##_ii, (AbsFn)name##_is, (AbsFn)name##_si,                \
                (AbsFn)name##_ss, (AbsFn)name##_mem)

/* Five variants of an entry point with ordinary typed parameters whose RETURN is by value:
 * `core(args…, ret_bytes)`. PARAMS and ARGS are parenthesised lists. */
#define RT_RET_VARIANTS(name, PARAMS, ARGS, core)                                               \
    static void *name##_mem(void *ret, RT_UNPAREN PARAMS) {                                     \
        core(RT_UNPAREN ARGS, ret);                                                             \
        return ret;                                                                             \
    }                                                                                           \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, ii)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, is)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, si)                                            \
    RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, ss)
#define RT_RET_VARIANT_REG(name, PARAMS, ARGS, core, k)                                         \
    static rt_ret_##k name##_##k(RT_UNPAREN PARAMS) {                                           \
        _Alignas(16) unsigned char r[16] = { 0 };                                               \
        core(RT_UNPAREN ARGS, r);                                                               \
        return rt_ret_to_##k(r);                                                                \
    }
#define RT_RET_PICK(ret_abi, name) RT_X64_DUMPED_1_PICK(ret_abi, name)

#endif /* ABS_RT_ABI_X64_H */
