/* abs_async.h: the runtime's async part (docs/async.md): host wakers for plugin futures, futures the
 * host hands to plugins, and event channels. A plugin thread only ever links an entry into the async
 * wake-up queue and writes one byte to a pipe the host's event loop watches; the host drains the
 * queue on its main thread. No function here calls JS, and none waits for the JS thread. */
#ifndef ABS_ASYNC_H
#define ABS_ASYNC_H

#include "abs_runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the wake-up queue (async_wake.c) ---------------------------------------------------- */

/* Makes the wake-up pipe (once) and returns its read end, or -1. */
ABS_RT_API int abs_async_start(void);
/* Takes up to `cap` ids of woken entries (oldest first) and returns how many. An id is queued once
 * however often it is woken before being taken; taking re-arms it. */
ABS_RT_API size_t abs_async_take(uint64_t *ids, size_t cap);
/* Entries waiting to be taken. */
ABS_RT_API uint64_t abs_async_queued(void);

/* ---- host wakers: the waker a plugin future is polled with (async_waker.c) --------------- */

/* A host task's waker and context, refcounted: the host holds one reference until it calls
 * abs_async_task_finish; every clone a plugin makes holds one more. Waking queues `id`. */
typedef struct abs_async_task abs_async_task;
ABS_RT_API abs_async_task *abs_async_task_new(uint64_t id);
/* The FfiContext to pass to poll_fn (valid until finish). */
ABS_RT_API AbsFfiContext *abs_async_task_context(abs_async_task *t);
/* The task is over: later wakes do nothing; the host's reference is released. */
ABS_RT_API void abs_async_task_finish(abs_async_task *t);
/* Polls a plugin future with the task's context: poll_fn(fut_ptr, cx), whose FfiPoll<T> comes back
 * in register class `ret_class` (ABS_POLL_RET_*, below), written to `out` (at least 16 bytes, and
 * the FfiPoll's size). Returns its tag. x86-64 System V only (elsewhere it returns Panicked). */
ABS_RT_API uint32_t abs_async_task_poll(abs_async_task *t, void *fut_ptr, void *poll_fn, uint32_t ret_class, void *out);
/* abs_async_task_new and the first poll in one call. Pending returns the task; otherwise the future
 * is dropped (drop_fn), the task finished, NULL returned, and `out` holds Panicked or the Ready
 * value (the caller's now). */
ABS_RT_API abs_async_task *abs_async_task_start(uint64_t id, void *fut_ptr, void *poll_fn, void *drop_fn, uint32_t ret_class,
                                                void *out);
/* The future is done with: drop_fn(fut_ptr), then abs_async_task_finish. */
ABS_RT_API void abs_async_task_end(abs_async_task *t, void *fut_ptr, void *drop_fn);
/* Calls drop_fn(fut_ptr) of the 24-byte future at `f` (a plain call, for the host's convenience). */
ABS_RT_API void abs_async_future_drop(AbsFfiFuture *f);
/* The same with the two parts as values (the host keeps them as integers). */
ABS_RT_API void abs_async_call_drop(void *fut_ptr, void *drop_fn);
/* The address of a drop_fn that does nothing: left in a future whose ownership moved elsewhere. */
ABS_RT_API void *abs_async_inert_drop(void);
/* Wakers (task handles) alive now: tests check that plugins released every clone. */
ABS_RT_API int64_t abs_async_live_wakers(void);

/* ---- futures the host hands to plugins (async_host_future.c) ------------------------------ */

/* Poll classes: how FfiPoll<T> comes back on x86-64 System V (rax; rax:rdx; rax:xmm0; memory). */
enum { ABS_POLL_RET_INT8 = 0, ABS_POLL_RET_INT16 = 1, ABS_POLL_RET_INT_SSE = 2, ABS_POLL_RET_MEMORY = 3 };

typedef struct abs_host_future abs_host_future;
/* A pending future whose FfiPoll<T> is `poll_size` bytes, returned in class `ret_class`; its
 * Ready value is dropped with `poll_drop` if nobody takes it. Writes the 24-byte future to `out`
 * (the plugin's reference) and returns the host's reference. NULL where unsupported. */
ABS_RT_API abs_host_future *abs_host_future_new(uint64_t id, uint32_t poll_size, uint32_t ret_class,
                                                const abs_drop_op *poll_drop, size_t poll_drop_len,
                                                AbsFfiFuture *out);
/* The host's result: `poll` holds FfiPoll<T> bytes (Ready with the value, or Panicked), moved in.
 * Wakes the plugin's stored waker. Releases the host's reference. */
ABS_RT_API void abs_host_future_complete(abs_host_future *f, const void *poll);
/* Whether the plugin has dropped the future (the host may stop its work). */
ABS_RT_API int abs_host_future_dropped(const abs_host_future *f);
ABS_RT_API int64_t abs_host_futures_live(void);

/* ---- event channels (async_channel.c) ----------------------------------------------------- */

typedef struct abs_channel abs_channel;
/* A channel of Values with `capacity` room (0: unbounded). Waking queues `id`. */
ABS_RT_API abs_channel *abs_channel_new(uint64_t id, size_t capacity);
/* Writes a new sender handle to `out` (the plugin owns it and drops it once). */
ABS_RT_API void abs_channel_sender(abs_channel *c, AbsEventSender *out);
/* Moves up to `cap` events into `out` (oldest first) and returns how many; wakes blocked senders. */
ABS_RT_API size_t abs_channel_take(abs_channel *c, AbsValue *out, size_t cap);
/* abs_channel_take into `events`, and at `batch` an Array Value borrowing them (no vtable: it is
 * only read, e.g. dumped in one call, never dropped; the events are, with abs_channel_drop_events). */
ABS_RT_API size_t abs_channel_take_batch(abs_channel *c, AbsValue *batch, AbsValue *events, size_t cap);
/* Drops `n` events taken with abs_channel_take (each through its own vtables), in one call. */
ABS_RT_API void abs_channel_drop_events(AbsValue *events, size_t n);
/* State bits: 1 closed, 2 a sender was ever made, 4 live senders remain. */
ABS_RT_API uint32_t abs_channel_state(abs_channel *c);
/* Sends refused as full so far (the backpressure the plugin was told about). */
ABS_RT_API uint64_t abs_channel_refused(abs_channel *c);
/* The host closes its end: senders get ABS_SEND_CLOSED; events not taken are dropped. */
ABS_RT_API void abs_channel_close(abs_channel *c);
/* Releases the host's reference (after close). */
ABS_RT_API void abs_channel_release(abs_channel *c);
/* The sender vtable (for plugins that make a sender by hand in tests). */
ABS_RT_API const AbsEventSenderVTable *abs_channel_sender_vtable(void);
ABS_RT_API int64_t abs_channels_live(void);

#ifdef __cplusplus
}
#endif

#endif /* ABS_ASYNC_H */
