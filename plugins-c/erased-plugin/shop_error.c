/* shop_error.c: the shop's errors as abi_stable's example has them, NonExhaustiveFor<Error> in a
 * [usize; 6] storage with Error_Interface (Send, Sync, Clone, Debug, Display, PartialEq). This is
 * the newer Error: InvalidName is a variant an older host does not know. InvalidCommand boxes the
 * command it could not run (RBox<Command_NE>), which keeps its creator's vtable, a host's too. */
#include <inttypes.h>
#include <stdio.h>

#include "shop_error.h"

static _Atomic int64_t errors_made, errors_dropped;

static const abs_drop_op drop_command_ne[] = { { ABS_DROP_NONEXHAUSTIVE, 0, 0, 0, 0, offsetof(command_ne, vtable), NULL, 0 } };
static const abs_type t_command_ne = { sizeof(command_ne), _Alignof(command_ne), drop_command_ne, 1, ABS_KEY_BYTES, 0 };

static const shop_error *E(const void *ne) { return ne; }
static bool valid(const shop_error *e) { return e->tag < ERROR_VARIANTS; }
static const command_ne *boxed(const shop_error *e) { return e->v.invalid_command.cmd.data; }

static void put(AbsRString *out, const char *s) { er_append(out, s, strlen(s)); }
static void put_u64(AbsRString *out, uint64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRIu64, v);
    er_append(out, buf, (size_t)n);
}
static void put_quoted(AbsRString *out, const AbsRString *s) {
    put(out, "\"");
    er_append(out, (const char *)s->buffer, s->length);
    put(out, "\"");
}
static AbsRString copy(const AbsRString *s) { return er_string((const char *)s->buffer, s->length); }

static void error_drop(void *ne) {
    shop_error *e = ne;
    if (e->tag == ITEM_ALREADY_EXISTS) abs_rvec_drop(&e->v.already_exists.name);
    if (e->tag == INVALID_NAME) abs_rvec_drop(&e->v.invalid_name.name);
    if (e->tag == INVALID_COMMAND) abs_rbox_drop(&e->v.invalid_command.cmd); /* the command through its vtable */
    atomic_fetch_add(&errors_dropped, 1);
}

static AbsRBox box_command(command_ne cmd) {
    AbsRBox b;
    abs_box_init(&b, &t_command_ne);
    memcpy(b.data, &cmd, sizeof cmd);
    return b;
}

static error_ne error_clone(const void *ne, const ne_vtable_wm *vtable) {
    error_ne r;
    memset(&r, 0, sizeof r);
    r.fill.e = *E(ne);
    if (r.fill.e.tag == ITEM_ALREADY_EXISTS) r.fill.e.v.already_exists.name = copy(&E(ne)->v.already_exists.name);
    if (r.fill.e.tag == INVALID_NAME) r.fill.e.v.invalid_name.name = copy(&E(ne)->v.invalid_name.name);
    if (r.fill.e.tag == INVALID_COMMAND) r.fill.e.v.invalid_command.cmd = box_command(er_command_clone(boxed(E(ne))));
    r.vtable = vtable;
    atomic_fetch_add(&errors_made, 1);
    return r;
}

/* As Rust's derived Debug prints it with {:?}; the boxed command through its own vtable. */
static AbsRResultUnit error_debug(const void *ne, AbsFormattingMode mode, AbsRString *out) {
    const shop_error *e = E(ne);
    AbsRResultUnit ok = { ABS_ROK };
    switch (e->tag) {
    case ITEM_ALREADY_EXISTS: put(out, "ItemAlreadyExists { id: "); put_u64(out, e->v.already_exists.id); put(out, ", name: "); put_quoted(out, &e->v.already_exists.name); break;
    case ITEM_ID_NOT_FOUND: put(out, "ItemIdNotFound { id: "); put_u64(out, e->v.not_found.id); break;
    case INVALID_COMMAND: {
        const command_ne *c = boxed(e);
        put(out, "InvalidCommand { cmd: ");
        if (!c->vtable->debug) return (AbsRResultUnit){ ABS_RERR };
        AbsRResultUnit r = c->vtable->debug(c, mode, out);
        if (r.tag != ABS_ROK) return r;
        break;
    }
    default: put(out, "InvalidName { name: "); put_quoted(out, &e->v.invalid_name.name); break;
    }
    put(out, " }");
    return ok;
}

