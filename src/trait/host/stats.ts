// Counters of host trait objects, for tests and monitoring.
import { hostingStarted } from './dispatch.ts'
import { traitNative } from './native.ts'
import { liveHostedObjects } from './registry.ts'
import { failureCounts } from './report.ts'

export interface HostStats {
  /** JS objects plugins hold now (handed over and not yet dropped by the plugin). */
  readonly liveObjects: number
  /** Calls whose JS implementation threw (or returned a value of the wrong type). */
  readonly threw: number
  /** Calls from plugin threads refused because only the main thread can answer them (counted natively, at once). */
  readonly refused: number
  /** Calls or drops for objects JS did not hold (a bug in the plugin or here). */
  readonly unknownObject: number
  /** Calls and drops from plugin threads not yet delivered. */
  readonly pendingDeliveries: number
}

export function hostStats(): HostStats {
  const c = failureCounts()
  return {
    liveObjects: liveHostedObjects(),
    threw: c.threw,
    refused: hostingStarted() ? Number(traitNative().refused()) : 0,
    unknownObject: c['unknown-object'],
    pendingDeliveries: hostingStarted() ? Number(traitNative().pending()) : 0,
  }
}
