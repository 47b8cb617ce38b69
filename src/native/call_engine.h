/* call_engine.h: the call engine (call_engine.c) as its host entry point runs it
 * (call_napi.c, the runtime library's Node-API binding). Internal to the runtime. */
#ifndef ABS_RT_CALL_ENGINE_H
#define ABS_RT_CALL_ENGINE_H

#include <stddef.h>
#include <stdint.h>
#include "abs_runtime.h"

/* Values a call lends (typed arrays, strings): at most this many per plan. */
#define ABS_CALL_LENT 6

enum {
    ABS_RET_NONE = 0,  /* nothing comes back */
    ABS_RET_BYTES = 1, /* the result's bytes are copied into the frame */
    ABS_RET_VEC = 2,   /* an RVec of plain elements: contents copied into the frame, the value dropped */
    ABS_RET_TEXT = 3   /* an RString: its header handed to the entry point, which makes the string and drops it */
};

/* abs_call_run's results besides a count. */
#define ABS_CALL_LEFT (-1)    /* the result's header was left in the frame for the host's own read and drop */
#define ABS_CALL_REFUSED (-2) /* a lent string could not be read: nothing was built, the plugin not called */

/* Writes the UTF-8 of lent string `lent` at `dst` (room for `cap` bytes and a NUL) and its length
 * at `len`: 1 when written, 0 when that value is no string (the slot is kept as the host wrote
 * it: an empty string, or one too large for the region lent from elsewhere). */
typedef int (*abs_call_text_fn)(void *ctx, unsigned lent, unsigned char *dst, size_t cap, size_t *len);

/* Runs plan `plan` on the frame at `at` of `region` (the calling JS thread's frame region, native
 * memory its host maps once; call_engine.c says what the frame holds). `ptrs` are the lent typed
 * arrays' memory (NULL: the slot already holds it), `text` writes lent strings. Returns 0 for
 * ABS_RET_NONE and ABS_RET_BYTES; for ABS_RET_VEC the element count copied to the result's place
 * + 32; for ABS_RET_TEXT the length of the string whose header is put in `*text_out` (the caller
 * drops it through its vtable); or ABS_CALL_LEFT / ABS_CALL_REFUSED. */
int64_t abs_call_run(unsigned char *region, uint32_t plan, uint32_t at, const void *const ptrs[ABS_CALL_LENT], abs_call_text_fn text, void *ctx,
                     AbsRVec *text_out);

/* Whether `plan` names a plan. */
int abs_call_plan_valid(uint32_t plan);

/* How a valid plan's result comes back (ABS_RET_*). */
uint32_t abs_call_plan_ret_kind(uint32_t plan);

#endif
