import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { highest, type Marking, markingOf } from '../markings/marking.ts';
import type { BuildContext } from '../pipeline/context.ts';
import { type Pipeline, runSteps } from '../pipeline/runner.ts';
import type { Checked } from '../pipeline/steps.ts';
import { realInside } from '../platform/paths.ts';

/** A tab after the memo: another brief, checked and ready to draw, or a PDF file's bytes. */
export interface LoadedAttachment {
  /** A, B, C… */
  letter: string;
  title: string;
  marking: Marking;
  brief?: Checked;
  /** A PDF file, read and counted. */
  file?: { pdf: Uint8Array; pages: number };
}

/** A memo with its attachments loaded, and the banner that covers them all. */
export interface WithAttachments {
  attachments: LoadedAttachment[];
  /** The highest marking of the memo and its attachments: the memo's banner. */
  banner: Marking;
}

/**
 * Loads a memo's attachments: each brief through the same checks as any
 * brief (its problems are reported at its own lines, and at the memo's entry),
 * each PDF read and its classification placed in the memo's scheme. The
 * files read are inputs of the memo.
 */
export async function loadAttachments(
  memo: Checked,
  context: BuildContext,
  briefChecks: Pipeline<string, Checked>,
): Promise<{ value: WithAttachments; inputs: string[]; diagnostics: Diagnostic[] }> {
  const { checked } = memo;
  const file = checked.parsed.source.path;
  const base = path.dirname(checked.parsed.source.absPath);
  const diagnostics: Diagnostic[] = [];
  const inputs: string[] = [];
  const attachments: LoadedAttachment[] = [];
  const self = await realInside(checked.parsed.source.absPath, context.root);
  for (const [i, entry] of checked.brief.attachments.entries()) {
    const key = entry.brief !== undefined ? 'brief' : 'file';
    const at = checked.placeOf(['attachments', i, key]);
    const refuse = (message: string, hint?: string) =>
      diagnostics.push(problem('ATTACHMENT_INVALID', file, at.line, at.column, message, hint));
    const given = (entry.brief ?? entry.file) as string;
    const absPath = path.resolve(base, given);
    const real = await realInside(absPath, context.root);
    if (!real) {
      refuse(
        `The attachment ${given} is not a file inside the repository.`,
        'Give a path from this brief to a file in the repository.',
      );
      continue;
    }
    inputs.push(absPath);
    const letter = String.fromCharCode(65 + i);
    if (entry.brief !== undefined) {
      if (real === self) {
        refuse('A brief cannot be its own attachment.');
        continue;
      }
      const { result, value } = await runSteps(briefChecks, absPath, { ...context, releaseLevel: undefined });
      inputs.push(...result.inputs);
      diagnostics.push(...result.diagnostics);
      if (!value) {
        refuse(`The attached brief ${given} has problems (reported at its own lines), so the memo cannot carry it.`);
        continue;
      }
      if (value.checked.brief.attachments.length) {
        refuse(`The attached brief ${given} has attachments of its own: tabs are not nested.`);
        continue;
      }
      if (value.checked.marking.scheme !== checked.marking.scheme) {
        refuse(
          `The attached brief ${given} is marked in the ${value.checked.marking.scheme} scheme, this memo in the ${checked.marking.scheme} scheme: one banner cannot cover both.`,
        );
        continue;
      }
      attachments.push({ letter, title: entry.title, marking: value.checked.marking, brief: value });
      continue;
    }
    const pdf = await readFile(real);
    const pages = await pageCountOf(pdf);
    if (pages === undefined) {
      refuse(
        `The attachment ${given} is not a PDF file that can be read (or it is encrypted).`,
        'Attach PDF files, or briefs by their Markdown file.',
      );
      continue;
    }
    const level = entry.classification ?? checked.marking.levels[0];
    if (!checked.marking.levels.includes(level)) {
      const where = checked.placeOf(['attachments', i, 'classification']);
      diagnostics.push(
        problem(
          'CLASSIFICATION_UNKNOWN',
          file,
          where.line,
          where.column,
          `"${level}" is not a level of this memo's ${checked.marking.scheme} marking scheme.`,
          `Its levels, lowest first: ${checked.marking.levels.join(', ')}.`,
        ),
      );
      continue;
    }
    attachments.push({
      letter,
      title: entry.title,
      marking: levelOf(checked.marking, level, context),
      file: { pdf, pages },
    });
  }
  const banner = highest([checked.marking, ...attachments.map((a) => a.marking)])[0];
  return { value: { attachments, banner }, inputs, diagnostics };
}

/** A PDF's page count, or undefined when it cannot be read (pdf-lib, loaded only for attached files). */
async function pageCountOf(bytes: Uint8Array): Promise<number | undefined> {
  if (new TextDecoder('latin1').decode(bytes.subarray(0, 5)) !== '%PDF-') return undefined;
  const { PDFDocument } = await import('pdf-lib');
  try {
    return (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
  } catch {
    return undefined;
  }
}

/** Another level of the memo's scheme, with its own portion mark and colours. */
function levelOf(memo: Marking, name: string, context: BuildContext): Marking {
  const loaded = context.templates.schemes.get(memo.scheme);
  const scheme = loaded && !Array.isArray(loaded) ? loaded.scheme : undefined;
  const level = scheme?.levels.find((l) => l.name === name);
  return scheme && level ? markingOf(scheme, level) : memo;
}
