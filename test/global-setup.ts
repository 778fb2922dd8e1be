import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The whole run gets a temporary directory of its own (TMPDIR, which the test
 * workers and the commands they start inherit). At the end, any `briefing-*`
 * folder a test left there is named and the run fails; then the directory is
 * removed, so even a test that failed half-way leaves nothing behind.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(path.join(previous ?? tmpdir(), 'briefing-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // Only the tests' own folders count: tools the tests run keep caches of their own here too (tsx, Chromium).
    const left = readdirSync(dir).filter((name) => name.startsWith('briefing-'));
    rmSync(dir, { recursive: true, force: true });
    if (left.length) {
      // vitest reports an error thrown here but still exits 0: the exit code is set as well.
      process.exitCode = 1;
      throw new Error(
        `Tests left ${left.length} folders in the temporary directory (a test that makes one must use tempFolder() from test/temp.ts): ${left.join(', ')}`,
      );
    }
  };
}
