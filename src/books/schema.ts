import { z } from 'zod';
import { isoDate, readerSchema, text } from '../schema.ts';

const path = z.string().min(1, 'must be a path');

/** One brief of a book, by its path from the book file; in another template than its own if it says so. */
const memberSchema = z.strictObject({
  brief: path.describe('The brief, by its path from the book file (e.g. ../briefs/x.md).'),
  template: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'must be a template name')
    .optional()
    .describe('Draw it in this template (e.g. brief-card) instead of its own.'),
  title: text.optional().describe("The tab's title; the brief's own title when not given."),
});

const tabSchema = z.union(
  [
    memberSchema,
    z.strictObject({
      title: text.describe("The tab's title."),
      page: path.describe(
        'A Markdown page of its own (a schedule, a participants table), by its path from the book file.',
      ),
    }),
    z.strictObject({
      title: text.describe("The group's title."),
      briefs: z.array(memberSchema).min(1).describe('Briefs under one tab, in order.'),
    }),
  ],
  { error: 'must be {brief}, {title, page} or {title, briefs}' },
);

/** A briefing book: `books/<name>.yaml`. */
export const bookSchema = z.strictObject({
  title: text.describe('The book title, on its cover.'),
  occasion: text.optional().describe('The meeting, trip or review it prepares for.'),
  date: isoDate.describe('Date of the book (YYYY-MM-DD).'),
  preparedFor: text.optional().describe('Who the book is for.'),
  classification: text
    .optional()
    .describe('At least the highest classification of its tabs (the default); a lower one is an error.'),
  markings: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .describe('Marking scheme: us (the default), uk, or templates/markings/NAME.yaml; every tab must use it.'),
  distribution: z.array(readerSchema).min(1).optional().describe('Named readers for --copies.'),
  language: z.string().default('en').describe('Language tag (BCP 47) of the book.'),
  paper: z.enum(['Letter', 'A4']).default('Letter').describe('Letter or A4, for the cover, contents and dividers.'),
  tabs: z
    .array(tabSchema)
    .min(1)
    .max(26)
    .describe('In order: {brief, template?, title?}, {title, page} or {title, briefs: [...]}.'),
});

export type Book = z.infer<typeof bookSchema>;
export type Member = z.infer<typeof memberSchema>;
