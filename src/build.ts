import path from 'node:path';
import { toString as mdToString } from 'mdast-util-to-string';
import { type Conformance, resolveConformance } from './conformance.ts';
import { ContentError, type Diagnostic, problem } from './diagnostics/diagnostic.ts';
import type { BriefMeta } from './distribution/meta.ts';
import { holdBack } from './distribution/release.ts';
import type { DocumentInput } from './pdf/document.tsx';
import { copyLineY } from './pdf/geometry.ts';
import type { Classification, Reader } from './schema.ts';
import { type CheckedBrief, checkContent } from './stages/check.ts';
import { assembleMarkdown } from './stages/markdown.ts';
import { parseBrief } from './stages/parse.ts';
import { findPlaceholders } from './stages/placeholders.ts';
import { briefName, repository, type Stamp, stampBrief } from './stages/provenance.ts';
import { readSource } from './stages/read.ts';
import { applyTemplate, type TemplateExtras, type TemplateSet } from './stages/template.ts';
import { type ValidBrief, validateBrief } from './stages/validate.ts';
import { outputPathFor, templateVariant, writeAtomic } from './stages/write.ts';

export interface BuildContext {
  cwd: string;
  /** The repository: images must stay inside it. */
  root: string;
  briefsDir: string;
  outDir: string;
  templates: TemplateSet;
  /** Template name from the command line, overriding the brief's `template`. */
  templateOverride?: string;
  /** PDF/A level from the command line, overriding the brief's and its template's. */
  conformance?: Conformance;
  /** SOURCE_DATE_EPOCH in seconds, when set. */
  sourceDateEpoch?: number;
  /** Stop after the checks: no layout, no PDF. */
  checkOnly?: boolean;
  /** Warnings count as errors. */
  strict?: boolean;
  /** Briefs classified above this level are held back: not written, copied or listed. */
  releaseLevel?: Classification;
}

export interface BuildResult {
  source: string;
  absPath: string;
  /** No errors: the PDF was written (or, when checking, would be). */
  ok: boolean;
  output?: string;
  pages?: number;
  /** Errors and warnings, in the order found. */
  diagnostics: Diagnostic[];
  /** Every file the brief was built from, as far as the build got: what watch mode follows. */
  inputs: string[];
  ms: number;
  /** Reused from the cache, not rebuilt. */
  cached?: boolean;
  /** Why the release guard kept this brief back; nothing was written. */
  heldBack?: string;
  /** What distribution (copies, manifest, index) needs to know. */
  meta?: BriefMeta;
  /** Named readers' copies written for this brief. */
  copies?: { path: string; reader: Reader; id: string }[];
}

/**
 * Runs one brief's steps with the bookkeeping every build shares: the result
 * records what was read, and a problem in the content becomes diagnostics in
 * the result, never an exception.
 */
export async function runBuild(
  absPath: string,
  steps: (result: BuildResult) => Promise<Partial<BuildResult>>,
): Promise<BuildResult> {
  const started = performance.now();
  const result: BuildResult = { source: absPath, absPath, ok: false, diagnostics: [], inputs: [absPath], ms: 0 };
  try {
    Object.assign(result, await steps(result));
  } catch (error) {
    if (!(error instanceof ContentError)) throw error;
    result.ok = false;
    result.diagnostics.push(...error.diagnostics);
  }
  return { ...result, ms: Math.round(performance.now() - started) };
}

/** Template and checks: the stages between a valid brief and layout. Records the files they read. */
export async function prepareBrief(
  valid: ValidBrief,
  context: BuildContext,
  result: BuildResult,
  extras?: TemplateExtras,
): Promise<CheckedBrief> {
  const templated = applyTemplate(valid, context.templates, context.templateOverride, extras);
  result.inputs.push(...templated.template.inputs);
  const checked = await checkContent(assembleMarkdown(templated), context.root);
  result.inputs.push(...[...checked.images.values(), checked.logo].flatMap((asset) => (asset ? [asset.path] : [])));
  return checked;
}

/** What layout needs from a checked brief. */
export function documentInput(
  checked: CheckedBrief,
  stamp: Stamp,
  date: Date,
  conformance: Conformance,
): DocumentInput {
  return {
    brief: checked.brief,
    theme: checked.template.theme,
    tree: checked.tree,
    summary: checked.summary,
    images: checked.images,
    fallbacks: checked.fallbacks,
    logo: checked.logo,
    stamp,
    date,
    conformance,
  };
}

/**
 * The PDF/A level of a brief (see `resolveConformance`). PDF/A-1 forbids
 * embedded files, so PDF/A-1b with `attachSource: true` is an error at the
 * brief's `attachSource`, naming where the level was chosen.
 */
