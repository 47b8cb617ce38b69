/* logger.c: calling a host-implemented Logger { log(&self, u8, RStr) -> RResult<(), RString>,
 * name(&self) -> RString, level(&self) -> u8, flush(&mut self) } from the calling thread and from
 * threads of the plugin's own, and keeping one (dropped later, possibly on another thread). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "trait_plugin.h"

enum { LOG = 0, NAME = 1, LEVEL = 2, FLUSH = 3 };
typedef AbsRResultUnitRString (*LogFn)(const void *, uint8_t, AbsRStr);
typedef AbsRString (*NameFn)(const void *);
typedef uint8_t (*LevelFn)(const void *);
typedef void (*FlushFn)(void *);

static void run_on_thread(void *(*body)(void *), void *arg) {
    pthread_t th;
    if (pthread_create(&th, NULL, body, arg) != 0) {
        fprintf(stderr, "trait_plugin_c: pthread_create failed; aborting\n");
        abort();
    }
    pthread_join(th, NULL);
}

/* Logs `count` lines; the first RErr ends it, wrapped in the plugin's own message. */
ABS_EXPORT TrResultU32 tr_log_lines(const AbsRObject *logger, uint32_t count) {
    TrResultU32 out;
    memset(&out, 0, sizeof out);
    for (uint32_t i = 0; i < count; i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "line %u", i);
        AbsRStr s = { line, (size_t)n };
        AbsRResultUnitRString r = TR_CALL(logger, LOG, LogFn, (uint8_t)(i % 3), s);
        if (r.tag == ABS_RERR) {
            char prefix[48];
            int p = snprintf(prefix, sizeof prefix, "log failed at line %u: ", i);
            AbsRString msg;
            abs_vec_init(&msg, &tr_t_u8, (size_t)p + r.err.value.length);
            memcpy(msg.buffer, prefix, (size_t)p);
            memcpy((char *)msg.buffer + p, r.err.value.buffer, r.err.value.length);
            msg.length = (size_t)p + r.err.value.length;
            abs_rvec_drop(&r.err.value); /* the host's string, through the host's vtable */
            out.err.tag = ABS_RERR;
            out.err.value = msg;
            return out;
        }
    }
    out.ok.tag = ABS_ROK;
    out.ok.value = count;
    return out;
}

/* name() + "!", appended through the returned string's own vtable. */
ABS_EXPORT AbsRString tr_logger_name(const AbsRObject *logger) {
    AbsRString s = TR_CALL0(logger, NAME, NameFn);
    abs_rvec_reserve(&s, 1);
    ((char *)s.buffer)[s.length++] = '!';
    return s;
}

ABS_EXPORT uint8_t tr_logger_level(const AbsRObject *logger) { return TR_CALL0(logger, LEVEL, LevelFn); }

ABS_EXPORT AbsRObject tr_logger_echo(AbsRObject logger) { return logger; }

/* ---- a logger the plugin keeps ----------------------------------------------------------- */

static AbsRObject kept;
static int has_kept;

ABS_EXPORT void tr_logger_keep(AbsRObject logger) {
    if (has_kept) abs_robject_drop(&kept);
    kept = logger;
    has_kept = 1;
}

ABS_EXPORT void tr_logger_drop_kept(void) {
    if (!has_kept) return;
    has_kept = 0;
    abs_robject_drop(&kept);
}

static void *drop_kept(void *arg) {
    (void)arg;
    tr_logger_drop_kept();
    return NULL;
}

ABS_EXPORT void tr_logger_drop_kept_on_thread(void) { run_on_thread(drop_kept, NULL); }

/* ---- calls from the plugin's own threads --------------------------------------------------- */

typedef struct job {
    AbsRObject *logger;
    AbsRResultUnitRString log_result;
    uint8_t level;
} job;

static void *log_from_thread(void *arg) {
    job *j = arg;
    j->log_result = TR_CALL(j->logger, LOG, LogFn, 1, ABS_RSTR("from a plugin thread"));
    return NULL;
}
static void *level_from_thread(void *arg) {
    job *j = arg;
    j->level = TR_CALL0(j->logger, LEVEL, LevelFn);
    return NULL;
}
static void *flush_from_thread(void *arg) {
    job *j = arg;
    TR_CALL0(j->logger, FLUSH, FlushFn);
    return NULL;
}

ABS_EXPORT AbsRResultUnitRString tr_log_on_thread(AbsRObject *logger) {
    job j = { logger, { 0 }, 0 };
    run_on_thread(log_from_thread, &j);
    return j.log_result;
}

ABS_EXPORT uint8_t tr_level_on_thread(AbsRObject *logger) {
    job j = { logger, { 0 }, 0 };
    run_on_thread(level_from_thread, &j);
    return j.level;
}

ABS_EXPORT void tr_flush_on_thread(AbsRObject *logger) {
    job j = { logger, { 0 }, 0 };
    run_on_thread(flush_from_thread, &j);
}
