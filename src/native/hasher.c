/* hasher.c: the runtime's Hasher (FNV-1a over the byte stream, then a mixing step), both as a
 * HasherObject that Rust queries write into and as a direct hash of stored keys. Both see the
 * same byte stream Rust's Hash feeds a Hasher, so a query and its stored key hash alike. */
#include "rt_hasher.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

void rt_hasher_init(rt_hasher *h) { h->state = FNV_OFFSET; }

void rt_hasher_write(rt_hasher *h, const void *bytes, size_t len) {
    const unsigned char *p = bytes;
    uint64_t s = h->state;
    for (size_t i = 0; i < len; i++) s = (s ^ p[i]) * FNV_PRIME;
    h->state = s;
}

/* FNV's low bits are weak; the index uses low bits, so finish with a splitmix64 round. */
uint64_t rt_hasher_finish(const rt_hasher *h) {
    uint64_t z = h->state + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Each write_* feeds the value's native-endian bytes, as Rust's default Hasher methods do. */
static void w_bytes(void *self, AbsRSliceU8 b) { rt_hasher_write(self, b.data, b.length); }
#define RT_WRITE_FN(name, T) \
    static void name(void *self, T v) { rt_hasher_write(self, &v, sizeof v); }
RT_WRITE_FN(w_i16, int16_t)
RT_WRITE_FN(w_i32, int32_t)
RT_WRITE_FN(w_i64, int64_t)
RT_WRITE_FN(w_i8, int8_t)
RT_WRITE_FN(w_isize, ptrdiff_t)
RT_WRITE_FN(w_u16, uint16_t)
RT_WRITE_FN(w_u32, uint32_t)
RT_WRITE_FN(w_u64, uint64_t)
RT_WRITE_FN(w_u8, uint8_t)
RT_WRITE_FN(w_usize, size_t)

static const AbsHasherWriteFns write_fns = {
    w_bytes, w_i16, w_i32, w_i64, w_i8, w_isize, w_u16, w_u32, w_u64, w_u8, w_usize,
};

static uint64_t finish_fn(const void *self) { return rt_hasher_finish(self); }

AbsHasherObject rt_hasher_object(rt_hasher *h) {
    AbsHasherObject o = { h, &write_fns, finish_fn };
    return o;
}
