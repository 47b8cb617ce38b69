// Builds the example connector plugins and their loading-error fixtures, in C and in Rust
// (plugins-c/build-connectors.mjs, plugins-rust/build-connectors.mjs). Used by the vitest
// global setup and by the demo (examples/connectors.ts).
import path from 'node:path'
import { repoRoot } from './paths.ts'

export interface ConnectorPlugins {
  /** name -> path: example_connector_c and the c_* fixtures. */
  c: Record<string, string>
  /** name -> path: example_connector and the connector_* fixtures. */
  rust: Record<string, string>
}

export async function buildConnectorPlugins(): Promise<ConnectorPlugins> {
  const { buildCConnectors } = await import(path.join(repoRoot, 'plugins-c', 'build-connectors.mjs'))
  const { buildRustConnectors } = await import(path.join(repoRoot, 'plugins-rust', 'build-connectors.mjs'))
  const c = await buildCConnectors(path.join(repoRoot, 'build', 'connectors-c'))
  // The same target dir as the std test plugin's build: the mirror crate is compiled once.
  const rust = await buildRustConnectors(path.join(repoRoot, 'build', 'rust'))
  return { c, rust }
}
