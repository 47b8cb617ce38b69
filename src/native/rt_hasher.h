/* rt_hasher.h: the runtime's hasher, shared by host maps (stored keys) and the HasherObject
 * handed to MapQuery.hash (query keys). */
#ifndef ABS_RT_HASHER_H
#define ABS_RT_HASHER_H

#include "rt_internal.h"

typedef struct rt_hasher {
    uint64_t state;
} rt_hasher;

void rt_hasher_init(rt_hasher *h);
void rt_hasher_write(rt_hasher *h, const void *bytes, size_t len);
uint64_t rt_hasher_finish(const rt_hasher *h);
/* A HasherObject writing into `h` (which must outlive the object's use). */
AbsHasherObject rt_hasher_object(rt_hasher *h);

#endif /* ABS_RT_HASHER_H */
