import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Commit {
  hash: string;
  short: string;
  /** Commit time, seconds since the epoch. */
  time: number;
  /** Commit date in UTC, YYYY-MM-DD. */
  date: string;
}

export interface HistoryEntry extends Commit {
  author: string;
  subject: string;
  tags: string[];
}

/**
 * The repository the briefs live in, read through the `git` command. Git is
 * always called without a shell, with paths after `--` and revisions after
 * `--end-of-options`, so nothing from a brief or the command line can become
 * an option or a command.
 */
export class Git {
  private constructor(
    /** The work tree's top folder. */
    readonly top: string,
    readonly shallow: boolean,
  ) {}

  /** The repository around `dir`, or undefined outside one (or without git). */
  static async open(dir: string): Promise<Git | undefined> {
    try {
      const top = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
      const shallow = (await git(dir, ['rev-parse', '--is-shallow-repository'])).trim() === 'true';
      // A work tree without commits has nothing to stamp.
      await git(dir, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
      return new Git(top, shallow);
    } catch {
      return undefined;
    }
  }

  private relative(file: string): string {
    return path.relative(this.top, file);
  }

  /** The last commit that touched any of these files. */
  async lastCommit(files: string[]): Promise<Commit | undefined> {
    const out = await git(this.top, [
      'log',
      '-1',
      '--format=%H%x00%h%x00%ct',
      '--',
      ...files.map((f) => this.relative(f)),
    ]);
    const [hash, short, time] = out.trim().split('\0');
    return hash ? commit(hash, short, Number(time)) : undefined;
  }

  /** Those of the files that differ from HEAD: modified, staged, or not committed at all. */
  async changed(files: string[]): Promise<string[]> {
    const out = await git(this.top, [
      'status',
      '--porcelain=v1',
      '-z',
      '--untracked-files=all',
      '--',
      ...files.map((f) => this.relative(f)),
    ]);
    const entries = out.split('\0').filter(Boolean);
    return entries.map((entry) => path.join(this.top, entry.slice(3)));
  }

  /** The newest tag `<prefix>v<N>` reachable from HEAD, e.g. "x/v3". */
  async latestTag(prefix: string): Promise<string | undefined> {
    const out = await git(this.top, ['tag', '--merged', 'HEAD', '--list', `${prefix}v*`, '--sort=-v:refname']).catch(
      () => '',
    );
    return out.split('\n').find((tag) => /v\d+$/.test(tag));
  }

  /**
   * HEAD, the tags, and the files that differ from HEAD, read once per run:
   * what a brief's stamp depends on besides the contents of its inputs.
   */
  async snapshot(): Promise<{ head: string; tags: string; changed: Set<string> }> {
    const [head, tags, status] = await Promise.all([
      git(this.top, ['rev-parse', 'HEAD']),
      git(this.top, ['for-each-ref', '--format=%(objectname) %(refname)', 'refs/tags']),
      git(this.top, ['status', '--porcelain=v1', '-z', '--untracked-files=all']),
    ]);
    const changed = new Set(
      status
        .split('\0')
        .filter(Boolean)
        .map((entry) => path.join(this.top, entry.length > 3 && entry[2] === ' ' ? entry.slice(3) : entry)),
    );
    return { head: head.trim(), tags, changed };
  }

  /** The brief's commits, newest first, following renames. */
  async history(file: string): Promise<HistoryEntry[]> {
    const out = await git(this.top, [
      'log',
      '--follow',
      '--decorate=full',
      '--format=%H%x00%h%x00%ct%x00%an%x00%s%x00%D%x1e',
      '--',
      this.relative(file),
    ]);
    return out
      .split('\x1e')
      .map((record) => record.trim())
      .filter(Boolean)
      .map((record) => {
        const [hash, short, time, author, subject, decorations] = record.split('\0');
        const tags = decorations
          .split(', ')
          .filter((d) => d.startsWith('tag: refs/tags/'))
          .map((d) => d.slice('tag: refs/tags/'.length));
        return { ...commit(hash, short, Number(time)), author, subject, tags };
      });
  }

  /** The full hash of a revision (anything git understands), or undefined when it names no commit here. */
  async resolve(revision: string): Promise<string | undefined> {
    const out = await git(this.top, [
      'rev-parse',
      '--verify',
      '--quiet',
      '--end-of-options',
      `${revision}^{commit}`,
    ]).catch(() => '');
    return out.trim() || undefined;
  }

  /** Hash, short hash and date of a commit. */
  async commit(hash: string): Promise<Commit> {
    const [full, short, time] = (
      await git(this.top, ['log', '-1', '--format=%H%x00%h%x00%ct', '--end-of-options', hash])
    )
      .trim()
      .split('\0');
    return commit(full, short, Number(time));
  }

  /**
   * A file's text at a commit, found under the path it had then (following
   * renames since); undefined when the file did not exist at that commit.
   */
  async showAt(hash: string, file: string): Promise<{ text: string; path: string } | undefined> {
    const renames = await git(this.top, [
      'log',
      '--follow',
      '--name-only',
      '--format=%x1e%H',
      '--',
      this.relative(file),
    ]);
    const candidates = new Set<string>([this.relative(file)]);
    for (const record of renames.split('\x1e')) {
      const [, name] = record.trim().split('\n');
      if (name) candidates.add(name.trim());
    }
    for (const candidate of candidates) {
      const text = await git(this.top, ['show', `${hash}:${candidate}`]).catch(() => undefined);
      if (text !== undefined) return { text, path: candidate };
    }
    return undefined;
  }
}

function commit(hash: string, short: string, time: number): Commit {
  return { hash, short, time, date: new Date(time * 1000).toISOString().slice(0, 10) };
}

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', ['-c', 'core.quotepath=off', ...args], {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  return stdout;
}
