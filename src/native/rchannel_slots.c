/* rchannel_slots.c: the 16 slots of the host channel's VTable<T> (reference 11.C). The slots that
 * take or return T have one C body for every T: on x86-64 System V a T without floats travels in
 * one or two integer registers (rc_up to 16 bytes) or in memory on the stack, and a result over 16
 * bytes through a hidden pointer passed first and returned in rax. So each slot comes in the few
 * shapes those rules allow, and the vtable for a T picks the shapes its sizes need. Elsewhere the
 * vtable is not made (abs_rchannel_new refuses). */
#include "rchannel_internal.h"

#if defined(__x86_64__) && !defined(_WIN32)

enum { K_SEND, K_TRY_SEND, K_SEND_TIMEOUT, K_RECV, K_TRY_RECV, K_RECV_TIMEOUT };
enum { RC_MAX_T = 128, RC_BUF = RC_MAX_T + 32 };

typedef struct rc_reg { uint64_t w[2]; } rc_reg;          /* a result in rax:rdx */
typedef struct rc_mem { uint64_t w[RC_MAX_T / 8]; } rc_mem; /* a T passed in memory (its first bytes) */

static size_t rc_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

/* Bytes of each slot's RResult for T of `s` bytes aligned to `a` (reference 11.C's error types). */
static size_t rc_result_size(int kind, size_t s, size_t a) {
    switch (kind) {
    case K_SEND: /* RResult<(), RSendError<T>>: RSendError is transparent over T */
    case K_RECV: /* RResult<T, RRecvError>: the error is zero-sized */
        return rc_up(a + s, a);
    case K_TRY_SEND: /* RResult<(), RTrySendError<T>>: the error is a u8-tagged enum over T */
    case K_SEND_TIMEOUT:
        return rc_up(a + rc_up(a + s, a), a);
    default: /* RResult<T, RTryRecvError | RRecvTimeoutError>: the error is a u8 right after the tag */
        return rc_up(a + s, a);
    }
}

static void rc_deadline_in(struct timespec *d, uint64_t secs, uint32_t nanos) {
    clock_gettime(CLOCK_REALTIME, d);
    d->tv_sec += (time_t)secs;
    d->tv_nsec += nanos;
    if (d->tv_nsec >= 1000000000L) {
        d->tv_sec += d->tv_nsec / 1000000000L;
        d->tv_nsec %= 1000000000L;
    }
}

/* A send-type slot: ROk, or RErr with the value given back (and Full/Timeout vs Disconnected). */
static void rc_do_send(int kind, void *chan, const void *value, uint64_t secs, uint32_t nanos, unsigned char *out) {
    rt_rchannel *c = rc_of(chan);
    size_t s = c->type->size, a = c->type->align ? c->type->align : 1;
    struct timespec d;
    if (kind == K_SEND_TIMEOUT) rc_deadline_in(&d, secs, nanos);
    int rc = rc_push(c, value, kind != K_TRY_SEND, kind == K_SEND_TIMEOUT ? &d : NULL);
    memset(out, 0, rc_result_size(kind, s, a));
    if (rc == RC_OK) return; /* ROk = 0 */
    out[0] = ABS_RERR;
    if (kind == K_SEND) {
        memcpy(out + a, value, s);
        return;
    }
    out[a] = rc == RC_NOT_NOW ? 0 /* Full / Timeout */ : 1 /* Disconnected */;
    memcpy(out + 2 * a, value, s);
}

static void rc_do_recv(int kind, void *chan, uint64_t secs, uint32_t nanos, unsigned char *out) {
    rt_rchannel *c = rc_of(chan);
    size_t s = c->type->size, a = c->type->align ? c->type->align : 1;
    struct timespec d;
    if (kind == K_RECV_TIMEOUT) rc_deadline_in(&d, secs, nanos);
    memset(out, 0, rc_result_size(kind, s, a));
    int rc = rc_pop(c, out + a, kind != K_TRY_RECV, kind == K_RECV_TIMEOUT ? &d : NULL);
    if (rc == RC_OK) return;
    out[0] = ABS_RERR;
    /* RResult is repr(u8): each variant is its own struct, so the u8 error follows the tag. */
    if (kind != K_RECV) out[1] = rc == RC_NOT_NOW ? 0 /* Empty / Timeout */ : 1 /* Disconnected */;
}

