/* nonexhaustive.c: the NonExhaustiveVtable (reference 11.A) a moved-from NonExhaustive keeps once
 * JS took the value out of it: its _sabi_drop does nothing, every other slot is null. */
#include "ne_internal.h"
#include "abs_erased.h"

static void drop_nothing(void *ne) { (void)ne; }

static const ne_enum_info moved_info = { { "abs_rt::MovedNonExhaustive", 26 }, { "", 0 }, 0 };
static const ne_vtable_wm inert_ne_vtable = { 0x7FFull, &rt_layout_dyntrait_vtable, &moved_info, drop_nothing, { 0 } };

ABS_RT_API const void *abs_inert_ne_vtable(void) { return &inert_ne_vtable; }
