/* consume.c: host-implemented objects consumed and shared by the plugin (test/trait/consume.test.ts;
 * the Rust plugin's consume.rs exports the same).
 * - By-value `self` (reference 11.B) on JS implementations: Ticket { id(&self), redeem(self, RStr) }
 *   redeemed on a thread of the plugin, and Session { touch(&self, u64), close(self, u64) } closed
 *   from the calling thread or from a thread. The caller calls the slot with the box's data, then
 *   frees the storage only, destructor(data, No, Yes); it never calls `_sabi_drop` afterwards.
 * - A host object over RArc cloned through its trait vtable's `_sabi_clone` (as abi_stable's
 *   generated Clone does), the clone used and dropped on a thread: Tally { add(&self, u64),
 *   total(&self) -> u64 }. */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

typedef AbsRString (*RedeemFn)(void *, AbsRStr);
typedef void (*TouchFn)(const void *, uint64_t);
typedef void (*CloseFn)(void *, uint64_t);
typedef void (*AddFn)(const void *, uint64_t);
typedef uint64_t (*TotalFn)(const void *);

/* By value: the slot gets the data pointer, then only the storage is freed (never `_sabi_drop`). */
static void free_storage(AbsRObject *o) {
    o->ptr.vtable->value.destructor(o->ptr.data, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
}

static pthread_t spawn(void *(*run)(void *), void *arg) {
    pthread_t th;
    if (pthread_create(&th, NULL, run, arg) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    return th;
}

/* ---- Ticket.redeem(self) on a thread: a value-returning call there is refused ---------------- */

typedef struct redeem_job {
    AbsRObject ticket;
    AbsRStr note;
    AbsRString result;
} redeem_job;

static void *redeem_there(void *arg) {
    redeem_job *job = arg;
    job->result = TR_CALL(&job->ticket, 1, RedeemFn, job->note);
    free_storage(&job->ticket);
    return NULL;
}

/* Redeems the ticket on a thread of the plugin (joined before returning) and returns what it got. */
ABS_EXPORT AbsRString tr_ticket_redeem_on_thread(AbsRObject ticket, AbsRStr note) {
    redeem_job job;
    memset(&job, 0, sizeof job);
    job.ticket = ticket;
    job.note = note;
    pthread_join(spawn(redeem_there, &job), NULL);
    return job.result;
}

ABS_EXPORT AbsRObject tr_ticket_echo(AbsRObject ticket) { return ticket; }

/* Redeemed on a detached thread (the JS main thread stays free to answer a method declared
 * `offThread: 'wait'`); the result waits in `redeemed` for tr_ticket_redeemed_take. */
static pthread_mutex_t redeemed_lock = PTHREAD_MUTEX_INITIALIZER;
static AbsRString redeemed;
static int redeemed_ready;

static void *redeem_detached(void *arg) {
    redeem_job *job = arg;
    AbsRString r = TR_CALL(&job->ticket, 1, RedeemFn, job->note);
    free_storage(&job->ticket);
    abs_dealloc((void *)job->note.data, job->note.length ? job->note.length : 1, 1);
    abs_dealloc(job, sizeof *job, _Alignof(redeem_job));
    pthread_mutex_lock(&redeemed_lock);
    redeemed = r;
    redeemed_ready = 1;
    pthread_mutex_unlock(&redeemed_lock);
    return NULL;
}

ABS_EXPORT void tr_ticket_redeem_detached(AbsRObject ticket, AbsRStr note) {
    redeem_job *job = abs_alloc(sizeof *job, _Alignof(redeem_job));
    memset(job, 0, sizeof *job);
    char *copy = abs_alloc(note.length ? note.length : 1, 1);
    if (note.length) memcpy(copy, note.data, note.length);
    job->ticket = ticket;
    job->note.data = copy;
    job->note.length = note.length;
    pthread_detach(spawn(redeem_detached, job));
}

ABS_EXPORT bool tr_ticket_redeemed_ready(void) {
    pthread_mutex_lock(&redeemed_lock);
    int ready = redeemed_ready;
    pthread_mutex_unlock(&redeemed_lock);
    return ready != 0;
}

/* The detached redemption's result (moved out to the caller), or "" before it is there. */
ABS_EXPORT AbsRString tr_ticket_redeemed_take(void) {
    pthread_mutex_lock(&redeemed_lock);
    AbsRString r = redeemed_ready ? redeemed : tr_string("");
    redeemed_ready = 0;
    memset(&redeemed, 0, sizeof redeemed);
    pthread_mutex_unlock(&redeemed_lock);
    return r;
}

/* ---- Session.close(self): from this thread, or queued from a detached one --------------------- */

ABS_EXPORT void tr_session_close(AbsRObject session, uint64_t code) {
    TR_CALL(&session, 1, CloseFn, code);
    free_storage(&session);
}

typedef struct session_job {
    AbsRObject session;
    uint64_t touches;
} session_job;

static void *close_there(void *arg) {
    session_job *job = arg;
    AbsRObject session = job->session;
    uint64_t touches = job->touches;
    abs_dealloc(job, sizeof *job, _Alignof(session_job));
    for (uint64_t i = 0; i < touches; i++) TR_CALL(&session, 0, TouchFn, i);
    TR_CALL(&session, 1, CloseFn, touches);
    free_storage(&session);
    return NULL;
}

/* Returns at once; a detached thread touches the session `touches` times, then closes it. */
ABS_EXPORT void tr_session_close_on_thread(AbsRObject session, uint64_t touches) {
    session_job *job = abs_alloc(sizeof *job, _Alignof(session_job));
    job->session = session;
    job->touches = touches;
    pthread_detach(spawn(close_there, job));
}

/* ---- Tally over RArc: cloned through `_sabi_clone`, the clone used and dropped on a thread ---- */

static AbsRObject sabi_clone(const AbsRObject *o) {
    AbsRBox (*clone)(const void *) = o->vtable->value._sabi_vtable->value._sabi_clone;
    if (!clone) {
        fprintf(stderr, "trait_plugin_c: this Tally object has no _sabi_clone; aborting\n");
        abort();
    }
    AbsRObject c = { o->vtable, clone(&o->ptr) };
    return c;
}

static uint64_t arc_strong(const AbsRObject *o) {
    const AbsRArc *a = (const AbsRArc *)(const void *)&o->ptr;
    return a->vtable->value.strong_count(a);
}

typedef struct tally_job {
    AbsRObject clone;
    uint64_t adds;
} tally_job;

static void *add_there(void *arg) {
    tally_job *job = arg;
    AbsRObject clone = job->clone;
    uint64_t adds = job->adds;
    abs_dealloc(job, sizeof *job, _Alignof(tally_job));
    for (uint64_t i = 1; i <= adds; i++) TR_CALL(&clone, 0, AddFn, i);
    abs_robject_drop(&clone);
    return NULL;
}

/* Clones the tally through its vtable, hands the clone to a detached thread (adds 1..=adds, then
 * drops it), adds 1000 through the original here and drops it. Returns the strong count right
 * after the clone (2). */
ABS_EXPORT uint64_t tr_tally_share(AbsRObject tally, uint64_t adds) {
    tally_job *job = abs_alloc(sizeof *job, _Alignof(tally_job));
    job->clone = sabi_clone(&tally);
    job->adds = adds;
    uint64_t strong = arc_strong(&tally);
    pthread_detach(spawn(add_there, job));
    TR_CALL(&tally, 0, AddFn, 1000);
    abs_robject_drop(&tally);
    return strong;
}

ABS_EXPORT AbsRObject tr_tally_echo(AbsRObject tally) { return tally; }

/* Clones it twice here, reads the total through the last clone, drops all three in turn; returns
 * total * 10 + the strong count seen before the drops (3). */
ABS_EXPORT uint64_t tr_tally_clones(AbsRObject tally) {
    AbsRObject a = sabi_clone(&tally);
    AbsRObject b = sabi_clone(&a);
    uint64_t strong = arc_strong(&b);
    uint64_t total = TR_CALL0(&b, 1, TotalFn);
    abs_robject_drop(&tally);
    abs_robject_drop(&a);
    abs_robject_drop(&b);
    return total * 10 + strong;
}