static AbsRResultUnit error_display(const void *ne, AbsFormattingMode mode, AbsRString *out) {
    const shop_error *e = E(ne);
    switch (e->tag) {
    case ITEM_ALREADY_EXISTS: put(out, "item "); put_quoted(out, &e->v.already_exists.name); put(out, " already exists as #"); put_u64(out, e->v.already_exists.id); break;
    case ITEM_ID_NOT_FOUND: put(out, "no item #"); put_u64(out, e->v.not_found.id); break;
    case INVALID_COMMAND: {
        const command_ne *c = boxed(e);
        put(out, "invalid command: ");
        if (!c->vtable->debug) return (AbsRResultUnit){ ABS_RERR };
        return c->vtable->debug(c, mode, out);
    }
    default: put(out, "invalid name "); put_quoted(out, &e->v.invalid_name.name); break;
    }
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static bool same_str(const AbsRString *a, const AbsRString *b) { return a->length == b->length && (a->length == 0 || memcmp(a->buffer, b->buffer, a->length) == 0); }

/* An `other` with a discriminant this Error does not have is never equal (reference 11.A). */
static bool error_eq(const void *ne, const void *other) {
    const shop_error *a = E(ne), *b = E(other);
    if (!valid(b) || a->tag != b->tag) return false;
    switch (a->tag) {
    case ITEM_ALREADY_EXISTS: return a->v.already_exists.id == b->v.already_exists.id && same_str(&a->v.already_exists.name, &b->v.already_exists.name);
    case ITEM_ID_NOT_FOUND: return a->v.not_found.id == b->v.not_found.id;
    case INVALID_COMMAND: {
        const command_ne *x = boxed(a), *y = boxed(b);
        return x->vtable->partial_eq && x->vtable->partial_eq(x, y);
    }
    default: return same_str(&a->v.invalid_name.name, &b->v.invalid_name.name);
    }
}

static const char strings[] = "erased_plugin_c::ErrorItemAlreadyExists;ItemIdNotFound;InvalidCommand;InvalidName;";
static const ne_enum_info error_info = {
    { strings, 22 }, { strings + 22, sizeof strings - 1 - 22 }, (uint32_t)((sizeof strings - 1 - 22) << 16),
};

static const ne_vtable_wm error_vtable = {
    0x7FFull, &er_ne_vtable_layout, &error_info, error_drop, (AbsFn)error_clone, error_debug,
    error_display, NULL, error_eq, NULL, NULL, NULL,
};

static error_ne make(shop_error e) {
    error_ne r;
    memset(&r, 0, sizeof r);
    r.fill.e = e;
    r.vtable = &error_vtable;
    atomic_fetch_add(&errors_made, 1);
    return r;
}

error_ne er_error_already_exists(uint64_t id, const AbsRString *name) {
    shop_error e = { ITEM_ALREADY_EXISTS, { .already_exists = { id, copy(name) } } };
    return make(e);
}
error_ne er_error_not_found(uint64_t id) {
    shop_error e = { ITEM_ID_NOT_FOUND, { .not_found = { id } } };
    return make(e);
}
error_ne er_error_invalid_command(command_ne cmd) {
    shop_error e = { INVALID_COMMAND, { .invalid_command = { box_command(cmd) } } };
    return make(e);
}
error_ne er_error_invalid_name(const AbsRString *name) {
    shop_error e = { INVALID_NAME, { .invalid_name = { copy(name) } } };
    return make(e);
}

/* Errors made (clones too) and not dropped yet. */
ABS_EXPORT int64_t sh_errors_live(void) { return atomic_load(&errors_made) - atomic_load(&errors_dropped); }
