/* call_engine.c: one native crossing per bound call (x86-64 System V).
 *
 * The host describes a function once, at bind time (abs_call_plan_new); each call then hands
 * over a frame of native memory holding the arguments' bytes (and room for the UTF-8 of the
 * strings it lends), and abs_call_run writes the lent strings, builds the owned arguments
 * (host-made RString and RVec, this runtime's vtables), places every argument where the calling
 * convention wants it, calls the plugin, and leaves the result: its bytes in the frame; for a
 * vector of plain elements its contents copied out and the plugin's value dropped through its own
 * vtable, once; for an RString its header, which the entry point makes a JS string of and drops.
 * What the engine cannot copy (too large, or a header that fails the checks JS makes) is left as
 * the header's bytes for the host's ordinary read and drop. The host calls it through the runtime
 * library's Node-API entry point (call_napi.c). */
#include "abi_x64.h"
#include "call_engine.h"

enum {
    ARG_BYTES = 0, /* the argument's bytes are in the frame as they are passed */
    ARG_OWNED = 1  /* a {ptr, len} slice in the frame becomes a host-made RVec/RString of its elements */
};

/* Plan words from the host: [nargs, ret kind, ret size, ret float units, function address, ret
 * element size, then per argument 6 words: kind, lent (the index of the value it lends, or ~0;
 * | LENT_TEXT for a string), offset, size, float units, element type (abs_type *, ARG_OWNED)]. */
#define PLAN_HEAD 6
#define PLAN_ARG 6
#define MAX_ARGS 32
/* A lent string: its slot holds the offset in the region where its UTF-8 goes and the room there
 * (3 bytes per UTF-16 unit, and a NUL); the engine writes the bytes and makes the slot {ptr, len}. */
#define LENT_TEXT 0x100u
#define LENT_INDEX 0xffu

typedef struct {
    uint32_t kind, lent;
    size_t offset;
    rt_abi abi;
    const abs_type *elem;
    const void *vtable;
} call_arg;

typedef struct {
    unsigned nargs;
    uint32_t ret_kind;
    AbsFn fn;
    rt_abi ret;
    int ret_carrier;
    unsigned stack_words; /* stack words the arguments take; SHORT_CALL when none goes in an XMM register */
    size_t ret_elem;
    call_arg args[];
} call_plan;

static rt_abi abi_of(uint64_t size, uint64_t float_units) {
    rt_units u = { (size_t)size, 8, (uint32_t)float_units };
    return rt_classify(u);
}

/* Plans are named by their index here (small integers, kept in the entry point's functions). */
#define MAX_PLANS 65536
static const void *_Atomic plans[MAX_PLANS];
static atomic_uint plan_count;

/* The index of a plan for calls of one function, kept for the life of the process (bound
 * functions are never unbound); -1 where the engine cannot run it (the host calls through koffi). */
ABS_RT_API int32_t abs_call_plan_new(const uint64_t *words) {
#if RT_X64_SYSV
    unsigned nargs = (unsigned)words[0];
    if (nargs > MAX_ARGS) return -1;
    for (unsigned i = 0; i < nargs; i++) {
        uint64_t lent = words[PLAN_HEAD + PLAN_ARG * i + 1];
        if (lent != UINT32_MAX && ((lent & ~(uint64_t)(LENT_INDEX | LENT_TEXT)) || (lent & LENT_INDEX) >= ABS_CALL_LENT)) return -1;
    }
    unsigned index = atomic_fetch_add(&plan_count, 1);
    if (index >= MAX_PLANS) return -1;
    call_plan *p = rt_alloc_forever(sizeof(call_plan) + nargs * sizeof(call_arg), 8);
    p->nargs = nargs;
    p->ret_kind = (uint32_t)words[1];
    p->ret = abi_of(words[2], words[3]);
    p->ret_carrier = rt_ret_kind(&p->ret);
    p->fn = (AbsFn)(uintptr_t)words[4];
    p->ret_elem = (size_t)words[5];
    size_t total = 0;
    for (unsigned i = 0; i < nargs; i++) {
        const uint64_t *w = words + PLAN_HEAD + PLAN_ARG * i;
        call_arg *a = &p->args[i];
        a->kind = (uint32_t)w[0];
        a->lent = (uint32_t)w[1];
        a->offset = (size_t)w[2];
        a->abi = a->kind == ARG_OWNED ? abi_of(32, 0) : abi_of(w[3], w[4]);
        a->elem = (const abs_type *)(uintptr_t)w[5];
        a->vtable = a->kind == ARG_OWNED ? abs_vec_vtable(a->elem) : NULL;
        total += rt_round_up(a->abi.size, 8);
    }
    if (total > RT_MAX_BYVALUE) return -1; /* even all of them on the stack must fit the dump */
    /* Where the arguments land, once: calls that need no XMM register and few stack words are
     * made through a shorter prototype (the full one passes 8 XMM registers and 32 stack words). */
    rt_x64_args probe;
    rt_x64_begin(&probe, p->ret_carrier == RT_RET_MEM ? 1 : 0);
    static const unsigned char zeros[RT_MAX_BYVALUE];
    for (unsigned i = 0; i < nargs; i++) rt_x64_put(&probe, &p->args[i].abi, zeros);
    p->stack_words = probe.next_xmm == 0 ? (unsigned)(probe.next_stack / 8) : RT_X64_STACK_SLOTS + 1;
    atomic_store(&plans[index], p);
    return (int32_t)index;
#else
    (void)words;
    return -1;
#endif
}

