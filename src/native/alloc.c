/* alloc.c: the runtime's counted, aligned allocator. Every block a runtime copy hands out
 * (vector buffers, boxes, maps, iterators) comes from here, so leak tests can read one number. */
#include "rt_internal.h"

#include <stdalign.h>
#include <stddef.h>

static _Atomic int64_t live_blocks;

_Noreturn void rt_fatal(const char *what) {
    fprintf(stderr, "abs_rt: %s; aborting\n", what);
    fflush(stderr);
    abort();
}

/* malloc already gives max_align_t alignment; larger alignments need posix_memalign. */
static void *raw_alloc(size_t size, size_t align) {
    if (size == 0) size = 1; /* a unique block keeps alloc/dealloc pairing simple */
    void *p = NULL;
    if (align <= alignof(max_align_t)) {
        p = malloc(size);
    } else if (posix_memalign(&p, align, size) != 0) {
        p = NULL;
    }
    if (!p) rt_fatal("out of memory");
    return p;
}

ABS_RT_API void *abs_alloc(size_t size, size_t align) {
    void *p = raw_alloc(size, align);
    atomic_fetch_add_explicit(&live_blocks, 1, memory_order_relaxed);
    return p;
}

/* size and align are unused with malloc/free but kept so the API can move to allocators that
 * need them (Windows' _aligned_free) without changing callers. */
ABS_RT_API void abs_dealloc(void *p, size_t size, size_t align) {
    (void)size;
    (void)align;
    if (!p) return;
    free(p);
    atomic_fetch_sub_explicit(&live_blocks, 1, memory_order_relaxed);
}

ABS_RT_API int64_t abs_live_allocations(void) {
    return atomic_load_explicit(&live_blocks, memory_order_relaxed);
}

void *rt_realloc(void *p, size_t old_size, size_t new_size, size_t align) {
    if (new_size == 0) new_size = 1;
    if (align <= alignof(max_align_t)) {
        void *q = realloc(p, new_size);
        if (!q) rt_fatal("out of memory");
        return q;
    }
    void *q = raw_alloc(new_size, align);
    memcpy(q, p, old_size < new_size ? old_size : new_size);
    free(p);
    return q;
}

void *rt_alloc_forever(size_t size, size_t align) {
    void *p = raw_alloc(size, align);
    memset(p, 0, size);
    return p;
}
