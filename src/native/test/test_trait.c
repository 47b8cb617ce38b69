/* test_trait.c: host trait objects without JS: a fake `invoke` stands for the host. Slots called
 * on the thread that started hosting run it at once; from another thread, a method returning
 * nothing is queued (its RStr copied, the wake-up pipe written) and one returning a value is
 * refused with its declared error value; drops release the object once, directly or queued. */
#include <pthread.h>
#include <unistd.h>

#include "test_util.h"
#include "abs_callback.h"
#include "abs_trait.h"

enum { TWICE = 0, NOTE = 1, NAME = 2, HALF = 3, WIDE = 4 };
typedef struct wide_arg { uint64_t a, b, c, d, e; } wide_arg;
typedef uint64_t (*WideFn)(const void *, uint64_t, uint64_t, uint64_t, uint64_t, wide_arg, uint64_t);
typedef uint64_t (*TwiceFn)(const void *, uint64_t);
typedef void (*NoteFn)(const void *, uint64_t, AbsRStr);
typedef AbsRResultUnitRString (*NameFn)(const void *);
typedef double (*HalfFn)(const void *, double);

static int direct_calls, direct_releases;
static char noted[64];

static void fake_invoke(abs_trait_call *c) {
    if (c->kind == ABS_TRAIT_RELEASE) {
        direct_releases++;
        return;
    }
    direct_calls++;
    switch (c->method_index) {
    case TWICE: {
        uint64_t r = c->words[0] * 2;
        memcpy(c->ret, &r, sizeof r);
        break;
    }
    case NOTE: {
        size_t n = (size_t)c->words[2] < sizeof noted - 1 ? (size_t)c->words[2] : sizeof noted - 1;
        memcpy(noted, (const void *)(uintptr_t)c->words[1], n);
        noted[n] = 0;
        break;
    }
    case NAME: /* ROk(()): the buffer is zeroed, tag 0 */
        break;
    case WIDE: { /* a 40-byte struct in memory on the stack, then an integer back in a register */
        uint64_t r = 0;
        for (int i = 0; i < 8; i++) r = r * 10 + c->words[i];
        memcpy(c->ret, &r, sizeof r);
        break;
    }
    case HALF: {
        double x;
        memcpy(&x, &c->floats[0], sizeof x);
        x /= 2;
        memcpy(c->ret, &x, sizeof x);
        break;
    }
    }
}

static const uint8_t seven[8] = { 7 };

static AbsFn slot(const AbsRObject *o, unsigned k) {
    AbsFn f;
    memcpy(&f, (const unsigned char *)o->vtable + 24 + 8 * k, sizeof f);
    return f;
}

typedef struct thread_calls {
    AbsRObject *obj;
    uint64_t twice;
    AbsRResultUnitRString name;
    int drop;
} thread_calls;

static void *call_from_thread(void *arg) {
    thread_calls *t = arg;
    char text[] = "from a thread";
    AbsRStr s = { text, sizeof text - 1 };
    ((NoteFn)slot(t->obj, NOTE))(t->obj->ptr.data, 5, s);
    memset(text, 'x', sizeof text - 1); /* the queued call must carry its own copy */
    t->twice = ((TwiceFn)slot(t->obj, TWICE))(t->obj->ptr.data, 21);
    t->name = ((NameFn)slot(t->obj, NAME))(t->obj->ptr.data);
    if (t->drop) abs_robject_drop(t->obj);
    return NULL;
}

static int contains(const AbsRString *s, const char *needle) {
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= s->length; i++)
        if (memcmp((const char *)s->buffer + i, needle, n) == 0) return 1;
    return 0;
}

static int count_kind(abs_trait_call *list, uint32_t kind) {
    int n = 0;
    for (; list; list = list->next) n += list->kind == kind;
    return n;
}

