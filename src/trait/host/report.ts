// Failures of JS-implemented methods, which never reach a plugin as garbage: the plugin gets the
// method's declared error value, and the failure is reported here (to 'failure' listeners of
// hostEvents, else on the console) and counted, so tests and hosts can see it.
import { EventEmitter } from 'node:events'

export interface HostFailure {
  readonly trait: string
  readonly method: string
  /**
   * `threw`: the JS implementation threw (or returned a value of the wrong type); `refused`: a
   * plugin thread called a method that returns a value (or borrows), which only the main thread
   * can run; `timed-out`: a plugin thread waiting for the main thread (offThread: 'wait') gave up at
   * its deadline; `unknown-object`: a call arrived for an object JS no longer knows.
   */
  readonly reason: 'threw' | 'refused' | 'timed-out' | 'unknown-object'
  readonly message: string
  readonly error?: unknown
}

/** Emits 'failure' (HostFailure). Without a listener, failures are printed with console.error. */
export const hostEvents = new EventEmitter()

const counts = { threw: 0, refused: 0, 'timed-out': 0, 'unknown-object': 0 }

export function reportFailure(failure: HostFailure): void {
  counts[failure.reason]++
  try {
    if (hostEvents.listenerCount('failure') > 0) hostEvents.emit('failure', failure)
    else console.error(`abi-stable: ${failure.message}`)
  } catch (e) {
    // A listener that throws must not turn a reported failure into a crash of the plugin's call.
    console.error('abi-stable: a hostEvents failure listener threw:', e)
  }
}

export const failureCounts = (): Readonly<typeof counts> => ({ ...counts })
