import path from 'node:path';
import { type Commit, Git } from '../platform/git.ts';

/** Which version of a brief a PDF shows, from git: printed in the footer and the metadata. */
export interface Stamp {
  /** The brief's `version`, or the number of its newest `<name>/v<N>` tag. */
  version?: string;
  /** The last commit that touched the brief or anything it uses. */
  commit?: Commit;
  /** The brief or something it uses differs from that commit: the PDF is a draft. */
  uncommitted: boolean;
}

const repositories = new Map<string, Promise<Git | undefined>>();

/** The repository around the briefs, opened once per process. */
export function repository(root: string): Promise<Git | undefined> {
  let git = repositories.get(root);
  if (!git) {
    git = Git.open(root);
    repositories.set(root, git);
  }
  return git;
}

/** A warm build process asks again for each command: the project may have become a repository since. */
export function forgetRepositories(): void {
  repositories.clear();
}

/**
 * A PDF's creation date, never the clock: SOURCE_DATE_EPOCH or a commit's
 * time (seconds), else the document's own date at midnight UTC.
 */
export function pdfDate(time: number | undefined, date: string): Date {
  return time === undefined ? new Date(`${date}T00:00:00Z`) : new Date(time * 1000);
}

/** A brief's name for tags: its path under the briefs folder, without `.md`. */
export function briefName(absPath: string, briefsDir: string): string {
  const relative = path.relative(briefsDir, absPath);
  const name = relative.startsWith('..') ? path.basename(absPath) : relative;
  return name.replace(/\.md$/i, '').split(path.sep).join('/');
}

/** The stamp for a brief built from `inputs`; outside a repository, only the front matter's version. */
export async function stampBrief(
  git: Git | undefined,
  inputs: string[],
  options: { version?: string; name: string },
): Promise<Stamp> {
  if (!git) return { version: options.version, uncommitted: false };
  const [commit, changed, tag] = await Promise.all([
    git.lastCommit(inputs),
    git.changed(inputs),
    options.version ? undefined : git.latestTag(`${options.name}/`),
  ]);
  const version = options.version ?? tag?.slice(options.name.length + 1);
  return { version, commit, uncommitted: changed.length > 0 || !commit };
}

/** What the build cannot do with git here, said once per run; undefined when all is well. */
export function gitNotice(git: Git | undefined): string | undefined {
  if (!git)
    return 'note: not in a git repository (or no commits yet): PDFs carry no version stamp, revision history or redlines.';
  if (git.shallow)
    return 'note: shallow clone: a stamp names the oldest commit present when the brief is older; fetch more history for exact stamps and comparisons.';
  return undefined;
}
