/* async_plugin.h: what the C async test plugin's files share (nothing here is exported). The
 * plugin's API is listed in test/async/api.ts; the Rust plugin (plugins-rust/async-plugin) exports
 * the same functions. */
#ifndef AP_PLUGIN_H
#define AP_PLUGIN_H

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "abs_runtime.h"

extern const abs_type ap_t_u8, ap_t_value;
AbsRString ap_string(const char *p, size_t n);
void ap_sleep_ms(uint64_t ms);
/* Starts a detached thread running fn(arg); aborts (saying so) if it cannot. */
void ap_spawn(void *(*fn)(void *), void *arg);

#endif /* AP_PLUGIN_H */
