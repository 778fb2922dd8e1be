import { ContentError, type Diagnostic } from './diagnostics/diagnostic.ts';
import { renderPdf } from './pdf/render.ts';
import { checkContent } from './stages/check.ts';
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
    const pdf = await renderPdf({
      brief: checked.brief,
      theme: checked.template.theme,
      tree: checked.tree,
      summary: checked.summary,
      images: checked.images,
      fallbacks: checked.fallbacks,
      date: creationDate(checked.brief.date, context.sourceDateEpoch),
    });
    const output = outputPathFor(absPath, context.briefsDir, context.outDir);
    await writeAtomic(output, pdf);
    return { ok: true, source, output, pages: pageCount(pdf), ms: ms() };
  } catch (error) {
    if (error instanceof ContentError) return { ok: false, source, diagnostics: error.diagnostics, ms: ms() };
    throw error;
  }
}

/** Never the clock: SOURCE_DATE_EPOCH when set, else the brief's date at midnight UTC. */
function creationDate(date: string, sourceDateEpoch?: number): Date {
  return sourceDateEpoch === undefined ? new Date(`${date}T00:00:00Z`) : new Date(sourceDateEpoch * 1000);
}

/** The page count from the PDF's page tree (react-pdf writes one `/Type /Pages` node). */
function pageCount(pdf: Buffer): number {
  const match = /\/Type \/Pages\s*\/Count (\d+)/.exec(pdf.toString('latin1'));
  return match ? Number(match[1]) : 0;
}
