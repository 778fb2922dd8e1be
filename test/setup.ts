// Runs before each test file (vitest.config.ts, setupFiles).
import { afterAll } from 'vitest';
import { removeTempFolders } from './temp.ts';

// A corpus of thousands of files (test/differential.test.ts) can take longer
// than vitest's 10 s for a hook to remove on a loaded machine.
afterAll(() => {
  removeTempFolders();
}, 120_000);