static size_t rc_result_of(void *chan, int kind) {
    rt_rchannel *c = rc_of(chan);
    return rc_result_size(kind, c->type->size, c->type->align ? c->type->align : 1);
}

/* Shapes: _r returns in registers, _m through the hidden pointer; T in one (1) or two (2) registers
 * or in memory (m). Slots whose T is the last parameter ignore a second register they do not have. */
#define REG_VALUE uint64_t v[2] = { a0, a1 }
#define NO_ASAN __attribute__((no_sanitize_address)) /* a T in memory is read for its own size only */

static rc_reg rc_send_rr(void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; rc_reg r; rc_do_send(K_SEND, chan, v, 0, 0, (unsigned char *)&r); return r; }
static void *rc_send_rm(void *ret, void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_SEND, chan, v, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_SEND)); return ret; }
NO_ASAN static void *rc_send_mm(void *ret, void *chan, rc_mem m) { unsigned char b[RC_BUF]; rc_do_send(K_SEND, chan, &m, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_SEND)); return ret; }

static rc_reg rc_try_send_rr(void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; rc_reg r; rc_do_send(K_TRY_SEND, chan, v, 0, 0, (unsigned char *)&r); return r; }
static void *rc_try_send_rm(void *ret, void *chan, uint64_t a0, uint64_t a1) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_TRY_SEND, chan, v, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_SEND)); return ret; }
NO_ASAN static void *rc_try_send_mm(void *ret, void *chan, rc_mem m) { unsigned char b[RC_BUF]; rc_do_send(K_TRY_SEND, chan, &m, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_SEND)); return ret; }

/* send_timeout(chan, T, RDuration { secs, nanos }): the duration follows T's registers. */
static rc_reg rc_send_timeout_r1(void *chan, uint64_t a0, uint64_t secs, uint32_t nanos) { uint64_t v[1] = { a0 }; rc_reg r; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, (unsigned char *)&r); return r; }
static rc_reg rc_send_timeout_r2(void *chan, uint64_t a0, uint64_t a1, uint64_t secs, uint32_t nanos) { REG_VALUE; rc_reg r; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, (unsigned char *)&r); return r; }
static void *rc_send_timeout_m1(void *ret, void *chan, uint64_t a0, uint64_t secs, uint32_t nanos) { uint64_t v[1] = { a0 }; unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }
static void *rc_send_timeout_m2(void *ret, void *chan, uint64_t a0, uint64_t a1, uint64_t secs, uint32_t nanos) { REG_VALUE; unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, v, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }
NO_ASAN static void *rc_send_timeout_mm(void *ret, void *chan, rc_mem m, uint64_t secs, uint32_t nanos) { unsigned char b[RC_BUF]; rc_do_send(K_SEND_TIMEOUT, chan, &m, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_SEND_TIMEOUT)); return ret; }

static rc_reg rc_recv_r(void *chan) { rc_reg r; rc_do_recv(K_RECV, chan, 0, 0, (unsigned char *)&r); return r; }
static void *rc_recv_m(void *ret, void *chan) { unsigned char b[RC_BUF]; rc_do_recv(K_RECV, chan, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_RECV)); return ret; }
static rc_reg rc_try_recv_r(void *chan) { rc_reg r; rc_do_recv(K_TRY_RECV, chan, 0, 0, (unsigned char *)&r); return r; }
static void *rc_try_recv_m(void *ret, void *chan) { unsigned char b[RC_BUF]; rc_do_recv(K_TRY_RECV, chan, 0, 0, b); memcpy(ret, b, rc_result_of(chan, K_TRY_RECV)); return ret; }
static rc_reg rc_recv_timeout_r(void *chan, uint64_t secs, uint32_t nanos) { rc_reg r; rc_do_recv(K_RECV_TIMEOUT, chan, secs, nanos, (unsigned char *)&r); return r; }
static void *rc_recv_timeout_m(void *ret, void *chan, uint64_t secs, uint32_t nanos) { unsigned char b[RC_BUF]; rc_do_recv(K_RECV_TIMEOUT, chan, secs, nanos, b); memcpy(ret, b, rc_result_of(chan, K_RECV_TIMEOUT)); return ret; }

