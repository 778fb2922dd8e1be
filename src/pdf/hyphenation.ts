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
