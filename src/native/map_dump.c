/* map_dump.c: an RHashMap<RString, V> of plain values read into one buffer in one call, for the
 * host to decode in one pass (src/types/hashmap.ts), walking ANY map (host- or plugin-made)
 * through its own iterator. Each entry is a record: a u32 key length (bit 31 set when the key is
 * not all ASCII), the key's bytes, then the value's `value_size` bytes as they are. */
#include "rt_internal.h"

#define NOT_ASCII 0x80000000u
/* Keys the host would check against the process's mappings first (native-bytes.ts). */
#define LARGE_KEY ((size_t)1 << 20)

/* Whether the key passes the checks the host makes before reading a string (checkBuffer). */
static int sound_key(const AbsRVec *k) {
    if (k->length > k->capacity) return 0;
    if (k->length == 0) return 1;
    uintptr_t b = (uintptr_t)k->buffer;
    return b >= 4096 && (uint64_t)b < (1ull << 57) && k->length < LARGE_KEY;
}

/* Writes the records of map `{ data, box vtable, map vtable }` into `out` (`cap` bytes). Returns
 * the bytes written; minus the bytes needed when `cap` is too small (nothing usable written);
 * INT64_MIN when a key is not sound (the host then reads the map its own way, with its errors). */
ABS_RT_API int64_t abs_map_dump(void *data, const void *box_vtable, const void *map_vtable, size_t value_size,
                                unsigned char *out, size_t cap) {
    AbsRHashMap m;
    m.map.data = data;
    memcpy(&m.map.vtable, &box_vtable, sizeof box_vtable);
    memcpy(&m.vtable, &map_vtable, sizeof map_vtable);
    AbsDynTrait it = m.vtable->value.iter(m.map.data);
    const AbsDynTraitVTable_WM *vt = it.vtable;
    size_t at = 0;
    int sound = 1;
    /* Field 12 (Iterator) is conditional: read it only when its bit and tag say it is there. */
    if (abs_prefix_has_field(vt, 12) && vt->value.iter.tag == ABS_RSOME) {
        const AbsMapRefIteratorFns fns = AbsMapRefIteratorFns_of(&vt->value.iter.some.value);
        for (;;) {
            AbsROptionMapRefItem item = fns.next(it.object.data);
            if (item.tag != ABS_RSOME) break;
            const AbsRVec *k = item.some.value._0;
            if (!sound_key(k)) {
                sound = 0;
                break;
            }
            size_t need = 4 + k->length + value_size;
            if (at + need <= cap) {
                const unsigned char *s = k->buffer;
                unsigned char any = 0;
                for (size_t i = 0; i < k->length; i++) any |= s[i];
                uint32_t head = (uint32_t)k->length | (any & 0x80 ? NOT_ASCII : 0);
                memcpy(out + at, &head, 4);
                if (k->length) memcpy(out + at + 4, s, k->length);
                memcpy(out + at + 4 + k->length, item.some.value._1, value_size);
            }
            at += need;
        }
    }
    vt->value.drop_ptr(&it);
    if (!sound) return INT64_MIN;
    return at <= cap ? (int64_t)at : -(int64_t)at;
}
