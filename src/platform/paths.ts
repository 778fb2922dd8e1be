import { realpathSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one path policy: everything the tool reads (briefs, templates and
 * partials, images, reader lists, linked briefs, the lines of a code frame)
 * is inside the repository, judged on real paths, so a symbolic link cannot
 * lead a read outside it.
 */

/** Whether `file` is `dir` or inside it (both as given: compare real paths with real paths). */
export function within(file: string, dir: string): boolean {
  return file === dir || file.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep);
}

/** The real path of `file` when it exists and is inside one of `roots` (their real paths too), else undefined. */
export async function realInside(file: string, ...roots: string[]): Promise<string | undefined> {
  const real = await realpath(file).catch(() => undefined);
  if (!real) return undefined;
  const realRoots = await Promise.all(roots.map((root) => realpath(root).catch(() => root)));
  return realRoots.some((root) => within(real, root)) ? real : undefined;
}

/** Whether `file` exists and its real path is outside `root` (a missing file is left to whoever reads it). */
export async function leadsOutside(file: string, root: string): Promise<boolean> {
  const real = await realpath(file).catch(() => undefined);
  if (!real) return false;
  return !within(real, await realpath(root).catch(() => root));
}

/** realInside, for the printer of code frames, which runs synchronously. */
export function realInsideSync(file: string, root: string): string | undefined {
  try {
    const real = realpathSync(file);
    return within(real, realpathSync(root)) ? real : undefined;
  } catch {
    return undefined;
  }
}
