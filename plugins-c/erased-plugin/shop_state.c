/* shop_state.c: the shop that runs commands, as abi_stable's example's Shop::run_command does:
 * each command is moved in and answered with RResult<RString, NonExhaustiveFor<Error>>. A
 * command whose variant this build does not know (a newer host's, under the host's own vtable)
 * comes back inside Error::InvalidCommand. */
#include <inttypes.h>
#include <stdio.h>

#include "shop_error.h"

ABS_DECLARE_RRESULT(ShopResult, AbsRString, error_ne);
_Static_assert(sizeof(ShopResult) == 64, "RResult<RString, Error_NE>");

enum { SHOP_ITEMS = 16 };
typedef struct item { AbsRString name; uint64_t count; bool deleted; } item;
typedef struct shop { item items[SHOP_ITEMS]; size_t len; } shop;

/* ROk(text + name): `text` is what snprintf made of the rest. */
static ShopResult ok_text(const char *text, const AbsRString *name) {
    ShopResult r;
    memset(&r, 0, sizeof r);
    r.ok.tag = ABS_ROK;
    r.ok.value = er_string(text, strlen(text));
    if (name) er_append(&r.ok.value, (const char *)name->buffer, name->length);
    return r;
}
static ShopResult fail(error_ne e) {
    ShopResult r;
    memset(&r, 0, sizeof r);
    r.err.tag = ABS_RERR;
    r.err.value = e;
    return r;
}

static bool same(const AbsRString *a, const AbsRString *b) { return a->length == b->length && (a->length == 0 || memcmp(a->buffer, b->buffer, a->length) == 0); }
static item *find_id(shop *s, uint64_t id) { return id < s->len && !s->items[id].deleted ? &s->items[id] : NULL; }
static const item *find_name(const shop *s, const AbsRString *name) {
    for (size_t k = 0; k < s->len; k++)
        if (!s->items[k].deleted && same(&s->items[k].name, name)) return &s->items[k];
    return NULL;
}

static ShopResult run(shop *s, const command *c) {
    char text[64];
    switch (c->tag) {
    case CREATE_ITEM: {
        const AbsRString *name = &c->v.create.name;
        const item *old = find_name(s, name);
        if (name->length == 0) return fail(er_error_invalid_name(name));
        if (old) return fail(er_error_already_exists((uint64_t)(old - s->items), name));
        if (s->len == SHOP_ITEMS) return fail(er_error_not_found(s->len));
        item *it = &s->items[s->len];
        it->name = er_string((const char *)name->buffer, name->length);
        it->count = 0;
        it->deleted = false;
        snprintf(text, sizeof text, "created #%zu ", s->len++);
        return ok_text(text, name);
    }
    case DELETE_ITEM: {
        item *it = find_id(s, c->v.del.id);
        if (!it) return fail(er_error_not_found(c->v.del.id));
        abs_rvec_drop(&it->name);
        it->deleted = true;
        snprintf(text, sizeof text, "deleted #%" PRIu64, c->v.del.id);
        return ok_text(text, NULL);
    }
    case ADD_ITEM: {
        item *it = find_id(s, c->v.add.id);
        if (!it) return fail(er_error_not_found(c->v.add.id));
        it->count += c->v.add.count;
        snprintf(text, sizeof text, "#%" PRIu64 " has %" PRIu64, c->v.add.id, it->count);
        return ok_text(text, NULL);
    }
    default: {
        item *it = find_id(s, c->v.rename.id);
        const AbsRString *name = &c->v.rename.name;
        const item *holder = find_name(s, name);
        if (!it) return fail(er_error_not_found(c->v.rename.id));
        if (name->length == 0) return fail(er_error_invalid_name(name));
        if (holder && holder != it) return fail(er_error_already_exists((uint64_t)(holder - s->items), name));
        abs_rvec_drop(&it->name);
        it->name = er_string((const char *)name->buffer, name->length);
        snprintf(text, sizeof text, "renamed #%" PRIu64 " to ", c->v.rename.id);
        return ok_text(text, name);
    }
    }
}

ABS_EXPORT shop *sh_shop_new(void) {
    shop *s = abs_alloc(sizeof *s, _Alignof(shop));
    memset(s, 0, sizeof *s);
    return s;
}

ABS_EXPORT void sh_shop_free(shop *s) {
    for (size_t k = 0; k < s->len; k++)
        if (!s->items[k].deleted) abs_rvec_drop(&s->items[k].name);
    abs_dealloc(s, sizeof *s, _Alignof(shop));
}

/* Shop::run_command: `cmd` is moved in, and dropped through its vtable once it ran. */
ABS_EXPORT ShopResult sh_shop_run(shop *s, command_ne cmd) {
    if (!er_command_known(&cmd)) return fail(er_error_invalid_command(cmd));
    ShopResult r = run(s, &cmd.fill.e);
    cmd.vtable->drop(&cmd);
    return r;
}
