/* abs_callback.h: plain `extern "C" fn` pointers the JS host makes for plugins (callbacks). A
 * callback is a slot of a fixed pool of trampolines (callback_tramp.c) bound to a signature (a
 * one-method host trait vtable from abs_trait_vtable, whose method 0 is the call) and a JS id; its
 * calls follow the host trait objects' thread rules (abs_trait.h). Releasing the slot sends JS an
 * ABS_TRAIT_RELEASE for the id (behind calls already queued) and expires the pointer: calling it
 * afterwards reports on stderr and returns the signature's error value without reaching JS. */
#ifndef ABS_CALLBACK_H
#define ABS_CALLBACK_H

#include "abs_trait.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Trampolines per return family: how many callbacks of one family can be live at once. */
#define ABS_CALLBACK_SLOTS 64

/* A function pointer that calls method 0 of `vtable` (from abs_trait_vtable) for JS id `id`, or NULL
 * when every slot of its return family is live (or the vtable is not a host one). */
ABS_RT_API AbsFn abs_callback_acquire(const void *vtable, uint64_t id);
/* Expires `fn` (from abs_callback_acquire) and lets JS release its id. Returns 0, or -1 when `fn`
 * is not a live callback. */
ABS_RT_API int abs_callback_release(AbsFn fn);
/* Calls of expired callbacks so far. */
ABS_RT_API uint64_t abs_callback_expired_calls(void);
/* Live callbacks now. */
ABS_RT_API uint32_t abs_callback_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_CALLBACK_H */
