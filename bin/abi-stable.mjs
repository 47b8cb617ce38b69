#!/usr/bin/env node
// The abi-stable CLI's entry (package.json "bin"). The package ships its TypeScript sources and
// the interface files users pass are TypeScript too, so both run through tsx's loader, registered
// here for this process (tsx is a dependency for this reason). See docs/guides/cli.md.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
