import type { BuildContext, BuildResult } from '../build.ts';
import { ContentError, fail } from '../diagnostics/diagnostic.ts';
import { checkContent } from '../stages/check.ts';
import { assembleMarkdown, parseMarkdown } from '../stages/markdown.ts';
import { parseBrief } from '../stages/parse.ts';
import { briefName, repository, stampBrief } from '../stages/provenance.ts';
import { readSource } from '../stages/read.ts';
import { applyTemplate } from '../stages/template.ts';
import { validateBrief } from '../stages/validate.ts';
import { outputPathFor, writeAtomic } from '../stages/write.ts';
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
export async function buildRedline(absPath: string, revision: string, context: BuildContext): Promise<BuildResult> {
  const started = performance.now();
  const result: BuildResult = { source: absPath, absPath, ok: false, diagnostics: [], inputs: [absPath], ms: 0 };
  const done = () => ({ ...result, ms: Math.round(performance.now() - started) });
  try {
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

    const valid = validateBrief(parseBrief(file));
    const templated = applyTemplate(valid, context.templates, context.templateOverride);
    result.inputs.push(...templated.template.inputs);
    const checked = await checkContent(assembleMarkdown(templated), context.root);

    // The old version goes through the same template, so like is compared with like.
    const before = (() => {
      const source = {
        path: `${revision}:${old.path}`,
        absPath,
        text: old.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'),
      };
      try {
        const oldValid = validateBrief(parseBrief(source));
        return {
          brief: oldValid.brief,
          tree: assembleMarkdown(applyTemplate(oldValid, context.templates, templated.template.name)).tree,
        };
      } catch (error) {
        if (!(error instanceof ContentError)) throw error;
        const first = error.diagnostics[0];
        fail(
          'REDLINE_OLD_INVALID',
          file.path,
          1,
          1,
          `The brief at "${revision}" does not build (${first?.file}:${first?.line}:${first?.column}: ${first?.message}), so there is nothing to compare with.`,
        );
      }
    })();
    const { tree, counts } = diffTrees(before.tree, checked.tree);
    const commit = await git.commit(hash);
    const prelude = parseMarkdown(
      changeSummary({ before, after: { brief: checked.brief, tree: checked.tree }, counts, revision, commit }),
    );
    const stamp = await stampBrief(git, result.inputs, {
      version: checked.brief.version,
      name: briefName(absPath, context.briefsDir),
    });
    const { renderPdf } = await import('../pdf/render.ts');
    const { pdf, pages } = await renderPdf({
      brief: checked.brief,
      theme: checked.template.theme,
      tree,
      summary: checked.summary,
      images: checked.images,
      fallbacks: checked.fallbacks,
      logo: checked.logo,
      stamp,
      prelude,
      date: new Date((context.sourceDateEpoch ?? stamp.commit?.time ?? commit.time) * 1000),
    });
    const output = redlinePath(outputPathFor(absPath, context.briefsDir, context.outDir), revision);
    await writeAtomic(output, pdf);
    return { ...done(), ok: true, output, pages };
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    result.diagnostics.push(...error.diagnostics);
    return done();
  }
}
