/* trait_dispatch.c: what a host object's method slot does once its trampoline has captured the
 * arguments: call JS directly on the main thread, queue a call that returns nothing from any other
 * thread, return a host future at once for a method returning an FfiFuture (queuing the call that
 * completes it), and refuse (with the method's declared error value) a call that would have to wait for
 * the main thread. See abs_trait.h for why. */
#include "trait_internal.h"
#include "abs_async.h"

static const abs_type text_type = { 1, 1, NULL, 0, ABS_KEY_BYTES, 0 };

/* A runtime-made RString (the plugin drops it through the runtime's vtable). */
static AbsRString make_text(const char *parts[], size_t count) {
    size_t n = 0;
    for (size_t i = 0; i < count; i++) n += strlen(parts[i]);
    AbsRString s;
    abs_vec_init(&s, &text_type, n);
    for (size_t i = 0; i < count; i++) {
        size_t len = strlen(parts[i]);
        memcpy((char *)s.buffer + s.length, parts[i], len);
        s.length += len;
    }
    return s;
}

static const char off_thread[] =
    " returns a value and was called on a thread other than the JS main thread, where JS cannot run; "
    "call it from the thread that called into the plugin, or declare it to return nothing so calls "
    "are queued";

static _Atomic uint64_t next_future_id = 1;

/* A new host future of method `m`'s FfiPoll<T> written at `ret`. Host futures exist wherever the
 * trampolines do (x86-64 System V), so NULL is a broken runtime: nothing sound is left to return. */
static abs_host_future *new_future(const rt_host_trait *trait, const abs_trait_method *m, void *ret) {
    const abs_trait_future_spec *spec = (const abs_trait_future_spec *)(const void *)m->error_bytes;
    abs_host_future *f = abs_host_future_new(atomic_fetch_add(&next_future_id, 1), spec->poll_size, spec->poll_class,
                                             spec->poll_drop, (size_t)spec->poll_drop_len, ret);
    if (!f) {
        fprintf(stderr, "abi-stable: %.*s.%s: the runtime cannot make a host future here; aborting\n",
                (int)trait->mono.name_len, (const char *)trait->mono.name, m->name);
        abort();
    }
    return f;
}

void rt_trait_error_value(const rt_host_trait *trait, const abs_trait_method *m, const char *why, void *ret) {
    if (m->ret_size == 0) return;
    if (m->error_kind == ABS_TRAIT_ERR_FUTURE) {
        /* A future that is already Panicked (its FfiPoll owns nothing). */
        const abs_trait_future_spec *spec = (const abs_trait_future_spec *)(const void *)m->error_bytes;
        abs_host_future *f = new_future(trait, m, ret);
        unsigned char *poll = abs_alloc(spec->poll_size, 16);
        memset(poll, 0, spec->poll_size);
        poll[0] = ABS_POLL_PANICKED;
        abs_host_future_complete(f, poll);
        abs_dealloc(poll, spec->poll_size, 16);
        (void)why;
        return;
    }
    if (m->error_kind == ABS_TRAIT_ERR_RSTRING) {
        const char *parts[] = { "abi-stable: ", (const char *)trait->mono.name, ".", m->name, why };
        AbsRString msg = make_text(parts, sizeof parts / sizeof parts[0]);
        memset(ret, 0, m->ret_size);
        ((uint8_t *)ret)[0] = ABS_RERR;
        memcpy((uint8_t *)ret + m->error_offset, &msg, sizeof msg);
    } else if (m->error_bytes) {
        memcpy(ret, m->error_bytes, m->ret_size);
    } else {
        memset(ret, 0, m->ret_size);
    }
}

/* A queue entry for call `index` with its captured arguments (`extra` bytes after it). */
static abs_trait_call *entry_for(const rt_host_trait *trait, const rt_host_object *h, uint32_t kind,
                                 uint32_t index, const uint64_t *words, const uint64_t *floats,
                                 size_t extra) {
    const abs_trait_method *m = &trait->methods[index];
    abs_trait_call *e = rt_trait_entry(m->words, extra);
    e->kind = kind;
    e->method_index = index;
    e->trait_id = trait->id;
    e->object_id = h->id;
    memcpy(e->words, words, (size_t)m->words * sizeof e->words[0]);
    memcpy(e->floats, floats, (size_t)m->floats * sizeof e->floats[0]);
    return e;
}

/* The plugin gets the error value at once; the entry carries the arguments so JS reports the call
 * and drops the ones passed by value that own memory (they are the callee's). */
