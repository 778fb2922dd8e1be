import Handlebars from 'handlebars';

/**
 * Helpers available to every template. Templates are code shipped in the
 * repository; briefs only supply data, so no helper is ever chosen by a name
 * taken from a brief.
 */

/** Backslash-escapes what Markdown would read as syntax, so a value prints as written. */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Handlebars.SafeString) return value.toString();
  const text = (Array.isArray(value) ? value.join(', ') : String(value)).replace(/\s*\n\s*/g, ' ');
  // Web addresses become <autolinks>, where escapes would be taken literally.
  return text
    .split(URL)
    .map((part, i) => (i % 2 ? `<${part}>` : escapeText(part)))
    .join('')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

const URL = /((?:https?:\/\/|www\.)[^\s<>]*[^\s<>.,;:!?'")\]])/;

function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-!|<>~&]/g, '\\$&');
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/** Handlebars passes an options object as the last argument; drop it. */
const args = (list: unknown[]) => list.slice(0, -1);

export const helpers: Record<string, Handlebars.HelperDelegate> = {
  md: escapeMarkdown,
  /** `{{number @index}}` → 1, 2, 3… */
  number: (index: number) => index + 1,
  /** `{{letter @index}}` → a, b, c… */
  letter: (index: number) => LETTERS[index % 26],
  /** `{{roman @index}}` → i, ii, iii… */
  roman: (index: number) => {
    let n = index + 1;
    let out = '';
    for (const [value, glyph] of ROMAN) {
      while (n >= value) {
        out += glyph;
        n -= value;
      }
    }
    return out;
  },
  /** `{{formatDate date}}` → "March 29, 2021"; `{{formatDate date "short"}}` → "3/29/21"; style "iso" keeps YYYY-MM-DD. */
  formatDate(...list: unknown[]) {
    const [value, style, language] = args(list) as [string, string?, string?];
    if (!value) return '';
    if (style === 'iso') return String(value);
    const dateStyle = (['full', 'long', 'medium', 'short'].includes(style ?? '') ? style : 'long') as 'long';
    const date = new Date(`${String(value).slice(0, 10)}T00:00:00Z`);
    return new Intl.DateTimeFormat(language ?? 'en-US', { dateStyle, timeZone: 'UTC' }).format(date);
  },
  /** `{{join cc "; "}}` joins a list. */
  join(...list: unknown[]) {
    const [items, separator] = args(list) as [unknown, string?];
    return Array.isArray(items) ? items.join(typeof separator === 'string' ? separator : ', ') : (items ?? '');
  },
  /** `{{#each (take recommendations 3)}}` keeps the first N items. */
  take(...list: unknown[]) {
    const [items, count] = args(list) as [unknown, number];
    return Array.isArray(items) ? items.slice(0, count) : [];
  },
  /** `{{firstSentence assessment}}`: the text up to its first full stop, for one-line summaries, without its footnote references. */
  firstSentence: (value: unknown) => {
    const text =
      value === null || value === undefined
        ? ''
        : String(value)
            .replace(/\[\^[^\]\s]+\]/g, '')
            .replace(/\s+/g, ' ')
            .trim();
    return /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  },
  upper: (value: unknown) => (value === null || value === undefined ? '' : String(value).toUpperCase()),
  capitalize: (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return text.charAt(0).toUpperCase() + text.slice(1);
  },
  eq: (a: unknown, b: unknown) => a === b,
  /** `{{#if (asksDecision memoType)}}`: decision and action memos end in decisions for the reader to mark. */
  asksDecision: (memoType: unknown) => memoType === 'decision' || memoType === 'action',
  /** `{{thatYou action}}`: "Approve the plan" → "That you approve the plan", as a decision memo words its recommendations. */
  thatYou: (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value).trim();
    if (/^that you\b/i.test(text)) return `T${text.slice(1)}`;
    // A word in capitals (an acronym) keeps them.
    const first = /^\p{Lu}{2}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
    return `That you ${first}`;
  },
  /**
   * `{{{block "decision"}}}`: a block the document draws from the brief (see
   * src/pdf/handlers/brief-block.tsx), placed where the template says, as a
   * paragraph of its own.
   */
  block: (name: unknown) => {
    if (typeof name !== 'string' || !(BLOCKS as readonly string[]).includes(name)) {
      throw new Error(`there is no block "${String(name)}"; blocks: ${BLOCKS.join(', ')}`);
    }
    return new Handlebars.SafeString(`${BLOCK_MARK} ${name}`);
  },
  /** `{{#if (some options "cost")}}`: whether any item of a list has a value (a non-empty list) under the key. */
  some(...list: unknown[]) {
    const [items, key] = args(list) as [unknown, string];
    return (
      Array.isArray(items) &&
      items.some((item) => {
        const value = (item as Record<string, unknown> | null)?.[key];
        return Array.isArray(value) ? value.length > 0 : Boolean(value);
      })
    );
  },
  /** `{{#if (sideBySide options)}}`: options compared in a table when they fit its columns, else as sections. */
  sideBySide: (options: unknown) =>
    Array.isArray(options) &&
    options.length >= 2 &&
    options.length <= 3 &&
    // A table cell holds one paragraph: a description of several goes in sections.
    options.every((o) => JSON.stringify(o).length <= 600 && !String(o?.description ?? '').includes('\n')),
};

/** The blocks a template may place with `{{{block "name"}}}`. */
export const BLOCKS = ['decision', 'approval'] as const;
export type BlockName = (typeof BLOCKS)[number];

/** What `block` writes into the templated Markdown; the markdown stage turns it into a block node. */
export const BLOCK_MARK = 'BRIEF-BLOCK-6d3f0a';
