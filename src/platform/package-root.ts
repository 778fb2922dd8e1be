import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The tool's own folder, found by walking up from this module: the same
 * from the sources and from the bundle under node_modules/.cache.
 */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package-lock.json')) || !existsSync(path.join(dir, 'src'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('The tool folder (with src/ and package-lock.json) was not found.');
    dir = parent;
  }
  return dir;
}
