import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Type-level tests (`*.test-d.ts`) are checked by tsc, not run.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['test/setup/global.ts'],
    // gc() lets the ownership tests show that forgotten handles are dropped by the safety net.
    execArgv: ['--expose-gc'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
})
