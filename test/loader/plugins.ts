// The connector plugins the global setup built (test/setup/connectors.ts), and small helpers the
// loader tests share.
import koffi from 'koffi'
import { inject } from 'vitest'
import type { ConnectorPlugins } from '../setup/connectors.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    connectorPlugins: ConnectorPlugins
  }
}

export const plugins = (): ConnectorPlugins => inject('connectorPlugins')

/** The good example connector in each language. */
export const goodPlugins = (): [string, string][] => [
  ['C', plugins().c.example_connector_c],
  ['Rust', plugins().rust.example_connector],
]

/** How many times a library's constructor ran (its exported counter). */
export function constructions(path: string): number {
  // koffi.load of an already-loaded file returns the same dlopen instance.
  return Number(koffi.load(path).func('connector_constructions', 'int', [])())
}

/** How many connectors a library has dropped (its exported counter). */
export function connectorDrops(path: string): bigint {
  return BigInt(koffi.load(path).func('connector_drops', 'uint64', [])() as number | bigint)
}
