// Async plugins: async-ffi futures as Promises (and JS promises as futures for plugins), and event
// channels from plugin threads read as async iterators. See docs/async.md. `t` extended with the
// future descriptors and `t.EventSender`.
import { t as traits } from '../trait/index.ts'
import { EventSender } from './channel.ts'
import { BorrowingFfiFuture, FfiFuture, LocalBorrowingFfiFuture, LocalFfiFuture } from './future.ts'
import { FfiPoll } from './poll.ts'
import { RReceiver, RSender } from '../channel/index.ts'

export const t = { ...traits, FfiFuture, BorrowingFfiFuture, LocalFfiFuture, LocalBorrowingFfiFuture, FfiPoll, EventSender, RSender, RReceiver } as const

export { BorrowingFfiFuture, FfiFuture, LocalBorrowingFfiFuture, LocalFfiFuture, type FfiFutureDesc, type FutureInput } from './future.ts'
export { FfiPoll, type FfiPollDesc, type PollValue } from './poll.ts'
export { withAbortSignal, futureStats } from './plugin-future.ts'
export { hostFutureFailures } from './host-future.ts'
export { channel, EventChannel, EventSender, openChannels, type ChannelOptions, type ChannelStats } from './channel.ts'
export { ChannelError, FutureAbortedError, FuturePanickedError } from './errors.ts'
export { asyncLive } from './native.ts'
export { loopHolds, drain as drainWakeups } from './wake-loop.ts'
