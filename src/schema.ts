import { z } from 'zod';
import { CONFORMANCE_LEVELS } from './conformance.ts';
import { BUILTIN_SCHEMES } from './markings/marking.ts';
import { setFormatCharacters } from './stages/format-characters.ts';

/**
 * The front matter of a brief. This schema is the single source of truth for
 * the `Brief` type, the README's key table and (later) the editor schema:
 * every key carries its documentation in `.describe()`.
 */

// Invisible format characters (thin spaces, zero-width joiners…) are set or dropped as they will print.
export const text = z.string().overwrite(setFormatCharacters).trim().min(1, 'must not be empty');

/** Front matter is read as YAML 1.2, where a date is a plain string. */
export const isoDate = z
  .string({ error: 'must be a date written YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date written YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'is not a real calendar date');

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

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
  source: z
    .string()
    .optional()
    .describe("The id of the source the quotation comes from: checked against the source's file, when it has one."),
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
    .describe('Citation key: the brief cites the source as [@id], and a key point names it as its source.'),
  title: text.describe('Title of the source.'),
  author: text.optional().describe('Author(s).'),
  publisher: text.optional().describe('Publisher or outlet.'),
  date: z.union([isoDate, z.number().int()]).optional().describe('Publication date (YYYY-MM-DD) or year.'),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('Web address (printed, never fetched).'),
  note: text.optional().describe('A short note shown after the entry in the list of sources.'),
  file: text
    .optional()
    .describe(
      'A local copy of the source (.txt, .md or .pdf, relative to the brief, inside the repository): quotations attributed to it are checked against it.',
    ),
});

const textOrList = z
  .union([text, z.array(text)], { error: 'must be text or a list' })
  .transform((v) => (Array.isArray(v) ? v : [v]));

export const optionSchema = z.strictObject({
  title: text.describe('Short name of the option.'),
  description: text.optional().describe('What the option is (Markdown).'),
  pros: textOrList.default([]).describe('Points for it: text or a list.'),
  cons: textOrList.default([]).describe('Points against it: text or a list.'),
  cost: text.optional().describe('What it costs.'),
  risks: textOrList.default([]).describe('What could go wrong: text or a list.'),
  recommended: z.boolean().default(false).describe('The option the office recommends (at most one).'),
});

export const CLEARANCE_STATUSES = [
  'cleared',
  'cleared with edits',
  'informed',
  'pending',
  'draft',
  'did not clear',
] as const;

export const clearanceSchema = z.strictObject({
  office: text.describe('The office that clears the memo.'),
  name: text.optional().describe('Who cleared it for that office.'),
  status: z
    .enum(CLEARANCE_STATUSES)
    .describe('cleared, cleared with edits, informed, pending, draft (seen in draft only) or did not clear.'),
  date: isoDate.optional().describe('When (YYYY-MM-DD).'),
});

export const attachmentSchema = z
  .strictObject({
    title: text.describe("The tab's title, as listed under Attachments and on its divider page."),
    brief: z.string().optional().describe('Another brief, by its path from this one (e.g. key-dates.md).'),
    file: z.string().optional().describe('A PDF file, by its path from this brief, inside the repository.'),
    classification: text
      .optional()
      .describe("A PDF file's classification, a level of this brief's scheme (its lowest when not given)."),
  })
  .refine((a) => (a.brief === undefined) !== (a.file === undefined), 'must name either a brief or a file')
  .refine((a) => a.brief === undefined || a.classification === undefined, 'a brief carries its own classification');

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
  classification: text
    .optional()
    .meta({ examples: [...BUILTIN_SCHEMES.values()].flatMap((scheme) => scheme.levels.map((l) => l.name)) })
    .describe(
      "A level of the brief's marking scheme, in capitals: UNCLASSIFIED, CUI, CONFIDENTIAL, SECRET or TOP SECRET in the US scheme (the default); the scheme's lowest level when not given.",
    ),
  markings: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a scheme name: lower-case letters, digits and hyphens')
    .optional()
    .describe(
      "Marking scheme: us (the default), uk, or NAME for templates/markings/NAME.yaml. Overrides the template's.",
    ),
  handling: text
    .optional()
    .describe(
      'Administrative marking, e.g. PRE-DECISIONAL / DELIBERATIVE: printed in capitals on its own line under the top banner of every page, never in the banner.',
    ),
  embargo: z
    .strictObject({
      until: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'must be a date and time written YYYY-MM-DDTHH:MM')
        .refine(
          (v) => isCalendarDate(v.slice(0, 10)) && Number(v.slice(11, 13)) < 24 && Number(v.slice(14)) < 60,
          'is not a real date and time',
        ),
      timeZone: z
        .string()
        .refine(isTimeZone, 'must be a time zone such as America/New_York, Europe/London or UTC')
        .describe('An IANA time zone name.'),
    })
    .optional()
    .describe(
      'Embargo: {until: YYYY-MM-DDTHH:MM, timeZone}; printed as "EMBARGOED UNTIL" the date, time and zone on the administrative line.',
    ),
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
    .describe('The points analysed: list of {title, quote, source, attribution, meaning, assessment, takeaway}.'),
  recommendations: z
    .array(recommendationSchema)
    .default([])
    .describe('List of {action, rationale, owner, priority, due}.'),
  sources: z
    .array(sourceSchema)
    .default([])
    .describe('List of {id, title, author, publisher, date, url, note, file}; cited as [@id].'),
  bibliography: text
    .optional()
    .describe(
      'A bibliography file (BibTeX, BibLaTeX or CSL JSON, relative to the brief, inside the repository) whose entries the brief may cite as [@key].',
    ),
  decideBy: isoDate
    .optional()
    .describe(
      'Decision needed by this date (YYYY-MM-DD): in the memo block, and under the masthead when within a week of the memo.',
    ),
  options: z
    .array(optionSchema)
    .default([])
    .refine((options) => options.filter((o) => o.recommended).length <= 1, 'may recommend one option at most')
    .describe(
      'Options weighed against each other: list of {title, description, pros, cons, cost, risks, recommended}.',
    ),
  clearances: z
    .array(clearanceSchema)
    .default([])
    .describe('Offices that cleared the memo: list of {office, name, status, date}; printed as the clearance block.'),
  attachments: z
    .array(attachmentSchema)
    .max(26)
    .default([])
    .describe(
      'Tabs after the memo: list of {title, brief} (another brief, in its own template and markings) or {title, file, classification} (a PDF); appended as Tab A, Tab B…',
    ),
  order: z
    .array(z.string().regex(/^[a-z0-9-]+$/, 'must be a section id: lower-case letters, digits and hyphens'))
    .min(1)
    .optional()
    .describe(
      "Order of the memo's sections by id (the slug of their heading, e.g. background, analysis, recommendations, outlook); sections not named keep their place after them. Overrides the template's.",
    ),
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
export type Option = z.infer<typeof optionSchema>;
export type Clearance = z.infer<typeof clearanceSchema>;
export type Attachment = z.infer<typeof attachmentSchema>;

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
