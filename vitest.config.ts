import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every temporary folder a test makes is removed after its file (test/temp.ts),
    // and a run whose tests leave anything in the temporary directory fails.
    setupFiles: ['test/setup.ts'],
    globalSetup: ['test/global-setup.ts'],
  },
});
