import {
  type BuildContext,
  type BuildResult,
  conformanceFor,
  documentInput,
  prepareBrief,
  runBuild,
} from '../build.ts';
import { ContentError, fail } from '../diagnostics/diagnostic.ts';
import { assembleMarkdown, parseMarkdown } from '../stages/markdown.ts';
import { parseBrief } from '../stages/parse.ts';
import { briefName, repository, stampBrief } from '../stages/provenance.ts';
import { readSource, type SourceFile } from '../stages/read.ts';
import { applyTemplate } from '../stages/template.ts';
import { validateBrief } from '../stages/validate.ts';
import { outputPathFor, templateVariant, writeAtomic } from '../stages/write.ts';
import { diffTrees } from './blocks.ts';
import { changeSummary } from './summary.ts';

/** `output/x.changes-since-<rev>.pdf`: the revision, made safe as a file name. */
export function redlinePath(output: string, revision: string): string {
  const slug = revision.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|-+$/g, '') || 'revision';
  return output.replace(/\.pdf$/i, `.changes-since-${slug}.pdf`);
}

/**
 * A redline of a brief against an earlier revision: the brief in its own
 * template with what changed marked, after a page that says what changed.
 * The revision reaches git as a revision only (see Git.resolve).
 */
export function buildRedline(absPath: string, revision: string, context: BuildContext): Promise<BuildResult> {
  return runBuild(absPath, async (result) => {
    const file = await readSource(absPath, context.cwd);
    result.source = file.path;
    const git = await repository(context.root);
    if (!git) fail('REDLINE_NO_GIT', file.path, 1, 1, 'A redline needs the brief to be in a git repository.');
    const hash = await git.resolve(revision);
    if (!hash) {
      const shallow = git.shallow ? ' This is a shallow clone: fetch more history (git fetch --unshallow).' : '';
      fail('REDLINE_REVISION_UNKNOWN', file.path, 1, 1, `"${revision}" names no commit in this repository.${shallow}`);
    }
    const old = await git.showAt(hash, absPath);
    if (!old) fail('REDLINE_NOT_AT_REVISION', file.path, 1, 1, `The brief did not exist at "${revision}".`);

    const checked = await prepareBrief(validateBrief(parseBrief(file)), context, result);
    const conformance = conformanceFor(checked, context);
    // The old version goes through the same template, so like is compared with like.
    const source = {
      path: `${revision}:${old.path}`,
      absPath,
      text: old.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
    };
    const before = previousVersion(source, context, checked.template.name, revision, file.path);
    const { tree, counts } = diffTrees(before.tree, checked.tree);
    const commit = await git.commit(hash);
    const after = { brief: checked.brief, tree: checked.tree };
    const prelude = parseMarkdown(changeSummary({ before, after, counts, revision, commit }));
    const name = briefName(absPath, context.briefsDir);
    const stamp = await stampBrief(git, result.inputs, { version: checked.brief.version, name });
    const date = new Date((context.sourceDateEpoch ?? stamp.commit?.time ?? commit.time) * 1000);
    const { renderPdf } = await import('../pdf/render.ts');
    const { pdf, pages } = await renderPdf({ ...documentInput(checked, stamp, date, conformance), tree, prelude });
    const variant = templateVariant(context.templateOverride, checked.brief.template);
    const output = redlinePath(outputPathFor(absPath, context.briefsDir, context.outDir, variant), revision);
    await writeAtomic(output, pdf);
    return { ok: true, output, pages };
  });
}

/** The brief as it was at the revision, through the template the current one uses. */
function previousVersion(source: SourceFile, context: BuildContext, template: string, revision: string, shown: string) {
  try {
    const valid = validateBrief(parseBrief(source));
    return { brief: valid.brief, tree: assembleMarkdown(applyTemplate(valid, context.templates, template)).tree };
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