#if RT_X64_SYSV
typedef void *(*mem_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
#define CALL_FN(k)                                                                              \
    typedef rt_ret_##k (*call_##k##_fn)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t,       \
                                        uint64_t, RT_X64_XMM_PARAMS, RT_X64_STACK_PARAMS);
CALL_FN(ii)
CALL_FN(is)
CALL_FN(si)
CALL_FN(ss)
#define ALL_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], RT_X64_XMM_OF(a), RT_X64_STACK_OF(a)

/* The short prototypes: general registers and up to SHORT_STACK stack words, integer returns. */
#define SHORT_STACK 8
#define G6 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define S8 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
typedef rt_ret_ii (*short_ii_fn)(G6, S8);
typedef void *(*short_mem_fn)(G6, S8);
#define SHORT_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], \
    (a)->stack[0], (a)->stack[1], (a)->stack[2], (a)->stack[3], (a)->stack[4], (a)->stack[5], (a)->stack[6], (a)->stack[7]

/* Builds a host-made vector of the slice's elements in place of the slice (its slot holds 32 bytes). */
static void build_owned(const call_arg *a, unsigned char *slot) {
    const unsigned char *src;
    size_t len;
    memcpy(&src, slot, 8);
    memcpy(&len, slot + 8, 8);
    size_t es = a->elem->size, align = a->elem->align ? a->elem->align : 1;
    AbsRVec v;
    v.length = len;
    v.vtable = a->vtable;
    if (len == 0 || es == 0) {
        v.buffer = rt_dangling(align);
        v.capacity = es == 0 ? SIZE_MAX : 0;
    } else {
        v.buffer = abs_alloc(len * es, align);
        memcpy(v.buffer, src, len * es);
        v.capacity = len;
    }
    memcpy(slot, &v, sizeof v);
}

/* Contents this large are first checked against the process's mappings by the host. */
#define MAPPED_CHECK_BYTES ((size_t)1 << 20)

/* Whether the vector's header passes the checks the host makes before reading one
 * (native-bytes.ts checkBuffer), with contents small enough for `room` and for reading without
 * a look at the mappings; else the host reads it its own way. */
static int copyable(const AbsRVec *v, size_t elem, size_t room) {
    if (v->length > v->capacity) return 0;
    if (v->length == 0) return 1;
    uintptr_t b = (uintptr_t)v->buffer;
    if (b < 4096 || (uint64_t)b >= (1ull << 57)) return 0;
    size_t most = (room < MAPPED_CHECK_BYTES ? room : MAPPED_CHECK_BYTES - 1) / (elem ? elem : 1);
    return v->length <= most;
}
#endif

int abs_call_plan_valid(uint32_t plan) {
    return plan < MAX_PLANS && plans[plan] != NULL;
}

/* The frame at `at` of `region`: its first two words are where the result goes (an offset in the
 * region) and how many bytes there are for a copied result; the arguments follow.
 * call_engine.h says what abs_call_run returns. */
