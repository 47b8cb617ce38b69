/* abs_rchannel.h: the runtime's channel behind abi_stable's RSender<T> / RReceiver<T>
 * (external_types::crossbeam_channel, reference 11.C): each end is 24 bytes, `{ RBox<ErasedSender>
 * channel, VTable<T> *vtable }`, and the 16 vtable slots follow crossbeam's semantics (send blocks
 * while full, recv while empty; the last end of one side disconnects the other). Every slot is
 * thread-safe. The host never blocks: it uses try_send / try_recv, and asks to be woken through the
 * async wake-up queue (async_wake.c) when a value or the end arrives. */
#ifndef ABS_RCHANNEL_H
#define ABS_RCHANNEL_H

#include "abs_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* RSender<T> / RReceiver<T>. */
typedef struct AbsRChannelEnd {
    AbsRBox channel;
    const void *vtable;
} AbsRChannelEnd;

/* A channel of `type` values (no floats, alignment at most 8), `capacity` 0 for unbounded.
 * `wake_id` is what the host reads back when woken (0: never woken). Writes both ends. */
ABS_RT_API int abs_rchannel_new(const abs_type *type, size_t capacity, uint64_t wake_id,
                                AbsRChannelEnd *sender, AbsRChannelEnd *receiver);
/* The host waits on the receiver end whose RBox data is `chan`: returns 1 when a value or the end
 * is there now (do not wait), else 0 and the channel wakes `wake_id` once when one arrives. */
ABS_RT_API int abs_rchannel_watch(void *chan);
/* The box vtable of receiver ends this copy of the runtime made (host channels are watchable). */
ABS_RT_API const void *abs_rchannel_receiver_box_vtable(void);
/* Channels alive now (tests: every end was dropped). */
ABS_RT_API int64_t abs_rchannels_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_RCHANNEL_H */
