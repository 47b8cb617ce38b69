/* tp_threads.c: the test plugin using a caller's vector from another thread while the caller
 * waits in this synchronous call (growth goes through the vector's own, thread-safe vtable). */
#include <pthread.h>

#include "plugin.h"

typedef struct push_job {
    AbsRVec *v;
    uint32_t count;
} push_job;

static void *push_numbers(void *arg) {
    push_job *job = arg;
    for (uint32_t i = 0; i < job->count; i++) {
        AbsRVec *v = job->v;
        if (v->length == v->capacity) v->vtable->value.grow_capacity_to(v, v->length + 1, ABS_ABOVE);
        ABS_RVEC_AT(*v, uint32_t, v->length++) = i;
    }
    return NULL;
}

ABS_EXPORT void tp_vec_push_on_thread(AbsRVec *v, uint32_t count) {
    push_job job = { v, count };
    pthread_t th;
    if (pthread_create(&th, NULL, push_numbers, &job) != 0) {
        push_numbers(&job);
        return;
    }
    pthread_join(th, NULL);
}

/* ---- a host-made Value's strings grown and dropped on two threads of the plugin -------------- */

#include <stdlib.h>

#define GROWN "+grown"
#define MAX_VALUE_THREADS 64

typedef struct strings_job {
    AbsRString *items; /* moved out of the Value's array */
    size_t n, first_index;
    uint32_t grow_every;
} strings_job;

static pthread_mutex_t value_threads_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t value_threads[MAX_VALUE_THREADS];
static size_t value_threads_n;

/* Grows every grow_every-th string (by its index in the array) and checks its bytes; drops the
 * others at once and the grown ones last. Returns how many grew right. */
static void *grow_and_drop(void *arg) {
    strings_job *job = arg;
    uint64_t grown_ok = 0;
    for (size_t i = 0; i < job->n; i++) {
        AbsRString *s = &job->items[i];
        if (job->grow_every == 0 || (job->first_index + i) % job->grow_every != 0) {
            abs_rvec_drop(s);
            continue;
        }
        size_t before = s->length;
        char *copy = malloc(before ? before : 1);
        if (!copy) abort();
        memcpy(copy, s->buffer, before);
        tp_rstring_push(s, GROWN, strlen(GROWN)); /* through the string's own vtable */
        if (s->length == before + strlen(GROWN) && memcmp(s->buffer, copy, before) == 0 &&
            memcmp((char *)s->buffer + before, GROWN, strlen(GROWN)) == 0)
            grown_ok++;
        free(copy);
    }
    for (size_t i = 0; i < job->n; i++)
        if (job->grow_every != 0 && (job->first_index + i) % job->grow_every == 0) abs_rvec_drop(&job->items[i]);
    free(job->items);
    free(job);
    return (void *)(uintptr_t)grown_ok;
}

static strings_job *job_of(AbsRString *items, size_t n, size_t first_index, uint32_t grow_every) {
    strings_job *job = malloc(sizeof *job);
    AbsRString *own = malloc((n ? n : 1) * sizeof *own);
    if (!job || !own) abort();
    if (n) memcpy(own, items, n * sizeof *own);
    *job = (strings_job){ own, n, first_index, grow_every };
    return job;
}

/* Takes a Value::Array of Strings (anything else is dropped, giving 0): moves the strings out, drops
 * the emptied array through its own vtable, and hands each half to a thread of its own that is not
 * waited for (tp_value_threads_join). Returns how many strings were taken. */
ABS_EXPORT uint32_t tp_value_strings_on_threads(AbsValue v, uint32_t grow_every) {
    AbsRVec *array = &v.array.value;
    int all_strings = v.tag == ABS_VALUE_ARRAY;
    for (size_t i = 0; all_strings && i < array->length; i++) all_strings = ABS_RVEC_AT(*array, AbsValue, i).tag == ABS_VALUE_STRING;
    if (!all_strings) {
        abs_drop_in_place(&v, tp_t_value.drop, tp_t_value.drop_len);
        return 0;
    }
    size_t n = array->length, mid = n / 2;
    AbsRString *strings = malloc((n ? n : 1) * sizeof *strings);
    if (!strings) abort();
    for (size_t i = 0; i < n; i++) strings[i] = ABS_RVEC_AT(*array, AbsValue, i).string.value;
    array->length = 0;
    abs_rvec_drop(array);
    strings_job *halves[2] = { job_of(strings, mid, 0, grow_every), job_of(strings + mid, n - mid, mid, grow_every) };
    free(strings);
    pthread_mutex_lock(&value_threads_lock);
    for (int h = 0; h < 2; h++) {
        if (value_threads_n == MAX_VALUE_THREADS || pthread_create(&value_threads[value_threads_n], NULL, grow_and_drop, halves[h]) != 0) abort();
        value_threads_n++;
    }
    pthread_mutex_unlock(&value_threads_lock);
    return (uint32_t)n;
}

/* Waits for every thread tp_value_strings_on_threads started; returns how many strings grew right. */
ABS_EXPORT uint64_t tp_value_threads_join(void) {
    pthread_mutex_lock(&value_threads_lock);
    uint64_t total = 0;
    for (size_t i = 0; i < value_threads_n; i++) {
        void *grown_ok;
        pthread_join(value_threads[i], &grown_ok);
        total += (uint64_t)(uintptr_t)grown_ok;
    }
    value_threads_n = 0;
    pthread_mutex_unlock(&value_threads_lock);
    return total;
}

/* ---- Values dumped on a thread that then ends -------------------------------------------------- */

/* The plugin's runtime copy (src/native/value_codec.c, value_dump.c). */
void abs_value_types(const abs_type *u8, const abs_type *value, const abs_type *key);
int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap);
int64_t abs_value_dump_scratch_held(void);

/* The dump hashes keys of maps it iterates as the copy's own maps would: it needs their types. */
static pthread_once_t value_types_once = PTHREAD_ONCE_INIT;
static void set_value_types(void) { abs_value_types(&tp_t_u8, &tp_t_value, &tp_t_rstring); }

typedef struct dump_job {
    const AbsValue *v;
    uint32_t times;
    int64_t held; /* scratch streams held while the thread lived; -1 if a dump failed */
} dump_job;

static void *dump_values(void *arg) {
    dump_job *job = arg;
    int64_t need = abs_value_dump(job->v, NULL, 0); /* minus the bytes needed */
    unsigned char *out = need < 0 && need != INT64_MIN ? malloc((size_t)-need) : NULL;
    int ok = out != NULL;
    for (uint32_t i = 0; ok && i < job->times; i++) ok = abs_value_dump(job->v, out, (size_t)-need) == -need;
    free(out);
    job->held = ok ? abs_value_dump_scratch_held() : -1;
    return NULL;
}

/* Dumps `*v` `times` times on a new thread with the plugin's runtime copy, and waits for the
 * thread to end; returns the scratch streams held just before it ended (-1 if a dump failed). */
ABS_EXPORT int64_t tp_value_dump_on_thread(const AbsValue *v, uint32_t times) {
    dump_job job = { v, times, -1 };
    pthread_once(&value_types_once, set_value_types);
    pthread_t th;
    if (pthread_create(&th, NULL, dump_values, &job) != 0) abort();
    pthread_join(th, NULL);
    return job.held;
}

/* Scratch streams the plugin's runtime copy holds for threads that dumped Values. */
ABS_EXPORT int64_t tp_dump_scratch_held(void) { return abs_value_dump_scratch_held(); }
