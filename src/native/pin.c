/* pin.c: keeping shared libraries mapped until the process ends. Node finalizes the FFI layer's
 * library handles when it exits, which unloads them, while a plugin's own threads (or calls queued
 * through this runtime's trampolines) may still be running code inside them: the process then
 * dies of SIGSEGV instead of exiting. abi_stable never unloads libraries either (reference 4.7). */
#define _GNU_SOURCE /* dladdr */
#include "rt_internal.h"

#if !defined(_WIN32)
#include <dlfcn.h>

/* Marks the already-loaded library at `path` RTLD_NODELETE. Returns 0, or -1 if it is not loaded. */
ABS_RT_API int abs_pin_library(const char *path) {
    void *h = dlopen(path, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    if (!h) return -1;
    dlclose(h); /* drops only the reference taken just now; NODELETE stays */
    return 0;
}

/* Pins the library this code is in (the runtime itself, or a plugin that compiled it in). */
int rt_pin_self(void) {
    Dl_info info;
    if (!dladdr((void *)(uintptr_t)&rt_pin_self, &info) || !info.dli_fname) return -1;
    return abs_pin_library(info.dli_fname);
}
#else
ABS_RT_API int abs_pin_library(const char *path) {
    (void)path;
    return -1;
}
int rt_pin_self(void) { return -1; }
#endif
