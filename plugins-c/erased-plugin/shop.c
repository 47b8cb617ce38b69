/* shop.c: the shop of abi_stable's examples/2_nonexhaustive, in its newer version: Command is a
 * NonExhaustive<Command, [usize; 8], Command_Interface> (Send, Sync, Clone, Debug, Display,
 * PartialEq, Serialize) whose RenameItem variant an older host does not know. The vtable is the
 * plugin's own (reference 11.A); `sh_bad_command` hands out an unknown discriminant with a null
 * vtable (a broken value the host must refuse). */
#include <inttypes.h>
#include <stdio.h>

#include "shop.h"

_Static_assert(sizeof(command) == 48 && sizeof(command_ne) == 72, "Command_NE layout");

/* Commands the plugin made (clones too) and drops through its vtable (host-made ones too). */
static _Atomic int64_t made, drops;

static const command *C(const void *ne) { return ne; }
static bool valid(const command *c) { return c->tag < COMMAND_VARIANTS; }
bool er_command_known(const command_ne *c) { return valid(&c->fill.e); }

static AbsRString text(const char *s) { return er_string(s, strlen(s)); }
static void put(AbsRString *out, const char *s) { er_append(out, s, strlen(s)); }
static void put_u64(AbsRString *out, uint64_t v) {
    char buf[24];
    int n = snprintf(buf, sizeof buf, "%" PRIu64, v);
    er_append(out, buf, (size_t)n);
}
static void put_str(AbsRString *out, const AbsRString *s) { er_append(out, (const char *)s->buffer, s->length); }

static void command_drop(void *ne) {
    command *c = ne;
    if (c->tag == CREATE_ITEM) abs_rvec_drop(&c->v.create.name);
    if (c->tag == RENAME_ITEM) abs_rvec_drop(&c->v.rename.name);
    atomic_fetch_add(&drops, 1);
}

static AbsRString copy(const AbsRString *s) { return er_string((const char *)s->buffer, s->length); }

static command_ne command_clone(const void *ne, const ne_vtable_wm *vtable) {
    command_ne r;
    memset(&r, 0, sizeof r);
    r.fill.e = *C(ne);
    if (r.fill.e.tag == CREATE_ITEM) r.fill.e.v.create.name = copy(&C(ne)->v.create.name);
    if (r.fill.e.tag == RENAME_ITEM) r.fill.e.v.rename.name = copy(&C(ne)->v.rename.name);
    r.vtable = vtable;
    atomic_fetch_add(&made, 1);
    return r;
}

