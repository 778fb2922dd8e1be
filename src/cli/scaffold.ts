import { stringify } from 'yaml';

/**
 * The text of a new brief: every required front-matter key and the commonly
 * used optional ones, with placeholders to fill in. Placeholders are plain
 * strings, so the brief is valid and builds as it is; `TODO` marks what is
 * left to write (and check:brief warns about it).
 */

export interface ScaffoldInput {
  /** Title of the brief, as typed. */
  title: string;
  /** Date of the memo, YYYY-MM-DD. */
  date: string;
  /** Path from the new file's folder to schema/brief.schema.json, with forward slashes. */
  schemaPath: string;
}

export interface Scaffold {
  /** File name without `.md`. */
  slug: string;
  text: string;
}

/** Longest slug, in characters; a longer one is cut at a word boundary. */
export const MAX_SLUG_LENGTH = 60;

/** Russian, plus the Ukrainian and Belarusian letters Russian lacks, in a simple readable romanisation. */
const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  є: 'ye',
  і: 'i',
  ї: 'yi',
  ґ: 'g',
  ў: 'u',
};

/** Latin letters that do not decompose into a base letter and accents. */
const LATIN: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};

/**
 * A file name for a title: lower-case ASCII words joined by hyphens. Accents
 * are dropped (é → e), Cyrillic is romanised (Москва → moskva), "&" becomes
 * "and", apostrophes join (China's → chinas), and other scripts are left out.
 * May be empty, when the title has nothing to spell it with.
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u0400-\u04ff]/g, (c) => CYRILLIC[c] ?? c)
    .replace(/[ßæœøłđðþı]/g, (c) => LATIN[c])
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/&/g, ' and ')
    .replace(/(\w)['’ʼ](?=\w)/g, '$1')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > MAX_SLUG_LENGTH) return slug || word.slice(0, MAX_SLUG_LENGTH);
    slug = next;
  }
  return slug;
}

/** A day as YYYY-MM-DD, in local time. */
export function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** One line of YAML for a string, quoted only when it has to be. */
function yamlString(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

export function scaffoldBrief({ title, date, schemaPath }: ScaffoldInput): Scaffold {
  const cleanTitle = title.replace(/\s+/g, ' ').trim();
  if (!cleanTitle) throw new Error('A brief needs a title.');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`Not a YYYY-MM-DD date: ${date}`);
  const slug = slugify(cleanTitle) || `brief-${date}`;
  const text = `---
# yaml-language-server: $schema=${schemaPath}
title: ${yamlString(cleanTitle)}
subtitle: "TODO: one line under the title"
# shortTitle: running header from page 2 on, at most 60 characters
date: ${date}
classification: UNCLASSIFIED
memoType: information
status: draft
organisation: "TODO: issuing organisation"
to: "TODO: addressee, e.g. Director, Policy Planning"
from: "TODO: author or office"
# cc: [an office, another office]
summary: >-
  TODO: the bottom line up front, in at most four lines.
keyPoints:
  - title: "TODO: short heading of the point"
    quote: "TODO: what was said, quoted exactly"
    attribution: "TODO: who said or wrote it"
    meaning: "TODO: what it means, the subtext"
    assessment: "TODO: our assessment"
    takeaway: "TODO: the point in one line"
recommendations:
  - action: "TODO: the action, starting with a verb"
    rationale: "TODO: why"
    owner: "TODO: who acts next"
    priority: medium
    # due: YYYY-MM-DD
sources:
  - title: "TODO: title of the source"
    author: "TODO: author"
    publisher: "TODO: publisher or outlet"
    # date: YYYY-MM-DD
    # url: https://example.com/article
preparedBy:
  name: "TODO: name"
  office: "TODO: office"
keywords: ["TODO: keyword"]
language: en
paper: Letter
---

## Background

TODO: what happened, and why it matters now.

## Outlook

TODO: what to watch next.
`;
  return { slug, text };
}
