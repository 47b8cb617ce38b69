// The README's first command after install: `npm run demo` runs as a new user would run it, and
// shows what it promises (the plugins found, the checks that ran, connectors built and called,
// the failures with their typed errors, the metronomes streaming and stopping).
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../setup/paths.ts'

describe('npm run demo', () => {
  it('discovers, checks, calls, streams, and explains the broken plugins', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'examples', 'connectors.ts')], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 240_000,
    })
    expect(r.stderr).not.toMatch(/Error|Segmentation/)
    expect(r.status).toBe(0)
    const out = r.stdout
    expect(out).toMatch(/found 4 plugins \(host interface 0\.1\.0\)/)
    for (const name of ['example_connector_c', 'example_connector', 'connector_older', 'connector_abi_stable_shaped']) {
      expect(out).toContain(`${name}: connector type "echo"`)
      expect(out).toContain(`from_config -> a Connector trait object, id "${name}-1"`)
      expect(out).toContain(`describe() -> "echo connector '${name}-1' to stdout, 2 events"`)
    }
    expect(out).toMatch(/word_count -> ERR_ABI_MISSING_FIELD: ConnectorMod\.word_count/)
    expect(out).toMatch(/6 files did not load:/)
    for (const code of ['ERR_ABI_PLUGIN_RETURNED_ERROR', 'ERR_ABI_NOT_A_PLUGIN', 'ERR_ABI_HEADER_MISMATCH', 'ERR_ABI_LAYOUT_MISMATCH', 'ERR_ABI_VERSION_MISMATCH', 'ERR_ABI_LIBRARY_NOT_LOADABLE']) {
      expect(out).toContain(code)
    }
    expect(out).toContain('C: stopped after 3 events')
    expect(out).toContain('Rust: stopped after 3 events')
  }, 300_000)
})
