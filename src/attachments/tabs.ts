import type { Root } from 'mdast';
import type { DocumentInput } from '../pdf/document.tsx';
import type { Stamped } from '../pipeline/steps.ts';
import type { LoadedAttachment } from './load.ts';

/**
 * A tab's divider page, drawn as a document of its own through the memo's
 * renderer: the attachment's banner, its tab letter and title, nothing else.
 */
export function dividerInput(memo: Stamped, tab: LoadedAttachment): DocumentInput {
  const { checked } = memo;
  const { theme } = checked.template;
  const tree: Root = { type: 'root', children: [{ type: 'briefBlock', name: 'divider', tab }] };
  return {
    brief: {
      ...checked.brief,
      title: `Tab ${tab.letter}: ${tab.title}`,
      subtitle: undefined,
      toc: false,
      portionMarks: false,
      attachSource: false,
      distribution: undefined,
    },
    marking: tab.marking,
    theme: {
      ...theme,
      blocks: { masthead: false, memoBlock: false, title: false, bottomLine: false },
      chrome: { ...theme.chrome, runningHeader: false, footer: false },
    },
    tree,
    summary: { type: 'root', children: [] },
    images: new Map(),
    fallbacks: checked.fallbacks,
    stamp: memo.stamp,
    date: memo.date,
    conformance: memo.conformance,
  };
}