int64_t abs_call_run(unsigned char *region, uint32_t plan, uint32_t at, const void *const ptrs[ABS_CALL_LENT], abs_call_text_fn text, void *ctx, AbsRVec *text_out) {
#if RT_X64_SYSV
    const call_plan *p = plans[plan];
    unsigned char *frame = region + at;
    uint64_t head[2];
    memcpy(head, frame, sizeof head);
    unsigned char *out = region + head[0];
    size_t room = (size_t)head[1];
    frame += 16;
    /* Lent strings first: one that cannot be read refuses the call before anything is built. */
    for (unsigned i = 0; i < p->nargs; i++) {
        const call_arg *c = &p->args[i];
        if (c->lent == UINT32_MAX || !(c->lent & LENT_TEXT)) continue;
        unsigned char *slot = frame + c->offset;
        uint64_t w[2];
        memcpy(w, slot, sizeof w);
        unsigned char *dst = region + w[0];
        size_t len = 0;
        int got = text(ctx, c->lent & LENT_INDEX, dst, (size_t)w[1], &len);
        if (got < 0) return ABS_CALL_REFUSED;
        if (got == 0) continue;
        w[0] = (uint64_t)(uintptr_t)(len ? dst : rt_dangling(1));
        w[1] = len;
        memcpy(slot, w, sizeof w);
    }
    AbsFn fn = p->fn;
    rt_x64_args a;
    int short_call = p->stack_words <= SHORT_STACK && (p->ret_carrier == RT_RET_MEM || p->ret_carrier == RT_RET_II);
    if (short_call) {
        memset(a.gpr, 0, sizeof a.gpr);
        memset(a.stack, 0, SHORT_STACK * 8);
        a.next_gpr = p->ret_carrier == RT_RET_MEM ? 1 : 0;
        a.next_xmm = 0;
        a.next_stack = 0;
    } else {
        rt_x64_begin(&a, p->ret_carrier == RT_RET_MEM ? 1 : 0);
    }
    for (unsigned i = 0; i < p->nargs; i++) {
        const call_arg *c = &p->args[i];
        unsigned char *slot = frame + c->offset;
        if (c->lent != UINT32_MAX && !(c->lent & LENT_TEXT) && ptrs[c->lent & LENT_INDEX]) memcpy(slot, &ptrs[c->lent & LENT_INDEX], 8);
        if (c->kind == ARG_OWNED) build_owned(c, slot);
        rt_x64_put(&a, &c->abi, slot);
    }
    _Alignas(16) unsigned char r[16];
    if (short_call && p->ret_carrier == RT_RET_MEM) {
        a.gpr[0] = (uint64_t)(uintptr_t)out;
        ((short_mem_fn)fn)(SHORT_ARGS(&a));
    } else if (short_call) {
        rt_ret_from_ii(((short_ii_fn)fn)(SHORT_ARGS(&a)), r);
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, r, p->ret.size);
    } else switch (p->ret_carrier) {
    case RT_RET_MEM:
        a.gpr[0] = (uint64_t)(uintptr_t)out;
        ((mem_fn)fn)(ALL_ARGS(&a));
        break;
    case RT_RET_IS: rt_ret_from_is(((call_is_fn)fn)(ALL_ARGS(&a)), r); memcpy(out, r, p->ret.size); break;
    case RT_RET_SI: rt_ret_from_si(((call_si_fn)fn)(ALL_ARGS(&a)), r); memcpy(out, r, p->ret.size); break;
    case RT_RET_SS: rt_ret_from_ss(((call_ss_fn)fn)(ALL_ARGS(&a)), r); memcpy(out, r, p->ret.size); break;
    default:
        rt_ret_from_ii(((call_ii_fn)fn)(ALL_ARGS(&a)), r);
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, r, p->ret.size);
        break;
    }
    if (p->ret_kind != ABS_RET_VEC && p->ret_kind != ABS_RET_TEXT) return 0;
    AbsRVec v;
    memcpy(&v, out, sizeof v);
    if (p->ret_kind == ABS_RET_TEXT) {
        /* The entry point reads the bytes where they are: no room in the frame needed. */
        if (!copyable(&v, 1, SIZE_MAX)) return ABS_CALL_LEFT;
        *text_out = v;
        return (int64_t)v.length;
    }
    if (!copyable(&v, p->ret_elem, room)) return ABS_CALL_LEFT;
    size_t bytes = v.length * p->ret_elem;
    if (bytes) memcpy(out + 32, v.buffer, bytes);
    v.vtable->value.destructor(&v);
    return (int64_t)v.length;
#else
    (void)region; (void)plan; (void)at; (void)ptrs; (void)text; (void)ctx; (void)text_out;
    return ABS_CALL_REFUSED;
#endif
}
