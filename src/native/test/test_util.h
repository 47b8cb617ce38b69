/* test_util.h: shared helpers for the runtime's C tests: a CHECK macro that counts failures,
 * the type descriptions a host would build, and host-made strings. */
#ifndef ABS_RT_TEST_UTIL_H
#define ABS_RT_TEST_UTIL_H

#include <stdio.h>
#include <string.h>

#include "abs_runtime.h"

extern int test_failures;
extern int test_checks;

#define CHECK(cond)                                                                             \
    do {                                                                                        \
        test_checks++;                                                                          \
        if (!(cond)) {                                                                          \
            test_failures++;                                                                    \
            fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);                     \
        }                                                                                       \
    } while (0)

/* Types as the host describes them (defined in runtime_test.c). */
extern const abs_type t_u8, t_u32, t_u64, t_i32, t_f64, t_unit;
extern const abs_type t_rstring;      /* key_kind STR, drop: RVEC @0 */
extern const abs_type t_vec_u32;      /* RVec<u32> */
extern const abs_type t_vec_rstring;  /* RVec<RString> */
extern const abs_type t_duration;     /* RDuration: 16 bytes, two integer eightbytes */
extern const abs_type t_f32_pair;     /* Tuple2<f32, f32>: one SSE eightbyte */
extern const abs_type t_value;        /* Value, with enum drop glue */

/* A host-made RString holding `s`. */
AbsRString host_string(const char *s);
int rstring_is(const AbsRString *s, const char *expected);

/* Section entry points (one file each). */
void test_alloc_and_vec(void);
void test_box_and_drop(void);
void test_map_basic(void);
void test_map_iter_entry(void);
void test_map_byvalue(void);
void test_threads(void);
void test_trait(void);
void test_async(void);

#endif
