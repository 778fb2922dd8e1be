import { ContentError, type Diagnostic, problem } from './diagnostics/diagnostic.ts';
import { renderPdf } from './pdf/render.ts';
import { type CheckedBrief, checkContent } from './stages/check.ts';
import { assembleMarkdown } from './stages/markdown.ts';
import { parseBrief } from './stages/parse.ts';
import { readSource } from './stages/read.ts';
import { applyTemplate, type TemplateSet } from './stages/template.ts';
import { validateBrief } from './stages/validate.ts';
import { outputPathFor, writeAtomic } from './stages/write.ts';

export interface BuildContext {
  cwd: string;
  /** The repository: images must stay inside it. */
  root: string;
  briefsDir: string;
  outDir: string;
  templates: TemplateSet;
  /** Template name from the command line, overriding the brief's `template`. */
  templateOverride?: string;
  /** SOURCE_DATE_EPOCH in seconds, when set. */
  sourceDateEpoch?: number;
}

export type BuildResult =
  | { ok: true; source: string; output: string; pages: number; ms: number }
  | { ok: false; source: string; diagnostics: Diagnostic[]; ms: number };

/** Runs one brief through every stage, in order. A problem in its content becomes diagnostics, not an exception. */
export async function buildBrief(absPath: string, context: BuildContext): Promise<BuildResult> {
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  let source = absPath;
  try {
    const file = await readSource(absPath, context.cwd);
    source = file.path;
    const valid = validateBrief(parseBrief(file));
    const templated = applyTemplate(valid, context.templates, context.templateOverride);
    const checked = await checkContent(assembleMarkdown(templated), context.root);
    const { pdf, pages } = await renderPdf({
      brief: checked.brief,
      theme: checked.template.theme,
      tree: checked.tree,
      summary: checked.summary,
      images: checked.images,
      fallbacks: checked.fallbacks,
      logo: checked.logo,
      date: creationDate(checked.brief.date, context.sourceDateEpoch),
    });
    checkPageBudget(checked, pages);
    const output = outputPathFor(absPath, context.briefsDir, context.outDir);
    await writeAtomic(output, pdf);
    return { ok: true, source, output, pages, ms: ms() };
  } catch (error) {
    if (error instanceof ContentError) return { ok: false, source, diagnostics: error.diagnostics, ms: ms() };
    throw error;
  }
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

/** Never the clock: SOURCE_DATE_EPOCH when set, else the brief's date at midnight UTC. */
function creationDate(date: string, sourceDateEpoch?: number): Date {
  return sourceDateEpoch === undefined ? new Date(`${date}T00:00:00Z`) : new Date(sourceDateEpoch * 1000);
}
