/* ticket.c: Ticket { id(&self) -> u64, redeem(self, RStr) -> RString } made by the plugin. `redeem`
 * takes the ticket by value (reference 11.B): it moves the state out of the box and "drops" it (a
 * counted drop), and whoever called it frees only the storage, destructor(data, No, Yes). So each
 * ticket is dropped exactly once, redeemed or dropped whole through _sabi_drop. */
#include <stdio.h>

#include "trait_plugin.h"

typedef struct ticket { uint64_t id; } ticket;

static _Atomic uint64_t ticket_drops;
TR_DEFINE_ROBJECT_VTABLE(ticket_robject_vtable, ticket_drops);

static uint64_t ticket_id(const void *self) { return ((const ticket *)self)->id; }

static AbsRString ticket_redeem(void *self, AbsRStr note) {
    ticket t;
    memcpy(&t, self, sizeof t); /* moved out: the storage is the caller's to free */
    char text[160];
    int n = snprintf(text, sizeof text, "ticket %llu redeemed: %.*s", (unsigned long long)t.id, (int)(note.length > 100 ? 100 : note.length), note.data);
    atomic_fetch_add(&ticket_drops, 1); /* the moved-out value ends here */
    return tr_string_from(text, n < 0 ? 0 : (size_t)n);
}

static const TrVTable_WM ticket_vtable = {
    TR_VTABLE_BITS(2),
    &tr_trait_vtable_layout,
    &ticket_robject_vtable,
    { (AbsFn)ticket_id, (AbsFn)ticket_redeem },
};

ABS_EXPORT AbsRObject tr_ticket_new(uint64_t id) {
    AbsRObject o = tr_object_new(&ticket_vtable, &tr_t_i64) /* 8 bytes, no drop glue */;
    ticket t = { id };
    memcpy(o.ptr.data, &t, sizeof t);
    return o;
}

ABS_EXPORT uint64_t tr_ticket_drops(void) { return atomic_load(&ticket_drops); }

typedef AbsRString (*RedeemFn)(void *, AbsRStr);

/* Redeems any Ticket through its vtable: the slot moves the value out, then the storage only is freed. */
ABS_EXPORT AbsRString tr_ticket_redeem(AbsRObject t, AbsRStr note) {
    AbsRString r = TR_CALL(&t, 1, RedeemFn, note);
    t.ptr.vtable->value.destructor(t.ptr.data, ABS_CALL_REFERENT_DROP_NO, ABS_DEALLOCATE_YES);
    return r;
}
