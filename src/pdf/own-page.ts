import type { Root } from 'mdast';
import type { Theme } from '../theme.ts';
import type { DocumentInput } from './document.tsx';

/**
 * A page the tool draws itself rather than from a brief (a tab's divider, a
 * book's cover and contents): through the memo's renderer, in a template's
 * look, with a banner but without the memo's frame, running header or footer.
 */
export function ownPages(
  input: Omit<DocumentInput, 'theme' | 'summary' | 'images' | 'tree'>,
  theme: Theme,
  tree: Root,
): DocumentInput {
  return {
    ...input,
    theme: {
      ...theme,
      blocks: { masthead: false, memoBlock: false, title: false, bottomLine: false },
      chrome: { ...theme.chrome, runningHeader: false, footer: false },
    },
    tree,
    summary: { type: 'root', children: [] },
    images: new Map(),
  };
}
