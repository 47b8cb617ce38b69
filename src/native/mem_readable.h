/* mem_readable.h: whether a range of this process's memory can be read (mem_readable.c). */
#ifndef ABS_RT_MEM_READABLE_H
#define ABS_RT_MEM_READABLE_H

#include <stddef.h>
#include <stdint.h>

/* What abs_memory_readable answers. */
#define ABS_MEM_UNKNOWN (-1) /* this system cannot tell: check another way */
#define ABS_MEM_UNMAPPED 0   /* some byte of the range is not mapped */
#define ABS_MEM_READABLE 1   /* every byte can be read */
#define ABS_MEM_NO_READ 2    /* some byte is mapped without read access (PROT_NONE, write-only) */

/* How: the best the system has, or one way only (tests drive each). */
#define ABS_MEM_ANY 0
#define ABS_MEM_BY_PROCMAP 1
#define ABS_MEM_BY_VM_READV 2

/* Whether the `length` bytes from `address` can all be read, without reading them. */
ABS_RT_API int abs_memory_readable(uintptr_t address, size_t length);
ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method);

#endif /* ABS_RT_MEM_READABLE_H */
