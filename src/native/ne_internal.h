/* ne_internal.h: the NonExhaustiveVtable (reference 11.A) as the runtime's own vtables lay it out:
 * the inert one a moved-from value keeps (nonexhaustive.c) and the host's (ne_host.c). */
#ifndef ABS_NE_INTERNAL_H
#define ABS_NE_INTERNAL_H

#include "rt_internal.h"

typedef struct ne_enum_info {
    AbsRStr type_name;
    AbsRStr strings;
    uint32_t variant_names; /* StartLen: start in bits 0-15, length in bits 16-31 */
} ne_enum_info;

typedef struct ne_vtable_wm {
    uint64_t field_accessibility; /* always 0x7FF */
    const AbsPTStructLayout *type_layout;
    const ne_enum_info *enum_info;
    void (*drop)(void *ne);
    AbsFn slots[8]; /* clone, debug, display, serialize, partial_eq, cmp, partial_cmp, hash */
} ne_vtable_wm;

enum { NE_CLONE, NE_DEBUG, NE_DISPLAY, NE_SERIALIZE, NE_PARTIAL_EQ, NE_CMP, NE_PARTIAL_CMP, NE_HASH };

#endif
