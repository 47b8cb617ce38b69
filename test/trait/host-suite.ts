// The hooks every suite of JS implementations opens with: host failures are collected while the
// suite runs, and after it every queued delivery has run and the runtime's allocations are back
// at the count they had once the suite's own setup was done.
import { afterAll, beforeAll, expect } from 'vitest'
import { deliveries, hostEvents, liveAllocations, type HostFailure } from '../../src/index.ts'

export interface HostSuite {
  /** Failures reported by trampolines during the suite (empty it with `failures.length = 0`). */
  readonly failures: HostFailure[]
}

/**
 * Call inside a `describe`, after the hooks that load the plugin (hooks run in the order they
 * are registered, so the baseline is taken once the plugin is loaded). `afterDelivered` runs
 * last, for checks of the suite's own (callbacks still live, plugin allocations).
 */
export function watchHostSuite(afterDelivered?: () => void): HostSuite {
  const failures: HostFailure[] = []
  const onFailure = (f: HostFailure) => failures.push(f)
  let baseline = 0n
  beforeAll(() => {
    baseline = liveAllocations()
    hostEvents.on('failure', onFailure)
  })
  afterAll(async () => {
    hostEvents.off('failure', onFailure)
    await deliveries()
    expect(liveAllocations()).toBe(baseline)
    afterDelivered?.()
  })
  return { failures }
}
