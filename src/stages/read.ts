import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, problem } from '../diagnostics/diagnostic.ts';

/** A brief's text as read from disk, normalised to LF line endings without a BOM. */
export interface SourceFile {
  /** Path as shown to the user (relative to the working directory). */
  path: string;
  absPath: string;
  text: string;
}

/** A path given on the command line that does not exist: a usage error, not a content error. */
export class MissingPathError extends Error {}

/** Lists every `.md` file under the given files or folders, sorted, without duplicates. */
export async function findBriefs(paths: string[], cwd: string): Promise<string[]> {
  const found = new Set<string>();
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new MissingPathError(`${given}: no such file or folder`);
    if (info.isDirectory()) {
      for (const entry of await readdir(abs, { recursive: true, withFileTypes: true })) {
        if (entry.isFile() && entry.name.endsWith('.md')) found.add(path.join(entry.parentPath, entry.name));
      }
    } else {
      found.add(abs);
    }
  }
  return [...found].sort();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export async function readSource(absPath: string, cwd: string): Promise<SourceFile> {
  const shown = path.relative(cwd, absPath) || absPath;
  const bytes = await readFile(absPath);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new ContentError([
      problem('FILE_NOT_UTF8', shown, 1, 1, 'The file is not valid UTF-8 text.', 'Save the brief as UTF-8.'),
    ]);
  }
  return { path: shown, absPath, text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') };
}
