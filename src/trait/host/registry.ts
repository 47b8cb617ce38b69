// The JS objects plugins hold as trait objects, by id: a host object's native part carries only
// the id, so a plugin (or a plugin thread) can never keep a JS object alive by accident, and the
// release the plugin's drop sends lets go of it exactly once.
import type { HostPlan } from './plan.ts'

export interface HostedTrait {
  readonly id: number
  readonly name: string
  readonly plan: HostPlan
  /** The trait VTable_Ref built for it (kept forever). */
  readonly vtable: bigint
  /** Per method: the bytes of the value a plugin gets when the method cannot answer (fallbacks). */
  readonly errorBytes: readonly (Uint8Array | null)[]
}

export interface HostedEntry {
  readonly impl: Record<string, (...args: unknown[]) => unknown>
  readonly trait: HostedTrait
  readonly keepAlive: boolean
}

const traits = new Map<number, HostedTrait>()
const objects = new Map<number, HostedEntry>()
let nextObject = 1

export const hostedTraits = traits

export function addObject(entry: HostedEntry): number {
  const id = nextObject++
  objects.set(id, entry)
  return id
}

export const objectOf = (id: number): HostedEntry | undefined => objects.get(id)

/** Lets go of object `id`; false when it was not held (released twice, or never made here). */
export function releaseObject(id: number): HostedEntry | undefined {
  const entry = objects.get(id)
  objects.delete(id)
  return entry
}

/** How many JS objects plugins hold now. */
export const liveHostedObjects = (): number => objects.size
