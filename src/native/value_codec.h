/* value_codec.h: what the Value build (value_codec.c) and dump (value_dump.c) share: the
 * runtime types the host registers once, and the wire format's marks (src/types/value-codec.ts). */
#ifndef ABS_RT_VALUE_CODEC_H
#define ABS_RT_VALUE_CODEC_H

#include "map.h"

/* A string's or new key's length word: bit 31 marks a key defined here (else the word is the
 * index of a key defined before in the same buffer); in dumps bit 30 marks non-ASCII bytes. */
#define VALUE_NEW_KEY 0x80000000u
#define VALUE_NOT_ASCII_KEY 0x40000000u
#define VALUE_KEY_LEN 0x3fffffffu
/* In dumps, an object's count is followed by a shape word: the index of a key set met before in
 * the same dump, or VALUE_NEW_SHAPE followed by the object's key words (the set gets the next
 * index). Larger key sets are never looked up again (each is sent as new). */
#define VALUE_NEW_SHAPE 0xFFFFFFFFu
#define VALUE_SHAPE_MAX 64
/* A dumped string's length word: bit 31 set when its bytes are not all ASCII. */
#define VALUE_NOT_ASCII 0x80000000u

typedef struct rt_value_types {
    const abs_type *u8, *value, *key;
    const void *bytes_vtable, *values_vtable; /* RVec<u8>, RVec<Value> */
    const rt_map_types *map;                  /* RHashMap<RString, Value> */
} rt_value_types;

/* value_dump.c (also declared in async_internal.h for channel batches). */
ABS_RT_API int64_t abs_value_dump(const AbsValue *v, unsigned char *out, size_t cap);

/* Set once by abs_value_types before any build or dump. */
extern rt_value_types rt_value;

#endif /* ABS_RT_VALUE_CODEC_H */
