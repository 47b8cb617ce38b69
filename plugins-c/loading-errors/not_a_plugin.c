/* not_a_plugin.c: a perfectly good shared library that is not an abi_stable plugin: it exports
 * a function but no `_1as_0lib_1header_0root_bmodule_bloader`. */
#include "abi_stable.h"

ABS_EXPORT int answer(void) { return 42; }
