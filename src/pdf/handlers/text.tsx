import type { Text as MdText } from 'mdast';
import type { Handler } from '../state.ts';

/**
 * Soft line breaks and tabs become spaces: a newline or a tab inside a
 * react-pdf Text falls through to non-embedded Helvetica.
 */
export const text: Handler<MdText> = (node) => node.value.replace(/\s*\n\s*/g, ' ').replace(/\t/g, ' ');
