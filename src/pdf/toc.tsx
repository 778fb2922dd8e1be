import { Link, Text } from '@react-pdf/renderer';
import type { Heading, Root, RootContent } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { headingId } from '../stages/derive.ts';
import { headingKey, pageOf } from './pages.tsx';
import { SText, SView } from './semantic.tsx';
import type { RenderState } from './state.ts';

/**
 * Contents: the level-2 and level-3 section headings with their pages,
 * linked, by the ids the derive step gave them (a heading inside a quotation
 * or a list is not a section). In a redline, added and changed headings
 * count; deleted ones do not. Page numbers come from the previous layout
 * pass; on the first pass the column is blank but takes the same space, so
 * the layout does not move.
 */
export function TableOfContents({ tree, state, extra }: { tree: Root; state: RenderState; extra: Heading[] }) {
  const entries = [...sections(tree.children), ...extra].flatMap((node) => {
    const id = headingId(node);
    return id && (node.depth === 2 || node.depth === 3) ? [{ title: mdToString(node), id, depth: node.depth }] : [];
  });
  const { styles } = state;
  return (
    <SView tag="TOC" style={styles.toc}>
      <SText tag="P" style={styles.tocTitle}>
        CONTENTS
      </SText>
      {entries.map((entry) => (
        <SView tag="TOCI" key={entry.id} style={[styles.tocRow, { paddingLeft: entry.depth === 3 ? 14 : 0 }]}>
          <Link src={`#${entry.id}`} style={styles.tocText}>
            {entry.title}
          </Link>
          <Text style={styles.tocPage}>{String(pageOf(state.pages, headingKey(entry.id)) ?? '')}</Text>
        </SView>
      ))}
    </SView>
  );
}

/** Headings at the top level of the tree, and inside a redline's marks of added or changed blocks. */
function sections(nodes: RootContent[]): Heading[] {
  return nodes.flatMap((node) => {
    if (node.type === 'heading') return [node];
    if (node.type === 'redline' && node.kind !== 'deleted') return sections(node.children as RootContent[]);
    return [];
  });
}
