#!/usr/bin/env node
// The abi-stable CLI's entry (package.json "bin"): the built CLI in dist/. In a checkout of the
// repository, where src/cli is and dist/ may be stale or unbuilt, the sources run instead,
// through tsx (a devDependency). See docs/guides/cli.md.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const source = new URL('../src/cli/main.ts', import.meta.url)
let cli
if (existsSync(fileURLToPath(source))) {
  const { register } = await import('tsx/esm/api')
  register()
  cli = await import(source.href)
} else {
  cli = await import('../dist/cli/main.js')
}
process.exitCode = await cli.main(process.argv.slice(2))
