// The errors of async plugins: a future that panicked, a future the host abandoned, an awaited
// JS promise that could not be handed back to a plugin, a channel used wrongly.
import { AbiError } from '../abi/index.ts'

/** A plugin future's poll_fn reported `Panicked` (the panic was caught inside the plugin). */
export class FuturePanickedError extends AbiError {
  constructor(future: string) {
    super('ERR_ABI_FUTURE_PANICKED', `the plugin's ${future} panicked while being polled (its poll_fn returned FfiPoll::Panicked); the future was dropped`)
  }
}

/** The host gave up on a plugin future (its AbortSignal fired); the future was dropped. */
export class FutureAbortedError extends AbiError {
  readonly reason: unknown
  constructor(future: string, reason: unknown) {
    super('ERR_ABI_FUTURE_ABORTED', `the ${future} was abandoned before it finished (its AbortSignal fired: ${reason instanceof Error ? reason.message : String(reason)}); the plugin's future was dropped`)
    this.reason = reason
  }
}

/** A channel's events were asked for in a way it cannot serve (a second reader, a closed channel's sender). */
export class ChannelError extends AbiError {
  constructor(message: string) {
    super('ERR_ABI_CHANNEL', message)
  }
}