/* As Rust's derived Debug prints it with {:?}. */
static AbsRResultUnit command_debug(const void *ne, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const command *c = C(ne);
    switch (c->tag) {
    case CREATE_ITEM: put(out, "CreateItem { name: \""); put_str(out, &c->v.create.name); put(out, "\", price: "); put_u64(out, c->v.create.price); break;
    case DELETE_ITEM: put(out, "DeleteItem { id: "); put_u64(out, c->v.del.id); break;
    case ADD_ITEM: put(out, "AddItem { id: "); put_u64(out, c->v.add.id); put(out, ", count: "); put_u64(out, c->v.add.count); break;
    default: put(out, "RenameItem { id: "); put_u64(out, c->v.rename.id); put(out, ", name: \""); put_str(out, &c->v.rename.name); put(out, "\""); break;
    }
    put(out, " }");
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

static AbsRResultUnit command_display(const void *ne, AbsFormattingMode mode, AbsRString *out) {
    (void)mode;
    const command *c = C(ne);
    switch (c->tag) {
    case CREATE_ITEM: put(out, "create "); put_str(out, &c->v.create.name); put(out, " for "); put_u64(out, c->v.create.price); break;
    case DELETE_ITEM: put(out, "delete #"); put_u64(out, c->v.del.id); break;
    case ADD_ITEM: put(out, "add "); put_u64(out, c->v.add.count); put(out, " of #"); put_u64(out, c->v.add.id); break;
    default: put(out, "rename #"); put_u64(out, c->v.rename.id); put(out, " to "); put_str(out, &c->v.rename.name); break;
    }
    AbsRResultUnit ok = { ABS_ROK };
    return ok;
}

/* serde's externally tagged form: {"Variant":{fields}}. */
static ErResultJson command_serialize(const void *ne) {
    const command *c = C(ne);
    ErResultJson r;
    memset(&r, 0, sizeof r);
    r.ok.tag = ABS_ROK;
    AbsRString *o = &r.ok.value;
    *o = text("{\"");
    switch (c->tag) {
    case CREATE_ITEM: put(o, "CreateItem\":{\"name\":\""); put_str(o, &c->v.create.name); put(o, "\",\"price\":"); put_u64(o, c->v.create.price); break;
    case DELETE_ITEM: put(o, "DeleteItem\":{\"id\":"); put_u64(o, c->v.del.id); break;
    case ADD_ITEM: put(o, "AddItem\":{\"id\":"); put_u64(o, c->v.add.id); put(o, ",\"count\":"); put_u64(o, c->v.add.count); break;
    default: put(o, "RenameItem\":{\"id\":"); put_u64(o, c->v.rename.id); put(o, ",\"name\":\""); put_str(o, &c->v.rename.name); put(o, "\""); break;
    }
    put(o, "}}");
    return r;
}

static bool same_str(const AbsRString *a, const AbsRString *b) { return a->length == b->length && (a->length == 0 || memcmp(a->buffer, b->buffer, a->length) == 0); }

/* An `other` with a discriminant this enum does not have is never equal (reference 11.A). */
static bool command_eq(const void *ne, const void *other) {
    const command *a = C(ne), *b = C(other);
    if (!valid(b) || a->tag != b->tag) return false;
    switch (a->tag) {
    case CREATE_ITEM: return same_str(&a->v.create.name, &b->v.create.name) && a->v.create.price == b->v.create.price;
    case DELETE_ITEM: return a->v.del.id == b->v.del.id;
    case ADD_ITEM: return a->v.add.id == b->v.add.id && a->v.add.count == b->v.add.count;
    default: return a->v.rename.id == b->v.rename.id && same_str(&a->v.rename.name, &b->v.rename.name);
    }
}

static const char strings[] = "erased_plugin_c::CommandCreateItem;DeleteItem;AddItem;RenameItem;";
static const ne_enum_info command_info = {
    { strings, 24 }, { strings + 24, sizeof strings - 1 - 24 }, (uint32_t)((sizeof strings - 1 - 24) << 16),
};
ABS_DEFINE_MONO_LAYOUT(ne_layout, "NonExhaustiveVtable", "erased_plugin_c;0.1.0", 11);
const AbsPTStructLayout er_ne_vtable_layout = { { "", 0 }, &ne_layout_mono };

static const ne_vtable_wm command_vtable = {
    0x7FFull, &er_ne_vtable_layout, &command_info, command_drop, (AbsFn)command_clone, command_debug,
    command_display, (AbsFn)command_serialize, command_eq, NULL, NULL, NULL,
};

static command_ne make(command c) {
    command_ne r;
    memset(&r, 0, sizeof r);
    r.fill.e = c;
    r.vtable = &command_vtable;
    atomic_fetch_add(&made, 1);
    return r;
}

command_ne er_command_clone(const command_ne *c) {
    return ((command_ne(*)(const void *, const ne_vtable_wm *))c->vtable->clone)(c, c->vtable);
}

ABS_EXPORT command_ne sh_command_create(AbsRStr name, uint32_t price) {
    command c = { CREATE_ITEM, { .create = { er_string(name.data, name.length), price } } };
    return make(c);
}
ABS_EXPORT command_ne sh_command_delete(uint64_t id) {
    command c = { DELETE_ITEM, { .del = { id } } };
    return make(c);
}
ABS_EXPORT command_ne sh_command_add(uint64_t id, uint32_t count) {
    command c = { ADD_ITEM, { .add = { id, count } } };
    return make(c);
}
ABS_EXPORT command_ne sh_command_rename(uint64_t id, AbsRStr name) {
    command c = { RENAME_ITEM, { .rename = { id, er_string(name.data, name.length) } } };
    return make(c);
}

/* Runs a command (moved in): what it did, then the command is dropped through its vtable. */
ABS_EXPORT AbsRString sh_run(command_ne cmd) {
    AbsRString out = text("");
    /* As abi_stable's into_enum: the discriminant decides, whoever made the vtable (a host too). */
    if (!valid(&cmd.fill.e)) {
        put(&out, "unsupported command");
    } else {
        put(&out, "ran: ");
        command_display(&cmd, ABS_FMT_DEFAULT, &out);
    }
    if (cmd.vtable) cmd.vtable->drop(&cmd);
    return out;
}

/* The commands of a batch (Command::Many in the example): an AddItem and a RenameItem. */
ABS_EXPORT AbsRVec sh_commands(void) {
    static const abs_drop_op drop_ne[] = { { ABS_DROP_NONEXHAUSTIVE, 0, 0, 0, 0, offsetof(command_ne, vtable), NULL, 0 } };
    static const abs_type t_ne = { sizeof(command_ne), _Alignof(command_ne), drop_ne, 1, ABS_KEY_BYTES, 0 };
    AbsRVec v;
    abs_vec_init(&v, &t_ne, 2);
    ABS_RVEC_AT(v, command_ne, 0) = sh_command_add(7, 3);
    ABS_RVEC_AT(v, command_ne, 1) = sh_command_rename(8, ABS_RSTR("eight"));
    v.length = 2;
    return v;
}

/* A broken value: a discriminant no version has, and no vtable. */
ABS_EXPORT command_ne sh_bad_command(void) {
    command_ne r;
    memset(&r, 0, sizeof r);
    r.fill.e.tag = 9;
    return r;
}

ABS_EXPORT int64_t sh_made(void) { return atomic_load(&made); }
ABS_EXPORT int64_t sh_drops(void) { return atomic_load(&drops); }

/* What a plugin does with a command whoever made it (a host's vtable too), all through the
 * command's vtable: Debug, Display, Serialize, PartialEq against `other` and against the plugin's
 * own copy (both ways), Clone; then every value is dropped through its vtable. */
ABS_EXPORT AbsRString sh_describe(command_ne cmd, command_ne other) {
    AbsRString out = text("");
    const ne_vtable_wm *vt = cmd.vtable;
    vt->debug(&cmd, ABS_FMT_DEFAULT, &out);
    put(&out, " | ");
    vt->display(&cmd, ABS_FMT_DEFAULT, &out);
    put(&out, " | ");
    ErResultJson json = ((ErResultJson(*)(const void *))vt->serialize)(&cmd);
    if (json.tag == ABS_ROK) {
        put_str(&out, &json.ok.value);
        abs_rvec_drop(&json.ok.value);
    } else {
        put(&out, "serialize failed");
        abs_rbox_drop(&json.err.value.value);
    }
    command_ne copy = er_command_clone(&cmd);
    put(&out, vt->partial_eq(&cmd, &other) ? " | eq other" : " | ne other");
    put(&out, vt->partial_eq(&cmd, &copy) && copy.vtable->partial_eq(&copy, &cmd) ? " | eq clone | " : " | ne clone | ");
    copy.vtable->debug(&copy, ABS_FMT_ALTERNATE, &out);
    if (valid(&cmd.fill.e)) {
        command_ne own = command_clone(&cmd, &command_vtable); /* the plugin's own vtable */
        put(&out, own.vtable->partial_eq(&own, &cmd) && vt->partial_eq(&cmd, &own) ? " | eq own" : " | ne own");
        own.vtable->drop(&own);
    }
    copy.vtable->drop(&copy);
    other.vtable->drop(&other);
    vt->drop(&cmd);
    return out;
}