static void refuse(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                   const uint64_t *words, const uint64_t *floats, void *ret) {
    rt_trait_error_value(trait, &trait->methods[index], off_thread, ret);
    rt_trait_count_refused();
    rt_trait_enqueue(entry_for(trait, h, ABS_TRAIT_REFUSED, index, words, floats, 0));
}

/* A call entry owning copies of the method's borrowed runs (the caller's memory may be gone by the
 * time JS reads them). */
static abs_trait_call *call_entry(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                                  const uint64_t *words, const uint64_t *floats) {
    const abs_trait_method *m = &trait->methods[index];
    size_t extra = 0;
    for (uint32_t i = 0; i < m->copy_count; i++) {
        size_t bytes = (size_t)words[m->copies[i].word + 1] * m->copies[i].elem_size;
        extra += rt_round_up(bytes, 8);
    }
    abs_trait_call *e = entry_for(trait, h, ABS_TRAIT_CALL, index, words, floats, extra);
    unsigned char *tail = (unsigned char *)(e->words + m->words);
    for (uint32_t i = 0; i < m->copy_count; i++) {
        const abs_trait_copy *c = &m->copies[i];
        size_t bytes = (size_t)words[c->word + 1] * c->elem_size;
        if (bytes) {
            memcpy(tail, (const void *)(uintptr_t)words[c->word], bytes);
            e->words[c->word] = (uint64_t)(uintptr_t)tail;
        } /* an empty run keeps its dangling, aligned pointer */
        tail += rt_round_up(bytes, 8);
    }
    return e;
}

/* A method returning an FfiFuture, called off the main thread: the plugin gets a host future at
 * once (it polls and drops it natively, on any thread); the queued call carries the future, and JS
 * completes it (waking the plugin's waker) once the promise its implementation returned settles. */
static void future_call(const rt_host_trait *trait, const rt_host_object *h, uint32_t index,
                        const uint64_t *words, const uint64_t *floats, void *ret) {
    abs_host_future *f = new_future(trait, &trait->methods[index], ret);
    abs_trait_call *e = call_entry(trait, h, index, words, floats);
    e->waiting = 2;
    e->ret = f;
    rt_trait_enqueue(e);
}

void rt_trait_dispatch(void *self, uint32_t index, const uint64_t *words, const uint64_t *floats,
                       void *ret) {
    const rt_host_object *h = self;
    const rt_host_trait *trait = h->trait;
    const abs_trait_method *m = &trait->methods[index];
    /* The hidden result buffer is the caller's: nothing is in it yet (register returns are
     * zeroed by their trampoline). */
    if (m->ret_class == ABS_TRAIT_RET_MEMORY) memset(ret, 0, m->ret_size);
    if (rt_trait_on_main_thread()) {
        abs_trait_call c;
        memset(&c, 0, offsetof(abs_trait_call, words));
        c.kind = ABS_TRAIT_CALL;
        c.method_index = index;
        c.trait_id = trait->id;
        c.object_id = h->id;
        memcpy(c.words, words, (size_t)m->words * sizeof c.words[0]);
        memcpy(c.floats, floats, (size_t)m->floats * sizeof c.floats[0]);
        c.ret = ret;
        atomic_load(&rt_trait_invoke)(&c);
    } else if (m->error_kind == ABS_TRAIT_ERR_FUTURE) {
        future_call(trait, h, index, words, floats, ret);
    } else if (m->queueable) {
        rt_trait_enqueue(call_entry(trait, h, index, words, floats));
    } else if (m->wait_ms) {
        rt_trait_wait_call(trait, h, index, call_entry(trait, h, index, words, floats), ret);
    } else {
        refuse(trait, h, index, words, floats, ret);
    }
    /* `self` by value: the method consumed the object, and its caller frees only the storage
     * (CallReferentDrop::No), so the JS object is let go of here, once, after the call (or behind
     * it in the queue), whether the call ran, threw, or was refused. */
    if (m->by_value) rt_trait_release(trait, h->id);
}

void rt_trait_release(const rt_host_trait *trait, uint64_t id) {
    /* Directly when nothing is queued or being delivered (so JS lets go before the plugin's call
     * returns); otherwise behind the calls already queued, which may still use the object. */
    if (rt_trait_on_main_thread() && rt_trait_pending_now() == 0) {
        abs_trait_call c;
        memset(&c, 0, sizeof c);
        c.kind = ABS_TRAIT_RELEASE;
        c.trait_id = trait->id;
        c.object_id = id;
        atomic_load(&rt_trait_invoke)(&c);
        return;
    }
    abs_trait_call *e = rt_trait_entry(0, 0);
    e->kind = ABS_TRAIT_RELEASE;
    e->trait_id = trait->id;
    e->object_id = id;
    rt_trait_enqueue(e);
}
