// The async plugins the global setup built (test/setup/async-plugins.ts), by language; kept apart
// from api.ts so that plain scripts (memory scenarios, benchmarks) can use the API without vitest.
import { inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    asyncPlugins: Record<string, string>
    metronomes: Record<string, string>
  }
}

export const asyncPlugins = (): [string, string][] => Object.entries(inject('asyncPlugins')).filter(([k]) => !k.endsWith('-asan'))
export const metronomes = (): [string, string][] => Object.entries(inject('metronomes')).filter(([k]) => !k.endsWith('-asan'))
