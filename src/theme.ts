import { z } from 'zod';
import { STYLE_NAMES } from './citations/processor.ts';
import { CONFORMANCE_LEVELS } from './conformance.ts';
import { FAMILIES } from './pdf/fonts.ts';

/**
 * A template's look, written as YAML front matter at the top of its `.hbs`
 * file: a new house style is a new template file, not new TypeScript.
 */
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour written #RRGGBB');
const points = z.number().min(0).max(300);
/** A font family the tool ships (src/pdf/fonts.ts): no other can be embedded. */
const family = z.enum(Object.keys(FAMILIES) as [string, ...string[]]);

export const themeSchema = z.strictObject({
  description: z.string().optional(),
  margins: z
    .strictObject({ top: points, right: points, bottom: points, left: points })
    .default({ top: 64, right: 72, bottom: 58, left: 72 })
    .describe('Page margins in points (72 points = 1 inch); the header and footer sit inside them.'),
  fonts: z
    .strictObject({
      body: family.default('PT Serif'),
      heading: family.default('PT Sans'),
      mono: family.default('PT Mono'),
    })
    .prefault({}),
  sizes: z
    .strictObject({
      body: points.default(11),
      small: points.default(8.5),
      title: points.default(17),
      h2: points.default(13),
      h3: points.default(11.5),
    })
    .prefault({}),
  /** Line height as a multiple of the font size. */
  leading: z.number().min(1).max(2.5).default(1.38),
  align: z.enum(['left', 'justify']).default('left'),
  /** Typographic quotes, dashes and ellipses in the Markdown, as Pandoc's `smart` extension; `false` prints them as typed. */
  smart: z.boolean().default(true),
  colors: z
    .strictObject({
      text: color.default('#1b1b1b'),
      accent: color.default('#1f3a5f'),
      muted: color.default('#5a6270'),
      rule: color.default('#b8c0cc'),
      shade: color.default('#eef1f5'),
    })
    .prefault({}),
  /** Right-hand masthead label; `{type}` stands for the memo type in capitals. */
  label: z.string().default('{type} MEMO'),
  /** Masthead name when a brief gives no `organisation`. */
  organisation: z.string().optional(),
  /** Masthead logo (relative to the templates folder) when a brief gives none. */
  logo: z.string().optional(),
  /** Footnotes at the bottom of the page that cites them, or endnotes after the text. */
  notes: z.enum(['footnotes', 'endnotes']).default('footnotes'),
  /** How citations are formatted: a CSL style (notes, or author–date with a reference list). */
  citations: z
    .strictObject({
      style: z.enum(STYLE_NAMES as [string, ...string[]]).default('chicago-fullnote-bibliography'),
    })
    .prefault({}),
  /** Page budget for every brief built with this template; a brief's own `maxPages` wins. */
  maxPages: z.number().int().min(1).optional(),
  /** PDF/A level for every brief built with this template; a brief's own `conformance` wins. */
  conformance: z.enum(CONFORMANCE_LEVELS).optional(),
  /** Marking scheme for every brief built with this template (us, uk, or templates/markings/NAME.yaml); a brief's own `markings` wins. */
  markings: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .optional(),
  /** Order of the memo's sections by id (heading slugs); a brief's own `order` wins. */
  order: z
    .array(z.string().regex(/^[a-z0-9-]+$/))
    .min(1)
    .optional(),
  /** Page chrome: classification banners, the running header from page 2, the footer. */
  chrome: z
    .strictObject({
      banner: z.boolean().default(true),
      runningHeader: z.boolean().default(true),
      footer: z.boolean().default(true),
    })
    .prefault({}),
  /** Which frame blocks the document draws before the template's Markdown. */
  blocks: z
    .strictObject({
      masthead: z.boolean().default(true),
      memoBlock: z.boolean().default(true),
      /** The title and subtitle as a heading, for layouts without a memo block. */
      title: z.boolean().default(false),
      bottomLine: z.boolean().default(true),
    })
    .prefault({}),
});

export type Theme = z.infer<typeof themeSchema>;