export function conformanceFor(checked: CheckedBrief, context: Pick<BuildContext, 'conformance'>): Conformance {
  const { brief } = checked;
  const { level, source } = resolveConformance({
    commandLine: context.conformance,
    brief: brief.conformance,
    template: checked.template.theme.conformance,
    attachSource: brief.attachSource,
  });
  if (level === 'PDF/A-1b' && brief.attachSource) {
    const where = checked.placeOf(['attachSource']);
    const from = {
      'command line': 'by --conformance on the command line',
      brief: 'by the brief (conformance)',
      template: `by template "${checked.template.name}" (conformance in ${checked.template.file})`,
      default: 'by default',
    }[source];
    throw new ContentError([
      problem(
        'CONFORMANCE_ATTACHMENT',
        checked.parsed.source.path,
        where.line,
        where.column,
        `PDF/A-1b, chosen ${from}, forbids embedded files, so the source cannot be attached.`,
        'Remove attachSource, or choose PDF/A-3b (which allows attachments).',
      ),
    ]);
  }
  return level;
}

/** Runs one brief through every stage, in order, and writes its PDF. */
export function buildBrief(absPath: string, context: BuildContext): Promise<BuildResult> {
  return runBuild(absPath, async (result) => {
    result.source = path.relative(context.cwd, absPath) || absPath;
    const file = await readSource(absPath, context.cwd);
    result.source = file.path;
    const warnings = findPlaceholders(file).map((d) => (context.strict ? { ...d, severity: 'error' as const } : d));
    result.diagnostics.push(...warnings);
    const valid = validateBrief(parseBrief(file));
    const heldBack = holdBack(valid.brief.classification, context.releaseLevel);
    if (heldBack) return { ok: true, heldBack };
    // Checking needs git only for a revision table.
    const git = context.checkOnly && !valid.brief.revisionHistory ? undefined : await repository(context.root);
    const revisions = valid.brief.revisionHistory && git ? await git.history(absPath) : [];
    const checked = await prepareBrief(valid, context, result, { revisions });
    const conformance = conformanceFor(checked, context);
    if (context.strict && warnings.length) throw new ContentError([]);
    if (context.checkOnly) return { ok: true };
    const stamp = await stampBrief(git, result.inputs, {
      version: checked.brief.version,
      name: briefName(absPath, context.briefsDir),
    });
    // Loaded on first use: checking needs no react-pdf (a third of start-up).
    const { renderPdf } = await import('./pdf/render.ts');
    const date = creationDate(checked.brief.date, stamp, context.sourceDateEpoch);
    const rendered = await renderPdf(
      documentInput(checked, stamp, date, conformance),
      path.join(context.outDir, '.cache', 'pages'),
    );
    const { pages } = rendered;
    checkPageBudget(checked, pages);
    // pdf-lib is loaded only for a brief that attaches its source.
    const pdf = checked.brief.attachSource
      ? await (await import('./distribution/attach.ts')).attachSource(
          rendered.pdf,
          { name: path.basename(absPath), text: file.text },
          date,
        )
      : rendered.pdf;
    const output = outputPathFor(
      absPath,
      context.briefsDir,
      context.outDir,
      templateVariant(context.templateOverride, checked.brief.template),
    );
    await writeAtomic(output, pdf);
    const meta: BriefMeta = {
      title: checked.brief.title,
      classification: checked.brief.classification,
      date: checked.brief.date,
      summary: mdToString(checked.summary),
      template: checked.template.name,
      version: stamp.version,
      commit: stamp.commit?.hash,
      draft: checked.brief.status === 'draft' ? 'draft' : stamp.uncommitted ? 'uncommitted' : null,
      distribution: checked.brief.distribution,
      copyLineY: copyLineY(checked.template.theme),
    };
    return { ok: true, output, pages, meta };
  });
}

/** A brief's `maxPages`, else its template's, caps its length: a card that spills onto page 2 is a failed build. */
function checkPageBudget(checked: CheckedBrief, pages: number): void {
  const budget = checked.brief.maxPages ?? checked.template.theme.maxPages;
  if (budget === undefined || pages <= budget) return;
  const fromBrief = checked.brief.maxPages !== undefined;
  const where = fromBrief ? checked.placeOf(['maxPages']) : { line: 1, column: 1 };
  throw new ContentError([
    problem(
      'PAGE_BUDGET_EXCEEDED',
      checked.parsed.source.path,
      where.line,
      where.column,
      `The brief takes ${pages} pages with template "${checked.template.name}", over its budget of ${budget} (maxPages${fromBrief ? '' : ` in ${checked.template.file}`}).`,
      'Shorten the content, or raise maxPages in the front matter.',
    ),
  ]);
}

/**
 * Never the clock: SOURCE_DATE_EPOCH when set, else the time of the last
 * commit that touched the brief or its inputs (the same in every clone), else
 * the brief's date at midnight UTC.
 */
function creationDate(date: string, stamp: Stamp, sourceDateEpoch?: number): Date {
  if (sourceDateEpoch !== undefined) return new Date(sourceDateEpoch * 1000);
  if (stamp.commit) return new Date(stamp.commit.time * 1000);
  return new Date(`${date}T00:00:00Z`);
}
