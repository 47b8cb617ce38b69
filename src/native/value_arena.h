/* value_arena.h: shared blocks for the text of one built Value (value_arena.c). */
#ifndef ABS_RT_VALUE_ARENA_H
#define ABS_RT_VALUE_ARENA_H

#include "value_codec.h"

/* Block size, and the longest string put in one (longer ones get a buffer of their own). */
#define ARENA_BLOCK ((size_t)16 << 10)
#define ARENA_LARGEST ((size_t)1 << 10)

/* One build's current block; strings are counted into it until it is full or the build ends. */
typedef struct rt_arena {
    void *block;
    size_t at, count;
} rt_arena;

/* Makes `out` an RString/RVec<u8> of `n` bytes (contents to be written by the caller). */
void rt_arena_bytes(rt_arena *a, AbsRVec *out, size_t n);
/* Hands the current block to its strings (call before anything may drop them). */
void rt_arena_finish(rt_arena *a);

/* The vtable of strings in blocks. */
extern const AbsVecVTable_WM rt_arena_vtable;

/* Strings of blocks dropped together (a whole tree): their block's count is taken down once per
 * run of strings in the same block rather than once per string (an atomic operation each). */
typedef struct rt_arena_drops {
    void *block;
    size_t n;
} rt_arena_drops;

/* Drops `v`, a string with rt_arena_vtable, as part of `d`. */
void rt_arena_drop(rt_arena_drops *d, AbsRVec *v);
/* Releases what `d` still holds (call before anything else may see the blocks). */
void rt_arena_drops_end(rt_arena_drops *d);

#endif /* ABS_RT_VALUE_ARENA_H */
