/* call_engine.c: one native crossing per bound call (x86-64 System V).
 *
 * The host describes a function once, at bind time (abs_call_plan_new); each call then hands
 * over a frame of native memory holding the arguments' bytes (and room for the UTF-8 of the
 * strings it lends), and abs_call_run writes the lent strings, builds the owned arguments
 * (host-made RString and RVec, this runtime's vtables; those inside encoded arguments, such as
 * an ROption<RString> or an RVec<RString>, through the frame's fixups), places every argument
 * where the calling convention wants it, calls the plugin, and leaves the result: its bytes in
 * the frame; for a vector of plain elements its contents copied out and the plugin's value
 * dropped through its own vtable, once; for an RString its header, which the entry point makes a
 * JS string of and drops.
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
 * element size, number of built element types, then per argument 6 words: kind, lent (the index
 * of the value it lends, or ~0; | LENT_TEXT for a string), offset, size, float units, element type
 * (abs_type *, ARG_OWNED); then the built element types (abs_type *) the call's fixups name]. */
#define PLAN_HEAD 7
#define PLAN_ARG 6
#define MAX_ARGS 32
/* Element types of the vectors (and strings) a plan's encoded arguments hold, at most. */
#define MAX_BUILT 16
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

/* One eightbyte of an argument going where the calling convention wants it, worked out once
 * per plan: `bytes` bytes from `src` (an offset in the frame's arguments) into word `dst` of an
 * rt_x64_args (general registers, then XMM registers, then stack words), zero-extended. */
typedef struct {
    uint16_t src;
    uint8_t dst, bytes;
} call_move;

/* How the plugin is called: through a prototype passing only the six general registers, one
 * adding SHORT_STACK stack words, or the full one (8 XMM registers and 32 stack words). */
enum { CALL_REGS, CALL_SHORT, CALL_FULL };

typedef struct {
    unsigned nargs;
    uint32_t ret_kind;
    AbsFn fn;
    rt_abi ret;
    int ret_carrier;
    unsigned shape;     /* CALL_REGS, CALL_SHORT or CALL_FULL */
    unsigned nmoves;
    unsigned has_text;  /* an argument lends a string */
    unsigned has_prep;  /* an argument lends a typed array or is built (ARG_OWNED) */
    size_t ret_elem;
    unsigned nbuilt;
    const abs_type *built[MAX_BUILT];
    const void *built_vtable[MAX_BUILT];
    const call_move *moves;
    call_arg args[];
} call_plan;

static rt_abi abi_of(uint64_t size, uint64_t float_units) {
    rt_units u = { (size_t)size, 8, (uint32_t)float_units };
    return rt_classify(u);
}

#if RT_X64_SYSV
/* Stack words the short prototype passes (besides the six general registers). */
#define SHORT_STACK 8
/* Words of an rt_x64_args: 6 general registers, 8 XMM registers, the stack words. */
#define WORD_XMM 6
#define WORD_STACK 14
#define MAX_MOVES (WORD_STACK + RT_X64_STACK_SLOTS)
_Static_assert(offsetof(rt_x64_args, xmm) == 8 * WORD_XMM && offsetof(rt_x64_args, stack) == 8 * WORD_STACK, "rt_x64_args: registers then stack, 8-byte words");
/* Frames whose arguments span more than this are not planned (theirs is at most ~512 bytes). */
#define MAX_SPAN 1024

/* The System V placement of the plan's arguments (as rt_x64_put makes it: an argument in
 * registers when all its eightbytes fit, else on the stack, never split) as eightbyte moves;
 * the count, or -1 when it cannot be planned. */
static int place_moves(const call_plan *p, call_move *m, unsigned *xmm_used, unsigned *stack_words) {
    unsigned g = p->ret_carrier == RT_RET_MEM ? 1 : 0, x = 0, n = 0;
    size_t st = 0;
    for (unsigned i = 0; i < p->nargs; i++) {
        const rt_abi *t = &p->args[i].abi;
        size_t off = p->args[i].offset;
        if (t->kind == RT_ABI_NONE) continue;
        if (off + rt_round_up(t->size, 8) > MAX_SPAN) return -1;
        if (t->kind == RT_ABI_REG) {
            unsigned need_g = 0, need_x = 0;
            for (unsigned e = 0; e < t->n; e++) t->sse[e] ? need_x++ : need_g++;
            if (g + need_g <= 6 && x + need_x <= 8) {
                for (unsigned e = 0; e < t->n; e++) {
                    size_t left = t->size - 8 * e;
                    call_move mv = { (uint16_t)(off + 8 * e), (uint8_t)(t->sse[e] ? WORD_XMM + x++ : g++), (uint8_t)(left < 8 ? left : 8) };
                    m[n++] = mv;
                }
                continue;
            }
        }
        size_t words = rt_round_up(t->size, 8) / 8;
        if (st + words > RT_X64_STACK_SLOTS) return -1;
        for (size_t w = 0; w < words; w++) {
            size_t left = t->size - 8 * w;
            call_move mv = { (uint16_t)(off + 8 * w), (uint8_t)(WORD_STACK + st + w), (uint8_t)(left < 8 ? left : 8) };
            m[n++] = mv;
        }
        st += words;
    }
    *xmm_used = x;
    *stack_words = (unsigned)st;
    return (int)n;
}

