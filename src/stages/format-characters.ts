/**
 * Invisible characters that briefs pick up from word processors and web
 * pages, set or dropped as typesetters do, so that none makes a brief fail
 * and what is printed reads right when copied out of the PDF:
 * - spaces of set widths (thin U+2009, hair U+200A, en, em, punctuation…)
 *   print as an ordinary space: the template fonts have no narrower one;
 * - the no-break ones (narrow no-break space U+202F, figure space U+2007)
 *   as a no-break space, so they still hold together what they join;
 * - zero-width space, non-joiner and joiner, word joiner, direction marks,
 *   the byte-order mark, variation selectors and soft hyphens are dropped:
 *   in the scripts the fonts cover they change nothing, and a soft hyphen
 *   would print as a hyphen in the middle of a word.
 */
const SPACE = /[\u2000-\u2006\u2008-\u200a\u205f]/g;
const NO_BREAK = /[\u2007\u202f]/g;
const DROPPED = /[\u00ad\u200b-\u200f\u2060\ufeff]|\p{Variation_Selector}/gu;
const ANY = /[\u00ad\u2000-\u200f\u202f\u205f\u2060\ufeff]|\p{Variation_Selector}/u;

/** The text as it is set: format characters replaced or dropped. */
export function setFormatCharacters(text: string): string {
  if (!ANY.test(text)) return text;
  return text.replace(SPACE, ' ').replace(NO_BREAK, '\u00a0').replace(DROPPED, '');
}

/** Whether a character is one of those, which the fonts need not cover. */
export function isFormatCharacter(char: string): boolean {
  return ANY.test(char);
}
