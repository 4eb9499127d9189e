import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests spawn the built CLI and the emulator; they must not fight over the 2 cores.
    pool: 'forks',
    setupFiles: ['test/setup.ts'],
  },
});
