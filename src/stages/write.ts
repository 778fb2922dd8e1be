import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes the PDF next to its final path and renames it into place: a reader
 * or a crash never sees a partial file, and a failed build never replaces an
 * earlier good PDF.
 */
export async function writeAtomic(destination: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(destination), { recursive: true });
  const temporary = `${destination}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Where a brief's PDF goes: the same relative path under the output folder.
 * A brief from outside the briefs folder keeps only its file name, so no
 * brief can write outside the output folder.
 */
export function outputPathFor(briefPath: string, briefsDir: string, outDir: string): string {
  const relative = path.relative(briefsDir, briefPath);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  const safe = outside ? path.basename(briefPath) : relative;
  return path.join(outDir, safe.replace(/\.md$/i, '.pdf'));
}
