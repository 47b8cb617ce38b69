/* hosted.c: functions that take DynTraits the host makes (a JS value's Display and Debug, a JS
 * iterable as an iterator of RStrings): by value (then dropped through the value's own vtable),
 * lent as RMut, and used from a thread of the plugin's own. */
#include <pthread.h>
#include <stdio.h>

#include "erased_plugin.h"

static void fmt(const AbsDynTrait *d, AbsRString *out) {
    d->vtable->value.display(d->object.data, ABS_FMT_DEFAULT, out);
    er_append(out, "|", 1);
    d->vtable->value.debug(d->object.data, ABS_FMT_DEFAULT, out);
}

/* "display|debug", then the value is dropped. */
ABS_EXPORT AbsRString er_show(AbsDynTrait d) {
    AbsRString out = er_string("", 0);
    fmt(&d, &out);
    abs_dyntrait_drop(&d);
    return out;
}

typedef struct shown { AbsDynTrait d; AbsRString out; } shown;
static void *show_thread(void *arg) {
    shown *s = arg;
    fmt(&s->d, &s->out);
    abs_dyntrait_drop(&s->d);
    return NULL;
}

/* The same, formatted and dropped on a thread of the plugin's own. */
ABS_EXPORT AbsRString er_show_on_thread(AbsDynTrait d) {
    shown s = { d, er_string("", 0) };
    pthread_t t;
    pthread_create(&t, NULL, show_thread, &s);
    pthread_join(t, NULL);
    return s.out;
}

typedef AbsROptionRString (*NextFn)(void *);

static void join_items(void *it, NextFn next, size_t limit, AbsRString *out) {
    for (size_t k = 0; k < limit; k++) {
        AbsROptionRString r = next(it);
        if (r.tag != ABS_RSOME) break;
        if (k) er_append(out, ",", 1);
        er_append(out, (const char *)r.some.value.buffer, r.some.value.length);
        abs_rvec_drop(&r.some.value);
    }
}

/* "n=<size_hint> back=<next_back>: item,item,..." then the iterator is dropped. */
ABS_EXPORT AbsRString er_join(AbsDynTrait d) {
    AbsRString out = er_string("n=", 2);
    const AbsIteratorFns *f = &d.vtable->value.iter.some.value;
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%zu", f->size_hint(d.object.data)._0);
    er_append(&out, buf, (size_t)n);
    er_append(&out, " back=", 6);
    join_items(d.object.data, (NextFn)d.vtable->value.back_iter.some.value.next_back, 1, &out);
    er_append(&out, ": ", 2);
    join_items(d.object.data, (NextFn)f->next, SIZE_MAX, &out);
    abs_dyntrait_drop(&d);
    return out;
}

/* Lent: takes two items; the owner keeps (and drops) the rest. */
ABS_EXPORT AbsRString er_take_two(ErDynRef d) {
    AbsRString out = er_string("", 0);
    join_items(d.data, (NextFn)d.vtable->value.iter.some.value.next, 2, &out);
    return out;
}
