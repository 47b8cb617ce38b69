/* abi_x64.c: System V x86-64 classification of runtime-described types, and the argument
 * placement shared by dumped entry points (callee side) and calls into foreign ones (caller side).
 * See abi_x64.h for why. */
#include "abi_x64.h"

static uint32_t unit_mask(size_t size) {
    size_t units = (size + 3) / 4;
    return units >= 32 ? 0xFFFFFFFFu : ((1u << units) - 1u);
}

rt_units rt_units_of(const abs_type *t) {
    rt_units u = { t->size, t->align ? t->align : 1, t->float_units & unit_mask(t->size) };
    return u;
}

/* Marks the units that `part` (placed at `off`) fills with integer data in `int_units`. */
static void mark_int(uint32_t *int_units, rt_units part, size_t off) {
    size_t units = (part.size + 3) / 4;
    if (off % 4 != 0) { /* a <4-aligned part has no floats: every unit it touches is integer */
        for (size_t b = off / 4; b <= (off + part.size - 1) / 4 && b < 32 && part.size; b++)
            *int_units |= 1u << b;
        return;
    }
    for (size_t u = 0; u < units && off / 4 + u < 32; u++)
        if (!((part.nonint >> u) & 1u)) *int_units |= 1u << (off / 4 + u);
}

size_t rt_option_payload(rt_units t) { return t.align; } /* round_up(1, align) */

rt_units rt_units_option(rt_units t) {
    rt_units o;
    size_t off = rt_option_payload(t);
    o.align = t.align;
    o.size = rt_round_up(off + t.size, t.align);
    uint32_t int_units = 1u; /* the tag */
    mark_int(&int_units, t, off);
    o.nonint = ~int_units & unit_mask(o.size);
    return o;
}

size_t rt_tuple2_second(rt_units a, rt_units b) { return rt_round_up(a.size, b.align); }

rt_units rt_units_tuple2(rt_units a, rt_units b) {
    rt_units o;
    size_t off = rt_tuple2_second(a, b);
    o.align = rt_max(a.align, b.align);
    o.size = rt_round_up(off + b.size, o.align);
    uint32_t int_units = 0;
    mark_int(&int_units, a, 0);
    mark_int(&int_units, b, off);
    o.nonint = ~int_units & unit_mask(o.size);
    return o;
}

rt_abi rt_classify(rt_units t) {
    rt_abi c = { t.size, RT_ABI_NONE, 0, { 0, 0 } };
    if (t.size == 0) return c; /* zero-sized arguments take no register and no stack slot */
    if (t.size > 16) {
        c.kind = RT_ABI_MEMORY;
        return c;
    }
    c.kind = RT_ABI_REG;
    c.n = (uint8_t)((t.size + 7) / 8);
    uint32_t present = unit_mask(t.size);
    for (unsigned i = 0; i < c.n; i++) {
        uint32_t eb = (3u << (2 * i)) & present; /* the units of eightbyte i */
        c.sse[i] = (t.nonint & eb) == eb;
    }
    return c;
}

void rt_x64_begin(rt_x64_args *a, unsigned fixed_gprs) {
    memset(a, 0, sizeof *a);
    a->next_gpr = fixed_gprs;
}

/* Where the next argument lives: in registers when all its eightbytes fit, else on the stack
 * (SysV: an argument is never split, and the registers it could not use stay free). */
static int in_registers(const rt_x64_args *a, const rt_abi *t) {
    if (t->kind != RT_ABI_REG) return 0;
    unsigned need_g = 0, need_x = 0;
    for (unsigned i = 0; i < t->n; i++) t->sse[i] ? need_x++ : need_g++;
    return a->next_gpr + need_g <= 6 && a->next_xmm + need_x <= 8;
}

static unsigned char *stack_place(rt_x64_args *a, const rt_abi *t) {
    size_t at = rt_round_up(a->next_stack, 8); /* types here are at most 8-aligned */
    size_t end = at + rt_round_up(t->size, 8);
    if (end > sizeof a->stack) rt_fatal("by-value argument larger than the dump's stack area");
    a->next_stack = end;
    return (unsigned char *)a->stack + at;
}

void rt_x64_take(rt_x64_args *a, const rt_abi *t, void *dst) {
    if (t->kind == RT_ABI_NONE) return;
    if (!in_registers(a, t)) {
        memcpy(dst, stack_place(a, t), t->size);
        return;
    }
    for (unsigned i = 0; i < t->n; i++) {
        size_t n = t->size - 8 * i < 8 ? t->size - 8 * i : 8;
        const void *src = t->sse[i] ? (const void *)&a->xmm[a->next_xmm++] : (const void *)&a->gpr[a->next_gpr++];
        memcpy((unsigned char *)dst + 8 * i, src, n);
    }
}

void rt_x64_put(rt_x64_args *a, const rt_abi *t, const void *src) {
    if (t->kind == RT_ABI_NONE) return;
    if (!in_registers(a, t)) {
        memcpy(stack_place(a, t), src, t->size);
        return;
    }
    for (unsigned i = 0; i < t->n; i++) {
        size_t n = t->size - 8 * i < 8 ? t->size - 8 * i : 8;
        void *dst = t->sse[i] ? (void *)&a->xmm[a->next_xmm++] : (void *)&a->gpr[a->next_gpr++];
        memcpy(dst, (const unsigned char *)src + 8 * i, n);
    }
}

int rt_ret_kind(const rt_abi *t) {
    if (t->kind == RT_ABI_MEMORY) return RT_RET_MEM;
    if (t->kind == RT_ABI_NONE) return RT_RET_II; /* nothing is read back */
    int first_sse = t->sse[0];
    int second_sse = t->n > 1 ? t->sse[1] : first_sse; /* a lone eightbyte: either carrier works */
    if (!first_sse) return second_sse && t->n > 1 ? RT_RET_IS : RT_RET_II;
    return second_sse ? RT_RET_SS : RT_RET_SI;
}

/* The carriers' two halves are the return's two eightbytes, in memory order. */
rt_ret_ii rt_ret_to_ii(const unsigned char r[16]) { rt_ret_ii v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_is rt_ret_to_is(const unsigned char r[16]) { rt_ret_is v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_si rt_ret_to_si(const unsigned char r[16]) { rt_ret_si v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
rt_ret_ss rt_ret_to_ss(const unsigned char r[16]) { rt_ret_ss v; memcpy(&v.a, r, 8); memcpy(&v.b, r + 8, 8); return v; }
void rt_ret_from_ii(rt_ret_ii v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_is(rt_ret_is v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_si(rt_ret_si v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }
void rt_ret_from_ss(rt_ret_ss v, unsigned char r[16]) { memcpy(r, &v.a, 8); memcpy(r + 8, &v.b, 8); }

AbsFn rt_pick_ret(const rt_abi *ret, AbsFn ii, AbsFn is, AbsFn si, AbsFn ss, AbsFn mem) {
    switch (rt_ret_kind(ret)) {
    case RT_RET_IS: return is;
    case RT_RET_SI: return si;
    case RT_RET_SS: return ss;
    case RT_RET_MEM: return mem;
    default: return ii;
    }
}
