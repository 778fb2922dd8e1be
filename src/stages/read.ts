import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, fail, problem } from '../diagnostics/diagnostic.ts';
import { LIMITS, placeOfOffset } from '../limits.ts';

/** A brief's text as read from disk, normalised to LF line endings without a BOM. */
export interface SourceFile {
  /** Path as shown to the user (relative to the working directory). */
  path: string;
  absPath: string;
  text: string;
}

/** A path given on the command line that does not exist: a usage error, not a content error. */
export class MissingPathError extends Error {}

/**
 * Lists every brief (`.md`) and book (`.yaml` under `booksDir`; a book's
 * Markdown pages are not briefs) under the given files or folders, sorted,
 * without duplicates.
 */
export async function findBriefs(paths: string[], cwd: string, booksDir?: string): Promise<string[]> {
  const found = new Set<string>();
  const inBooks = (file: string) => booksDir !== undefined && !path.relative(booksDir, file).startsWith('..');
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    const info = await stat(abs).catch(() => undefined);
    if (!info) throw new MissingPathError(`${given}: no such file or folder`);
    if (info.isDirectory()) {
      for (const entry of await readdir(abs, { recursive: true, withFileTypes: true })) {
        const file = path.join(entry.parentPath, entry.name);
        if (!entry.isFile()) continue;
        if (inBooks(file) ? /\.ya?ml$/.test(entry.name) : entry.name.endsWith('.md')) found.add(file);
      }
    } else {
      found.add(abs);
    }
  }
  return [...found].sort();
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a brief: at most LIMITS.briefBytes (the size is checked on the open
 * file before anything is read), refusing binary content (a NUL byte) and
 * text that is not UTF-8.
 */
export async function readSource(absPath: string, cwd: string): Promise<SourceFile> {
  const shown = path.relative(cwd, absPath) || absPath;
  const bytes = await readBounded(absPath, shown);
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    // The place of the first NUL, counted in the valid text before it.
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, nul)).replace(/\r\n?/g, '\n');
    const at = placeOfOffset(before, before.length);
    fail(
      'FILE_BINARY',
      shown,
      at.line,
      at.column,
      'The file is binary (it holds a NUL byte), not a text brief.',
      'A brief is a Markdown text file saved as UTF-8 (not UTF-16); images are files of their own, referred to from it.',
    );
  }
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

/** The file's bytes, or FILE_TOO_LARGE without reading more than the limit (even if the file grows meanwhile). */
async function readBounded(absPath: string, shown: string): Promise<Buffer> {
  const handle = await open(absPath, 'r');
  try {
    const { size } = await handle.stat();
    if (size > LIMITS.briefBytes) tooLarge(shown, size);
    // One byte more than the limit: reading it means the file is too large, whatever stat said.
    const buffer = Buffer.allocUnsafe(Math.min(size, LIMITS.briefBytes) + 1);
    let length = 0;
    let target = buffer;
    for (;;) {
      const { bytesRead } = await handle.read(target, length, target.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length < target.length) continue;
      if (target.length > LIMITS.briefBytes) break;
      // The file grew since stat: read on, up to the limit.
      const larger = Buffer.allocUnsafe(LIMITS.briefBytes + 1);
      target.copy(larger, 0, 0, length);
      target = larger;
    }
    if (length > LIMITS.briefBytes) tooLarge(shown, length);
    return target.subarray(0, length);
  } finally {
    await handle.close();
  }
}

function tooLarge(shown: string, size: number): never {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  fail(
    'FILE_TOO_LARGE',
    shown,
    1,
    1,
    `The file is ${mb(size)} (${size} bytes); a brief may be at most ${mb(LIMITS.briefBytes)} (${LIMITS.briefBytes} bytes).`,
    'Split it into several briefs, or move data (tables, appendices) out of it.',
  );
}
