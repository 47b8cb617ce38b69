/* tp_memory.c: slices over 2 MiB buffers the host cannot read, for its check of large buffers
 * before it copies them (test/hardening/unreadable-buffers.test.ts). Each region is mapped once
 * and kept for the life of the process; a slice is borrowed, so nothing is dropped. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include <sys/mman.h>

#include "plugin.h"

ABS_DECLARE_RSLICE(TpRSliceU32, uint32_t);

#define REGION ((size_t)2 << 20)
/* Far below where the kernel places mappings (just under the stack, near 2^47): never mapped here. */
#define NEVER_MAPPED ((uintptr_t)0x300000000000ull)

enum { READABLE, PROT_NONE_REGION, UNMAPPED, HOLE_IN_MIDDLE, WRITE_ONLY };

static uint32_t *map_region(int prot) {
    void *p = mmap(NULL, REGION, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static uint32_t *region(uint32_t kind) {
    switch (kind) {
    case READABLE: {
        uint32_t *p = map_region(PROT_READ | PROT_WRITE);
        if (p)
            for (size_t i = 0; i < REGION / 4; i++) p[i] = (uint32_t)i;
        return p;
    }
    case PROT_NONE_REGION: return map_region(PROT_NONE);
    case UNMAPPED: return (uint32_t *)NEVER_MAPPED;
    case HOLE_IN_MIDDLE: {
        /* Readable, except one page in the middle: the check must look past the first page. */
        uint32_t *p = map_region(PROT_READ | PROT_WRITE);
        if (p && mprotect((unsigned char *)p + REGION / 2, 4096, PROT_NONE) != 0) return NULL;
        return p;
    }
    case WRITE_ONLY: return map_region(PROT_WRITE);
    default: return NULL;
    }
}

/* Kind 0: readable (element i holds i); 1: PROT_NONE; 2: never mapped; 3: a PROT_NONE page in
 * the middle; 4: write-only. A region that could not be made gives an empty slice. */
ABS_EXPORT TpRSliceU32 tp_slice_unreadable(uint32_t kind) {
    static uint32_t *made[5];
    TpRSliceU32 s = { (const uint32_t *)(uintptr_t)4, 0 };
    if (kind > WRITE_ONLY) return s;
    /* Tests call from one thread; a second region from a race would only be kept too. */
    if (!made[kind]) made[kind] = region(kind);
    if (made[kind]) {
        s.data = made[kind];
        s.length = REGION / 4;
    }
    return s;
}
