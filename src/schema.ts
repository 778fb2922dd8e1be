import { z } from 'zod';
import { CLASSIFICATIONS } from './classification.ts';
import { CONFORMANCE_LEVELS } from './conformance.ts';
import { setFormatCharacters } from './stages/format-characters.ts';

/**
 * The front matter of a brief. This schema is the single source of truth for
 * the `Brief` type, the README's key table and (later) the editor schema:
 * every key carries its documentation in `.describe()`.
 */

export { CLASSIFICATIONS, type Classification, PORTION_MARKS } from './classification.ts';

// Invisible format characters (thin spaces, zero-width joiners…) are set or dropped as they will print.
const text = z.string().overwrite(setFormatCharacters).trim().min(1, 'must not be empty');

/** Front matter is read as YAML 1.2, where a date is a plain string. */
const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'is not a real calendar date');

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const oneOrMany = z
  .union([text, z.array(text).min(1)], { error: 'must be a name or a list of names' })
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const keyPointSchema = z.strictObject({
  title: text.describe('Short heading of the point, e.g. "Human rights".'),
  quote: text.optional().describe('What was said, quoted exactly (plain text).'),
  attribution: text.optional().describe('Who said or wrote the quotation.'),
  meaning: text.optional().describe('What it means: the subtext (Markdown).'),
  assessment: text.optional().describe('Our assessment (Markdown).'),
  takeaway: text.optional().describe('One-line takeaway, for summary cards (plain text).'),
});

export const recommendationSchema = z.strictObject({
  action: text.describe('The action, starting with a verb (plain text).'),
  rationale: text.optional().describe('Why (Markdown).'),
  owner: text.optional().describe('Who acts next.'),
  priority: z.enum(['high', 'medium', 'low']).optional().describe('high, medium or low.'),
  due: isoDate.optional().describe('Decide or act by this date (YYYY-MM-DD).'),
});

export const sourceSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens')
    .optional()
    .describe('Optional identifier, for reference from templates.'),
  title: text.describe('Title of the source.'),
  author: text.optional().describe('Author(s).'),
  publisher: text.optional().describe('Publisher or outlet.'),
  date: z.union([isoDate, z.number().int()]).optional().describe('Publication date (YYYY-MM-DD) or year.'),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Web address (printed, never fetched).'),
  note: text.optional().describe('A short note shown after the citation.'),
});

export const readerSchema = z.strictObject({
  name: text.describe('The reader, as printed on the copy.'),
  organisation: text.optional().describe('Their organisation.'),
});

export type Reader = z.infer<typeof readerSchema>;

export const briefSchema = z.strictObject({
  title: text.describe('Full title; the SUBJECT line of the memo.'),
  subtitle: text.optional().describe('One line under the title.'),
  shortTitle: text.max(60).optional().describe('Running header from page 2 on; defaults to the title.'),
  date: isoDate.describe('Date of the memo (YYYY-MM-DD). Also the PDF creation date unless SOURCE_DATE_EPOCH is set.'),
  classification: z
    .enum(CLASSIFICATIONS)
    .default('UNCLASSIFIED')
    .describe(`One of ${CLASSIFICATIONS.join(', ')}.`),
  memoType: z
    .enum(['information', 'decision', 'action'])
    .default('information')
    .describe('information, decision or action; printed as INFORMATION MEMO etc.'),
  organisation: text.optional().describe('Masthead: the issuing organisation.'),
  to: oneOrMany.describe('Addressee(s): a string or a list.'),
  from: oneOrMany.describe('Author(s) or office: a string or a list.'),
  cc: oneOrMany.optional().describe('Copied to: a string or a list.'),
  summary: text.describe('Bottom line up front, at most four lines (Markdown).'),
  keyPoints: z
    .array(keyPointSchema)
    .default([])
    .describe('The points analysed: list of {title, quote, attribution, meaning, assessment, takeaway}.'),
  recommendations: z
    .array(recommendationSchema)
    .default([])
    .describe('List of {action, rationale, owner, priority, due}.'),
  sources: z.array(sourceSchema).default([]).describe('List of {id, title, author, publisher, date, url, note}.'),
  preparedBy: z
    .strictObject({ name: text, office: text.optional() })
    .optional()
    .describe('"Prepared by" line: {name, office}.'),
  version: text
    .optional()
    .describe('Version of the brief, e.g. "v3"; else the newest git tag "<brief-name>/v<N>" names it.'),
  revisionHistory: z
    .boolean()
    .default(false)
    .describe("Print the brief's revision history from git (date, author, subject, tag)."),
  status: z.enum(['draft', 'final']).default('final').describe('draft puts a diagonal DRAFT watermark on every page.'),
  portionMarks: z
    .boolean()
    .default(false)
    .describe('Put portion marks such as (U) before the subject and each paragraph.'),
  toc: z.boolean().default(false).describe('Print a table of contents with page numbers after the bottom line.'),
  maxPages: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe("Page budget: the build fails if the PDF is longer (overrides the template's)."),
  logo: z
    .string()
    .optional()
    .describe('Masthead logo: a PNG, JPEG or SVG path relative to the brief, inside the repository.'),
  distribution: z
    .union([z.array(readerSchema).min(1), z.string().regex(/^[a-z0-9-]+$/)], {
      error: 'must be a list of {name, organisation} or the name of a list in briefs/lists/',
    })
    .optional()
    .describe(
      'Named readers for --copies: a list of {name, organisation}, or the name of a list file briefs/lists/<name>.yaml.',
    ),
  attachSource: z
    .boolean()
    .default(false)
    .describe("Attach the brief's Markdown source inside the PDF, so its text can always be recovered."),
  conformance: z
    .enum(CONFORMANCE_LEVELS)
    .optional()
    .describe(
      "PDF/A level: PDF/A-1b (no transparency, no attachments), PDF/A-2b (the default), PDF/A-3b (the default with attachSource) or none. Overrides the template's; --conformance overrides both.",
    ),
  template: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a template name: lower-case letters, digits and hyphens')
    .default('memo')
    .describe('Template in templates/ (without .hbs).'),
  keywords: z.array(text).default([]).describe('PDF keywords.'),
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as en or en-GB')
    .default('en')
    .describe('Language tag (BCP 47) of the text.'),
  paper: z.enum(['Letter', 'A4']).default('Letter').describe('Letter or A4.'),
});

export type Brief = z.infer<typeof briefSchema>;
export type KeyPoint = z.infer<typeof keyPointSchema>;
export type Recommendation = z.infer<typeof recommendationSchema>;
export type Source = z.infer<typeof sourceSchema>;

/** The schema under optional/default/transform wrappers: where an object's shape or a list's element lives. */
export function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (;;) {
    const def = s.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) s = def.innerType;
    else if (def.type === 'pipe' && def.in) s = def.in;
    else return s;
  }
}
