import { type BuildContext, type BuildResult, checkOnlySteps, checkSteps } from '../build.ts';
import { resolveCitations } from '../citations/cite.ts';
import { frontMatterLibrary } from '../citations/library.ts';
import { ContentError, fail } from '../diagnostics/diagnostic.ts';
import { markBrief } from '../markings/mark.ts';
import { runPipeline, type Step } from '../pipeline/runner.ts';
import {
  attach,
  briefOutput,
  type Checked,
  pageBudget,
  render,
  type Stamped,
  stamp,
  write,
} from '../pipeline/steps.ts';
import { applyTemplate } from '../stages/apply-template.ts';
import type { CheckedBrief } from '../stages/check.ts';
import { assembleMarkdown, parseMarkdown } from '../stages/markdown.ts';
import { orderSections } from '../stages/order.ts';
import { parseBrief } from '../stages/parse.ts';
import { repository } from '../stages/provenance.ts';
import type { SourceFile } from '../stages/read.ts';
import { validateBrief } from '../stages/validate.ts';
import { diffTrees } from './blocks.ts';
import { changeSummary } from './summary.ts';

/** `output/x.changes-since-<rev>.pdf`: the revision, made safe as a file name. */
export function redlinePath(output: string, revision: string): string {
  const slug = revision.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '') || 'revision';
  return output.replace(/\.pdf$/i, `.changes-since-${slug}.pdf`);
}

/**
 * A redline of a brief against an earlier revision: the brief's own pipeline
 * with a diff before the stamp, written beside the brief's PDF. The brief in
 * its own template has what changed marked, after a page that says what
 * changed. Checking (`--check`) stops after the checks, as for any brief.
 */
export function buildRedline(absPath: string, revision: string, context: BuildContext): Promise<BuildResult> {
  const steps = context.checkOnly
    ? checkOnlySteps
    : checkSteps
        .add(diff(revision))
        .add(stamp())
        .add(render)
        .add(pageBudget)
        .add(attach)
        .add(write((checked, ctx) => redlinePath(briefOutput(checked, ctx), revision)));
  return runPipeline(steps, absPath, context);
}

/**
 * The brief at the revision, through the template the current one uses so
 * like is compared with like, and the changes marked in the current tree.
 * The revision reaches git as a revision only (see Git.resolve).
 */
function diff(revision: string): Step<Checked, Checked & { changes: Stamped['changes']; fallbackTime: number }> {
  return {
    name: 'diff',
    output: true,
    async run(input, context) {
      const { checked } = input;
      const file = checked.parsed.source;
      const git = await repository(context.root);
      if (!git) fail('REDLINE_NO_GIT', file.path, 1, 1, 'A redline needs the brief to be in a git repository.');
      const hash = await git.resolve(revision);
      if (!hash) {
        const shallow = git.shallow ? ' This is a shallow clone: fetch more history (git fetch --unshallow).' : '';
        fail(
          'REDLINE_REVISION_UNKNOWN',
          file.path,
          1,
          1,
          `"${revision}" names no commit in this repository.${shallow}`,
        );
      }
      const old = await git.showAt(hash, file.absPath);
      if (!old) fail('REDLINE_NOT_AT_REVISION', file.path, 1, 1, `The brief did not exist at "${revision}".`);
      const source = {
        path: `${revision}:${old.path}`,
        absPath: file.absPath,
        text: old.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
      };
      const before = previousVersion(source, context, checked, revision, file.path);
      const { tree, counts } = diffTrees(before.tree, checked.tree);
      const commit = await git.commit(hash);
      const after = { brief: checked.brief, tree: checked.tree };
      const prelude = parseMarkdown(changeSummary({ before, after, counts, revision, commit }));
      return { value: { ...input, changes: { tree, prelude }, fallbackTime: commit.time } };
    },
  };
}

/** The brief as it was at the revision, through the template the current one uses. */
function previousVersion(
  source: SourceFile,
  context: BuildContext,
  current: CheckedBrief,
  revision: string,
  shown: string,
) {
  try {
    const valid = markBrief(validateBrief(parseBrief(source)), context.templates, current.template.name);
    const { tree } = orderSections(assembleMarkdown(applyTemplate(valid, context.templates, current.template.name)));
    // Its citations formatted as today's are: its own sources, and today's bibliography file.
    const library = frontMatterLibrary(valid.brief);
    for (const [key, item] of current.library?.items ?? []) {
      if (!current.library?.own.has(key) && !library.items.has(key)) library.items.set(key, item);
    }
    resolveCitations([tree], library, current.template.theme, valid.brief.language);
    return { brief: valid.brief, tree };
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    const first = error.diagnostics[0];
    const where = first ? ` (${first.file}:${first.line}:${first.column}: ${first.message})` : '';
    fail(
      'REDLINE_OLD_INVALID',
      shown,
      1,
      1,
      `The brief at "${revision}" does not build${where}, so there is nothing to compare with.`,
    );
  }
}