/* The slots that do not move a T. */
typedef struct rc_option_usize { uint8_t tag; size_t value; } rc_option_usize;
static AbsRBox rc_clone_sender(void *chan) { return rc_clone_end(rc_of(chan), 1); }
static AbsRBox rc_clone_receiver(void *chan) { return rc_clone_end(rc_of(chan), 0); }
static bool rc_is_empty(void *chan) { return rc_len(rc_of(chan)) == 0; }
static bool rc_is_full(void *chan) {
    rt_rchannel *c = rc_of(chan);
    return c->capacity && rc_len(c) >= c->capacity;
}
static size_t rc_slot_len(void *chan) { return rc_len(rc_of(chan)); }
static rc_option_usize rc_slot_capacity(void *chan) {
    rt_rchannel *c = rc_of(chan);
    rc_option_usize r;
    memset(&r, 0, sizeof r);
    r.tag = c->capacity ? ABS_RSOME : ABS_RNONE; /* RNone: unbounded */
    r.value = c->capacity;
    return r;
}

typedef struct rc_vtable_wm {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
    AbsFn slots[16];
} rc_vtable_wm;

ABS_DEFINE_TYPE_LAYOUT(rc_vtable_layout, "VTable", "abs_rt;0.1.0", 16);
static rt_cache rc_vtables = RT_CACHE_INIT;

static void *rc_make_vtable(const void *size_key, const void *align_key) {
    size_t s = (size_t)(uintptr_t)size_key, a = (size_t)(uintptr_t)align_key;
    int reg_t = s <= 16, two = s > 8;
#define PICK(kind, r, m) (rc_result_size(kind, s, a) <= 16 ? (AbsFn)(r) : (AbsFn)(m))
    rc_vtable_wm *vt = rt_alloc_forever(sizeof *vt, _Alignof(rc_vtable_wm));
    vt->field_accessibility = 0xFFFF; /* missing_field(panic), last_prefix_field = receiver_capacity */
    vt->type_layout = &rc_vtable_layout;
    vt->slots[0] = reg_t ? PICK(K_SEND, rc_send_rr, rc_send_rm) : (AbsFn)rc_send_mm;
    vt->slots[1] = reg_t ? PICK(K_TRY_SEND, rc_try_send_rr, rc_try_send_rm) : (AbsFn)rc_try_send_mm;
    vt->slots[2] = reg_t ? (two ? PICK(K_SEND_TIMEOUT, rc_send_timeout_r2, rc_send_timeout_m2) : PICK(K_SEND_TIMEOUT, rc_send_timeout_r1, rc_send_timeout_m1))
                         : (AbsFn)rc_send_timeout_mm;
    vt->slots[3] = (AbsFn)rc_clone_sender;
    vt->slots[4] = (AbsFn)rc_is_empty;
    vt->slots[5] = (AbsFn)rc_is_full;
    vt->slots[6] = (AbsFn)rc_slot_len;
    vt->slots[7] = (AbsFn)rc_slot_capacity;
    vt->slots[8] = PICK(K_RECV, rc_recv_r, rc_recv_m);
    vt->slots[9] = PICK(K_TRY_RECV, rc_try_recv_r, rc_try_recv_m);
    vt->slots[10] = PICK(K_RECV_TIMEOUT, rc_recv_timeout_r, rc_recv_timeout_m);
    vt->slots[11] = (AbsFn)rc_clone_receiver;
    vt->slots[12] = (AbsFn)rc_is_empty;
    vt->slots[13] = (AbsFn)rc_is_full;
    vt->slots[14] = (AbsFn)rc_slot_len;
    vt->slots[15] = (AbsFn)rc_slot_capacity;
#undef PICK
    return vt;
}

const void *rc_vtable(size_t size, size_t align) {
    if (size == 0 || size > RC_MAX_T) return NULL;
    return rt_cache_get(&rc_vtables, (const void *)(uintptr_t)size, (const void *)(uintptr_t)align, rc_make_vtable);
}

#else

const void *rc_vtable(size_t size, size_t align) {
    (void)size;
    (void)align;
    return NULL;
}

#endif
