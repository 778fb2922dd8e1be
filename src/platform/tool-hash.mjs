import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * A hash of the tool itself: its sources, its patches to dependencies and the
 * exact versions of those (the lock file). The bundle is rebuilt, and cached
 * PDFs are rebuilt, when it changes.
 */
export function toolHash(root) {
  const hash = createHash('sha256');
  for (const dir of ['src', 'patches']) {
    const files = readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
      .sort();
    for (const file of files) hash.update(path.relative(root, file)).update(readFileSync(file));
  }
  hash.update(readFileSync(path.join(root, 'package-lock.json')));
  return hash.digest('hex');
}
