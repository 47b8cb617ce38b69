import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Type-level tests (`*.test-d.ts`) are checked by tsc, not run.
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    globalSetup: ['test/setup/global.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
})
