import type { Text as MdText } from 'mdast';
import type { Handler } from '../state.ts';

/**
 * Soft line breaks become spaces: a newline inside a react-pdf Text falls
 * through to non-embedded Helvetica.
 */
export const text: Handler<MdText> = (node) => node.value.replace(/\s*\n\s*/g, ' ');