void test_trait(void) {
    int fd = abs_trait_start(fake_invoke);
    CHECK(fd >= 0);
    abs_trait_method methods[5];
    memset(methods, 0, sizeof methods);
    methods[TWICE] = (abs_trait_method){ .name = "twice", .ret_class = ABS_TRAIT_RET_REGS, .ret_size = 8, .words = 1,
                                         .error_kind = ABS_TRAIT_ERR_BYTES, .error_bytes = seven };
    methods[NOTE] = (abs_trait_method){ .name = "note", .ret_class = ABS_TRAIT_RET_REGS, .words = 3, .queueable = 1,
                                        .copy_count = 1, .copies = { { 1, 1 } } };
    methods[NAME] = (abs_trait_method){ .name = "name", .ret_class = ABS_TRAIT_RET_MEMORY, .ret_size = 40,
                                        .error_kind = ABS_TRAIT_ERR_RSTRING, .error_offset = 8 };
    methods[HALF] = (abs_trait_method){ .name = "half", .ret_class = ABS_TRAIT_RET_FLOAT, .ret_size = 8, .floats = 1,
                                        .error_kind = ABS_TRAIT_ERR_BYTES };
    /* rsi..r8 take 4 integers; the 40-byte struct goes on the stack (words 5..9, after the 5
     * registers), and the integer after it takes the register left (r9, word 4). */
    methods[WIDE] = (abs_trait_method){ .name = "wide", .ret_class = ABS_TRAIT_RET_REGS, .ret_size = 8, .words = 10,
                                        .error_kind = ABS_TRAIT_ERR_BYTES };
    const void *vtable = abs_trait_vtable(1, "Probe", methods, 5);
    CHECK(vtable != NULL);
    CHECK(((const AbsPrefixHeader *)vtable)->field_accessibility == 0x7F);
    /* A copy whose data word is out of the method's words is refused. */
    abs_trait_method bad = methods[NOTE];
    bad.words = 1;
    CHECK(abs_trait_vtable(2, "Bad", &bad, 1) == NULL);

    AbsRObject obj;
    abs_trait_object(&obj, vtable, 42);
    CHECK(obj.vtable->value._sabi_vtable->value._sabi_type_id().tag == ABS_NOTHING);

    /* On the thread that started hosting: straight to `invoke`. */
    CHECK(((TwiceFn)slot(&obj, TWICE))(obj.ptr.data, 21) == 42);
    CHECK(((HalfFn)slot(&obj, HALF))(obj.ptr.data, 3.0) == 1.5);
    CHECK(((NameFn)slot(&obj, NAME))(obj.ptr.data).tag == ABS_ROK);
    CHECK(direct_calls == 3);
    /* words: 1 2 3 4 (registers), 9 (r9: the integer after the struct), 5 6 7 8 0 (the struct, stack) */
    CHECK(((WideFn)slot(&obj, WIDE))(obj.ptr.data, 1, 2, 3, 4, (wide_arg){ 5, 6, 7, 8, 0 }, 9) == 12349567ull);
    direct_calls--;

    /* From another thread: queued (note), refused (twice: the error bytes; name: RErr). */
    thread_calls t = { &obj, 0, { 0 }, 0 };
    pthread_t th;
    CHECK(pthread_create(&th, NULL, call_from_thread, &t) == 0);
    pthread_join(th, NULL);
    CHECK(direct_calls == 3);
    CHECK(t.twice == 7);
    CHECK(t.name.tag == ABS_RERR);
    CHECK(contains(&t.name.err.value, "Probe.name returns a value"));
    abs_rvec_drop(&t.name.err.value);
    CHECK(abs_trait_refused() >= 2);
    char byte;
    CHECK(read(fd, &byte, 1) == 1); /* the queue went from empty to not empty once */
    CHECK(abs_trait_pending() == 3);
    abs_trait_call *list = abs_trait_take();
    CHECK(count_kind(list, ABS_TRAIT_CALL) == 1 && count_kind(list, ABS_TRAIT_REFUSED) == 2);
    CHECK(list && list->kind == ABS_TRAIT_CALL && list->method_index == NOTE && list->object_id == 42);
    if (list && list->kind == ABS_TRAIT_CALL) {
        CHECK(list->words[0] == 5 && list->words[2] == 13);
        CHECK(memcmp((const void *)(uintptr_t)list->words[1], "from a thread", 13) == 0);
    }
    abs_trait_free(list);
    CHECK(abs_trait_pending() == 0);
    CHECK(abs_trait_take() == NULL);

    /* A drop on the hosting thread with nothing queued releases at once. */
    abs_robject_drop(&obj);
    CHECK(direct_releases == 1);

    /* A drop on another thread is queued behind the calls made before it. */
    AbsRObject other;
    abs_trait_object(&other, vtable, 43);
    thread_calls t2 = { &other, 0, { 0 }, 1 };
    CHECK(pthread_create(&th, NULL, call_from_thread, &t2) == 0);
    pthread_join(th, NULL);
    abs_rvec_drop(&t2.name.err.value);
    CHECK(read(fd, &byte, 1) == 1);
    list = abs_trait_take();
    abs_trait_call *last = list;
    while (last && last->next) last = last->next;
    CHECK(last && last->kind == ABS_TRAIT_RELEASE && last->object_id == 43);
    CHECK(direct_releases == 1);
    abs_trait_free(list);
    CHECK(abs_trait_pending() == 0);

    /* 62 methods fill the 64 prefix fields; 63 do not fit. */
    abs_trait_method many[ABS_TRAIT_MAX_METHODS + 1];
    for (int k = 0; k <= ABS_TRAIT_MAX_METHODS; k++) many[k] = methods[NOTE];
    const void *full = abs_trait_vtable(3, "Full", many, ABS_TRAIT_MAX_METHODS);
    CHECK(full != NULL && ((const AbsPrefixHeader *)full)->field_accessibility == ~0ull);
    CHECK(abs_trait_vtable(4, "TooMany", many, ABS_TRAIT_MAX_METHODS + 1) == NULL);

    /* A callback: the first argument in rdi; released, it is expired (error bytes, no invoke). */
    abs_trait_method cb = methods[TWICE];
    const void *cb_vtable = abs_trait_vtable(5, "extern \"C\" fn(u64) -> u64", &cb, 1);
    AbsFn fn = abs_callback_acquire(cb_vtable, 77);
    CHECK(fn != NULL && abs_callback_live() == 1);
    int calls_before = direct_calls;
    CHECK(((uint64_t(*)(uint64_t))fn)(21) == 42);
    CHECK(direct_calls == calls_before + 1);
    CHECK(abs_callback_release(fn) == 0 && abs_callback_live() == 0);
    CHECK(direct_releases == 2);
    CHECK(abs_callback_release(fn) == -1);
    CHECK(((uint64_t(*)(uint64_t))fn)(21) == 7); /* the error bytes; reported on stderr */
    CHECK(direct_calls == calls_before + 1 && abs_callback_expired_calls() == 1);
}
