import { syllables as english } from '@react-pdf/hyphenate/en-us';
import { syllables as russian } from '@react-pdf/hyphenate/ru';
import { Font } from '@react-pdf/renderer';

const CYRILLIC = /[\u0400-\u04ff]/;
const HAN = /\p{Script=Han}/u;

/**
 * English patterns by default; a word with Cyrillic letters goes to the
 * Russian patterns, and Chinese is never hyphenated (it breaks between
 * characters).
 */
export function syllablesOf(word: string): string[] {
  if (HAN.test(word)) return [word];
  return CYRILLIC.test(word) ? russian(word) : english(word);
}

Font.registerHyphenationCallback(syllablesOf);

/** For text that is never hyphenated: headings, and bold run-in labels ("Disapprove."). */
export const unhyphenated = (word: string): string[] => [word];

/**
 * A paragraph's hyphenation, which react-pdf sets per paragraph, not per run:
 * the words of its bold run-in label are kept whole, the rest as usual.
 */
export function keepingWhole(words: ReadonlySet<string>): ((word: string) => string[]) | undefined {
  if (words.size === 0) return undefined;
  // One function per set of words, kept: kept text layouts (patches/@react-pdf+textkit) know a function by
  // its identity, so a new one for the same label in every pass and build would lay the paragraph out anew.
  const key = JSON.stringify([...words]);
  let hyphenate = keptWhole.get(key);
  if (!hyphenate) {
    hyphenate = (word) => (words.has(word) ? [word] : syllablesOf(word));
    keptWhole.set(key, hyphenate);
  }
  return hyphenate;
}

/** Labels are few ("Assessment.", "Approve."): their functions are kept for the life of the process. */
const keptWhole = new Map<string, (word: string) => string[]>();
