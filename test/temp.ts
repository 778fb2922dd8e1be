import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Temporary folders made by tests. Each is registered when it is made and
 * removed after the test file that made it (test/setup.ts), so a run of the
 * suite leaves nothing in the temporary directory.
 */
const made = new Set<string>();

/** A fresh folder under the system's temporary directory, removed after the test file. */
export function tempFolder(prefix = 'briefing-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.add(dir);
  return dir;
}

/** Removes every folder tempFolder made so far (and what is in them); returns them. */
export function removeTempFolders(): string[] {
  const removed = [...made];
  for (const dir of removed) {
    rmSync(dir, { recursive: true, force: true });
    made.delete(dir);
  }
  return removed;
}
