import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import { textWidth } from '../pdf/fonts.ts';
import { bottomLineWidth, type PAGE_WIDTH } from '../pdf/geometry.ts';
import type { Theme } from '../theme.ts';

/** The documented length of a bottom line (schema: "at most four lines"). */
const MAX_LINES = 4;

/**
 * A bottom line longer than four lines is no longer a bottom line: a warning
 * at the summary (an error with `--strict`). Lines are counted by setting the
 * words in the body font at the body size across the box, as the PDF does.
 */
export function bottomLineLength(
  summary: Root,
  theme: Theme,
  paper: keyof typeof PAGE_WIDTH,
  at: { file: string; line: number; column: number },
): Diagnostic[] {
  if (!theme.blocks.bottomLine) return [];
  const width = bottomLineWidth(theme, paper);
  const space = textWidth(theme.fonts.body, ' ', theme.sizes.body);
  let lines = 1;
  let used = 0;
  for (const word of mdToString(summary).split(/\s+/).filter(Boolean)) {
    const w = textWidth(theme.fonts.body, word, theme.sizes.body);
    if (used > 0 && used + space + w > width) {
      lines += 1;
      used = w;
    } else used += (used > 0 ? space : 0) + w;
  }
  if (lines <= MAX_LINES) return [];
  return [
    problem(
      'BOTTOM_LINE_TOO_LONG',
      at.file,
      at.line,
      at.column,
      `The bottom line runs to about ${lines} lines; at most ${MAX_LINES} keep it a bottom line.`,
      'Say the one thing the reader must know; move the rest into the body.',
    ),
  ];
}
