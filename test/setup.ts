// Runs before each test file (vitest.config.ts, setupFiles).
import { afterAll } from 'vitest';
import { removeTempFolders } from './temp.ts';

afterAll(() => {
  removeTempFolders();
});
