import type { z } from 'zod';
import { ownMarkdown, referenceList } from '../citations/cite.ts';
import { frontMatterLibrary } from '../citations/library.ts';
import { ContentError, type Diagnostic, fail } from '../diagnostics/diagnostic.ts';
import type { MarkedBrief } from '../markings/mark.ts';
import { briefSchema, unwrapSchema } from '../schema.ts';
import { didYouMean } from '../suggest.ts';
import type { Template, TemplateSet } from './template.ts';

/** The templated Markdown, with the place where the brief's body goes. */
export interface TemplatedBrief extends MarkedBrief {
  template: Template;
  markdown: string;
}

/**
 * Marks the place of the brief body in the templated Markdown. The body is
 * parsed on its own (so its positions point into the brief) and spliced in
 * there by the markdown stage.
 */
export const BODY_MARK = 'BRIEF-BODY-6d3f0a';

/** Data from outside the brief that templates may show: its revision history from git. */
export interface TemplateExtras {
  revisions: { date: string; author: string; subject: string; tags: string[]; short: string }[];
}

/**
 * Runs the brief's template (or the one `override` names) on its data: every
 * schema key present (null when unset), with the revision history when asked.
 */
export function applyTemplate(
  valid: MarkedBrief,
  templates: TemplateSet,
  override?: string,
  extras: TemplateExtras = { revisions: [] },
): TemplatedBrief {
  const name = override ?? valid.brief.template;
  const template = templates.get(name);
  if (Array.isArray(template)) throw new ContentError(template);
  if (!template) {
    const where = override ? { line: 1, column: 1 } : valid.placeOf(['template']);
    fail(
      'TEMPLATE_UNKNOWN',
      valid.parsed.source.path,
      where.line,
      where.column,
      `There is no template "${name}" in templates/.`,
      didYouMean(name, templates.names) ?? `Templates: ${templates.names.join(', ')}.`,
    );
  }
  // The list of sources, formatted in the template's citation style.
  const references = referenceList(
    valid.brief,
    valid.library ?? frontMatterLibrary(valid.brief),
    template.theme,
    ownMarkdown(valid.brief, valid.parsed.body),
  ).map((r) => r.text);
  const context = { ...(withAllKeys(briefSchema, valid.brief) as object), ...extras, references, body: BODY_MARK };
  try {
    return { ...valid, template, markdown: template.run(context) };
  } catch (error) {
    const diagnostic = (error as { diagnostic?: Diagnostic }).diagnostic;
    if (diagnostic) throw new ContentError([diagnostic]);
    throw error;
  }
}

/**
 * Strict mode fails on any field that is not there, including optional ones a
 * brief leaves out; every key the schema knows is given (as null when unset),
 * at every depth, so that only true typos in a template fail.
 */
function withAllKeys(schema: z.ZodType, value: unknown): unknown {
  const def = unwrapSchema(schema).def as { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType };
  if (def.shape && value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    return Object.fromEntries(Object.entries(def.shape).map(([k, s]) => [k, withAllKeys(s, record[k] ?? null)]));
  }
  if (def.element && Array.isArray(value)) return value.map((item) => withAllKeys(def.element as z.ZodType, item));
  return value;
}
