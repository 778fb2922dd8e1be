import type { Root } from 'mdast';
import type { DocumentInput } from '../pdf/document.tsx';
import { ownPages } from '../pdf/own-page.ts';
import type { Stamped } from '../pipeline/steps.ts';
import type { LoadedAttachment } from './load.ts';

/** A tab's divider page: the attachment's banner, its tab letter and title, nothing else. */
export function dividerInput(memo: Stamped, tab: LoadedAttachment): DocumentInput {
  const { checked } = memo;
  const tree: Root = { type: 'root', children: [{ type: 'briefBlock', name: 'divider', tab }] };
  const brief = {
    ...checked.brief,
    title: `Tab ${tab.letter}: ${tab.title}`,
    subtitle: undefined,
    toc: false,
    portionMarks: false,
    attachSource: false,
    distribution: undefined,
  };
  const { stamp, date, conformance } = memo;
  return ownPages(
    { brief, marking: tab.marking, fallbacks: checked.fallbacks, stamp, date, conformance },
    checked.template.theme,
    tree,
  );
}
