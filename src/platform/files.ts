import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { constants } from 'node:os';
import path from 'node:path';
import { getSystemErrorMap, getSystemErrorName } from 'node:util';
import { ContentError, problem } from '../diagnostics/diagnostic.ts';

/**
 * Writes the PDF next to its final path and renames it into place: a reader
 * or a crash never sees a partial file, and a failed build never replaces an
 * earlier good PDF. A folder or file that cannot be written is a
 * ContentError (OUTPUT_NOT_WRITABLE) naming the path and the system's reason,
 * so the brief fails with a clear message instead of the build crashing.
 * Temporary files that a killed build left in the same folder are removed
 * first (see removeStaleTemporaries).
 */
export async function writeAtomic(destination: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(destination);
  try {
    await makeFolder(dir);
  } catch (error) {
    throw notWritable(error, dir, 'create the folder');
  }
  if (!swept.has(dir)) {
    swept.add(dir);
    await removeStaleTemporaries(dir);
  }
  // A long file name leaves room for the suffix within the usual 255-byte limit.
  const base = path.basename(destination).slice(0, 200);
  const temporary = path.join(dir, `${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
    await rm(temporary, { force: true }).catch(() => undefined);
    throw notWritable(error, destination, 'write');
  }
}

/**
 * `mkdir -p`, one level at a time. Node's own recursive mkdir never returns
 * for a folder that a file system refuses to create with ENOENT although
 * its parent exists (e.g. /proc/x): it retries forever.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      // A file where the folder should be: the system's "not a directory".
      const errno = -constants.errno.ENOTDIR;
      throw Object.assign(new Error(`not a directory, mkdir '${dir}'`), {
        code: getSystemErrorName(errno),
        errno,
        path: dir,
      });
    }
    const parent = path.dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw error;
    await makeFolder(parent);
    // Once more, now that the parent exists; a second ENOENT is the answer.
    await mkdir(dir).catch(async (again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST' || !(await stat(dir)).isDirectory()) throw again;
    });
  }
}

/** Folders already swept by this process. */
const swept = new Set<string>();

/** `NAME.PID.RANDOM.tmp` (writeAtomic) or `NAME.PID.tmp` (the cache's objects). */
const TEMPORARY = /\.(\d+)(?:\.[0-9a-f]{8})?\.tmp$/;

/** A temporary file of a process that is gone is removed once it is this old (ms)… */
const DEAD_WRITER_AGE = 1000;
/** …and any temporary file once it is this old, whoever wrote it (a PID can be reused, or be another machine's). */
const ABANDONED_AGE = 60 * 60 * 1000;

/**
 * Removes temporary files that builds killed mid-write left behind: those of
 * a process that no longer runs, and any older than an hour. Files of this
 * process, and of other builds still running, are kept, so builds running
 * at the same time never remove each other's files. Never throws; returns
 * the files removed.
 */
export async function removeStaleTemporaries(dir: string, options: { recursive?: boolean } = {}): Promise<string[]> {
  const entries = await readdir(dir, { recursive: options.recursive ?? false, withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  const now = Date.now();
  for (const entry of entries) {
    const match = TEMPORARY.exec(entry.name);
    if (!match || !entry.isFile()) continue;
    const pid = Number(match[1]);
    if (pid === process.pid) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file).catch(() => undefined);
    if (!info) continue;
    const age = now - info.mtimeMs;
    if (age > ABANDONED_AGE || (age > DEAD_WRITER_AGE && !isRunning(pid))) {
      await rm(file, { force: true })
        .then(() => removed.push(file))
        .catch(() => undefined);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A system error while writing output, as a diagnostic on the path; anything else is rethrown as it is. */
function notWritable(error: unknown, target: string, action: string): unknown {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string' || typeof e.errno !== 'number') return error;
  const reason = getSystemErrorMap().get(e.errno)?.[1] ?? e.message;
  const shown = path.relative(process.cwd(), target);
  const where = shown && !shown.startsWith(`..${path.sep}`) && shown !== '..' ? shown : target;
  const failed = e.path && path.resolve(e.path) !== path.resolve(target) ? ` (at ${e.path})` : '';
  return new ContentError([
    problem(
      'OUTPUT_NOT_WRITABLE',
      where,
      1,
      1,
      `Cannot ${action} ${where}: ${reason} (${e.code})${failed}.`,
      'Check that the output folder (--out) is a folder that can be written, on a disk with free space.',
    ),
  ]);
}

/** The build cache's folder inside the output folder: no brief's PDF may be written into it. */
const RESERVED = '.cache';

/**
 * Where a brief's PDF goes: the same relative path under the output folder.
 * A brief from outside the briefs folder keeps only its file name, so no
 * brief can write outside the output folder; and a brief under a folder
 * named `.cache` goes to `_.cache`, so none can overwrite the build cache.
 * A brief built with another template than its own (`--template NAME`) goes
 * to `x.NAME.pdf` beside its own `x.pdf` (see templateVariant).
 */
export function outputPathFor(briefPath: string, briefsDir: string, outDir: string, variant?: string): string {
  const relative = path.relative(briefsDir, briefPath);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  const safe = outside ? path.basename(briefPath) : relative;
  const [first, ...rest] = safe.split(path.sep);
  const kept = first.toLowerCase() === RESERVED && rest.length ? path.join(`_${first}`, ...rest) : safe;
  const pdf = kept.replace(/\.md$/i, '.pdf');
  return path.join(outDir, variant ? pdf.replace(/\.pdf$/i, `.${variant}.pdf`) : pdf);
}

/**
 * The template a brief's file name carries: the one `--template` names when
 * it is not the brief's own (so it never replaces the brief's own PDF), else
 * none.
 */
export function templateVariant(override: string | undefined, own: string): string | undefined {
  return override !== undefined && override !== own ? override : undefined;
}

/** A book, a file the CLI is given or finds under `books/`: YAML, where briefs are Markdown. */
export const isBook = (file: string) => /\.ya?ml$/i.test(file);
