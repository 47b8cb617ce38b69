/* shop.h: what the shop's files share (abi_stable's examples/2_nonexhaustive, newer version):
 * Command_NE (shop.c), NonExhaustiveFor<Error> (shop_error.c) and the shop that runs commands
 * into RResult<RString, NonExhaustiveFor<Error>> (shop_state.c). */
#ifndef ER_SHOP_H
#define ER_SHOP_H

#include "erased_plugin.h"

enum { CREATE_ITEM = 0, DELETE_ITEM = 1, ADD_ITEM = 2, RENAME_ITEM = 3, COMMAND_VARIANTS = 4 };

/* #[repr(u8)] enum Command: the tag, then each variant's fields as a repr(C) struct. */
typedef struct command {
    uint8_t tag;
    union {
        struct { AbsRString name; uint32_t price; } create;
        struct { uint64_t id; } del;
        struct { uint64_t id; uint32_t count; } add;
        struct { uint64_t id; AbsRString name; } rename;
    } v;
} command;

typedef struct ne_enum_info { AbsRStr type_name; AbsRStr strings; uint32_t variant_names; } ne_enum_info;

/* NonExhaustiveVtable (reference 11.A): every slot erased but drop; each type casts its own. */
typedef struct ne_vtable_wm {
    uint64_t field_accessibility;
    const AbsPTStructLayout *type_layout;
    const ne_enum_info *enum_info;
    void (*drop)(void *ne);
    AbsFn clone;
    AbsRResultUnit (*debug)(const void *ne, AbsFormattingMode mode, AbsRString *out);
    AbsRResultUnit (*display)(const void *ne, AbsFormattingMode mode, AbsRString *out);
    AbsFn serialize;
    bool (*partial_eq)(const void *ne, const void *other);
    AbsFn cmp, partial_cmp, hash;
} ne_vtable_wm;

/* NonExhaustive<Command, [usize; 8], _>: 64 bytes of storage, then the vtable. */
typedef struct command_ne {
    union { command e; uint64_t storage[8]; } fill;
    const ne_vtable_wm *vtable;
} command_ne;

extern const AbsPTStructLayout er_ne_vtable_layout;

/* A copy of `c` through its own vtable's clone slot (any creator's). */
command_ne er_command_clone(const command_ne *c);
/* Whether this build's Command has the discriminant (the derive's is_valid_discriminant). */
bool er_command_known(const command_ne *c);

#endif
