// Vitest global setup: builds the C fixtures the tests load, before any test runs.
import { buildCLibrary } from './build-c.ts'
import { cFixtures } from './paths.ts'

export default function setup(): void {
  for (const [name, source] of Object.entries(cFixtures)) buildCLibrary(source, name)
}
