import search from 'approx-string-match';
import { placeIn, type SourceText } from './source-text.ts';

/**
 * Whether a quotation stands in its source verbatim: the same words in the
 * same order, whatever the quotation marks (typographic or straight), the
 * dashes, the spacing and line breaks, or a word hyphenated at a line end in
 * the source. `[…]` in the quotation is an editorial change (`[i]nternational`,
 * `[U.S.]`) and `…` or `...` an omission: each stands for some text of the
 * source, or none.
 */

/** A text reduced to what verbatim compares, with each character's offset in the text it came from. */
export interface Normalized {
  text: string;
  offsets: number[];
}

const QUOTES = new Set('‘’‚‛′\'“”„‟″"«»');
const DASHES = new Set('‐‑‒–—―−-');
const SPACE = /\s/;
const LETTER = /\p{L}/u;

/**
 * One straight quote for every quotation mark, one hyphen for every dash,
 * `...` for an ellipsis, one space for a run of spaces and line breaks; a
 * hyphen at a line end between letters (a word broken across lines) goes.
 */
export function normalize(source: string): Normalized {
  const out: string[] = [];
  const offsets: number[] = [];
  const push = (s: string, at: number) => {
    out.push(s);
    for (let k = 0; k < s.length; k++) offsets.push(at);
  };
  let space = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (SPACE.test(c)) {
      if (out.length && !space) push(' ', i);
      space = true;
      continue;
    }
    space = false;
    if (DASHES.has(c)) {
      const next = brokenWord(source, i);
      if (next) {
        i = next - 1;
        continue;
      }
      push('-', i);
    } else if (QUOTES.has(c)) push("'", i);
    else if (c === '…') push('...', i);
    else if (c !== '\u00ad') push(c, i);
  }
  return { text: out.join(''), offsets };
}

/** Where the rest of a word broken across lines starts, when the dash at `i` ends a line between letters. */
function brokenWord(source: string, i: number): number | undefined {
  if (!LETTER.test(source[i - 1] ?? '')) return undefined;
  let j = i + 1;
  while (source[j] === ' ' || source[j] === '\t') j++;
  if (source[j] === '\r') j++;
  if (source[j] !== '\n') return undefined;
  while (j < source.length && SPACE.test(source[j])) j++;
  return LETTER.test(source[j] ?? '') ? j : undefined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * The quotation as a pattern over normalized text: an omission matches up to
 * a few hundred characters, an editorial bracket up to a few words (or
 * nothing), a hyphen the source may have lost at a line end, and spaces
 * around a dash as the source sets them.
 */
export function quotationPattern(quotation: string): RegExp {
  const q = normalize(quotation).text.replace(/^['\s]+|['\s]+$/g, '');
  const pieces = q.split(/\s*\.\.\.\s*/).filter((p) => p.trim());
  const piece = (p: string) =>
    p
      .split(/( ?\[[^\]]*\] ?)/)
      .map((part) => {
        // An insertion may stand where the source has nothing, spaces included.
        const bracket = /^( ?)\[.*\]( ?)$/.exec(part);
        if (bracket) return `${bracket[1] ? ' ?' : ''}[^]{0,${part.length + 24}}?${bracket[2] ? ' ?' : ''}`;
        return escapeRegExp(part).replace(/ ?- ?/g, ' ?-? ?');
      })
      .join('');
  // Punctuation that closes the quotation may be the writer's, not the source's.
  const body = pieces
    .map(piece)
    .join('[^]{0,400}?')
    .replace(/(?:\\\.|[,;:!?])$/, (m) => `(?:${m})?`);
  return new RegExp(body, 'u');
}

/** Where a quotation stands in a source, or the closest passage there and where it is. */
export function findQuotation(
  quotation: string,
  source: SourceText,
  normalized: Normalized = normalize(source.text),
): { found: true } | { found: false; closest?: { passage: string; place: string } } {
  if (quotationPattern(quotation).test(normalized.text)) return { found: true };
  return { found: false, closest: closestPassage(quotation, source, normalized) };
}

/**
 * The passage of the source with the fewest edits from the quotation
 * (Myers' bit-parallel approximate matching), printed as the source has it.
 */
function closestPassage(
  quotation: string,
  source: SourceText,
  normalized: Normalized,
): { passage: string; place: string } | undefined {
  const pattern = normalize(quotation)
    .text.replace(/\[[^\]]*\]|\.\.\./g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!pattern) return undefined;
  // Few edits allowed first (fast), more when nothing is that close.
  let matches: ReturnType<typeof search> = [];
  for (const share of [0.25, 0.5, 0.75]) {
    matches = search(normalized.text, pattern, Math.ceil(pattern.length * share));
    if (matches.length) break;
  }
  if (matches.length === 0) return undefined;
  const best = matches.reduce((a, b) => (b.errors < a.errors ? b : a));
  // At least as long as the quotation, to the end of a word: the fewest edits may be a shorter stretch.
  let last = Math.min(normalized.text.length, Math.max(best.end, best.start + pattern.length)) - 1;
  while (last + 1 < normalized.text.length && normalized.text[last + 1] !== ' ') last++;
  const start = normalized.offsets[best.start];
  const end = normalized.offsets[last] + 1;
  const passage = source.text.slice(start, end).replace(/\s+/g, ' ').trim();
  return { passage, place: placeIn(source, start) };
}
