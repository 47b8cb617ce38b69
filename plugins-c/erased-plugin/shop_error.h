/* shop_error.h: NonExhaustiveFor<Error> of the shop (shop_error.c), made by the shop (shop_state.c). */
#ifndef ER_SHOP_ERROR_H
#define ER_SHOP_ERROR_H

#include "shop.h"

enum { ITEM_ALREADY_EXISTS = 0, ITEM_ID_NOT_FOUND = 1, INVALID_COMMAND = 2, INVALID_NAME = 3, ERROR_VARIANTS = 4 };

/* #[repr(u8)] enum Error (48 bytes). */
typedef struct shop_error {
    uint8_t tag;
    union {
        struct { uint64_t id; AbsRString name; } already_exists;
        struct { uint64_t id; } not_found;
        struct { AbsRBox cmd; } invalid_command; /* RBox<Command_NE> */
        struct { AbsRString name; } invalid_name;
    } v;
} shop_error;

/* NonExhaustive<Error, [usize; 6], Error_Interface>: 48 bytes of storage, then the vtable. */
typedef struct error_ne {
    union { shop_error e; uint64_t storage[6]; } fill;
    const ne_vtable_wm *vtable;
} error_ne;
_Static_assert(sizeof(shop_error) == 48 && sizeof(error_ne) == 56, "Error_NE layout");

error_ne er_error_already_exists(uint64_t id, const AbsRString *name);
error_ne er_error_not_found(uint64_t id);
error_ne er_error_invalid_command(command_ne cmd); /* moved into the error's box */
error_ne er_error_invalid_name(const AbsRString *name);

#endif
