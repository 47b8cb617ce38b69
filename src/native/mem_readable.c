/* mem_readable.c: whether a range of this process's memory can be read, asked of the kernel
 * without touching the range (a wild pointer a plugin returns must not crash the host), for the
 * host's check of large buffers before it copies them (src/types/native-bytes.ts).
 *
 * Linux 6.11+: the PROCMAP_QUERY ioctl on /proc/self/maps says which mapping covers an address
 * and whether it is readable: one ioctl per mapping the range spans (a few microseconds a check,
 * where reading and parsing /proc/self/maps costs hundreds). Older kernels: process_vm_readv on
 * our own pid reading one byte of each page, which fails with EFAULT (no signal) at the first
 * page it cannot read; mincore then tells an unmapped page from one mapped without read access.
 * Elsewhere, or where both are refused (a seccomp filter), the host checks its own way. */
#define _GNU_SOURCE /* process_vm_readv, mincore */
#include "rt_internal.h"

#include "mem_readable.h"

#if defined(__linux__)
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <unistd.h>

/* <linux/fs.h> of Linux 6.11, declared here so older kernel headers still build the runtime. */
struct mr_procmap_query {
    uint64_t size, query_flags, query_addr;
    uint64_t vma_start, vma_end, vma_flags, vma_page_size, vma_offset, inode;
    uint32_t dev_major, dev_minor, vma_name_size, build_id_size;
    uint64_t vma_name_addr, build_id_addr;
};
#define MR_PROCMAP_QUERY _IOWR('f', 17, struct mr_procmap_query)
#define MR_VMA_READABLE 0x1

/* /proc/self/maps, opened once: MR_UNTRIED before, MR_NONE when it cannot be opened or the
 * kernel has no PROCMAP_QUERY. */
#define MR_UNTRIED (-2)
#define MR_NONE (-1)
static _Atomic int mr_maps_fd = MR_UNTRIED;
static pthread_once_t mr_fork_once = PTHREAD_ONCE_INIT;

/* A forked child's descriptor still names its parent's maps: the child opens its own. */
static void mr_after_fork(void) {
    int fd = atomic_exchange(&mr_maps_fd, MR_UNTRIED);
    if (fd >= 0) close(fd);
}
static void mr_register_fork(void) { pthread_atfork(NULL, NULL, mr_after_fork); }

static int mr_maps(void) {
    int fd = atomic_load_explicit(&mr_maps_fd, memory_order_acquire);
    if (fd != MR_UNTRIED) return fd;
    pthread_once(&mr_fork_once, mr_register_fork);
    int opened = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    int expected = MR_UNTRIED;
    if (opened < 0) opened = MR_NONE;
    if (!atomic_compare_exchange_strong(&mr_maps_fd, &expected, opened)) {
        if (opened >= 0) close(opened); /* another thread opened it first */
        return expected;
    }
    return opened;
}

static int mr_by_procmap(uintptr_t at, uintptr_t end) {
    int fd = mr_maps();
    if (fd < 0) return ABS_MEM_UNKNOWN;
    while (at < end) {
        struct mr_procmap_query q;
        memset(&q, 0, sizeof q);
        q.size = sizeof q;
        q.query_addr = at;
        if (ioctl(fd, MR_PROCMAP_QUERY, &q) != 0) {
            if (errno == ENOENT) return ABS_MEM_UNMAPPED; /* no mapping covers `at` */
            /* A kernel before 6.11: never ask again (the descriptor stays open: another thread
             * may be using it right now). */
            if (errno == ENOTTY || errno == EINVAL) atomic_store(&mr_maps_fd, MR_NONE);
            return ABS_MEM_UNKNOWN;
        }
        if (q.vma_start > at || q.vma_end <= at) return ABS_MEM_UNKNOWN;
        if (!(q.vma_flags & MR_VMA_READABLE)) return ABS_MEM_NO_READ;
        at = (uintptr_t)q.vma_end; /* adjacent mappings (a library's segments) continue the range */
    }
    return ABS_MEM_READABLE;
}

/* Pages per process_vm_readv call (UIO_MAXIOV is 1024). */
#define MR_BATCH 256

static int mr_by_vm_readv(uintptr_t at, uintptr_t end) {
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    pid_t self = getpid();
    struct iovec remote[MR_BATCH];
    unsigned char sink[MR_BATCH];
    while (at < end) {
        size_t n = 0;
        uintptr_t p = at;
        for (; n < MR_BATCH && p < end; n++) {
            remote[n].iov_base = (void *)p;
            remote[n].iov_len = 1;
            p = (p & ~(page - 1)) + page;
        }
        struct iovec local = { sink, n };
        ssize_t got = process_vm_readv(self, &local, 1, remote, n, 0);
        /* Not allowed (seccomp), not there, or no memory for the kernel's copy of the iovecs. */
        if (got < 0 && (errno == ENOSYS || errno == EPERM || errno == ENOMEM)) return ABS_MEM_UNKNOWN;
        if (got != (ssize_t)n) {
            /* The first page that could not be read: unmapped, or mapped without read access. */
            uintptr_t bad = (uintptr_t)remote[got < 0 ? 0 : got].iov_base & ~(page - 1);
            unsigned char resident;
            return mincore((void *)bad, 1, &resident) != 0 && errno == ENOMEM ? ABS_MEM_UNMAPPED : ABS_MEM_NO_READ;
        }
        at = p;
    }
    return ABS_MEM_READABLE;
}

ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method) {
    if (length == 0) return ABS_MEM_READABLE;
    uintptr_t end = address + length;
    if (address == 0 || end < address) return ABS_MEM_UNMAPPED;
    int r = ABS_MEM_UNKNOWN;
    if (method == ABS_MEM_ANY || method == ABS_MEM_BY_PROCMAP) r = mr_by_procmap(address, end);
    if (r == ABS_MEM_UNKNOWN && (method == ABS_MEM_ANY || method == ABS_MEM_BY_VM_READV)) r = mr_by_vm_readv(address, end);
    return r;
}
#else
ABS_RT_API int abs_memory_readable_by(uintptr_t address, size_t length, int method) {
    (void)address, (void)length, (void)method;
    return ABS_MEM_UNKNOWN;
}
#endif

ABS_RT_API int abs_memory_readable(uintptr_t address, size_t length) {
    return abs_memory_readable_by(address, length, ABS_MEM_ANY);
}
