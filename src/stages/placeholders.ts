import { type Diagnostic, problem } from '../diagnostics/diagnostic.ts';
import type { SourceFile } from './read.ts';

/** TBD, TODO, XX and [INSERT …]: words that mean a brief is not finished. */
const PLACEHOLDER = /\b(?:TBD|TODO|XXX?)\b|\[INSERT\b[^\]\n]*\]?/g;

/**
 * Placeholder text anywhere in the brief, front matter or body, as warnings
 * (errors under --strict): a scaffolded brief is flagged until filled in.
 */
export function findPlaceholders(source: SourceFile): Diagnostic[] {
  const found: Diagnostic[] = [];
  source.text.split('\n').forEach((line, i) => {
    for (const match of line.matchAll(PLACEHOLDER)) {
      found.push(
        problem(
          'PLACEHOLDER_TEXT',
          source.path,
          i + 1,
          (match.index ?? 0) + 1,
          `Placeholder "${match[0]}" left in the brief.`,
          'Replace it with the real text before the brief goes out.',
        ),
      );
    }
  });
  return found;
}
