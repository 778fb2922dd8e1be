import { Link, Text } from '@react-pdf/renderer';
import type { Root } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { headingKey, pageOf } from './pages.tsx';
import { SText, SView } from './semantic.tsx';
import { createSlugger } from './slug.ts';
import type { RenderState } from './state.ts';

/**
 * Contents: the level-2 and level-3 headings with their pages, linked. Page
 * numbers come from the previous layout pass; on the first pass the column
 * is blank but takes the same space, so the layout does not move.
 */
export function TableOfContents({ tree, state, extra }: { tree: Root; state: RenderState; extra: string[] }) {
  const slug = createSlugger();
  const entries = [
    ...tree.children.flatMap((node) => {
      if (node.type !== 'heading') return [];
      const title = mdToString(node);
      const id = slug(title);
      return node.depth === 2 || node.depth === 3 ? [{ title, id, depth: node.depth }] : [];
    }),
    ...extra.map((title) => ({ title, id: slug(title), depth: 2 })),
  ];
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
