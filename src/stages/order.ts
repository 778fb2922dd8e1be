import GithubSlugger from 'github-slugger';
import type { Heading, RootContent } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { fail } from '../diagnostics/diagnostic.ts';
import { didYouMean } from '../suggest.ts';
import type { MarkdownBrief } from './markdown.ts';

/**
 * Puts the memo's sections in the order the brief (or else its template)
 * names, by the ids of their headings: the named sections come, in that
 * order, where the first of them stands; the others keep their order around
 * them. A section is a level-2 heading and what follows it up to the next;
 * `bottom-line` names the bottom line's box, which otherwise opens the memo
 * under the memo block. The brief's own `order` must name sections it has; a
 * template's, written for many briefs, may name sections a brief leaves out.
 */
export function orderSections(brief: MarkdownBrief): MarkdownBrief {
  const order = brief.brief.order ?? brief.template.theme.order;
  if (!order) return brief;
  const placed = order.includes(BOTTOM_LINE) && brief.template.theme.blocks.bottomLine;
  const bottomLine: Section = { id: BOTTOM_LINE, nodes: [{ type: 'briefBlock', name: BOTTOM_LINE }] };
  const sections = [...(placed ? [bottomLine] : []), ...split(brief.tree.children)];
  const byId = new Map(sections.flatMap((s) => (s.id ? [[s.id, s] as const] : [])));
  if (brief.brief.order) {
    brief.brief.order.forEach((id, i) => {
      if (byId.has(id)) return;
      const at = brief.placeOf(['order', i]);
      fail(
        'SECTION_UNKNOWN',
        brief.parsed.source.path,
        at.line,
        at.column,
        `There is no section "${id}" to place: order names sections by the ids of their headings.`,
        didYouMean(id, [...byId.keys()]) ?? `Sections: ${[...byId.keys()].join(', ')}.`,
      );
    });
  }
  const named = order.flatMap((id) => byId.get(id) ?? []);
  if (named.length === 0) return brief;
  const first = sections.findIndex((s) => named.includes(s));
  const rest = sections.filter((s) => !named.includes(s));
  const ordered = [...rest.slice(0, first), ...named, ...rest.slice(first)];
  return { ...brief, tree: { ...brief.tree, children: ordered.flatMap((s) => s.nodes) } };
}

/** The id `order` gives the bottom line's box. */
const BOTTOM_LINE = 'bottom-line';

interface Section {
  /** The heading's id; none for what comes before the first heading. */
  id?: string;
  nodes: RootContent[];
}

function split(children: RootContent[]): Section[] {
  const slugger = new GithubSlugger();
  const sections: Section[] = [{ nodes: [] }];
  for (const node of children) {
    if (isSectionHeading(node)) sections.push({ id: slugger.slug(mdToString(node)), nodes: [] });
    sections[sections.length - 1].nodes.push(node);
  }
  return sections.filter((s) => s.nodes.length > 0);
}

const isSectionHeading = (node: RootContent): node is Heading => node.type === 'heading' && node.depth <= 2;