/* Makes the moves from `frame` into `a` (whose words the call passes are zeroed). */
static inline void apply_moves(const call_move *m, unsigned n, const unsigned char *frame, rt_x64_args *a) {
    unsigned char *words = (unsigned char *)a;
    for (unsigned i = 0; i < n; i++) {
        uint64_t v = 0;
        if (m[i].bytes == 8) memcpy(&v, frame + m[i].src, 8);
        else memcpy(&v, frame + m[i].src, m[i].bytes);
        memcpy(words + 8 * (size_t)m[i].dst, &v, 8);
    }
}

/* Whether the moves put a frame's bytes where rt_x64_put puts them (a frame of distinct bytes). */
static int moves_agree(const call_plan *p, const call_move *m, unsigned n) {
    unsigned char frame[MAX_SPAN];
    for (size_t i = 0; i < sizeof frame; i++) frame[i] = (unsigned char)(i * 131 + 7 + (i >> 8));
    rt_x64_args want, got;
    rt_x64_begin(&want, p->ret_carrier == RT_RET_MEM ? 1 : 0);
    for (unsigned i = 0; i < p->nargs; i++) rt_x64_put(&want, &p->args[i].abi, frame + p->args[i].offset);
    memset(&got, 0, sizeof got);
    apply_moves(m, n, frame, &got);
    return memcmp(want.gpr, got.gpr, sizeof want.gpr) == 0 && memcmp(want.xmm, got.xmm, sizeof want.xmm) == 0 && memcmp(want.stack, got.stack, sizeof want.stack) == 0;
}
#endif

/* Plans are named by their index here (small integers, kept in the entry point's functions). */
#define MAX_PLANS 65536
static const void *_Atomic plans[MAX_PLANS];
static atomic_uint plan_count;

/* The index of a plan for calls of one function, kept for the life of the process (bound
 * functions are never unbound); -1 where the engine cannot run it (the host calls through koffi). */
