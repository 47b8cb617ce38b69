// Vitest global setup: builds what the tests load before any test runs: the C
// fixtures, the native runtime (normally built by `npm install`), and the std-types
// test plugins in C and Rust, and the example connector plugins with their loading-error
// fixtures (test/setup/connectors.ts), whose paths the tests receive with inject().
import type { TestProject } from 'vitest/node'
import { buildCLibrary } from './build-c.ts'
import { cFixtures } from './paths.ts'
import { buildStdTestPlugins } from './plugins.ts'
import { buildConnectorPlugins } from './connectors.ts'
import { buildTraitPlugins } from './trait-plugins.ts'
import { buildAsyncPlugins } from './async-plugins.ts'
import { buildErasedPlugins } from './erased-plugins.ts'

export default async function setup(project: TestProject): Promise<void> {
  for (const [name, source] of Object.entries(cFixtures)) buildCLibrary(source, name)
  project.provide('stdTestPlugins', await buildStdTestPlugins())
  project.provide('connectorPlugins', await buildConnectorPlugins())
  project.provide('traitPlugins', await buildTraitPlugins())
  project.provide('erasedPlugins', await buildErasedPlugins())
  const built = await buildAsyncPlugins()
  project.provide('asyncPlugins', built.asyncPlugins)
  project.provide('metronomes', built.metronomes)
}