ABS_RT_API int32_t abs_call_plan_new(const uint64_t *words) {
#if RT_X64_SYSV
    unsigned nargs = (unsigned)words[0];
    unsigned nbuilt = (unsigned)words[6];
    if (nargs > MAX_ARGS || nbuilt > MAX_BUILT) return -1;
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
    p->nbuilt = nbuilt;
    for (unsigned i = 0; i < nbuilt; i++) {
        p->built[i] = (const abs_type *)(uintptr_t)words[PLAN_HEAD + PLAN_ARG * nargs + i];
        p->built_vtable[i] = abs_vec_vtable(p->built[i]);
    }
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
    p->has_text = p->has_prep = 0;
    for (unsigned i = 0; i < nargs; i++) {
        const call_arg *a = &p->args[i];
        int text = a->lent != UINT32_MAX && (a->lent & LENT_TEXT);
        if (text) p->has_text = 1;
        if ((a->lent != UINT32_MAX && !text) || a->kind == ARG_OWNED) p->has_prep = 1;
    }
    /* Where the arguments land, once: a list of eightbyte moves, and the shortest prototype that
     * passes them (the full one passes 8 XMM registers and 32 stack words). */
    call_move moves[MAX_MOVES];
    unsigned xmm_used, stack_words;
    int nmoves = place_moves(p, moves, &xmm_used, &stack_words);
    if (nmoves < 0 || !moves_agree(p, moves, (unsigned)nmoves)) return -1;
    call_move *kept = rt_alloc_forever(sizeof(call_move) * (nmoves ? (size_t)nmoves : 1), 8);
    memcpy(kept, moves, sizeof(call_move) * (size_t)nmoves);
    p->moves = kept;
    p->nmoves = (unsigned)nmoves;
    int int_ret = p->ret_carrier == RT_RET_MEM || p->ret_carrier == RT_RET_II;
    p->shape = !int_ret || xmm_used > 0 || stack_words > SHORT_STACK ? CALL_FULL : stack_words > 0 ? CALL_SHORT : CALL_REGS;
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

/* The short prototypes: general registers and up to SHORT_STACK stack words, integer returns;
 * the register-only ones: the six general registers. */
#define G6 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
#define S8 uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t
typedef rt_ret_ii (*short_ii_fn)(G6, S8);
typedef void *(*short_mem_fn)(G6, S8);
typedef rt_ret_ii (*regs_ii_fn)(G6);
typedef void *(*regs_mem_fn)(G6);
#define REGS_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5]
#define SHORT_ARGS(a) (a)->gpr[0], (a)->gpr[1], (a)->gpr[2], (a)->gpr[3], (a)->gpr[4], (a)->gpr[5], \
    (a)->stack[0], (a)->stack[1], (a)->stack[2], (a)->stack[3], (a)->stack[4], (a)->stack[5], (a)->stack[6], (a)->stack[7]

/* Builds a host-made vector of the slice's elements (of type `elem`, vector vtable `vtable`) in
 * place of the slice (its slot holds 32 bytes). */
static void build_vec(const abs_type *elem, const void *vtable, unsigned char *slot) {
    const unsigned char *src;
    size_t len;
    memcpy(&src, slot, 8);
    memcpy(&len, slot + 8, 8);
    size_t es = elem->size, align = elem->align ? elem->align : 1;
    AbsRVec v;
    v.length = len;
    v.vtable = vtable;
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

uint32_t abs_call_plan_ret_kind(uint32_t plan) {
#if RT_X64_SYSV
    return ((const call_plan *)plans[plan])->ret_kind;
#else
    (void)plan;
    return ABS_RET_NONE;
#endif
}

/* The frame at `at` of `region`: its first four words are where the result goes (an offset in the
 * region), how many bytes there are for a copied result, and where the call's fixups are (an
 * offset in the region) and how many; the arguments follow. A fixup (two 32-bit words: the offset
 * in the region of a 32-byte slot holding a {ptr, len} slice, and an index in the plan's built
 * element types) turns that slice into a host-made vector of its elements (an RString: of its
 * bytes); fixups come inner first (a vector's strings before the vector), so an encoded argument
 * of any depth is built in one pass. call_engine.h says what abs_call_run returns. */
int64_t abs_call_run(unsigned char *region, uint32_t plan, uint32_t at, const void *const ptrs[ABS_CALL_LENT], abs_call_text_fn text, void *ctx, AbsRVec *text_out) {
#if RT_X64_SYSV
    const call_plan *p = plans[plan];
    unsigned char *frame = region + at;
    uint64_t head[4];
    memcpy(head, frame, sizeof head);
    unsigned char *out = region + head[0];
    size_t room = (size_t)head[1];
    frame += sizeof head;
    /* Lent strings first: one that cannot be read refuses the call before anything is built. */
    if (p->has_text) {
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
    }
    /* Lent typed arrays' memory into their slots; host-made vectors built. */
    if (p->has_prep) {
        for (unsigned i = 0; i < p->nargs; i++) {
            const call_arg *c = &p->args[i];
            unsigned char *slot = frame + c->offset;
            if (c->lent != UINT32_MAX && !(c->lent & LENT_TEXT) && ptrs[c->lent & LENT_INDEX]) memcpy(slot, &ptrs[c->lent & LENT_INDEX], 8);
            if (c->kind == ARG_OWNED) build_vec(c->elem, c->vtable, slot);
        }
    }
    /* Encoded arguments' vectors and strings built, inner first. */
    if (head[3]) {
        const unsigned char *fix = region + head[2];
        for (uint64_t i = 0; i < head[3]; i++) {
            uint32_t f[2];
            memcpy(f, fix + 8 * i, sizeof f);
            if (f[1] >= p->nbuilt) continue; /* the host names only the plan's types */
            build_vec(p->built[f[1]], p->built_vtable[f[1]], region + f[0]);
        }
    }
    AbsFn fn = p->fn;
    rt_x64_args a;
    memset(a.gpr, 0, sizeof a.gpr);
    if (p->shape == CALL_SHORT) memset(a.stack, 0, SHORT_STACK * 8);
    else if (p->shape == CALL_FULL) {
        memset(a.xmm, 0, sizeof a.xmm);
        memset(a.stack, 0, sizeof a.stack);
    }
    apply_moves(p->moves, p->nmoves, frame, &a);
    /* The carriers' halves are the result's eightbytes in memory order. */
    if (p->ret_carrier == RT_RET_MEM) {
        a.gpr[0] = (uint64_t)(uintptr_t)out;
        switch (p->shape) {
        case CALL_REGS: ((regs_mem_fn)fn)(REGS_ARGS(&a)); break;
        case CALL_SHORT: ((short_mem_fn)fn)(SHORT_ARGS(&a)); break;
        default: ((mem_fn)fn)(ALL_ARGS(&a)); break;
        }
    } else if (p->shape != CALL_FULL) {
        rt_ret_ii v = p->shape == CALL_REGS ? ((regs_ii_fn)fn)(REGS_ARGS(&a)) : ((short_ii_fn)fn)(SHORT_ARGS(&a));
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, &v, p->ret.size);
    } else {
        _Alignas(16) unsigned char r[16];
        switch (p->ret_carrier) {
        case RT_RET_IS: rt_ret_from_is(((call_is_fn)fn)(ALL_ARGS(&a)), r); break;
        case RT_RET_SI: rt_ret_from_si(((call_si_fn)fn)(ALL_ARGS(&a)), r); break;
        case RT_RET_SS: rt_ret_from_ss(((call_ss_fn)fn)(ALL_ARGS(&a)), r); break;
        default: rt_ret_from_ii(((call_ii_fn)fn)(ALL_ARGS(&a)), r); break;
        }
        if (p->ret_kind != ABS_RET_NONE) memcpy(out, r, p->ret.size);
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
